/**
 * Elementwise losses and their reductions. Ports rlax's `l2_loss` (losses.py) and `huber_loss`
 * (clipping.py), plus the reductions ALL's agents apply: `mse` (torch's `mse_loss`) and a
 * weighted mean for prioritized replay (ALL's `weighted_mse_loss` / `weighted_smooth_l1_loss`).
 *
 * Deliberate differences: `weightedMean` is a plain mean of weight * loss (not divided by the sum
 * of the weights), matching ALL and Schaul et al.'s importance-sampling correction, where weights
 * are already normalized by their maximum. Arguments are checked for shape before any kernel runs.
 */
import { hasKernel } from '../backend/kernels';
import { MSE_KERNEL, mseOnHost } from '../backend/mse_kernel';
import { ROW_GATHER_KERNEL, rowGather } from '../backend/row_gather';
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { assertDim, assertFloat, assertInt, assertNumber, assertRank, assertSameShape } from './checks';

function checkPair(fn: string, predictions: Tensor, targets: Tensor | undefined): void {
  assertFloat(fn, 'predictions', predictions);
  if (targets !== undefined) {
    assertFloat(fn, 'targets', targets);
    assertSameShape(fn, { predictions, targets });
  }
}

/**
 * Elementwise half squared error: 0.5 * (predictions - targets)^2 (rlax's `l2_loss`; the 0.5
 * follows Bishop, "Pattern Recognition and Machine Learning").
 * @param predictions float32, any shape.
 * @param targets same shape; omitted means zeros (an L2 regularizer on predictions). Should not
 *   carry gradients you do not want (compute them outside the closure or use `stopGradient`).
 * @returns same shape as predictions; the caller owns it.
 */
export function l2Loss(predictions: Tensor, targets?: Tensor): Tensor {
  checkPair('l2Loss', predictions, targets);
  return tf.tidy(() => {
    const diff = targets === undefined ? predictions : tf.sub(predictions, targets);
    return tf.mul(tf.square(diff), 0.5);
  });
}

/**
 * Mean squared error over every element: mean((predictions - targets)^2), as torch's
 * `mse_loss` used by ALL (no 0.5 factor).
 * @param predictions float32, any shape.
 * @param targets same shape; omitted means zeros (so `mse(tdErrors)` is the mean squared TD error).
 * @returns a float32 scalar; the caller owns it.
 */
export function mse(predictions: Tensor, targets?: Tensor): tf.Scalar {
  checkPair('mse', predictions, targets);
  // on wasm one host kernel each way (lib/backend/mse_kernel.ts), same values
  if (targets !== undefined && predictions.dtype === 'float32' && targets.dtype === 'float32' && predictions.size > 0 && hasKernel(MSE_KERNEL)) {
    return mseOnHost(predictions, targets);
  }
  return tf.tidy(() => {
    const diff = targets === undefined ? predictions : tf.sub(predictions, targets);
    return tf.mean(tf.square(diff)) as tf.Scalar;
  });
}

/**
 * Elementwise Huber loss: 0.5 x^2 for |x| <= delta, delta (|x| - 0.5 delta) beyond; its gradient
 * is x clipped to [-delta, delta]. Huber 1964, "Robust Estimation of a Location Parameter"
 * (https://projecteuclid.org/euclid.aoms/1177703732). With delta = 1 it equals torch's
 * `smooth_l1_loss` used by ALL's DQN.
 * @param x float32 errors (e.g. TD errors), any shape.
 * @param delta where the loss turns from quadratic to linear, > 0. Default 1.
 * @returns same shape as x; the caller owns it.
 */
export function huberLoss(x: Tensor, delta = 1): Tensor {
  assertFloat('huberLoss', 'x', x);
  assertNumber('huberLoss', 'delta', delta, { min: Number.MIN_VALUE });
  return tf.tidy(() => {
    const absX = tf.abs(x);
    const quadratic = tf.minimum(absX, delta);
    // |x| - min(|x|, delta) rather than relu(|x| - delta): one gradient path at |x| = delta.
    const linear = tf.sub(absX, quadratic);
    return tf.add(tf.mul(tf.square(quadratic), 0.5), tf.mul(linear, delta));
  });
}

/**
 * Mean of an elementwise loss weighted per example: mean(loss * weights). Used with
 * importance-sampling weights from prioritized replay (Schaul et al. 2016,
 * https://arxiv.org/abs/1511.05952).
 * @param loss float32 per-example losses, e.g. [B].
 * @param weights float32, same shape as loss (or broadcastable: a scalar tensor).
 * @returns a float32 scalar; the caller owns it.
 */
export function weightedMean(loss: Tensor, weights: Tensor): tf.Scalar {
  assertFloat('weightedMean', 'loss', loss);
  assertFloat('weightedMean', 'weights', weights);
  if (weights.rank !== 0) assertSameShape('weightedMean', { loss, weights });
  return tf.tidy(() => tf.mean(tf.mul(loss, weights)) as tf.Scalar);
}

/**
 * The mean squared error of the selected entries, mean_i (values[i, a_i] - targets_i)^2: the
 * value of mse(batchedIndex(values, actions), targets) with its gradient written out,
 * d/dvalues = (2 / n) * onehot(a) * (values[i, a_i] - t_i), a handful of kernels instead of the
 * ~20 autodiff issues (online Q-learning and Sarsa are bound by per-kernel overhead).
 * Use inside a gradient closure.
 * @param values action values, float32 [n, A] (differentiated)
 * @param actions actions taken, int32 [n], each in [0, A)
 * @param targets targets, float32 [n] (not differentiated)
 * @returns a scalar; the caller owns it
 */
export function selectedMse(values: Tensor, actions: Tensor, targets: Tensor): tf.Scalar {
  const fn = 'selectedMse';
  assertRank(fn, 'values', values, 2);
  assertRank(fn, 'actions', actions, 1);
  assertInt(fn, 'actions', actions);
  const [n, k] = values.shape as [number, number];
  assertDim(fn, 0, n, { actions, targets });
  // on wasm: the gather and mse host kernels, two kernels each way (lib/backend/row_gather.ts,
  // mse_kernel.ts); the same loss, and the same gradient when the loss is not scaled (dy = 1)
  if (values.dtype === 'float32' && targets.dtype === 'float32' && n > 0 && hasKernel(MSE_KERNEL) && hasKernel(ROW_GATHER_KERNEL)) {
    return tf.tidy(() => mse(rowGather(values, actions), targets));
  }
  // oneHot then cast: the wasm backend's OneHot kernel writes int32 whatever the dtype asked
  const mask = tf.cast(tf.oneHot(actions as tf.Tensor1D, k), 'float32');
  const op = tf.customGrad((x, save) => {
    const diff = tf.sub(tf.sum(tf.mul(x as Tensor, mask), 1), targets);
    (save as tf.GradSaveFunc)([diff, mask]);
    return {
      value: tf.mean(tf.square(diff)),
      gradFunc: (dy: Tensor, saved: Tensor[]) => tf.mul(saved[1]!, tf.reshape(tf.mul(saved[0]!, tf.mul(dy, 2 / n)), [n, 1])),
    };
  });
  return op(values) as tf.Scalar;
}
