/**
 * Sequence replay for recurrent agents, as R2D2 (Kapturowski et al. 2019,
 * https://openreview.net/forum?id=r1lyTjAqYX) stores experience: per environment, the stream of
 * steps is cut into sequences of `length` transitions (`length + 1` observations, the last for
 * the bootstrap), consecutive sequences sharing `overlap` steps; each sequence keeps the recurrent
 * state the actor held before its first observation ("stored state"); the first `burnIn` steps of
 * a sequence only warm the network's state up (the learner applies no loss there). Sampling is
 * uniform or prioritized (Schaul et al. 2016, https://arxiv.org/abs/1511.05952) with R2D2's
 * sequence priority `eta * max|delta| + (1 - eta) * mean|delta|` (`sequencePriority`), exponent
 * 0.9 and eta 0.9 by default.
 *
 * Episodes: a sequence may run across an episode's end, but never silently: the step whose
 * observation ends an episode is marked invalid (its "transition" leads to the next episode's
 * first observation), and that first observation carries a reset marker, so the recurrent state
 * restarts from zeros there. Terminations give mask 0, truncations mask 1 (they bootstrap).
 *
 * Deliberate differences: R2D2 pads sequences at episode ends and stores only whole-episode
 * chunks; here sequences continue into the next episode with reset markers (no padding, no
 * wasted slots), the layout `SequenceBatch` (lib/memory/types.ts) describes. Each sequence holds
 * its own copy of its observations (simple and fast to gather; for MinAtar's uint8 frames that
 * is 400 bytes a step).
 */
import { ConfigError, NumericError, ShapeError, StateError } from '../core/errors';
import { Random } from '../core/random';
import { MinSegmentTree, SumSegmentTree } from './segment_tree';
import type { SequenceBatch, StoredRecurrentState } from './types';

/** One step of one environment's stream, as the actor pushes it. */
export interface SequenceStep {
  /** The observation (flat; its length fixed by the first push). */
  observation: Float32Array | Uint8Array;
  /** True when this observation starts an episode (the recurrent state was reset before it). */
  start: boolean;
  /** True when this observation ends the episode (terminated or truncated): no transition follows. */
  done: boolean;
  /**
   * The actor's recurrent state before this observation, per key (`[h, c]` values of batch 1),
   * required when `needsState(env)` said so, ignored otherwise.
   */
  state?: Readonly<Record<string, readonly Float32Array[]>>;
}

/** Options of `SequenceReplayBuffer`. */
export interface SequenceReplayOptions {
  /** Transitions per sequence, burn-in included (jaxneurorl: 20; R2D2: 80). */
  length: number;
  /** Steps two consecutive sequences of one environment share (R2D2: 40 of 80). Default 0. */
  overlap?: number;
  /** Leading steps of each sequence that only warm up the recurrent state (R2D2: 40). Default 0. */
  burnIn?: number;
  /** Number of environments pushing streams. Default 1. */
  envs?: number;
  /** Seeded generator for sampling. Default unseeded. */
  rng?: Random;
  /** Prioritized sampling; omit for uniform. */
  prioritized?: {
    /** Exponent alpha of the sampling probability p^alpha. Default 0.9 (R2D2). */
    exponent?: number;
    /** Importance-sampling exponent beta. Default 0.6 (R2D2). */
    beta?: number;
    /** Added to priorities so none is 0. Default 1e-6. */
    epsilon?: number;
  };
}

/**
 * R2D2's sequence priority eta * max|delta| + (1 - eta) * mean|delta| over the valid steps of
 * each sequence (Kapturowski et al. 2019, https://openreview.net/forum?id=r1lyTjAqYX, eq. in
 * section 2.3); 0 for a sequence without valid steps.
 * @param tdErrors time-major [steps * batchSize]
 * @param valid time-major 0/1, same layout
 * @param batchSize sequences
 * @param eta mix of max and mean; default 0.9
 * @returns one priority per sequence
 */
export function sequencePriority(tdErrors: ArrayLike<number>, valid: ArrayLike<number>, batchSize: number, eta = 0.9): Float32Array {
  if (tdErrors.length !== valid.length || tdErrors.length % batchSize !== 0) {
    throw new ShapeError(`sequencePriority: ${tdErrors.length} TD errors and ${valid.length} valid flags must be equal multiples of the batch size ${batchSize}`);
  }
  const steps = tdErrors.length / batchSize;
  const out = new Float32Array(batchSize);
  for (let b = 0; b < batchSize; b++) {
    let max = 0;
    let sum = 0;
    let n = 0;
    for (let t = 0; t < steps; t++) {
      if (valid[t * batchSize + b] === 0) continue;
      const a = Math.abs(tdErrors[t * batchSize + b]!);
      if (a > max) max = a;
      sum += a;
      n += 1;
    }
    out[b] = n === 0 ? 0 : eta * max + (1 - eta) * (sum / n);
  }
  return out;
}

