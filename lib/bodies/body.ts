/**
 * Body: wraps an agent and changes what it sees and does (ALL's all/bodies/_body.py). A body is
 * itself an agent: `act(state)` hands `processState(state)` to the wrapped agent and returns
 * `processAction(action)`. One body class serves both a single agent (State) and a parallel one
 * (StateArray), as ALL's bodies accept both.
 *
 * Differences from ALL: no `eval` (allts's test agents are separate objects, wrapped by their own
 * body); States are immutable, so a body builds a new State (`withChanges`) instead of `update`.
 */
import type { Action } from '../core/action';
import { State, StateArray, type Info, type Observation } from '../core/state';
import type { Agent, ParallelAgent } from '../agents/agent';

/** What a parallel agent returns. */
export type ParallelActions = Int32Array | Float32Array[];

/** Field changes for `withChanges` / `withArrayChanges`. */
export interface StateChanges<O extends Observation> {
  observation?: O;
  shape?: readonly number[];
  reward?: number;
  terminated?: boolean;
  info?: Info;
}

/** A copy of `state` with some fields replaced (the observation is shared unless replaced). */
export function withChanges<O extends Observation>(state: State<O>, changes: StateChanges<Observation>): State<Observation> {
  return new State<Observation>({
    observation: changes.observation ?? state.observation,
    shape: changes.shape ?? state.shape,
    reward: changes.reward ?? state.reward,
    terminated: changes.terminated ?? state.terminated,
    truncated: state.truncated,
    info: changes.info ?? state.info,
    ...(state.actionMask === undefined ? {} : { actionMask: state.actionMask }),
  });
}

/** Field changes of a StateArray. */
export interface StateArrayChanges {
  observation?: Observation;
  shape?: readonly number[];
  reward?: Float32Array;
  terminated?: Uint8Array;
  info?: Info[];
}

/** A copy of `states` with some fields replaced. */
export function withArrayChanges<O extends Observation>(states: StateArray<O>, changes: StateArrayChanges): StateArray<Observation> {
  return new StateArray<Observation>({
    observation: changes.observation ?? states.observation,
    shape: changes.shape ?? states.shape,
    reward: changes.reward ?? states.reward,
    terminated: changes.terminated ?? states.terminated,
    truncated: states.truncated,
    info: changes.info ?? states.info,
  });
}

/** An agent wrapper; subclasses override `processState` / `processStates` / `processAction`. */
export class Body implements Agent, ParallelAgent {
  /** @param agent the wrapped agent (or body), single or parallel */
  constructor(readonly agent: Agent | ParallelAgent) {}

  act(state: State): Action;
  act(states: StateArray): ParallelActions;
  act(state: State | StateArray): Action | ParallelActions {
    if (state instanceof StateArray) {
      return this.processActions((this.agent as ParallelAgent).act(this.processStates(state as StateArray<Observation>) as StateArray));
    }
    return this.processAction((this.agent as Agent).act(this.processState(state as State<Observation>) as State));
  }

  /** What the wrapped agent sees instead of `state`; default unchanged. */
  protected processState(state: State<Observation>): State<Observation> {
    return state;
  }

  /** What the wrapped parallel agent sees instead of `states`; default unchanged. */
  protected processStates(states: StateArray<Observation>): StateArray<Observation> {
    return states;
  }

  /** What the environment receives instead of the agent's action; default unchanged. */
  protected processAction(action: Action): Action {
    return action;
  }

  /** The parallel form of processAction; default unchanged. */
  protected processActions(actions: ParallelActions): ParallelActions {
    return actions;
  }
}
