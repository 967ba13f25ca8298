/**
 * Uniform experience replay (Lin 1992; Mnih et al. 2015, https://doi.org/10.1038/nature14236):
 * a fixed-capacity ring buffer of transitions sampled uniformly with replacement.
 *
 * Ports ALL's `ExperienceReplayBuffer` (all/memory/replay_buffer.py). Differences: storage is
 * preallocated flat typed arrays (allocated on the first store, once the state shape and action
 * kind are known) instead of a list of State objects; sampling draws from the run's seeded
 * `Random` instead of numpy's global generator; a batch is a `ReplayBatch` of typed arrays that
 * also carries next-state masks, step counts and slot indices; `updatePriorities` takes the
 * batch's indices (and is a no-op here).
 */
import { ConfigError, ShapeError, SpaceError, StateError } from '../core/errors';
import type { Random } from '../core/random';
import { type State, shapeSize } from '../core/state';
import type { MemoryAction, ReplayBatch, Transition, TransitionReplayBuffer } from './types';

/** Options of `ExperienceReplayBuffer`. */
export interface ExperienceReplayOptions {
  /** The generator sampling draws from (the run's seeded `Random` or one spawned from it). */
  rng: Random;
}

/** Storage allocated on the first store. */
interface Storage {
  stateShape: readonly number[];
  stateSize: number;
  /** 0 for discrete actions, else the number of values per continuous action. */
  actionDim: number;
  states: Float32Array;
  nextStates: Float32Array;
  actions: Int32Array | Float32Array;
  rewards: Float32Array;
  nextMasks: Float32Array;
  steps: Int32Array;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Checks a batch size and returns it. */
export function checkBatchSize(batchSize: number, length: number, who: string): number {
  if (!Number.isInteger(batchSize) || batchSize < 0) {
    throw new ConfigError(`${who}.sample: batchSize must be a non-negative integer; received ${batchSize}`);
  }
  if (length === 0) {
    throw new StateError(
      `${who}.sample(${batchSize}): the buffer is empty; store transitions first ` +
        '(wait for a replay start size before training)',
    );
  }
  return batchSize;
}

/**
 * A ring buffer of transitions sampled uniformly with replacement.
 * Once full, each new transition overwrites the oldest one.
 */
export class ExperienceReplayBuffer implements TransitionReplayBuffer {
  /** Maximum number of transitions kept. */
  readonly capacity: number;
  protected readonly rng: Random;
  protected storage: Storage | undefined;
  /** The slot the next transition is written to. */
  protected position = 0;
  private count = 0;

