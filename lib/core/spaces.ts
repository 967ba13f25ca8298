/**
 * Observation and action spaces, as gymnasium's `Discrete` and `Box`. `contains` is what
 * environments use to reject bad actions.
 *
 * Sampling, as gymnasium's `space.sample()` / `space.seed(n)`: every space owns a generator, seeded
 * by `space.seed(n)` or, left unseeded, from a random seed at the first `sample()`. Library code
 * passes the run's `Random` instead (`space.sample(rng)`), so runs stay reproducible from one seed
 * and never touch the space's own stream. Differences from gymnasium 0.29: the streams come from
 * allts's `Random` (not numpy's), and a seed must be a non-negative integer below 2^53.
 */
import { ConfigError, ShapeError } from './errors';
import { Random } from './random';
import { shapeSize } from './state';

/**
 * What every space kind shares: its own seedable generator, used by `sample()` when no
 * generator is passed. Each space object has its own stream, so seeding one environment's
 * action space leaves every other space alone.
 */
export abstract class SeedableSpace {
  /** The space's own generator; created at the first `seed()` or argument-less `sample()`. */
  #rng: Random | undefined;

  /**
   * Seeds this space's own generator (gymnasium's `Space.seed`), so `sample()` without an
   * argument gives a reproducible sequence. It does not affect `sample(rng)`.
   * @param seed a non-negative integer; omitted, a random seed is drawn (and returned)
   * @returns the seeds used, as gymnasium 0.29's list: `[seed]`
   * @throws ConfigError when `seed` is not a non-negative safe integer
   */
  seed(seed?: number): number[] {
    if (seed !== undefined && !(typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0)) {
      throw new ConfigError(
        `${this.toString()}.seed() needs a non-negative integer seed; received ${typeof seed === 'number' ? seed : `a ${typeof seed}`}. ` +
          'Pass e.g. space.seed(0), or nothing for a random seed.',
      );
    }
    const used = seed ?? Math.floor(Math.random() * 2 ** 32);
    if (this.#rng === undefined) this.#rng = new Random(used);
    else this.#rng.seed(used);
    return [used];
  }

  /** The generator a sample draws from: `rng` when given, else the space's own (seeded on first use). */
  protected generator(rng?: Random): Random {
    if (rng !== undefined) return rng;
    if (this.#rng === undefined) this.seed();
    return this.#rng!;
  }

  /** A random element of the space. */
  abstract sample(rng?: Random): unknown;
  /** True when `x` is an element of the space. */
  abstract contains(x: unknown): boolean;
  /** The space as gymnasium prints it, e.g. `Discrete(2)`. */
  abstract toString(): string;
}

/** A finite set of integer actions {start, ..., start + n - 1}. */
export class Discrete extends SeedableSpace {
  readonly kind = 'discrete' as const;
  constructor(
    /** Number of elements. */
    readonly n: number,
    /** Smallest element. */
    readonly start = 0,
  ) {
    super();
    if (!Number.isInteger(n) || n <= 0) {
      throw new ConfigError(`Discrete space needs a positive integer n, received ${n}`);
    }
  }

  /** The shape of one element: a scalar. */
  get shape(): number[] {
    return [];
  }

  /**
   * A uniformly random element.
   * @param rng the generator to draw from (library code passes the run's); omitted, the space's
   *   own generator (see {@link SeedableSpace.seed})
   */
  sample(rng?: Random): number {
    return this.start + this.generator(rng).int(this.n);
  }

  contains(x: unknown): boolean {
    return typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }

  toJSON(): object {
    return { kind: this.kind, n: this.n, start: this.start };
  }
}

/** A box in R^n: every element between its `low` and `high` (inclusive; may be infinite). */
export class Box extends SeedableSpace {
  readonly kind = 'box' as const;
  readonly low: Float32Array;
  readonly high: Float32Array;
  readonly shape: readonly number[];
  /** Element type; observations of a uint8 Box travel as Uint8Array (see lib/core/state.ts). */
  readonly dtype: BoxDtype;

  /**
   * @param low lower bounds, one number for all elements or one per element
   * @param high upper bounds, likewise
   * @param shape shape of one element; required when low and high are numbers
   * @param options.dtype element type, 'float32' (default) or 'uint8' (bounds within [0, 255])
   */
  constructor(
    low: number | ArrayLike<number>,
    high: number | ArrayLike<number>,
    shape?: readonly number[],
    options: { dtype?: BoxDtype } = {},
  ) {
    super();
    const inferred = typeof low === 'number' ? (typeof high === 'number' ? undefined : high.length) : low.length;
    this.shape = shape ?? (inferred === undefined ? [] : [inferred]);
    if (shape === undefined && inferred === undefined) {
      throw new ConfigError('Box needs a shape when low and high are both numbers, e.g. new Box(-1, 1, [2])');
    }
    const size = shapeSize(this.shape);
    const fill = (v: number | ArrayLike<number>, what: string): Float32Array => {
      if (typeof v === 'number') return new Float32Array(size).fill(v);
      if (v.length !== size) {
        throw new ShapeError(`Box ${what} has ${v.length} values but shape [${this.shape.join(', ')}] needs ${size}`);
      }
      return Float32Array.from(v);
    };
    this.low = fill(low, 'low');
    this.high = fill(high, 'high');
    for (let i = 0; i < size; i++) {
      if (!(this.low[i]! <= this.high[i]!)) {
        throw new ConfigError(`Box low[${i}]=${this.low[i]} is above high[${i}]=${this.high[i]}`);
      }
    }
    this.dtype = checkDtype(options.dtype ?? 'float32', this.low, this.high);
  }

  /** Number of elements. */
  get size(): number {
    return this.low.length;
  }

  /**
   * A uniform sample where both bounds are finite; a normal sample where both are infinite;
   * a shifted exponential where one is (as gymnasium's Box.sample).
   * @param rng the generator to draw from (library code passes the run's); omitted, the space's
   *   own generator (see {@link SeedableSpace.seed})
   */
  sample(rng?: Random): Float32Array {
    const r = this.generator(rng);
    const out = new Float32Array(this.size);
    for (let i = 0; i < out.length; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      const loFinite = Number.isFinite(lo);
      const hiFinite = Number.isFinite(hi);
      // uint8 boxes hold integers (bounds are integers in [0, 255]): uniform over lo..hi, as gymnasium
      if (this.dtype === 'uint8') out[i] = lo + r.int(hi - lo + 1);
      else if (loFinite && hiFinite) out[i] = r.uniform(lo, hi);
      else if (!loFinite && !hiFinite) out[i] = r.normal();
      else if (loFinite) out[i] = lo - Math.log(1 - r.random());
      else out[i] = hi + Math.log(1 - r.random());
    }
    return out;
  }

  contains(x: unknown): boolean {
    const typed = x instanceof Float32Array || x instanceof Float64Array || (this.dtype === 'uint8' && x instanceof Uint8Array);
    if (!(typed || Array.isArray(x))) return false;
    const arr = x as ArrayLike<number>;
    if (arr.length !== this.size) return false;
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i]!;
      if (typeof v !== 'number' || Number.isNaN(v) || v < this.low[i]! || v > this.high[i]!) return false;
      if (this.dtype === 'uint8' && !Number.isInteger(v)) return false;
    }
    return true;
  }