/** The last `length + 1` steps of one environment, as a ring. */
interface Stream {
  /** Steps pushed so far. */
  count: number;
  obs: (Float32Array | Uint8Array)[];
  start: Uint8Array;
  done: Uint8Array;
  actions: Int32Array;
  rewards: Float32Array;
  masks: Float32Array;
  states: (Readonly<Record<string, readonly Float32Array[]>> | undefined)[];
}

/** A replay of fixed-length sequences with stored recurrent state (see the file header). */
export class SequenceReplayBuffer {
  readonly length: number;
  readonly overlap: number;
  readonly burnIn: number;
  readonly envs: number;
  /** Steps between the starts of consecutive sequences of one environment: length - overlap. */
  readonly stride: number;
  private readonly rng: Random;
  private readonly streams: Stream[];
  private obsSize = -1;
  private obsKind: 'float32' | 'uint8' = 'float32';
  private obsShape: readonly number[] = [];
  // storage, one row per sequence
  private observations: Float32Array | Uint8Array = new Float32Array(0);
  private readonly actions: Int32Array;
  private readonly rewards: Float32Array;
  private readonly masks: Float32Array;
  private readonly valid: Float32Array;
  private readonly resets: Uint8Array;
  private readonly stored = new Map<string, { size: number; data: Float32Array }[]>();
  private size = 0;
  private next = 0;
  private readonly sums: SumSegmentTree | undefined;
  private readonly mins: MinSegmentTree | undefined;
  private readonly exponent: number;
  private readonly beta: number;
  private readonly epsilon: number;
  private maxPriority = 1;

  /**
   * @param capacity sequences kept (the oldest are overwritten)
   * @param options length, overlap, burn-in, environments, prioritization
   */
  constructor(
    readonly capacity: number,
    options: SequenceReplayOptions,
  ) {
    const check = (name: string, v: number, min: number): void => {
      if (!Number.isInteger(v) || v < min) throw new ConfigError(`SequenceReplayBuffer: ${name} must be an integer >= ${min}; received ${v}`);
    };
    check('capacity', capacity, 1);
    check('length', options.length, 1);
    this.length = options.length;
    this.overlap = options.overlap ?? 0;
    this.burnIn = options.burnIn ?? 0;
    this.envs = options.envs ?? 1;
    check('overlap', this.overlap, 0);
    check('burnIn', this.burnIn, 0);
    check('envs', this.envs, 1);
    if (this.overlap >= this.length) {
      throw new ConfigError(`SequenceReplayBuffer: overlap (${this.overlap}) must be smaller than length (${this.length}); R2D2 uses 40 of 80`);
    }
    if (this.burnIn >= this.length) {
      throw new ConfigError(`SequenceReplayBuffer: burnIn (${this.burnIn}) must be smaller than length (${this.length}), or no step would carry a loss`);
    }
    this.stride = this.length - this.overlap;
    this.rng = options.rng ?? new Random();
    const L = this.length;
    this.actions = new Int32Array(capacity * L);
    this.rewards = new Float32Array(capacity * L);
    this.masks = new Float32Array(capacity * L);
    this.valid = new Float32Array(capacity * L);
    this.resets = new Uint8Array(capacity * (L + 1));
    const ring = L + 1;
    this.streams = Array.from({ length: this.envs }, () => ({
      count: 0,
      obs: new Array<Float32Array | Uint8Array>(ring),
      start: new Uint8Array(ring),
      done: new Uint8Array(ring),
      actions: new Int32Array(ring),
      rewards: new Float32Array(ring),
      masks: new Float32Array(ring),
      states: new Array<Readonly<Record<string, readonly Float32Array[]>> | undefined>(ring),
    }));
    const p = options.prioritized;
    this.exponent = p?.exponent ?? 0.9;
    this.beta = p?.beta ?? 0.6;
    this.epsilon = p?.epsilon ?? 1e-6;
    if (p !== undefined) {
      this.sums = new SumSegmentTree(capacity);
      this.mins = new MinSegmentTree(capacity);
    }
  }

