/**
 * The online loop of the parallel agents without replay (ALL's VQN, VSarsa and VAC): every step,
 * pair the previous step of each environment copy with the state it led to (`onlineBatch`), make
 * one update on those transitions, and choose the next actions. VQN and VAC learn before they
 * choose; VSarsa chooses first, since its target needs the next actions.
 */
import { ShapeError } from '../../core/errors';
import type { StateArray } from '../../core/state';
import type { ParallelAgent } from '../agent';
import { gatherRows, keptRows } from './rows';

/** The transitions one parallel step produced, restricted to rows that are real transitions. */
export interface OnlineBatch {
  /** Observations the previous actions were taken in, [n, ...shape] flattened. */
  states: Float32Array;
  /** Actions taken there, [n]. */
  actions: Int32Array;
  /** Rewards on arriving, [n]. */
  rewards: Float32Array;
  /** gamma * mask of the arrival state (0 on a true termination), [n]. */
  discounts: Float32Array;
  /** Observations arrived in, [n, ...shape] flattened. */
  nextStates: Float32Array;
  /** Row of each kept transition in the StateArray. */
  rows: Int32Array;
  /** Number of kept transitions. */
  size: number;
}

/**
 * Pairs the previous step of a parallel agent with the states just received, dropping the rows
 * whose previous state was done (their action was ignored and the copy was reset, so the row is
 * the first state of a new episode, not a transition).
 * @param prevStates observations of the previous step, [n, ...shape] flattened
 * @param prevActions actions sent at the previous step, [n]
 * @param prevDone 1 where the previous state was done (terminated or truncated), [n]
 * @param states the states just received
 * @param discountFactor gamma
 */
export function onlineBatch(
  prevStates: Float32Array,
  prevActions: Int32Array,
  prevDone: Uint8Array,
  states: StateArray,
  discountFactor: number,
): OnlineBatch {
  const n = states.length;
  if (prevActions.length !== n || prevDone.length !== n || prevStates.length !== states.observation.length) {
    throw new ShapeError(
      `The agent acted on ${prevActions.length} environments but received a StateArray of ${n} states ` +
        `(${states.observation.length} observation values, ${prevStates.length} before); a parallel agent ` +
        'must always see the same number of environment copies',
    );
  }
  const discounts = new Float32Array(n);
  for (let i = 0; i < n; i++) discounts[i] = states.terminated[i] ? 0 : discountFactor;
  const all = { states: prevStates, actions: prevActions, rewards: states.reward, discounts, nextStates: states.observation };
  const kept = keptRows(n, (i) => !prevDone[i]);
  if (kept === undefined) return { ...all, rows: Int32Array.from({ length: n }, (_, i) => i), size: n };
  return { ...gatherRows(all, n, kept), rows: kept, size: kept.length };
}

/** Which comes first in a step: the update (Q-learning, actor-critic) or the choice of actions (Sarsa). */
export type OnlineOrder = 'train-then-act' | 'act-then-train';

/**
 * A parallel agent that makes one update per step on the transitions its environment copies just
 * made. Subclasses supply `train` and `chooseActions`.
 */
export abstract class OnlineAgent implements ParallelAgent {
  private previous: { states: Float32Array; actions: Int32Array; done: Uint8Array } | undefined;

  /**
   * @param discountFactor gamma of the online batches' discounts
   * @param order whether a step updates before choosing the next actions (default) or after
   */
  constructor(
    private readonly discountFactor: number,
    private readonly order: OnlineOrder = 'train-then-act',
  ) {}

  act(states: StateArray): Int32Array {
    const prev = this.previous;
    const batch = prev === undefined ? undefined : onlineBatch(prev.states, prev.actions, prev.done, states, this.discountFactor);
    let actions: Int32Array | undefined;
    if (this.order === 'act-then-train') actions = this.chooseActions(states);
    if (batch !== undefined && batch.size > 0) this.train(batch, states.shape, actions);
    actions ??= this.chooseActions(states);
    this.previous = { states: states.observation.slice(), actions, done: states.done };
    return actions;
  }

  /**
   * One update on the kept transitions; `shape` is one observation's shape; `nextActions` (one
   * per environment copy) only when the order is act-then-train.
   */
  protected abstract train(batch: OnlineBatch, shape: readonly number[], nextActions?: Int32Array): void;

  /** One action per environment copy. */
  protected abstract chooseActions(states: StateArray): Int32Array;
}
