/**
 * A uniform replay of one-step transitions stored in typed arrays (a ring of `capacity` rows),
 * sampled with an explicit key. It belongs to a training loop, not to an agent: the agents'
 * records never hold it. Ports the role of baselax's replay in its training loop (and of
 * lib/memory/experience_replay.ts), but stores rlax-named columns and samples by key.
 */
import { ConfigError, ShapeError } from '../core/errors';
import type { TransitionBatch } from './base_agent';
import { keyRandom, type Key } from './key';

/** A ring buffer of transitions. */
export class TransitionReplay {
  private readonly obsTm1: Float32Array;
  private readonly obsT: Float32Array;
  private readonly aTm1: Int32Array;
  private readonly rT: Float32Array;
  private readonly discountT: Float32Array;
  private next = 0;
  private count = 0;

  /**
   * @param capacity transitions kept (the oldest is overwritten)
   * @param observationSize values per observation
   */
  constructor(readonly capacity: number, readonly observationSize: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new ConfigError(`TransitionReplay needs a positive integer capacity; received ${capacity}`);
    if (!Number.isInteger(observationSize) || observationSize <= 0) {
      throw new ConfigError(`TransitionReplay needs a positive integer observationSize; received ${observationSize}`);
    }
    this.obsTm1 = new Float32Array(capacity * observationSize);
    this.obsT = new Float32Array(capacity * observationSize);
    this.aTm1 = new Int32Array(capacity);
    this.rT = new Float32Array(capacity);
    this.discountT = new Float32Array(capacity);
  }

  /** Transitions stored. */
  get size(): number {
    return this.count;
  }

  /**
   * Stores one transition, copying the observation rows.
   * @param obsTm1 source observations (row `rowTm1` is copied)
   * @param obsT destination observations (row `rowT` is copied)
   */
  add(obsTm1: Float32Array, rowTm1: number, aTm1: number, rT: number, discountT: number, obsT: Float32Array, rowT: number): void {
    const d = this.observationSize;
    if ((rowTm1 + 1) * d > obsTm1.length || (rowT + 1) * d > obsT.length) {
      throw new ShapeError(`TransitionReplay.add: row ${rowTm1} / ${rowT} is outside observations of ${obsTm1.length} / ${obsT.length} values (rows of ${d})`);
    }
    const i = this.next;
    this.obsTm1.set(obsTm1.subarray(rowTm1 * d, (rowTm1 + 1) * d), i * d);
    this.obsT.set(obsT.subarray(rowT * d, (rowT + 1) * d), i * d);
    this.aTm1[i] = aTm1;
    this.rT[i] = rT;
    this.discountT[i] = discountT;
    this.next = (i + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** `batchSize` transitions drawn uniformly with replacement from `key`, as fresh arrays. */
  sample(key: Key, batchSize: number): TransitionBatch {
    if (this.count === 0) throw new ConfigError('TransitionReplay.sample: the replay is empty; add transitions first');
    const rng = keyRandom(key);
    const d = this.observationSize;
    const out = {
      obsTm1: new Float32Array(batchSize * d),
      aTm1: new Int32Array(batchSize),
      rT: new Float32Array(batchSize),
      discountT: new Float32Array(batchSize),
      obsT: new Float32Array(batchSize * d),
    };
    for (let b = 0; b < batchSize; b++) {
      const i = rng.int(this.count);
      out.obsTm1.set(this.obsTm1.subarray(i * d, (i + 1) * d), b * d);
      out.obsT.set(this.obsT.subarray(i * d, (i + 1) * d), b * d);
      out.aTm1[b] = this.aTm1[i]!;
      out.rT[b] = this.rT[i]!;
      out.discountT[b] = this.discountT[i]!;
    }
    return out;
  }
}
