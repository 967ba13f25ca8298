/**
 * The agent interfaces (ALL's Agent, ParallelAgent and Multiagent). An agent is one method:
 * `act(state) -> action`; when and how it trains inside `act` is its own business.
 * Everything crossing this boundary is plain data: States in, numbers or Float32Arrays out.
 */
import type { State, StateArray } from '../core/state';
import type { Action } from '../core/action';
import type { MultiagentState } from '../core/multiagent_state';

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

/** The agents of a turn-based multi-agent environment (ALL's Multiagent); `state.agent` says whose turn it is. */
export interface Multiagent {
  /** Observes the state of the agent to act (its reward since it last acted), maybe trains, and returns its action. */
  act(state: MultiagentState): Action;
}
