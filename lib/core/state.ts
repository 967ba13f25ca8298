/**
 * State and StateArray: what an environment returns and an agent receives. Plain data only
 * (typed arrays and numbers, never tensors), so nothing that crosses an agent boundary can leak.
 * Ports ALL's `State`/`StateArray`; `mask` is 0 only on a true termination, so a time-limit
 * truncation still bootstraps, as gymnasium's terminated/truncated split intends.
 */
import { ShapeError } from './errors';

/** Extra information an environment attaches to a state. */
export type Info = Record<string, unknown>;

/** What it takes to build a State. */
export interface StateInit {
  /** The observation, flat; a Float32Array is kept by reference (not copied), anything else is copied into one. */
  observation: ArrayLike<number>;
  /** The observation's shape; defaults to `[observation.length]`. */
  shape?: readonly number[];
  /** Reward received on arriving in this state. Default 0. */
  reward?: number;
  /** True when the MDP reached a terminal state. Default false. */
  terminated?: boolean;
  /** True when the episode was cut short (e.g. a time limit). Default false. */
  truncated?: boolean;
  /** Environment-specific extras. */
  info?: Info;
}

/** Number of elements of a shape. */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** One observation with its reward and episode flags. */
export class State {
  /** The observation, flat, row-major in `shape`. */
  readonly observation: Float32Array;
  readonly shape: readonly number[];
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  readonly info: Info;

  constructor(init: StateInit) {
    this.observation =
      init.observation instanceof Float32Array ? init.observation : Float32Array.from(init.observation);
    this.shape = init.shape ?? [this.observation.length];
    if (shapeSize(this.shape) !== this.observation.length) {
      throw new ShapeError(
        `State observation has ${this.observation.length} values but shape [${this.shape.join(', ')}] ` +
          `needs ${shapeSize(this.shape)}; pass a shape whose product equals the observation length`,
      );
    }
    this.reward = init.reward ?? 0;
    this.terminated = init.terminated ?? false;
    this.truncated = init.truncated ?? false;
    this.info = init.info ?? {};
  }

  /** The episode is over, by termination or truncation. */
  get done(): boolean {
    return this.terminated || this.truncated;
  }

  /** 0 on a true terminal state (no bootstrap), else 1. */
  get mask(): number {
    return this.terminated ? 0 : 1;
  }
}

/** A batch of states of the same shape, stored contiguously: `observation` has shape `[length, ...shape]`. */
export class StateArray {
  readonly observation: Float32Array;
  /** Shape of one state's observation. */
  readonly shape: readonly number[];
  readonly reward: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly info: Info[];

  constructor(init: {
    observation: Float32Array;
    shape: readonly number[];
    reward: Float32Array;
    terminated: Uint8Array;
    truncated: Uint8Array;
    info?: Info[];
  }) {
    const n = init.reward.length;
    const size = shapeSize(init.shape);
    if (init.observation.length !== n * size || init.terminated.length !== n || init.truncated.length !== n) {
      throw new ShapeError(
        `StateArray of ${n} states with shape [${init.shape.join(', ')}] needs ${n * size} observation values ` +
          `and ${n} flags each; received ${init.observation.length} values, ${init.terminated.length} terminated, ` +
          `${init.truncated.length} truncated`,
      );
    }
    this.observation = init.observation;
    this.shape = init.shape;
    this.reward = init.reward;
    this.terminated = init.terminated;
    this.truncated = init.truncated;
    this.info = init.info ?? Array.from({ length: n }, () => ({}));
  }

  /** Number of states in the batch. */
  get length(): number {
    return this.reward.length;
  }

  /** Shape of the whole observation batch. */
  get batchShape(): number[] {
    return [this.length, ...this.shape];
  }

  /** done flags (terminated or truncated) as 0/1. */
  get done(): Uint8Array {
    const out = new Uint8Array(this.length);
    for (let i = 0; i < out.length; i++) out[i] = this.terminated[i]! | this.truncated[i]!;
    return out;
  }

