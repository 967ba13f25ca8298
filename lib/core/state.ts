/**
 * State and StateArray: what an environment returns and an agent receives. Plain data only
 * (typed arrays and numbers, never tensors), so nothing that crosses an agent boundary can leak.
 * Ports ALL's `State`/`StateArray`; `mask` is 0 only on a true termination, so a time-limit
 * truncation still bootstraps, as gymnasium's terminated/truncated split intends.
 *
 * Observations keep the type of their space: Float32Array for a float32 Box, Uint8Array for a
 * uint8 Box (image frames, 4x less memory than floats). `State` and `StateArray` are generic in
 * that type, defaulting to Float32Array, so code written for float observations reads unchanged.
 */
import { ShapeError } from './errors';
import { registerSnapshotClass } from './snapshot';

/** The typed array one observation is stored in: Float32Array (float32 spaces) or Uint8Array (uint8 spaces). */
export type Observation = Float32Array | Uint8Array;

/** Extra information an environment attaches to a state. */
export type Info = Record<string, unknown>;

/**
 * What it takes to build a State. `O` is the type the caller passes: a Float32Array or Uint8Array
 * is kept by reference (not copied) and fixes the State's observation type; any other array of
 * numbers is copied into a Float32Array.
 */
export interface StateInit<O extends ArrayLike<number> = ArrayLike<number>> {
  /** The observation, flat, row-major in `shape`. */
  observation: O;
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
  /**
   * Legal actions of a discrete action space, 1 (legal) or 0 (illegal) per action, as
   * PettingZoo's `action_mask`. Omitted: every action is legal. Kept by reference when a Uint8Array.
   */
  actionMask?: ArrayLike<number>;
}

/** Number of elements of a shape. */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** One observation with its reward and episode flags; `O` is the observation's typed array. Build it with `new State(...)`. */
export class StateClass<O extends Observation = Float32Array> {
  /** The observation, flat, row-major in `shape`. */
  readonly observation: O;
  readonly shape: readonly number[];
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  readonly info: Info;
  /** Legal actions (1) and illegal ones (0), when the environment restricts them; undefined: all legal. */
  readonly actionMask: Uint8Array | undefined;

