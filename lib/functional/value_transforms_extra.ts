/**
 * Value transforms beyond the signed hyperbolic / parabolic pair (those live in transforms.ts,
 * issue 14): signed log(1 + |x|) and its inverse, the power transform, and the two-hot encoding
 * of scalars on a uniform support. Ports the semantics of rlax's `transforms.py` (signed_logp1,
 * signed_expm1, power, transform_to_2hot, transform_from_2hot, identity, sigmoid, logit).
 *
 * Deliberate difference: `transformToTwoHot` interpolates exactly; rlax adds 1e-5 to the bin
 * width in the denominator, so its weights differ from ours by about 1e-5 relative.
 * All functions are elementwise (any shape); the caller owns the results.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { assertFloat, assertNumber } from './checks';

/** sign(x) log(1 + |x|). Used as a value transform in e.g. Kapturowski et al. 2019 (R2D2, https://openreview.net/forum?id=r1lyTjAqYX) and MuZero-style agents. */
export function signedLogp1(x: Tensor): Tensor {
  assertFloat('signedLogp1', 'x', x);
  return tf.tidy(() => tf.mul(tf.sign(x), tf.log1p(tf.abs(x))));
}

/** sign(x) (exp(|x|) - 1), the inverse of `signedLogp1`. */
export function signedExpm1(x: Tensor): Tensor {
  assertFloat('signedExpm1', 'x', x);
  return tf.tidy(() => tf.mul(tf.sign(x), tf.sub(tf.exp(tf.abs(x)), 1)));
}

/**
 * Power transform sign(x) ((|x| / sqrt(p) + 1)^p - 1) / sqrt(p); `power(., 1 / p)` inverts
 * `power(., p)`. As rlax's transforms.power.
 * @param p the exponent, > 0.
 */
export function power(x: Tensor, p: number): Tensor {
  assertFloat('power', 'x', x);
  assertNumber('power', 'p', p, { min: Number.MIN_VALUE });
  const q = Math.sqrt(p);
  return tf.tidy(() => tf.mul(tf.sign(x), tf.div(tf.sub(tf.pow(tf.add(tf.div(tf.abs(x), q), 1), p), 1), q)));
}

/** The identity transform (a copy, so the caller owns the result as with every other transform). */
export function identity(x: Tensor): Tensor {
  return tf.clone(x);
}

/** The logistic sigmoid 1 / (1 + exp(-x)). */
export function sigmoid(x: Tensor): Tensor {
  assertFloat('sigmoid', 'x', x);
  return tf.sigmoid(x);
}

/** The logit log(x / (1 - x)), inverse of `sigmoid`. */
export function logit(x: Tensor): Tensor {
  assertFloat('logit', 'x', x);
  return tf.tidy(() => tf.sub(tf.log(x), tf.log1p(tf.neg(x))));
}

function checkSupport(fn: string, minValue: number, maxValue: number, numBins: number): void {
  assertNumber(fn, 'minValue', minValue);
  assertNumber(fn, 'maxValue', maxValue, { min: minValue + Number.EPSILON * Math.max(1, Math.abs(minValue)) });
  assertNumber(fn, 'numBins', numBins, { min: 2, integer: true });
}

/**
 * Two-hot encoding: clips x to [minValue, maxValue] and splits a unit of probability between the
 * two neighbouring bins of the uniform support linspace(minValue, maxValue, numBins) so that the
 * expectation equals the clipped x. Schrittwieser et al. 2020, "MuZero", appendix F
 * (https://arxiv.org/abs/1911.08265).
 * @param x scalars, float32 of any shape S.
 * @returns probabilities, shape [...S, numBins]; the caller owns it.
 */
export function transformToTwoHot(x: Tensor, minValue: number, maxValue: number, numBins: number): Tensor {
  const fn = 'transformToTwoHot';
  assertFloat(fn, 'x', x);
  checkSupport(fn, minValue, maxValue, numBins);
  return tf.tidy(() => {
    const pos = tf.mul(tf.div(tf.sub(tf.clipByValue(x, minValue, maxValue), minValue), maxValue - minValue), numBins - 1);
    const lower = tf.clipByValue(tf.floor(pos), 0, numBins - 2);
    const pUpper = tf.sub(pos, lower);
    const bins = tf.reshape(tf.range(0, numBins, 1, 'float32'), [...x.shape.map(() => 1), numBins]);
    const lowerE = tf.expandDims(lower, -1);
    const wLower = tf.expandDims(tf.sub(1, pUpper), -1);
    const wUpper = tf.expandDims(pUpper, -1);
    const isLower = tf.cast(tf.equal(bins, lowerE), 'float32');
    const isUpper = tf.cast(tf.equal(bins, tf.add(lowerE, 1)), 'float32');
    return tf.add(tf.mul(isLower, wLower), tf.mul(isUpper, wUpper));
  });
}

/**
 * The expectation of a distribution over the uniform support linspace(minValue, maxValue,
 * numBins): the inverse of `transformToTwoHot` on [minValue, maxValue]. MuZero appendix F.
 * @param probs probabilities, float32 [..., numBins].
 * @returns scalars, shape probs.shape without the last axis; the caller owns it.
 */
export function transformFromTwoHot(probs: Tensor, minValue: number, maxValue: number, numBins: number): Tensor {
  const fn = 'transformFromTwoHot';
  assertFloat(fn, 'probs', probs);
  checkSupport(fn, minValue, maxValue, numBins);
  return tf.tidy(() => tf.sum(tf.mul(probs, tf.linspace(minValue, maxValue, numBins)), -1));
}
