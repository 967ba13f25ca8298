/**
 * The data types agents exchange with the memory components: replay batches, the replay-buffer
 * interface, rollout batches of the advantage buffers and the value callback those use.
 *
 * Ports the tuples of ALL's `all/memory` (`(states, actions, rewards, next_states, weights)` and
 * `(states, actions, advantages)`) as named records of typed arrays. Deliberate differences: no
 * tensors anywhere (the agent uploads a batch itself), every batch carries `nextMasks` and `steps`
 * so n-step targets can use `discount ** steps` exactly, and `indices` travel with the batch
 * instead of being cached inside the prioritized buffer. Observations are stored in their own
 * type (Float32Array or Uint8Array) and once each (see observation_ring.ts); batches are
 * Float32Array. `SequenceBatch` describes what a sequence replay for recurrent agents will return.
 */
import type { Action } from '../core/action';
import type { Observation, State } from '../core/state';

/**
 * An action as stored in memory (the shared `Action`): an integer for a discrete action space, a
 * Float32Array (copied on store) for a continuous one. The first store fixes which kind a buffer holds.
 */
export type MemoryAction = Action;

/**
 * A reference to an observation a replay buffer keeps (from `observe`): its serial number, in the
 * order observations were kept. Valid for as long as the buffer still holds a transition stored
 * after it was observed.
 */
export type ObservationRef = number;

/**
 * A sampled batch of transitions, each field flat and row-major; row `i` of every field is the
 * same transition. The arrays are fresh copies owned by the caller.
 */
export interface ReplayBatch {
  /** Number of transitions in the batch. */
  readonly size: number;
  /** Shape of one state's observation (without the batch dimension). */
  readonly stateShape: readonly number[];
  /** Start observations, `size * prod(stateShape)` values (converted to float32 from the stored type). */
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
  /**
   * Legal actions at each next state, `size * nActions` 0/1 values, when the stored states carried
   * action masks (turn-based games); absent otherwise. Masked targets take their max over these.
   */
  readonly nextActionMasks?: Uint8Array;
}

/** A transition with an explicit (possibly n-step) reward and step count. */
export interface Transition {
  /** The start state; a done start state is not stored. */
  readonly state: State<Observation>;
  /** The action taken in `state`. */
  readonly action: MemoryAction;
  /** The reward to store (overrides `nextState.reward`). */
  readonly reward: number;
  /** The state where the transition ends; its observation and mask are stored. */
  readonly nextState: State<Observation>;
  /** Environment steps the transition spans (>= 1). */
  readonly steps: number;
}

/**
 * A transition between observations a buffer already keeps (references from its `observe`), as
 * an n-step wrapper stores it: the end observation of one transition is the start of another,
 * and each is stored once.
 */
export interface ObservedTransition {
  /** The start observation (its state was not done). */
  readonly state: ObservationRef;
  /** The action taken there. */
  readonly action: MemoryAction;
  /** The (possibly n-step discounted) reward. */
  readonly reward: number;
  /** The observation where the transition ends. */
  readonly nextState: ObservationRef;
  /** 0 when the end state is a true termination, else 1 (as `State.mask`). */
  readonly nextMask: number;
  /** Environment steps the transition spans (>= 1). */
  readonly steps: number;
  /** Legal actions at the end observation (its state's `actionMask`), when states carry masks. */
  readonly nextActionMask?: Uint8Array;
}

/** What agents call on a replay memory (ALL's `ReplayBuffer`). */
export interface ReplayBuffer {
  /** Number of transitions currently stored. */
  readonly length: number;
  /**
   * Stores the one-step transition `state --action--> nextState`, with reward `nextState.reward`.
   * Nothing is stored when `state.done` (the environment resets from there, as in ALL).
   */
  store(state: State<Observation>, action: MemoryAction, nextState: State<Observation>): void;
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
  /**
   * Keeps `state`'s observation, once (an observation equal to the newest kept is shared), and
   * returns a reference to it. Observe in time order; a reference stays valid while a transition
   * stored after it is still held.
   */
  observe(state: State<Observation>): ObservationRef;
  /** Stores a transition between observed observations; start observations in the order observed. */
  storeObserved(transition: ObservedTransition): void;
}

/**
 * The state-value function an agent hands to an advantage buffer. It receives `count`
 * observations of shape `stateShape` laid out row-major in `observations` (`count * prod(stateShape)` values) and
 * returns `count` values, one per observation, as a Float32Array. The buffer never sees tensors:
 * the agent uploads, evaluates and downloads inside this callback.
 */
export type ValueFunction = (observations: Float32Array, count: number, stateShape: readonly number[]) => Float32Array;

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

/**
 * A recurrent state as memory stores it: per recurrent module (keyed as in lib/nn/module.ts
 * `RecurrentState`), its tensors as host arrays, each `[batchSize, ...shape]` row-major.
 */
export type StoredRecurrentState = Readonly<
  Record<string, readonly { readonly values: Float32Array; readonly shape: readonly number[] }[]>
>;

/**
 * A batch of sequences for recurrent agents (R2D2, Kapturowski et al. 2019,
 * https://openreview.net/forum?id=r1lyTjAqYX), as the sequence replay of the roadmap will return
 * it; no buffer produces one yet. Every per-step field is time-major: row `t * batchSize + b` is
 * step `t` of sequence `b`, so a recurrent network steps over `t` with the whole batch at once.
 * Step `t` is the transition from observation `t` to observation `t + 1`; the observations carry
 * one extra step (`length + 1` rows) for the bootstrap. Observations are stored once, as in
 * `ReplayBatch` converted to float32; the sequence buffer would keep the observation ring and a
 * start serial per sequence, so overlapping sequences share frames.
 */
export interface SequenceBatch {
  /** Number of sequences. */
  readonly batchSize: number;
  /** Transitions per sequence, burn-in included. */
  readonly length: number;
  /** Leading steps that only warm up the recurrent state and carry no loss (R2D2's burn-in); 0 for none. */
  readonly burnIn: number;
  /** Shape of one observation. */
  readonly stateShape: readonly number[];
  /** Observations, `(length + 1) * batchSize * prod(stateShape)` values, time-major. */
  readonly observations: Float32Array;
  /**
   * Actions taken at steps `0..length-1`: Int32Array of `length * batchSize` for a discrete
   * space, Float32Array of `length * batchSize * actionDim` for a continuous one.
   */
  readonly actions: Int32Array | Float32Array;
  /** Reward on arriving at observation `t + 1`, `length * batchSize` values. */
  readonly rewards: Float32Array;
  /**
   * Continuation after step `t`, `length * batchSize` values: 0 where observation `t + 1` is a
   * true termination, else 1 (truncations continue); multiply by gamma for rlax's `discountT`.
   */
  readonly masks: Float32Array;
  /**
   * 1 where observation `t` starts a new episode inside the sequence, so the network resets its
   * recurrent state to the initial one before it; `(length + 1) * batchSize` values. Row 0 is 1
   * only when the sequence starts at an episode start (`initialState` is then the initial state).
   */
  readonly resets: Uint8Array;
  /**
   * 1 where step `t` is a real transition, 0 for padding (a sequence cut by the end of the stored
   * data, or steps after a termination); `length * batchSize` values.
   */
  readonly valid: Float32Array;
  /** The recurrent state the acting network held before observation 0 of each sequence (R2D2's stored state). */
  readonly initialState: StoredRecurrentState;
  /** Importance-sampling weight per sequence (all 1 for uniform sampling). */
  readonly weights: Float32Array;
  /** Buffer index of each sequence, for `updatePriorities`. */
  readonly indices: Int32Array;
}
