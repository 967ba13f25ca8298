/**
 * The data types agents exchange with the memory components: replay batches, the replay-buffer
 * interface, rollout batches of the advantage buffers and the value callback those use.
 *
 * Ports the tuples of ALL's `all/memory` (`(states, actions, rewards, next_states, weights)` and
 * `(states, actions, advantages)`) as named records of typed arrays. Deliberate differences: no
 * tensors anywhere (the agent uploads a batch itself), every batch carries `nextMasks` and `steps`
 * so n-step targets can use `discount ** steps` exactly, and `indices` travel with the batch
 * instead of being cached inside the prioritized buffer.
 */
import type { State } from '../core/state';

/**
 * An action as stored in memory: an integer for a discrete action space, a Float32Array
 * (copied on store) for a continuous one. The first store fixes which kind a buffer holds.
 */
export type MemoryAction = number | Float32Array;

/**
 * A sampled batch of transitions, each field flat and row-major; row `i` of every field is the
 * same transition. The arrays are fresh copies owned by the caller.
 */
export interface ReplayBatch {
  /** Number of transitions in the batch. */
  readonly size: number;
  /** Shape of one state's observation (without the batch dimension). */
  readonly stateShape: readonly number[];
  /** Start observations, `size * prod(stateShape)` values. */
  readonly states: Float32Array;
  /**
   * Actions taken: an Int32Array of `size` indices for a discrete buffer, or a Float32Array of
   * `size * actionDim` values for a continuous one (`actionDim` values per row).
   */
  readonly actions: Int32Array | Float32Array;
  /** Reward per transition; for an n-step buffer the discounted sum `sum_{k<steps} gamma^k r_{t+k+1}`. */
  readonly rewards: Float32Array;
  /** Observations where each transition ends, same layout as `states`. */
  readonly nextStates: Float32Array;
  /** 0 where the next state is a true termination (no bootstrap), else 1 (truncations bootstrap). */
  readonly nextMasks: Float32Array;
  /** Environment steps each transition spans: 1 for plain replay, 1..n for n-step replay. */
  readonly steps: Int32Array;
  /** Importance-sampling weights: all 1 for uniform replay, normalized to max 1 for prioritized. */
  readonly weights: Float32Array;
  /** Buffer slot of each transition, to pass back to `updatePriorities`. */
  readonly indices: Int32Array;
}

/** A transition with an explicit (possibly n-step) reward and step count, as an n-step wrapper stores it. */
export interface Transition {
  /** The start state; a done start state is not stored. */
  readonly state: State;
  /** The action taken in `state`. */
  readonly action: MemoryAction;
  /** The reward to store (overrides `nextState.reward`). */
  readonly reward: number;
  /** The state where the transition ends; its observation and mask are stored. */
  readonly nextState: State;
  /** Environment steps the transition spans (>= 1). */
  readonly steps: number;
}

/** What agents call on a replay memory (ALL's `ReplayBuffer`). */
export interface ReplayBuffer {
  /** Number of transitions currently stored. */
  readonly length: number;
  /**
   * Stores the one-step transition `state --action--> nextState`, with reward `nextState.reward`.
   * Nothing is stored when `state.done` (the environment resets from there, as in ALL).
   */
  store(state: State, action: MemoryAction, nextState: State): void;
  /** Draws `batchSize` transitions (with replacement). */
  sample(batchSize: number): ReplayBatch;
  /**
   * Sets the priorities of the transitions at `indices` (from a batch), typically |TD error|.
   * A no-op for uniform replay.
   */
  updatePriorities(indices: Int32Array | readonly number[], priorities: ArrayLike<number>): void;
  /**
   * False when `updatePriorities` does nothing (uniform replay), so an agent may skip computing
   * priorities it would throw away (C51's KL costs 12,928 logarithms per update); absent means true.
   */
  readonly usesPriorities?: boolean;
}

/** A replay memory that also accepts pre-computed transitions (what `NStepReplayBuffer` wraps). */
export interface TransitionReplayBuffer extends ReplayBuffer {
  /** Stores one transition with its own reward and step count; skipped when `state.done`. */
  storeTransition(transition: Transition): void;
}

/**
 * The state-value function an agent hands to an advantage buffer. It receives `count`
 * observations laid out row-major in `observations` (`count * prod(stateShape)` values) and
 * returns `count` values, one per observation, as a Float32Array. The buffer never sees tensors:
 * the agent uploads, evaluates and downloads inside this callback.
 */
export type ValueFunction = (observations: Float32Array, count: number) => Float32Array;

/**
 * One rollout of `nSteps` steps of `nEnvs` environments, flattened time-major: row
 * `i = t * nEnvs + e` is step `t` of environment `e` (ALL's order). All arrays are fresh copies.
 */
export interface RolloutBatch {
  /** Number of rows, `nSteps * nEnvs`. */
  readonly size: number;
  readonly nSteps: number;
  readonly nEnvs: number;
  /** Shape of one state's observation. */
  readonly stateShape: readonly number[];
  /** Observations where each step starts, `size * prod(stateShape)` values. */
  readonly states: Float32Array;
  /** Actions: Int32Array of `size` for discrete, Float32Array of `size * actionDim` for continuous. */
  readonly actions: Int32Array | Float32Array;
  /** Advantage estimate per row; 0 on rows that are not real transitions (see `valid`). */
  readonly advantages: Float32Array;
  /** Value targets per row, `advantages + values` (bootstrapped n-step or lambda returns). */
  readonly returns: Float32Array;
  /** `valueFn` of each row's start state, as the buffer computed it. */
  readonly values: Float32Array;
  /**
   * 1 for a real transition, 0 where the start state was done: the environment resets from there
   * and ignores the action, so the row carries no learning signal (advantage 0, return = value).
   */
  readonly valid: Float32Array;
}