  /** mask per state: 0 on a true termination, else 1. */
  get mask(): Float32Array {
    const out = new Float32Array(this.length);
    for (let i = 0; i < out.length; i++) out[i] = this.terminated[i] ? 0 : 1;
    return out;
  }

  /** The i-th state (a copy of its observation). Negative i counts from the end. */
  get(i: number): State {
    const n = this.length;
    const k = i < 0 ? n + i : i;
    if (!Number.isInteger(k) || k < 0 || k >= n) {
      throw new RangeError(`StateArray index ${i} is out of range for ${n} states`);
    }
    const size = shapeSize(this.shape);
    return new State({
      observation: this.observation.slice(k * size, (k + 1) * size),
      shape: this.shape,
      reward: this.reward[k]!,
      terminated: this.terminated[k] === 1,
      truncated: this.truncated[k] === 1,
      info: this.info[k]!,
    });
  }

  /** States [start, end) as a new StateArray (copies). */
  slice(start: number, end: number = this.length): StateArray {
    const size = shapeSize(this.shape);
    return new StateArray({
      observation: this.observation.slice(start * size, end * size),
      shape: this.shape,
      reward: this.reward.slice(start, end),
      terminated: this.terminated.slice(start, end),
      truncated: this.truncated.slice(start, end),
      info: this.info.slice(start, end),
    });
  }

  /** Iterates the states one by one. */
  *[Symbol.iterator](): IterableIterator<State> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }

  /** Stacks single states of equal shape into a batch. */
  static stack(states: readonly State[]): StateArray {
    if (states.length === 0) throw new ShapeError('StateArray.stack needs at least one state; received none');
    const shape = states[0]!.shape;
    const size = shapeSize(shape);
    const observation = new Float32Array(states.length * size);
    const reward = new Float32Array(states.length);
    const terminated = new Uint8Array(states.length);
    const truncated = new Uint8Array(states.length);
    states.forEach((s, i) => {
      if (s.observation.length !== size) {
        throw new ShapeError(
          `StateArray.stack: state ${i} has shape [${s.shape.join(', ')}] but state 0 has [${shape.join(', ')}]; ` +
            'only states of one shape can be stacked',
        );
      }
      observation.set(s.observation, i * size);
      reward[i] = s.reward;
      terminated[i] = s.terminated ? 1 : 0;
      truncated[i] = s.truncated ? 1 : 0;
    });
    return new StateArray({ observation, shape, reward, terminated, truncated, info: states.map((s) => s.info) });
  }

  /** Joins batches of the same per-state shape end to end. */
  static concat(arrays: readonly StateArray[]): StateArray {
    if (arrays.length === 0) throw new ShapeError('StateArray.concat needs at least one StateArray; received none');
    const shape = arrays[0]!.shape;
    const size = shapeSize(shape);
    for (const [i, a] of arrays.entries()) {
      if (shapeSize(a.shape) !== size || a.shape.length !== shape.length) {
        throw new ShapeError(
          `StateArray.concat: array ${i} has state shape [${a.shape.join(', ')}] but array 0 has [${shape.join(', ')}]`,
        );
      }
    }
    const join = <T extends Float32Array | Uint8Array>(parts: T[], make: (n: number) => T): T => {
      const out = make(parts.reduce((n, p) => n + p.length, 0));
      let offset = 0;
      for (const p of parts) {
        out.set(p, offset);
        offset += p.length;
      }
      return out;
    };
    return new StateArray({
      observation: join(arrays.map((a) => a.observation), (n) => new Float32Array(n)),
      shape,
      reward: join(arrays.map((a) => a.reward), (n) => new Float32Array(n)),
      terminated: join(arrays.map((a) => a.terminated), (n) => new Uint8Array(n)),
      truncated: join(arrays.map((a) => a.truncated), (n) => new Uint8Array(n)),
      info: arrays.flatMap((a) => a.info),
    });
  }
}