  constructor(init: StateInit) {
    const o = init.observation;
    this.observation = (o instanceof Float32Array || o instanceof Uint8Array ? o : Float32Array.from(o)) as O;
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
    const m = init.actionMask;
    this.actionMask = m === undefined ? undefined : m instanceof Uint8Array ? m : Uint8Array.from(m);
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

/**
 * How `new State(init)` is typed: a Float32Array or Uint8Array observation gives a State of that
 * type; any other array of numbers (copied into a Float32Array) gives a `State<Float32Array>`.
 */
export interface StateConstructor {
  new <O extends Observation>(init: StateInit<O>): StateClass<O>;
  new (init: StateInit): StateClass<Float32Array>;
  readonly prototype: StateClass<Observation>;
}

/** One observation with its reward and episode flags (see `StateClass`); `new State({ observation })`. */
export const State = StateClass as StateConstructor;
/** A State whose observation is an `O` (default Float32Array). */
export type State<O extends Observation = Float32Array> = StateClass<O>;

/**
 * A batch of states of the same shape, stored contiguously: `observation` has shape
 * `[length, ...shape]`; `O` is the observation's typed array (default Float32Array).
 */
export class StateArray<O extends Observation = Float32Array> {
  readonly observation: O;
  /** Shape of one state's observation. */
  readonly shape: readonly number[];
  readonly reward: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly info: Info[];

  constructor(init: {
    observation: O;
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
  get(i: number): State<O> {
    const n = this.length;
    const k = i < 0 ? n + i : i;
    if (!Number.isInteger(k) || k < 0 || k >= n) {
      throw new RangeError(`StateArray index ${i} is out of range for ${n} states`);
    }
    const size = shapeSize(this.shape);
    return new State<O>({
      observation: this.observation.slice(k * size, (k + 1) * size) as O,
      shape: this.shape,
      reward: this.reward[k]!,
      terminated: this.terminated[k] === 1,
      truncated: this.truncated[k] === 1,
      info: this.info[k]!,
    });
  }

  /** States [start, end) as a new StateArray (copies). */
  slice(start: number, end: number = this.length): StateArray<O> {
    const size = shapeSize(this.shape);
    return new StateArray<O>({
      observation: this.observation.slice(start * size, end * size) as O,
      shape: this.shape,
      reward: this.reward.slice(start, end),
      terminated: this.terminated.slice(start, end),
      truncated: this.truncated.slice(start, end),
      info: this.info.slice(start, end),
    });
  }

  /** Iterates the states one by one. */
  *[Symbol.iterator](): IterableIterator<State<O>> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }

  /** Stacks single states of equal shape and observation type into a batch (of state 0's type). */
  static stack<O extends Observation>(states: readonly State<O>[]): StateArray<O> {
    if (states.length === 0) throw new ShapeError('StateArray.stack needs at least one state; received none');
    const shape = states[0]!.shape;
    const size = shapeSize(shape);
    const observation = allocateLike(states[0]!.observation, states.length * size);
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
      checkSameType(s.observation, observation, `StateArray.stack: state ${i}`);
      observation.set(s.observation, i * size);
      reward[i] = s.reward;
      terminated[i] = s.terminated ? 1 : 0;
      truncated[i] = s.truncated ? 1 : 0;
    });
    return new StateArray({ observation, shape, reward, terminated, truncated, info: states.map((s) => s.info) });
  }

  /** Joins batches of the same per-state shape end to end. */
  static concat<O extends Observation>(arrays: readonly StateArray<O>[]): StateArray<O> {
    if (arrays.length === 0) throw new ShapeError('StateArray.concat needs at least one StateArray; received none');
    const shape = arrays[0]!.shape;
    const size = shapeSize(shape);
    for (const [i, a] of arrays.entries()) {
      if (shapeSize(a.shape) !== size || a.shape.length !== shape.length) {
        throw new ShapeError(
          `StateArray.concat: array ${i} has state shape [${a.shape.join(', ')}] but array 0 has [${shape.join(', ')}]`,
        );
      }
      checkSameType(a.observation, arrays[0]!.observation, `StateArray.concat: array ${i}`);
    }
    const join = <T extends Observation>(parts: T[], make: (n: number) => T): T => {
      const out = make(parts.reduce((n, p) => n + p.length, 0));
      let offset = 0;
      for (const p of parts) {
        out.set(p, offset);
        offset += p.length;
      }
      return out;
    };
    return new StateArray({
      observation: join(arrays.map((a) => a.observation), (n) => allocateLike(arrays[0]!.observation, n)),
      shape,
      reward: join(arrays.map((a) => a.reward), (n) => new Float32Array(n)),
      terminated: join(arrays.map((a) => a.terminated), (n) => new Uint8Array(n)),
      truncated: join(arrays.map((a) => a.truncated), (n) => new Uint8Array(n)),
      info: arrays.flatMap((a) => a.info),
    });
  }
}

/** A zeroed array of `length` values of the same type as `like`. */
export function allocateLike<O extends Observation>(like: O, length: number): O {
  return (like instanceof Uint8Array ? new Uint8Array(length) : new Float32Array(length)) as O;
}

/** Throws a ShapeError when `received` is not of `expected`'s observation type. */
function checkSameType(received: Observation, expected: Observation, who: string): void {
  if (received.constructor !== expected.constructor) {
    throw new ShapeError(
      `${who} has a ${received.constructor.name} observation but the batch holds ${expected.constructor.name}; ` +
        'states of one batch must share an observation type (convert them first)',
    );
  }
}

// Created lazily, so a resumed run recreates them from checkpoints (lib/core/snapshot.ts).
registerSnapshotClass(StateClass);
registerSnapshotClass(StateArray);
