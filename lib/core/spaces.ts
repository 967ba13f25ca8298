/**
 * Observation and action spaces, as gymnasium's `Discrete` and `Box`. Sampling draws from the
 * run's seeded `Random`; `contains` is what environments use to reject bad actions.
 */
import { ConfigError, ShapeError } from './errors';
import type { Random } from './random';
import { shapeSize } from './state';

/** A finite set of integer actions {start, ..., start + n - 1}. */
export class Discrete {
  readonly kind = 'discrete' as const;
  constructor(
    /** Number of elements. */
    readonly n: number,
    /** Smallest element. */
    readonly start = 0,
  ) {
    if (!Number.isInteger(n) || n <= 0) {
      throw new ConfigError(`Discrete space needs a positive integer n, received ${n}`);
    }
  }

  /** The shape of one element: a scalar. */
  get shape(): number[] {
    return [];
  }

  sample(rng: Random): number {
    return this.start + rng.int(this.n);
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
export class Box {
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
   */
  sample(rng: Random): Float32Array {
    const out = new Float32Array(this.size);
    for (let i = 0; i < out.length; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      const loFinite = Number.isFinite(lo);
      const hiFinite = Number.isFinite(hi);
      if (loFinite && hiFinite) out[i] = rng.uniform(lo, hi);
      else if (!loFinite && !hiFinite) out[i] = rng.normal();
      else if (loFinite) out[i] = lo - Math.log(1 - rng.random());
      else out[i] = hi + Math.log(1 - rng.random());
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
