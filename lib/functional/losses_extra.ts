/**
 * Elementwise losses from rlax's `losses.py` not in losses.ts: expectile loss, Bernoulli
 * likelihood and log loss. Ports their semantics; elementwise over any shape, the caller owns
 * the results.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { assertFloat, assertNumber, assertSameShape } from './checks';

/**
 * Expectile loss |tau - 1[targets < predictions]| (targets - predictions)^2, whose minimiser is
 * the tau-expectile of the targets. Newey and Powell 1987, "Asymmetric Least Squares Estimation
 * and Testing"; used in distributional RL by Rowland et al. 2019 (https://arxiv.org/abs/1902.08102).
 * @param expectile tau in [0, 1]; 0.5 gives half the squared error.
 */
export function expectileLoss(predictions: Tensor, targets: Tensor, expectile: number): Tensor {
  const fn = 'expectileLoss';
  assertFloat(fn, 'predictions', predictions);
  assertFloat(fn, 'targets', targets);
  assertSameShape(fn, { predictions, targets });
  assertNumber(fn, 'expectile', expectile, { min: 0, max: 1 });
  return tf.tidy(() => {
    const diff = tf.sub(targets, predictions);
    const under = tf.cast(tf.less(diff, 0), 'float32');
    return tf.mul(tf.abs(tf.sub(expectile, under)), tf.square(diff));
  });
}

/**
 * Bernoulli likelihood p^y (1 - p)^(1 - y) of targets y under predicted probabilities p, with
 * 0^0 taken as 1 (the cases p = y = 0 and p = y = 1).
 * @param predictions probabilities in [0, 1].
 * @param targets labels in [0, 1] (usually 0 or 1), same shape.
 */
export function likelihood(predictions: Tensor, targets: Tensor): Tensor {
  const fn = 'likelihood';
  assertFloat(fn, 'predictions', predictions);
  assertFloat(fn, 'targets', targets);
  assertSameShape(fn, { predictions, targets });
  return tf.tidy(() => {
    const vals = tf.mul(tf.pow(predictions, targets), tf.pow(tf.sub(1, predictions), tf.sub(1, targets)));
    const exact = tf.logicalOr(
      tf.logicalAnd(tf.equal(targets, 1), tf.equal(predictions, 1)),
      tf.logicalAnd(tf.equal(targets, 0), tf.equal(predictions, 0)),
    );
    return tf.where(exact, tf.onesLike(vals), vals);
  });
}

/** Log loss -log likelihood(predictions, targets) (binary cross-entropy for 0/1 targets). */
export function logLoss(predictions: Tensor, targets: Tensor): Tensor {
  return tf.tidy(() => tf.neg(tf.log(likelihood(predictions, targets))));
}
