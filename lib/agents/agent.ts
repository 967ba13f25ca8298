/**
 * The agent interfaces (ALL's Agent, ParallelAgent and Multiagent). An agent is one method:
 * `act(state) -> action`; when and how it trains inside `act` is its own business.
 * Everything crossing this boundary is plain data: States in, numbers or Float32Arrays out.
 */
import type { State, StateArray } from '../core/state';
import type { Action } from '../core/action';

/** An agent that interacts with one environment. */
export interface Agent {
  /** Observes the state (and reward) reached, maybe trains, and returns the next action. */
  act(state: State): Action;
}

/** An agent that interacts with several copies of an environment at once. */
export interface ParallelAgent {
  /** One action per environment: an Int32Array for discrete actions, Float32Array[] for continuous ones. */
  act(states: StateArray): Int32Array | Float32Array[];
}

/** An agent among several in a multi-agent environment; `agentName` says whose turn it is. */
export interface Multiagent {
  act(agentName: string, state: State): Action;
}
