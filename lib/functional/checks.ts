/**
 * Argument checks shared by the functional building blocks. rlax checks ranks and dtypes with
 * `chex` at trace time; here the same checks run in plain JavaScript before any kernel is
 * launched, so they cost no tensor operations and a bad call fails with a ShapeError or
 * ConfigError that names the function, the argument, what it received and what it expected.
 * Internal to lib/functional (not re-exported from its index).
 */
import { ConfigError, ShapeError } from '../core/errors';
import type { Tensor } from '../tf';

function fmt(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Throws unless `t` is a tensor whose rank is one of `ranks`. */
export function assertRank(fn: string, name: string, t: unknown, ranks: number | readonly number[]): void {
  const allowed = typeof ranks === 'number' ? [ranks] : ranks;
  if (t === null || typeof t !== 'object' || !('shape' in t) || !('dtype' in t)) {
    throw new ShapeError(`${fn}: ${name} must be a tf.Tensor of rank ${allowed.join(' or ')}; received ${typeof t}`);
  }
  const tensor = t as Tensor;
  if (!allowed.includes(tensor.rank)) {
    throw new ShapeError(
      `${fn}: ${name} must have rank ${allowed.join(' or ')}; received shape ${fmt(tensor.shape)} ` +
        `(rank ${tensor.rank}); reshape it or check the argument order`,
    );
  }
}

/** Throws unless `t` holds float32 values (rewards, values, logits, discounts...). */
export function assertFloat(fn: string, name: string, t: Tensor): void {
  if (t.dtype !== 'float32') {
    throw new ShapeError(
      `${fn}: ${name} must be float32; received dtype ${t.dtype}; convert it with tf.cast(${name}, 'float32')`,
    );
  }
}

/** Throws unless `t` holds int32 values (action indices). */
export function assertInt(fn: string, name: string, t: Tensor): void {
  if (t.dtype !== 'int32') {
    throw new ShapeError(
      `${fn}: ${name} must be int32 action indices; received dtype ${t.dtype}; ` +
        `build it from an Int32Array or convert it with tf.cast(${name}, 'int32')`,
    );
  }
}

/** Throws unless dimension `axis` of every tensor equals `size` (the batch or sequence length). */
export function assertDim(fn: string, axis: number, size: number, named: Record<string, Tensor>): void {
  for (const [name, t] of Object.entries(named)) {
    if (t.shape[axis] !== size) {
      throw new ShapeError(
        `${fn}: ${name} has shape ${fmt(t.shape)} but its dimension ${axis} must be ${size} ` +
          `to match the other arguments; pass tensors from the same batch`,
      );
    }
  }
}

/** Throws unless every tensor has exactly the shape of the first. */
export function assertSameShape(fn: string, named: Record<string, Tensor>): void {
  const entries = Object.entries(named);
  const first = entries[0];
  if (first === undefined) return;
  const [firstName, firstTensor] = first;
  for (const [name, t] of entries.slice(1)) {
    if (t.shape.length !== firstTensor.shape.length || t.shape.some((d, i) => d !== firstTensor.shape[i])) {
      throw new ShapeError(
        `${fn}: ${name} has shape ${fmt(t.shape)} but must match ${firstName} ${fmt(firstTensor.shape)}`,
      );
    }
  }
}

/** Throws unless `x` is a finite number in [min, max] (and an integer when asked). */
export function assertNumber(
  fn: string,
  name: string,
  x: number,
  opts: { min?: number; max?: number; integer?: boolean } = {},
): void {
  const { min = -Infinity, max = Infinity, integer = false } = opts;
  if (typeof x !== 'number' || Number.isNaN(x) || x < min || x > max || (integer && !Number.isInteger(x))) {
    const range = `${min === -Infinity ? '(-inf' : `[${min}`}, ${max === Infinity ? 'inf)' : `${max}]`}`;
    throw new ConfigError(
      `${fn}: ${name} must be ${integer ? 'an integer' : 'a number'} in ${range}; received ${String(x)}`,
    );
  }
}

/**
 * Checks same-shaped float sequences, [T] or time-major [T, B], and returns their length T;
 * throws a ShapeError naming `fn` when they are empty.
 */
export function assertSequences(fn: string, named: Record<string, Tensor>): number {
  for (const [name, t] of Object.entries(named)) {
    assertRank(fn, name, t, [1, 2]);
    assertFloat(fn, name, t);
  }
  assertSameShape(fn, named);
  const length = (Object.values(named)[0] as Tensor).shape[0] as number;
  if (length === 0) throw new ShapeError(`${fn}: the sequences are empty (length 0); pass at least one time step`);
  return length;
}
