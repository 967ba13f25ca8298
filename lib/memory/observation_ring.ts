/**
 * A ring of observations for replay memory, each observation stored once, in its own type
 * (Float32Array or Uint8Array), and named by a serial number: 0, 1, 2, ... in the order added.
 *
 * A replay buffer keeps, per transition, the serials of its start and end observations instead
 * of two copies. Consecutive transitions of an episode share an observation (the end of one is
 * the start of the next): `add` returns the newest serial again when the observation added is
 * bitwise equal to the newest one, so a chain of one-step stores costs one observation per
 * transition, plus one per episode for its final observation (terminal or truncated), which no
 * transition starts from. An n-step buffer adds observations in time order too, so its
 * transitions (s_t -> s_{t+n}) point n serials ahead into the same ring.
 *
 * The owner says which serials are still needed (every serial from `oldestLive` on); the ring
 * grows, keeping serials, when adding would overwrite one of those. Growth doubles up to the
 * `softSlots` the owner expects (about one observation per transition plus some episode ends),
 * then adds `growthSlots` at a time, so memory follows what the stored episodes really need.
 *
 * Room for frame stacks (not implemented): a stacked observation of k frames would be k
 * consecutive serials of single frames within an episode; the ring would store frames, a
 * transition the serial of its newest frame, and a gather would copy the k frames (repeating the
 * episode's first frame where the stack reaches before it, as gymnasium's FrameStack does), so
 * consecutive stacks share k - 1 frames instead of storing each stack whole.
 */
import { ConfigError, ShapeError, StateError } from '../core/errors';
import { type Observation, allocateLike, shapeSize } from '../core/state';
import { registerSnapshotClass } from '../core/snapshot';

/** Serials are stored per transition as unsigned 32-bit numbers; the ring expands them back. */
const SERIAL_MODULUS = 2 ** 32;

/** Options of `ObservationRing`. */
export interface ObservationRingOptions {
  /** Slots allocated first (observations); default `min(softSlots, 256)`. */
  initialSlots?: number;
  /** Size the ring doubles up to (observations); beyond it, it grows by `growthSlots`. */
  softSlots: number;
  /** Slots added per growth once past `softSlots` (observations, >= 1). */
  growthSlots: number;
}

/** Observations stored once each, addressed by serial; see the file header. */
export class ObservationRing {
  /** Shape of one observation. */
  readonly shape: readonly number[];
  /** Values per observation. */
  readonly size: number;
  private readonly softSlots: number;
  private readonly growthSlots: number;
  private data: Observation;
  /** `data` viewed as integers, so observations are compared bit for bit (-0 and NaN payloads included). */
  private bits: Int32Array | Uint8Array;
  private slots: number;
  /** The serial the next new observation gets. */
  private nextSerial = 0;

  /**
   * @param like an observation of the type and length the ring holds (not stored).
   * @param shape the observation shape.
   * @param options growth policy, in observations.
   */
  constructor(like: Observation, shape: readonly number[], options: ObservationRingOptions) {
    this.shape = [...shape];
    this.size = shapeSize(shape);
    if (like.length !== this.size) {
      throw new ShapeError(`ObservationRing: observation of ${like.length} values does not fit shape [${shape.join(', ')}]`);
    }
    for (const [name, v] of [['softSlots', options.softSlots], ['growthSlots', options.growthSlots]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ConfigError(`ObservationRing ${name} must be an integer >= 1; received ${v}`);
    }
    this.softSlots = options.softSlots;
    this.growthSlots = options.growthSlots;
    this.slots = Math.max(1, options.initialSlots ?? Math.min(options.softSlots, 256));
    this.data = allocateLike(like, this.slots * this.size);
    this.bits = bitsOf(this.data);
  }

  /** The observation type the ring holds. */
  get dtype(): 'float32' | 'uint8' {
    return this.data instanceof Uint8Array ? 'uint8' : 'float32';
  }

  /** Observations the ring has room for before it grows. */
  get capacity(): number {
    return this.slots;
  }

  /** Bytes of observation storage allocated. */
  get bytes(): number {
    return this.data.byteLength;
  }

  /** Serial of the newest observation, or -1 before the first. */
  get newest(): number {
    return this.nextSerial - 1;
  }

  /**
   * Stores `observation` and returns its serial; returns the newest serial instead when the
   * observation equals the newest one bit for bit. Grows first if storing would overwrite a serial
   * `>= oldestLive`.
   * @param observation the values, of the ring's type and size.
   * @param oldestLive the oldest serial the owner still reads.
   */
  add(observation: Observation, oldestLive: number): number {
    this.check(observation);
    if (this.nextSerial > 0 && this.equalsNewest(observation)) return this.nextSerial - 1;
    const needed = this.nextSerial - Math.min(oldestLive, this.nextSerial) + 1;
    if (needed > this.slots) {
      const target = this.slots < this.softSlots ? Math.min(2 * this.slots, this.softSlots) : this.slots + this.growthSlots;
      this.resize(Math.max(target, needed), oldestLive);
    }
    const serial = this.nextSerial++;
    this.data.set(observation, (serial % this.slots) * this.size);
    return serial;
  }

  /** Copies observation `serial` into `out` at `offset` (converting to `out`'s type). */
  copyTo(serial: number, out: Float32Array | Uint8Array, offset: number): void {
    const start = (serial % this.slots) * this.size;
    out.set(this.data.subarray(start, start + this.size), offset);
  }

  /** A serial as stored per transition (unsigned 32 bits). */
  static compact(serial: number): number {
    return serial % SERIAL_MODULUS;
  }

  /**
   * The serial a compacted one stands for: the latest serial at or before the newest with the
   * same low 32 bits (unambiguous while fewer than 2^32 observations are live).
   */
  expand(compacted: number): number {
    const newest = this.nextSerial - 1;
    return newest - ((newest - compacted) % SERIAL_MODULUS + SERIAL_MODULUS) % SERIAL_MODULUS;
  }

  private check(observation: Observation): void {
    if (observation.constructor !== this.data.constructor || observation.length !== this.size) {
      throw new ShapeError(
        `Replay buffer holds ${this.dtype} observations of shape [${this.shape.join(', ')}] but received a ` +
          `${observation.constructor.name} of ${observation.length} values; use one buffer per observation type and shape`,
      );
    }
  }

  private equalsNewest(observation: Observation): boolean {
    const incoming = bitsOf(observation);
    const start = ((this.nextSerial - 1) % this.slots) * this.size;
    for (let i = 0; i < this.size; i++) if (incoming[i] !== this.bits[start + i]) return false;
    return true;
  }

  /** Moves every serial from `oldestLive` on into a ring of `slots` observations. */
  private resize(slots: number, oldestLive: number): void {
    if (oldestLive < this.nextSerial - this.slots) {
      throw new StateError(`ObservationRing: serial ${oldestLive} was already overwritten; it cannot be kept`);
    }
    const data = allocateLike(this.data, slots * this.size);
    for (let serial = Math.max(0, oldestLive); serial < this.nextSerial; serial++) {
      const from = (serial % this.slots) * this.size;
      data.set(this.data.subarray(from, from + this.size), (serial % slots) * this.size);
    }
    this.data = data;
    this.bits = bitsOf(data);
    this.slots = slots;
  }
}

/** The integer view used for bitwise comparison. */
function bitsOf(observation: Observation): Int32Array | Uint8Array {
  return observation instanceof Uint8Array
    ? observation
    : new Int32Array(observation.buffer, observation.byteOffset, observation.length);
}

// Created lazily, so a resumed run recreates them from checkpoints (lib/core/snapshot.ts).
registerSnapshotClass(ObservationRing);
