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
 *
 * Observations are stored once each, in their own type (Float32Array, or Uint8Array for uint8
 * image frames), in an `ObservationRing`; a transition holds the serials of its start and end
 * observations, so the end of one transition and the start of the next share storage and a
 * transition costs about one observation (plus one per episode for its final observation), not
 * two. Batches are Float32Array, converted on gather; they are the same as with two copies.
 * States stacked by the FrameStack body (`info.stackedFrames`) go to a FrameStackStore instead,
 * which keeps each frame once rather than each stack (ALL's lazy frames).
 */
import { ConfigError, ShapeError, SpaceError, StateError } from '../core/errors';
import type { Random } from '../core/random';
import type { Observation, State } from '../core/state';
import { FrameStackStore } from './frame_stack_store';
import { ObservationRing } from './observation_ring';
import type { ObservationStore } from './observation_store';
import type { MemoryAction, ObservationRef, ObservedTransition, ReplayBatch, Transition, TransitionReplayBuffer } from './types';

/** Options of `ExperienceReplayBuffer`. */
export interface ExperienceReplayOptions {
  /** The generator sampling draws from (the run's seeded `Random` or one spawned from it). */
  rng: Random;
}

/** Per-transition storage, allocated on the first transition (observations live in the ring). */
interface Storage {
  /** 0 for discrete actions, else the number of values per continuous action. */
  actionDim: number;
  /** Compacted serials (see ObservationRing.compact) of each transition's start observation. */
  stateRefs: Uint32Array;
  /** Compacted serials of each transition's end observation. */
  nextRefs: Uint32Array;
  actions: Int32Array | Float32Array;
  rewards: Float32Array;
  /** 0 or 1, as State.mask. */
  nextMasks: Uint8Array;
  steps: Int32Array;
  /** Action masks of the next states, `capacity * maskWidth` 0/1 values, when the first transition carried one. */
  nextActionMasks: Uint8Array | undefined;
  /** Entries per stored action mask (0: the buffer stores no masks). */
  maskWidth: number;
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
  /** The observations, allocated on the first one observed. */
  private ring: ObservationStore | undefined;
  private storage: Storage | undefined;
  /** The slot the next transition is written to. */
  protected position = 0;
  private count = 0;
  /** Serial of the start observation of the newest transition (transitions are stored in that order). */
  private newestStart = -1;

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

  /**
   * Bytes of storage allocated: observations plus per-transition fields (0 before the first store).
   * What a transition costs: `storageBytes / capacity` once the buffer is full.
   */
  get storageBytes(): number {
    const s = this.storage;
    const fields = s === undefined ? 0
      : s.stateRefs.byteLength + s.nextRefs.byteLength + s.actions.byteLength + s.rewards.byteLength +
        s.nextMasks.byteLength + s.steps.byteLength;
    return (this.ring?.bytes ?? 0) + fields;
  }

  /** The observation type stored, fixed by the first observation (undefined before it). */
  get observationType(): 'float32' | 'uint8' | undefined {
    return this.ring?.dtype;
  }

  /** Stores `state --action--> nextState` with reward `nextState.reward`, spanning 1 step; skipped when `state.done`. */
  store(state: State<Observation>, action: MemoryAction, nextState: State<Observation>): void {
    this.write({ state, action, reward: nextState.reward, nextState, steps: 1 });
  }

  /** Stores a transition with its own reward and step count; skipped when `state.done`. */
  storeTransition(transition: Transition): void {
    this.write(transition);
  }

  /**
   * Keeps `state`'s observation (once: an observation equal to the newest one kept is shared) and
   * returns its reference for `storeObserved`. References stay valid while the transitions stored
   * after them are not all overwritten; observe in time order, as an n-step wrapper does.
   */
  observe(state: State<Observation>): ObservationRef {
    const ring = this.ring ?? (this.ring = this.makeRing(state));
    if (!sameShape(state.shape, ring.shape)) {
      throw new ShapeError(
        `Replay buffer holds states of shape [${ring.shape.join(', ')}] but received one of shape ` +
          `[${state.shape.join(', ')}]; use one buffer per observation shape`,
      );
    }
    return ring.add(state.observation, this.oldestLive());
  }

  /**
   * Stores a transition between observations already kept by `observe`. Start observations must
   * come in the order they were observed (each no older than the previous transition's).
   */
  storeObserved(transition: ObservedTransition): void {
    this.writeObserved(transition);
  }

  /**
   * Writes a transition into the ring and returns its slot, or -1 if it was skipped because its
   * start state is done (the environment resets there; ALL skips these too).
   */
  protected write(t: Transition): number {
    if (t.state.done) return -1;
    const ring = this.ring;
    if (ring !== undefined && (!sameShape(t.state.shape, ring.shape) || !sameShape(t.nextState.shape, ring.shape))) {
      throw new ShapeError(
        `Replay buffer holds states of shape [${ring.shape.join(', ')}] but received a transition from ` +
          `[${t.state.shape.join(', ')}] to [${t.nextState.shape.join(', ')}]; use one buffer per observation shape`,
      );
    }
    // Everything is checked before anything is kept: a full ring must not lose its oldest slot.
    this.checkTransition(t.action, t.steps);
    if (ring === undefined && !sameShape(t.state.shape, t.nextState.shape)) {
      throw new ShapeError(
        `Replay buffer received a transition from [${t.state.shape.join(', ')}] to [${t.nextState.shape.join(', ')}]; ` +
          'both states of a transition must have one shape',
      );
    }
    const state = this.observe(t.state);
    const next = this.observe(t.nextState);
    return this.place({
      state, action: t.action, reward: t.reward, nextState: next, nextMask: t.nextState.mask, steps: t.steps, nextActionMask: t.nextState.actionMask,
    });
  }

  /** `storeObserved`'s work: checks the references, then writes; returns the slot. */
  protected writeObserved(t: ObservedTransition): number {
    const ring = this.ring;
    if (ring === undefined) {
      throw new StateError('storeObserved: no observation was kept yet; call observe(state) for both ends first');
    }
    const oldest = this.oldestLive();
    for (const [name, ref] of [['state', t.state], ['nextState', t.nextState]] as const) {
      if (!Number.isInteger(ref) || ref < oldest || ref > ring.newest) {
        throw new StateError(
          `storeObserved: ${name} reference ${ref} is not a kept observation (kept: ${oldest}..${ring.newest}); ` +
            'pass references returned by observe() on this buffer',
        );
      }
    }
    if (t.state < this.newestStart) {
      throw new StateError(
        `storeObserved: start observation ${t.state} is older than the previous transition's (${this.newestStart}); ` +
          'store transitions in the order of their start observations',
      );
    }
    if (t.nextMask !== 0 && t.nextMask !== 1) {
      throw new ConfigError(`storeObserved: nextMask must be 0 or 1; received ${t.nextMask}`);
    }
    this.checkTransition(t.action, t.steps);
    return this.place(t);
  }

  /** Writes a checked transition at `position` and returns its slot; subclasses add to it. */
  protected place(t: ObservedTransition): number {
    const s = this.storage!;
    const slot = this.position;
    s.stateRefs[slot] = ObservationRing.compact(t.state);
    s.nextRefs[slot] = ObservationRing.compact(t.nextState);
    if (typeof t.action === 'number') s.actions[slot] = t.action;
    else s.actions.set(t.action, slot * s.actionDim);
    s.rewards[slot] = t.reward;
    s.nextMasks[slot] = t.nextMask;
    s.steps[slot] = t.steps;
    this.placeActionMask(s, slot, t.nextActionMask);
    this.newestStart = t.state;
    this.position = (slot + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    return slot;
  }

  /**
   * Stores a transition's next-state action mask. The first transition decides whether the buffer
   * keeps masks; after that every transition must carry one of the same width, or none.
   */
  private placeActionMask(s: Storage, slot: number, mask: Uint8Array | undefined): void {
    if (this.count === 0 && slot === 0 && s.nextActionMasks === undefined && mask !== undefined) {
      s.maskWidth = mask.length;
      s.nextActionMasks = new Uint8Array(this.capacity * mask.length);
    }
    if (s.nextActionMasks === undefined) {
      if (mask !== undefined) {
        throw new ShapeError('Replay buffer stores no action masks (its first transition had none) but received a state with one; use one buffer per kind of environment');
      }
      return;
    }
    if (mask === undefined || mask.length !== s.maskWidth) {
      throw new ShapeError(
        `Replay buffer stores action masks of ${s.maskWidth} entries but received ${mask === undefined ? 'a state without one' : `one of ${mask.length}`}; ` +
          'every next state of a masked buffer needs an actionMask of the same length',
      );
    }
    s.nextActionMasks.set(mask, slot * s.maskWidth);
  }

  /** The oldest serial still read: the start of the oldest stored transition (or 0 before any). */
  private oldestLive(): number {
    if (this.count === 0) return 0;
    const oldest = this.count < this.capacity ? 0 : this.position;
    return this.ring!.expand(this.storage!.stateRefs[oldest]!);
  }

  private makeRing(state: State<Observation>): ObservationStore {
    // A state stacked by the FrameStack body says so: its frames are kept once each (ALL's lazy frames).
    const k = state.info.stackedFrames;
    if (typeof k === 'number' && Number.isInteger(k) && k > 1 && state.shape.length === 3 && state.shape[2]! % k === 0) {
      return new FrameStackStore(state.observation, state.shape, k);
    }
    // About one observation per transition plus one per episode end; episodes shorter than 8
    // steps on average make the ring grow further, by the same margin at a time.
    const margin = Math.ceil(this.capacity / 8) + 2;
    return new ObservationRing(state.observation, state.shape, {
      softSlots: this.capacity + margin,
      growthSlots: margin,
    });
  }

  /** Checks the step count and the action (allocating per-transition storage on the first). */
  private checkTransition(action: MemoryAction, steps: number): void {
    if (!Number.isInteger(steps) || steps < 1) {
      throw new ConfigError(`Transition steps must be a positive integer; received ${steps}`);
    }
    this.checkAction(this.storage ?? (this.storage = this.allocate(action)), action);
  }

  private allocate(action: MemoryAction): Storage {
    const actionDim = typeof action === 'number' ? 0 : action.length;
    if (actionDim === 0 && typeof action !== 'number') {
      throw new ShapeError('Replay buffer received an empty Float32Array action; expected at least one value');
    }
    const n = this.capacity;
    return {
      actionDim,
      stateRefs: new Uint32Array(n),
      nextRefs: new Uint32Array(n),
      actions: actionDim === 0 ? new Int32Array(n) : new Float32Array(n * actionDim),
      rewards: new Float32Array(n),
      nextMasks: new Uint8Array(n),
      steps: new Int32Array(n),
      nextActionMasks: undefined,
      maskWidth: 0,
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
    const ring = this.ring!;
    const size = slots.length;
    const d = ring.size;
    const states = new Float32Array(size * d);
    const nextStates = new Float32Array(size * d);
    const actions = s.actionDim === 0 ? new Int32Array(size) : new Float32Array(size * s.actionDim);
    const rewards = new Float32Array(size);
    const nextMasks = new Float32Array(size);
    const steps = new Int32Array(size);
    const w = s.maskWidth;
    const nextActionMasks = s.nextActionMasks === undefined ? undefined : new Uint8Array(size * w);
    for (let i = 0; i < size; i++) {
      const k = slots[i]!;
      ring.copyTo(ring.expand(s.stateRefs[k]!), states, i * d);
      ring.copyTo(ring.expand(s.nextRefs[k]!), nextStates, i * d);
      if (s.actionDim === 0) {
        actions[i] = s.actions[k]!;
      } else {
        actions.set(s.actions.subarray(k * s.actionDim, (k + 1) * s.actionDim), i * s.actionDim);
      }
      rewards[i] = s.rewards[k]!;
      nextMasks[i] = s.nextMasks[k]!;
      steps[i] = s.steps[k]!;
      if (nextActionMasks !== undefined) nextActionMasks.set(s.nextActionMasks!.subarray(k * w, (k + 1) * w), i * w);
    }
    return {
      size,
      stateShape: ring.shape,
      states,
      actions,
      rewards,
      nextStates,
      nextMasks,
      steps,
      weights,
      indices: slots,
      ...(nextActionMasks === undefined ? {} : { nextActionMasks }),
    };
  }
}