  /**
   * @param capacity maximum number of transitions kept (positive integer).
   * @param options the random generator to sample with.
   */
  constructor(capacity: number, options: ExperienceReplayOptions) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new ConfigError(`Replay buffer capacity must be a positive integer; received ${capacity}`);
    }
    if (options?.rng === undefined) {
      throw new ConfigError('Replay buffer needs options.rng, a seeded Random (e.g. the run\'s generator)');
    }
    this.capacity = capacity;
    this.rng = options.rng;
  }

  /** Number of transitions stored (at most `capacity`). */
  get length(): number {
    return this.count;
  }

  /** Stores `state --action--> nextState` with reward `nextState.reward`, spanning 1 step; skipped when `state.done`. */
  store(state: State, action: MemoryAction, nextState: State): void {
    this.write({ state, action, reward: nextState.reward, nextState, steps: 1 });
  }

  /** Stores a transition with its own reward and step count; skipped when `state.done`. */
  storeTransition(transition: Transition): void {
    this.write(transition);
  }

  /**
   * Writes a transition into the ring and returns its slot, or -1 if it was skipped because its
   * start state is done (the environment resets there; ALL skips these too).
   */
  protected write(t: Transition): number {
    if (t.state.done) return -1;
    const s = this.storage ?? (this.storage = this.allocate(t.state, t.action));
    if (!sameShape(t.state.shape, s.stateShape) || !sameShape(t.nextState.shape, s.stateShape)) {
      throw new ShapeError(
        `Replay buffer holds states of shape [${s.stateShape.join(', ')}] but received a transition from ` +
          `[${t.state.shape.join(', ')}] to [${t.nextState.shape.join(', ')}]; use one buffer per observation shape`,
      );
    }
    if (!Number.isInteger(t.steps) || t.steps < 1) {
      throw new ConfigError(`Transition steps must be a positive integer; received ${t.steps}`);
    }
    this.checkAction(s, t.action); // before writing anything: a full ring must not lose its oldest slot
    const slot = this.position;
    s.states.set(t.state.observation, slot * s.stateSize);
    s.nextStates.set(t.nextState.observation, slot * s.stateSize);
    if (typeof t.action === 'number') s.actions[slot] = t.action;
    else s.actions.set(t.action, slot * s.actionDim);
    s.rewards[slot] = t.reward;
    s.nextMasks[slot] = t.nextState.mask;
    s.steps[slot] = t.steps;
    this.position = (slot + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    return slot;
  }

  private allocate(state: State, action: MemoryAction): Storage {
    const stateSize = shapeSize(state.shape);
    const actionDim = typeof action === 'number' ? 0 : action.length;
    if (actionDim === 0 && typeof action !== 'number') {
      throw new ShapeError('Replay buffer received an empty Float32Array action; expected at least one value');
    }
    const n = this.capacity;
    return {
      stateShape: [...state.shape],
      stateSize,
      actionDim,
      states: new Float32Array(n * stateSize),
      nextStates: new Float32Array(n * stateSize),
      actions: actionDim === 0 ? new Int32Array(n) : new Float32Array(n * actionDim),
      rewards: new Float32Array(n),
      nextMasks: new Float32Array(n),
      steps: new Int32Array(n),
    };
  }

  private checkAction(s: Storage, action: MemoryAction): void {
    if (s.actionDim === 0) {
      if (typeof action !== 'number') {
        throw new ShapeError(
          `Replay buffer holds discrete (integer) actions but received a Float32Array of ${action.length} values`,
        );
      }
      if (!Number.isInteger(action) || Math.abs(action) > 2 ** 31 - 1) {
        throw new SpaceError(`Replay buffer holds discrete actions; received ${action}, expected an integer index`);
      }
    } else if (typeof action === 'number' || action.length !== s.actionDim) {
      const got = typeof action === 'number' ? `the number ${action}` : `${action.length} values`;
      throw new ShapeError(
        `Replay buffer holds continuous actions of ${s.actionDim} values but received ${got}; ` +
          'pass a Float32Array of the same length every time',
      );
    }
  }

  /**
   * Draws `batchSize` transitions uniformly with replacement from the seeded generator.
   * Throws StateError when the buffer is empty.
   */
  sample(batchSize: number): ReplayBatch {
    checkBatchSize(batchSize, this.count, 'ExperienceReplayBuffer');
    const slots = new Int32Array(batchSize);
    for (let i = 0; i < batchSize; i++) slots[i] = this.rng.int(this.count);
    return this.gather(slots, new Float32Array(batchSize).fill(1));
  }

  /** False: uniform replay ignores priorities (see ReplayBuffer.usesPriorities). */
  get usesPriorities(): boolean {
    return false;
  }

  /** Uniform replay has no priorities: a no-op, kept so agents can treat every buffer alike. */
  updatePriorities(_indices: Int32Array | readonly number[], _priorities: ArrayLike<number>): void {
    // nothing to update
  }

  /** Copies the transitions at `slots` into a fresh batch with the given importance weights. */
  protected gather(slots: Int32Array, weights: Float32Array): ReplayBatch {
    const s = this.storage!;
    const size = slots.length;
    const d = s.stateSize;
    const states = new Float32Array(size * d);
    const nextStates = new Float32Array(size * d);
    const actions = s.actionDim === 0 ? new Int32Array(size) : new Float32Array(size * s.actionDim);
    const rewards = new Float32Array(size);
    const nextMasks = new Float32Array(size);
    const steps = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const k = slots[i]!;
      states.set(s.states.subarray(k * d, (k + 1) * d), i * d);
      nextStates.set(s.nextStates.subarray(k * d, (k + 1) * d), i * d);
      if (s.actionDim === 0) {
        actions[i] = s.actions[k]!;
      } else {
        actions.set(s.actions.subarray(k * s.actionDim, (k + 1) * s.actionDim), i * s.actionDim);
      }
      rewards[i] = s.rewards[k]!;
      nextMasks[i] = s.nextMasks[k]!;
      steps[i] = s.steps[k]!;
    }
    return {
      size,
      stateShape: s.stateShape,
      states,
      actions,
      rewards,
      nextStates,
      nextMasks,
      steps,
      weights,
      indices: slots,
    };
  }
}
