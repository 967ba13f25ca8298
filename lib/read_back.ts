/**
 * Reading tensors back to plain arrays, the form everything crossing an agent boundary takes.
 *
 * Why not `tf.tidy(() => t.dataSync())`: tf.tidy searches whatever its function returns for
 * tensors to keep, and it walks a typed array element by element (adding each value to a Set).
 * Returning C51's 25,856 bootstrap probabilities that way took over half of every update. These
 * helpers run the tidy on tensors only and read the result after it, which costs nothing extra.
 */
import { ShapeError } from './core/errors';
import { tf } from './tf';
import type { Tensor } from './tf';

/**
 * Runs `fn` in a tf.tidy and returns its float32 tensor's values; every tensor is disposed.
 * @param fn builds one float32 tensor (intermediate tensors are released by the tidy)
 * @returns a new Float32Array the caller owns (never shared with a live tensor)
 * @throws ShapeError if the tensor is not float32 (use readInts for int32 results)
 */
export function readFloats(fn: () => Tensor): Float32Array {
  return readOne(fn, 'float32') as Float32Array;
}

/**
 * Runs `fn` in a tf.tidy and returns its int32 tensor's values (argMax results, sampled actions).
 * @returns a new Int32Array the caller owns
 * @throws ShapeError if the tensor is not int32
 */
export function readInts(fn: () => Tensor): Int32Array {
  return readOne(fn, 'int32') as Int32Array;
}

/**
 * Runs `fn` in a tf.tidy and returns the values of each float32 tensor it returns, in order.
 * @returns one new Float32Array per tensor, owned by the caller
 */
export function readAllFloats(fn: () => Tensor[]): Float32Array[] {
  const tensors = tf.tidy(fn);
  try {
    return tensors.map((t) => copyOut(t, 'float32') as Float32Array);
  } finally {
    for (const t of tensors) t.dispose();
  }
}

function readOne(fn: () => Tensor, dtype: 'float32' | 'int32'): Float32Array | Int32Array {
  const t = tf.tidy(fn);
  try {
    return copyOut(t, dtype);
  } finally {
    t.dispose();
  }
}

function copyOut(t: Tensor, dtype: 'float32' | 'int32'): Float32Array | Int32Array {
  if (t.dtype !== dtype) {
    throw new ShapeError(`expected a tensor of dtype ${dtype} to read back (readFloats for float32, readInts for int32), received ${t.dtype} of shape [${t.shape.join(', ')}]`);
  }
  const values = t.dataSync() as Float32Array | Int32Array;
  // wasm's read already copies out of its heap; other backends (cpu) may hand out the storage
  // a reshaped tensor still shares, so those get a copy.
  return tf.getBackend() === 'wasm' ? values : values.slice();
}
