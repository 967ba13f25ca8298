/**
 * Indexing helpers shared by the value-learning, distributional and policy-gradient functions.
 * Ports rlax's `base.batched_index` (`values[b, indices[b]]` for every b).
 *
 * Deliberate difference: rlax gathers; tfjs's gradient of a batched gather (`batchDims = 1`)
 * splits the batch into one small gather per example, so here the selection is a one-hot mask
 * multiplied in and summed out: four kernels whatever the batch size, with a cheap gradient. On
 * wasm it is one host kernel each way instead (lib/backend/row_gather.ts; same values).
 * Consequence of the mask: a non-finite value in an unselected entry (e.g. -Infinity for an
 * illegal action) can turn the result into NaN; mask such entries with a large finite number.
 */
import { ROW_GATHER_KERNEL, rowGather } from '../backend/row_gather';
import { hasKernel } from '../backend/kernels';
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { assertDim, assertInt, assertRank } from './checks';

/**
 * Selects one entry per batch row: out[b, ...] = values[b, indices[b], ...].
 * @param values shape [B, A] (action values) or [B, A, ...rest] (e.g. [B, A, atoms] logits).
 * @param indices int32 [B], each in [0, A).
 * @returns shape [B, ...rest] (i.e. [B] for [B, A] input); the caller owns it. Out-of-range
 *   indices select nothing and give 0.
 */
export function batchedIndex(values: Tensor, indices: Tensor): Tensor {
  const fn = 'batchedIndex';
  assertRank(fn, 'values', values, [2, 3, 4, 5]);
  assertRank(fn, 'indices', indices, 1);
  assertInt(fn, 'indices', indices);
  const batch = values.shape[0] as number;
  assertDim(fn, 0, batch, { indices });
  const numActions = values.shape[1] as number;
  // on wasm one host kernel each way (lib/backend/row_gather.ts), same values
  if (values.dtype === 'float32' && indices.dtype === 'int32' && hasKernel(ROW_GATHER_KERNEL)) return rowGather(values, indices);
  return tf.tidy(() => {
    // oneHot then cast: the wasm backend's OneHot kernel ignores a float dtype argument and
    // writes int32 bit patterns, so the float mask is made with an explicit cast.
    let mask: Tensor = tf.cast(tf.oneHot(indices as tf.Tensor1D, numActions), values.dtype);
    if (values.rank > 2) {
      mask = tf.reshape(mask, [batch, numActions, ...values.shape.slice(2).map(() => 1)]);
    }
    return tf.sum(tf.mul(values, mask), 1);
  });
}