  /** Sequences stored. */
  get sequences(): number {
    return this.size;
  }

  /** True when sampling follows priorities. */
  get usesPriorities(): boolean {
    return this.sums !== undefined;
  }

  /**
   * True when the next step pushed for `env` starts a sequence, so `push` needs the actor's
   * recurrent state (read it back only then: reading every step would slow acting).
   */
  needsState(env = 0): boolean {
    return this.stream(env).count % this.stride === 0;
  }

  /**
   * Appends one step of `env`'s stream. The previous step's reward and mask are given here,
   * since they arrive with this observation; pass 0 and 1 on the first step.
   * @param env environment index
   * @param step observation, episode flags, and (when `needsState`) the recurrent state before it
   * @param reward reward on arriving at this observation (ignored after a `done` step)
   * @param mask 0 when this observation is a true termination, else 1
   * @param action the action the actor takes at this observation (ignored on `done` steps)
   */
  push(env: number, step: SequenceStep, reward: number, mask: number, action: number): void {
    const s = this.stream(env);
    if (this.obsSize < 0) {
      this.obsSize = step.observation.length;
      this.obsKind = step.observation instanceof Uint8Array ? 'uint8' : 'float32';
      this.obsShape = [this.obsSize];
      const n = this.capacity * (this.length + 1) * this.obsSize;
      this.observations = this.obsKind === 'uint8' ? new Uint8Array(n) : new Float32Array(n);
    } else if (step.observation.length !== this.obsSize) {
      throw new ShapeError(`SequenceReplayBuffer.push: observation of ${step.observation.length} values; this buffer stores ${this.obsSize}`);
    }
    const ring = this.length + 1;
    const i = s.count % ring;
    if (s.count > 0) {
      const prev = (s.count - 1) % ring;
      s.rewards[prev] = s.done[prev] ? 0 : reward;
      s.masks[prev] = s.done[prev] ? 0 : mask;
    }
    s.obs[i] = step.observation instanceof Uint8Array ? Uint8Array.from(step.observation) : Float32Array.from(step.observation);
    s.start[i] = step.start || s.count === 0 ? 1 : 0;
    s.done[i] = step.done ? 1 : 0;
    s.actions[i] = step.done ? 0 : action;
    s.rewards[i] = 0;
    s.masks[i] = 1;
    if (s.count % this.stride === 0) {
      if (step.state === undefined) {
        throw new StateError(`SequenceReplayBuffer.push: step ${s.count} of env ${env} starts a sequence, so it needs the recurrent state (needsState was true)`);
      }
      s.states[i] = step.state;
    } else {
      s.states[i] = undefined;
    }
    s.count += 1;
    // a sequence of `length` transitions is complete once its bootstrap observation arrived
    const first = s.count - ring;
    if (first >= 0 && first % this.stride === 0) this.storeSequence(s, first);
  }

  private stream(env: number): Stream {
    const s = this.streams[env];
    if (s === undefined) throw new ConfigError(`SequenceReplayBuffer: env ${env} is out of range; the buffer has ${this.envs} environments`);
    return s;
  }

  private storeSequence(s: Stream, first: number): void {
    const ring = this.length + 1;
    const L = this.length;
    const slot = this.next;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
    const obsRow = slot * ring * this.obsSize;
    for (let t = 0; t <= L; t++) {
      const r = (first + t) % ring;
      this.observations.set(s.obs[r]!, obsRow + t * this.obsSize);
      // the first observation of a sequence resets only if it starts an episode (stored state otherwise)
      this.resets[slot * ring + t] = s.start[r]!;
      if (t < L) {
        const k = slot * L + t;
        this.actions[k] = s.actions[r]!;
        // the rewards and masks of step t were completed when step t + 1 arrived
        this.rewards[k] = s.rewards[r]!;
        this.masks[k] = s.masks[r]!;
        this.valid[k] = s.done[r] ? 0 : 1;
      }
    }
    const state = s.states[first % ring]!;
    for (const [key, parts] of Object.entries(state)) {
      let store = this.stored.get(key);
      if (store === undefined) {
        store = parts.map((p) => ({ size: p.length, data: new Float32Array(this.capacity * p.length) }));
        this.stored.set(key, store);
      }
      parts.forEach((p, j) => store![j]!.data.set(p, slot * store![j]!.size));
    }
    if (this.sums !== undefined) {
      const mass = this.maxPriority ** this.exponent;
      this.sums.set(slot, mass);
      this.mins!.set(slot, mass);
    }
  }

