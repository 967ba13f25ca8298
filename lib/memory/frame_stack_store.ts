/**
 * FrameStackStore: replay storage for stacked observations (FrameStack's [H, W, C * k], k frames
 * of C channels interleaved, oldest first) that keeps each frame once. It fills the role of ALL's
 * lazy frames (all/bodies/vision.py, LazyState), which ALL's Atari presets need to fit 1,000,000
 * transitions in memory: four 84x84 frames per stack would cost 28 KB per observation instead of 7.
 *
 * It has the ObservationRing's interface (serials in the order added, the owner names the oldest
 * serial it still reads), so ExperienceReplayBuffer (and the prioritized and n-step buffers over
 * it) use it unchanged. A stack is recorded as the serials of its k frames. When a new stack's
 * first k - 1 frames equal the previous stack's last k - 1 (consecutive steps, which FrameStack
 * always produces), only its newest frame is stored; otherwise each frame that differs from the
 * one before it in the stack is stored. Frames are compared bit for bit, so a rebuilt stack always
 * equals the stack that was added, whatever produced it; sharing only saves memory.
 *
 * Frames live in chunks of `chunkFrames` frames allocated as needed and recycled once every frame
 * in them is older than what the owner still reads, so no single array has to hold 1,000,000
 * frames (7 GB; V8 caps one typed array well below that), and memory follows what is live.
 */
import { ConfigError, ShapeError, StateError } from '../core/errors';
import { allocateLike, type Observation, shapeSize } from '../core/state';
import type { ObservationStore } from './observation_store';
import { registerSnapshotClass } from '../core/snapshot';

const SERIAL_MODULUS = 2 ** 32;

/** Fixed-size blocks of a growing serial-indexed array, recycled once older than what is live. */
class Chunks<T extends Observation | Float64Array> {
  private readonly live = new Map<number, T>();
  private readonly free: T[] = [];

  /**
   * @param perChunk entries per chunk
   * @param width values per entry
   * @param like an (empty) array of the type to allocate: data, not a closure, so a checkpoint can recreate the store
   */
  constructor(
    private readonly perChunk: number,
    private readonly width: number,
    private readonly like: T,
  ) {}

  private allocate(length: number): T {
    return new (this.like.constructor as new (n: number) => T)(length);
  }

  /** The chunk holding `serial` and the offset of its entry (allocating the chunk if needed). */
  slot(serial: number): [T, number] {
    const index = Math.floor(serial / this.perChunk);
    let chunk = this.live.get(index);
    if (chunk === undefined) {
      chunk = this.free.pop() ?? this.allocate(this.perChunk * this.width);
      this.live.set(index, chunk);
    }
    return [chunk, (serial - index * this.perChunk) * this.width];
  }

  /** Recycles every chunk whose entries are all older than `oldestLive`. */
  release(oldestLive: number): void {
    const first = Math.floor(oldestLive / this.perChunk);
    for (const [index, chunk] of this.live) {
      if (index < first) {
        this.live.delete(index);
        this.free.push(chunk);
      }
    }
  }

  get bytes(): number {
    let n = 0;
    for (const c of this.live.values()) n += c.byteLength;
    for (const c of this.free) n += c.byteLength;
    return n;
  }
}

/** Options of FrameStackStore. */
export interface FrameStackStoreOptions {
  /** Frames per allocated chunk (default 1,024: 7 MB of 84x84 frames). */
  chunkFrames?: number;
}

/** Stacked observations stored one frame at a time; see the file header. */
export class FrameStackStore implements ObservationStore {
  readonly shape: readonly number[];
  readonly size: number;
  /** Values per frame. */
  readonly frameSize: number;
  private readonly channels: number;
  private readonly frames: Chunks<Observation>;
  /** Per stack, the serials of its k frames, oldest first. */
  private readonly stacks: Chunks<Float64Array>;
  private readonly like: Observation;
  private nextFrame = 0;
  private nextStack = 0;
  /** Scratch: the frames of the stack being added. */
  private readonly incoming: Observation[];
  private readonly refs: Float64Array;

  /**
   * @param like an observation of the type and length stored (not kept)
   * @param shape the stacked shape [H, W, C * k]
   * @param k frames per stack
   */
  constructor(like: Observation, shape: readonly number[], readonly k: number, options: FrameStackStoreOptions = {}) {
    if (!Number.isInteger(k) || k < 1) throw new ConfigError(`FrameStackStore needs k >= 1 frames per stack; received ${k}`);
    if (shape.length !== 3 || shape[2]! % k !== 0) {
      throw new ShapeError(`FrameStackStore stores stacks of shape [H, W, C * ${k}]; received [${shape.join(', ')}]`);
    }
    this.shape = [...shape];
    this.size = shapeSize(shape);
    if (like.length !== this.size) throw new ShapeError(`FrameStackStore: observation of ${like.length} values does not fit shape [${shape.join(', ')}]`);
    this.channels = shape[2]! / k;
    this.frameSize = this.size / k;
    this.like = like;
    const chunkFrames = options.chunkFrames ?? 1024;
    if (!Number.isInteger(chunkFrames) || chunkFrames < 1) throw new ConfigError(`FrameStackStore chunkFrames must be an integer >= 1; received ${chunkFrames}`);
    this.frames = new Chunks(chunkFrames, this.frameSize, allocateLike(like, 0));
    this.stacks = new Chunks(chunkFrames, k, new Float64Array(0));
    this.incoming = Array.from({ length: k }, () => allocateLike(like, this.frameSize));
    this.refs = new Float64Array(k);
  }