  toString(): string {
    const bound = (a: Float32Array): string =>
      a.every((v) => v === a[0]) ? String(a[0]) : `[${Array.from(a).join(', ')}]`;
    const dtype = this.dtype === 'float32' ? '' : `, ${this.dtype}`;
    return `Box(${bound(this.low)}, ${bound(this.high)}, (${this.shape.join(', ')})${dtype})`;
  }

  toJSON(): object {
    const json = { kind: this.kind, low: Array.from(this.low), high: Array.from(this.high), shape: this.shape };
    // float32 is the default: saved files of float boxes stay as they were.
    return this.dtype === 'float32' ? json : { ...json, dtype: this.dtype };
  }
}

/** Element type of a Box: 'float32' (default) or 'uint8' (image frames, 4x smaller in memory). */
export type BoxDtype = 'float32' | 'uint8';

/** Checks a Box's dtype and, for uint8, that its bounds are integers in [0, 255]; returns the dtype. */
function checkDtype(dtype: BoxDtype, low: Float32Array, high: Float32Array): BoxDtype {
  if (dtype !== 'float32' && dtype !== 'uint8') {
    throw new ConfigError(`Box dtype must be 'float32' or 'uint8'; received ${JSON.stringify(dtype)}`);
  }
  if (dtype === 'uint8') {
    for (let i = 0; i < low.length; i++) {
      const ok = (v: number) => Number.isInteger(v) && v >= 0 && v <= 255;
      if (!ok(low[i]!) || !ok(high[i]!)) {
        throw new ConfigError(
          `A uint8 Box needs integer bounds in [0, 255]; received low[${i}]=${low[i]}, high[${i}]=${high[i]}`,
        );
      }
    }
  }
  return dtype;
}

/** Any space. */
export type Space = Discrete | Box;