  /**
   * Samples `batchSize` sequences (with replacement): uniformly, or in proportion to
   * priority^exponent with importance weights (N P(i))^-beta / max_j (N P(j))^-beta.
   * @throws StateError when no sequence is stored yet
   */
  sample(batchSize: number): SequenceBatch {
    if (this.size === 0) throw new StateError('SequenceReplayBuffer.sample: no complete sequence stored yet; push at least length + 1 steps first');
    const indices = new Int32Array(batchSize);
    const weights = new Float32Array(batchSize).fill(1);
    if (this.sums === undefined) {
      for (let i = 0; i < batchSize; i++) indices[i] = this.rng.int(this.size);
    } else {
      const total = this.sums.sum();
      const segment = total / batchSize;
      const minMass = this.mins!.min();
      for (let i = 0; i < batchSize; i++) {
        const mass = Math.min((i + this.rng.random()) * segment, total);
        const slot = Math.min(this.sums.findPrefixSum(mass), this.size - 1);
        indices[i] = slot;
        weights[i] = (this.sums.get(slot) / minMass) ** -this.beta;
      }
    }
    return this.gather(indices, weights);
  }

  /** The batch of the given slots (time-major). */
  gather(indices: Int32Array, weights: Float32Array): SequenceBatch {
    const B = indices.length;
    const L = this.length;
    const ring = L + 1;
    const O = this.obsSize;
    const observations = new Float32Array(ring * B * O);
    const actions = new Int32Array(L * B);
    const rewards = new Float32Array(L * B);
    const masks = new Float32Array(L * B);
    const valid = new Float32Array(L * B);
    const resets = new Uint8Array(ring * B);
    for (let b = 0; b < B; b++) {
      const slot = indices[b]!;
      for (let t = 0; t <= L; t++) {
        const src = (slot * ring + t) * O;
        const dst = (t * B + b) * O;
        for (let k = 0; k < O; k++) observations[dst + k] = this.observations[src + k]!;
        resets[t * B + b] = this.resets[slot * ring + t]!;
        if (t < L) {
          actions[t * B + b] = this.actions[slot * L + t]!;
          rewards[t * B + b] = this.rewards[slot * L + t]!;
          masks[t * B + b] = this.masks[slot * L + t]!;
          valid[t * B + b] = this.valid[slot * L + t]!;
        }
      }
    }
    const initialState: Record<string, { values: Float32Array; shape: number[] }[]> = {};
    for (const [key, parts] of this.stored) {
      initialState[key] = parts.map((p) => {
        const values = new Float32Array(B * p.size);
        for (let b = 0; b < B; b++) values.set(p.data.subarray(indices[b]! * p.size, (indices[b]! + 1) * p.size), b * p.size);
        return { values, shape: [B, p.size] };
      });
    }
    return {
      batchSize: B,
      length: L,
      burnIn: this.burnIn,
      stateShape: this.obsShape,
      observations,
      actions,
      rewards,
      masks,
      resets,
      valid,
      initialState: initialState as StoredRecurrentState,
      weights,
      indices,
    };
  }

  /**
   * Sets sequence priorities (e.g. from `sequencePriority`): stored as (|p| + epsilon)^exponent.
   * @throws StateError for an index that is not stored; NumericError for a non-finite priority
   */
  updatePriorities(indices: ArrayLike<number>, priorities: ArrayLike<number>): void {
    if (this.sums === undefined) return;
    if (indices.length !== priorities.length) {
      throw new ShapeError(`updatePriorities: ${indices.length} indices but ${priorities.length} priorities; pass one per index`);
    }
    for (let i = 0; i < indices.length; i++) {
      const slot = indices[i]!;
      if (!Number.isInteger(slot) || slot < 0 || slot >= this.size) throw new StateError(`updatePriorities: index ${slot} is not a stored sequence (${this.size} stored)`);
      const p = Math.abs(priorities[i]!) + this.epsilon;
      if (!Number.isFinite(p)) throw new NumericError(`updatePriorities: priority ${priorities[i]} for sequence ${slot} is not finite`);
      this.sums.set(slot, p ** this.exponent);
      this.mins!.set(slot, p ** this.exponent);
      if (p > this.maxPriority) this.maxPriority = p;
    }
  }

  /** The sampling mass priority^exponent of a stored sequence (prioritized buffers). */
  priority(slot: number): number {
    if (this.sums === undefined) throw new StateError('priority: this buffer samples uniformly');
    return this.sums.get(slot);
  }
}