  get dtype(): 'float32' | 'uint8' {
    return this.like instanceof Uint8Array ? 'uint8' : 'float32';
  }

  /** Bytes allocated for frames and stack records. */
  get bytes(): number {
    return this.frames.bytes + this.stacks.bytes;
  }

  /** Frames stored so far (each once), for tests and reports. */
  get framesStored(): number {
    return this.nextFrame;
  }

  get newest(): number {
    return this.nextStack - 1;
  }

  add(observation: Observation, oldestLive: number): number {
    if (observation.constructor !== this.like.constructor || observation.length !== this.size) {
      throw new ShapeError(
        `Replay buffer holds ${this.dtype} stacks of shape [${this.shape.join(', ')}] but received a ` +
          `${observation.constructor.name} of ${observation.length} values; use one buffer per observation type and shape`,
      );
    }
    this.split(observation);
    const live = Math.min(Math.max(oldestLive, 0), this.nextStack);
    const oldestFrame = live < this.nextStack ? this.stackRef(live, 0) : this.nextFrame;
    this.frames.release(oldestFrame);
    this.stacks.release(live);
    const k = this.k;
    const prev = this.nextStack - 1;
    if (prev >= live && prev >= 0) {
      let same = true;
      for (let j = 0; j < k && same; j++) same = this.frameEquals(this.stackRef(prev, j), this.incoming[j]!);
      if (same) return prev;
      let shifted = true;
      for (let j = 0; j + 1 < k && shifted; j++) shifted = this.frameEquals(this.stackRef(prev, j + 1), this.incoming[j]!);
      if (shifted) {
        for (let j = 0; j + 1 < k; j++) this.refs[j] = this.stackRef(prev, j + 1);
        this.refs[k - 1] = this.addFrame(this.incoming[k - 1]!);
        return this.addStack();
      }
    }
    for (let j = 0; j < k; j++) {
      this.refs[j] = j > 0 && this.frameEquals(this.refs[j - 1]!, this.incoming[j]!) ? this.refs[j - 1]! : this.addFrame(this.incoming[j]!);
    }
    return this.addStack();
  }

  copyTo(serial: number, out: Float32Array | Uint8Array, offset: number): void {
    if (serial < 0 || serial >= this.nextStack) throw new StateError(`FrameStackStore: no stack ${serial} (newest ${this.newest})`);
    const k = this.k;
    const c = this.channels;
    const pixels = this.frameSize / c;
    const sources: Observation[] = [];
    const starts: number[] = [];
    for (let j = 0; j < k; j++) {
      const [chunk, at] = this.frames.slot(this.stackRef(serial, j));
      sources.push(chunk);
      starts.push(at);
    }
    if (c === 1) {
      // one channel (grey frames): write each pixel's k values side by side, in order
      for (let j = 0; j < k; j++) {
        const src = sources[j]!;
        const at = starts[j]!;
        let to = offset + j;
        for (let p = 0; p < pixels; p++, to += k) out[to] = src[at + p]!;
      }
      return;
    }
    for (let j = 0; j < k; j++) {
      const src = sources[j]!;
      const at = starts[j]!;
      for (let p = 0; p < pixels; p++) {
        const to = offset + p * c * k + j * c;
        const from = at + p * c;
        for (let q = 0; q < c; q++) out[to + q] = src[from + q]!;
      }
    }
  }

  expand(compacted: number): number {
    const newest = this.nextStack - 1;
    return newest - ((newest - compacted) % SERIAL_MODULUS + SERIAL_MODULUS) % SERIAL_MODULUS;
  }

  /** De-interleaves a stacked observation into `incoming`. */
  private split(observation: Observation): void {
    const k = this.k;
    const c = this.channels;
    const pixels = this.frameSize / c;
    for (let j = 0; j < k; j++) {
      const f = this.incoming[j]!;
      for (let p = 0; p < pixels; p++) for (let q = 0; q < c; q++) f[p * c + q] = observation[p * c * k + j * c + q]!;
    }
  }

  private stackRef(stack: number, j: number): number {
    const [chunk, at] = this.stacks.slot(stack);
    return chunk[at + j]!;
  }

  private frameEquals(serial: number, frame: Observation): boolean {
    const [chunk, at] = this.frames.slot(serial);
    if (frame instanceof Float32Array) {
      const a = new Int32Array(chunk.buffer, chunk.byteOffset + at * 4, this.frameSize);
      const b = new Int32Array(frame.buffer, frame.byteOffset, this.frameSize);
      for (let i = 0; i < this.frameSize; i++) if (a[i] !== b[i]) return false;
      return true;
    }
    for (let i = 0; i < this.frameSize; i++) if (chunk[at + i] !== frame[i]) return false;
    return true;
  }

  private addFrame(frame: Observation): number {
    const serial = this.nextFrame++;
    const [chunk, at] = this.frames.slot(serial);
    chunk.set(frame, at);
    return serial;
  }

  private addStack(): number {
    const serial = this.nextStack++;
    const [chunk, at] = this.stacks.slot(serial);
    chunk.set(this.refs, at);
    return serial;
  }
}

// Created by a replay buffer on its first stacked state, so a resumed run recreates them (lib/core/snapshot.ts).
registerSnapshotClass(Chunks);
registerSnapshotClass(FrameStackStore);
