/**
 * Log-probabilities, entropies and samples of the policies' distributions, over batches:
 * softmax (categorical over logits), diagonal Gaussian and tanh-squashed Gaussian scaled to an
 * action box. Ports the math of rlax's `distributions.py` (softmax, gaussian_diagonal,
 * squashed_gaussian, categorical_cross_entropy, categorical_kl_divergence) and of ALL's
 * GaussianPolicy and SoftDeterministicPolicy.
 *
 * Deliberate differences: plain functions of tensors, not distribution objects; sampling takes
 * its standard-normal noise `eps` as an argument (so it is reparameterized and seeded by the
 * caller's generator). The squashed Gaussian's log-density is computed from the pre-tanh sample
 * u, never from the action through atanh, with log(1 - tanh(u)^2) written as
 * 2 (log 2 - u - softplus(-2u)) so it stays finite when tanh(u) rounds to +-1, and it includes
 * the log-Jacobian of the affine map from (-1, 1) to [low, high]; dropping either term is the bug
 * this file is tested against. rlax's squashed_gaussian also squashes the mean and sigma through
 * its own activations; here mean and logStd are taken as given.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { ShapeError } from '../core/errors';
import { batchedIndex } from './base';
import { assertDim, assertFloat, assertInt, assertRank, assertSameShape } from './checks';

const LOG_2PI = Math.log(2 * Math.PI);
const LOG_2 = Math.log(2);

// ---------------------------------------------------------------------------------------------
// Categorical distributions given by logits (softmax policies).

function checkLogits(fn: string, name: string, logits: Tensor): void {
  assertRank(fn, name, logits, 2);
  assertFloat(fn, name, logits);
}

/**
 * Log-probability of the chosen actions under softmax(logits): logSoftmax(logits)[b, a[b]].
 * @param logits unnormalized preferences, float32 [B, A].
 * @param actions int32 [B], each in [0, A).
 * @returns float32 [B]; the caller owns it.
 */
export function softmaxLogProb(logits: Tensor, actions: Tensor): Tensor {
  const fn = 'softmaxLogProb';
  checkLogits(fn, 'logits', logits);
  assertRank(fn, 'actions', actions, 1);
  assertInt(fn, 'actions', actions);
  assertDim(fn, 0, logits.shape[0] as number, { actions });
  return tf.tidy(() => batchedIndex(tf.logSoftmax(logits), actions));
}

/**
 * Entropy of softmax(logits) in nats: -sum_a p_a log p_a.
 * @param logits float32 [B, A].
 * @returns float32 [B]; the caller owns it.
 */
export function softmaxEntropy(logits: Tensor): Tensor {
  checkLogits('softmaxEntropy', 'logits', logits);
  return tf.tidy(() => {
    const logP = tf.logSoftmax(logits);
    return tf.neg(tf.sum(tf.mul(tf.exp(logP), logP), 1));
  });
}

/**
 * KL divergence KL(p || q) between two softmax distributions given by logits, in nats:
 * sum_a p_a (log p_a - log q_a).
 * @param pLogits logits of p, float32 [B, A].
 * @param qLogits logits of q, float32 [B, A].
 * @returns float32 [B], each >= 0; the caller owns it.
 */
export function klDivergence(pLogits: Tensor, qLogits: Tensor): Tensor {
  const fn = 'klDivergence';
  checkLogits(fn, 'pLogits', pLogits);
  checkLogits(fn, 'qLogits', qLogits);
  assertSameShape(fn, { pLogits, qLogits });
  return tf.tidy(() => {
    const logP = tf.logSoftmax(pLogits);
    const logQ = tf.logSoftmax(qLogits);
    return tf.sum(tf.mul(tf.exp(logP), tf.sub(logP, logQ)), 1);
  });
}

/**
 * -sum_k labels_k log softmax(logits)_k with a hand-written gradient. Written as
 * logsumexp(logits) * sum(labels) - sum(labels * logits), with logsumexp = max(logits) -
 * log(max(softmax(logits))) (the largest logit's probability, >= 1/K, so the log is safe): one
 * Softmax kernel and no elementwise exp or log over [B, K], which tf.logSoftmax and its gradient
 * need and which cost about 3x as much on the wasm backend (measured in a C51 update).
 * Gradients: logits -> dy * (softmax * sum(labels) - labels); labels -> dy * (logsumexp - logits).
 */
const crossEntropyOp = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
  const [labels, logits, save] = args as [Tensor, Tensor, tf.GradSaveFunc];
  const probs = tf.softmax(logits);
  const lse = tf.sub(tf.max(logits, 1), tf.log(tf.max(probs, 1))); // [B]
  const mass = tf.sum(labels, 1);
  save([labels, logits, probs, lse, mass]);
  return {
    value: tf.sub(tf.mul(lse, mass), tf.sum(tf.mul(labels, logits), 1)),
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const [l, x, p, s, m] = saved as [Tensor, Tensor, Tensor, Tensor, Tensor];
      const g = tf.expandDims(dy, 1);
      return [tf.mul(g, tf.sub(tf.expandDims(s, 1), x)), tf.mul(g, tf.sub(tf.mul(p, tf.expandDims(m, 1)), l))];
    },
  };
});

/**
 * `crossEntropyOp` for labels that are constants (no gradient path to them): the same value and
 * logits gradient, without computing the labels' gradient (two [B, K] kernels per backward pass).
 */
function constantLabelsCrossEntropy(labels: Tensor, logits: Tensor): Tensor {
  const op = tf.customGrad((x, save) => {
    const probs = tf.softmax(x as Tensor);
    const lse = tf.sub(tf.max(x as Tensor, 1), tf.log(tf.max(probs, 1)));
    const mass = tf.sum(labels, 1);
    (save as tf.GradSaveFunc)([probs, mass]);
    return {
      value: tf.sub(tf.mul(lse, mass), tf.sum(tf.mul(labels, x as Tensor), 1)),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [p, m] = saved as [Tensor, Tensor];
        return tf.mul(tf.expandDims(dy, 1), tf.sub(tf.mul(p, tf.expandDims(m, 1)), labels));
      },
    };
  });
  return op(logits) as Tensor;
}

/**
 * Cross entropy of softmax(logits) relative to a label distribution: -sum_k labels_k
 * log softmax(logits)_k (Goodfellow et al., "Deep Learning", section 3.13). Differentiable in
 * both arguments (see `crossEntropyOp` for how it avoids the slow elementwise exp of wasm).
 * @param labels target probabilities, float32 [B, K], rows summing to 1; treated as constants
 *   (compute them outside the gradient closure or wrap them in `stopGradient`). A row of zeros
 *   gives a cross entropy of 0 and no gradient.
 * @param logits float32 [B, K].
 * @param options `constantLabels: true` skips the labels' gradient (same values and logits
 *   gradient; fewer kernels when only the logits are trained). Default false
 * @returns float32 [B]; the caller owns it.
 */
export function categoricalCrossEntropy(labels: Tensor, logits: Tensor, options: { constantLabels?: boolean } = {}): Tensor {
  const fn = 'categoricalCrossEntropy';
  checkLogits(fn, 'labels', labels);
  checkLogits(fn, 'logits', logits);
  assertSameShape(fn, { labels, logits });
  return tf.tidy(() => (options.constantLabels ? constantLabelsCrossEntropy(labels, logits) : (crossEntropyOp(labels, logits) as Tensor)));
}

// ---------------------------------------------------------------------------------------------
// Diagonal Gaussians.

function checkGaussian(fn: string, mean: Tensor, logStd: Tensor): void {
  assertRank(fn, 'mean', mean, [1, 2]);
  assertFloat(fn, 'mean', mean);
  assertRank(fn, 'logStd', logStd, [1, 2]);
  assertFloat(fn, 'logStd', logStd);
  const dims = mean.shape[mean.rank - 1];
  if (logStd.shape[logStd.rank - 1] !== dims || logStd.rank > mean.rank || (logStd.rank === 2 && logStd.shape[0] !== mean.shape[0])) {
    throw new ShapeError(
      `${fn}: logStd has shape [${logStd.shape.join(', ')}] but must be [${dims}] (shared) or ` +
        `[${mean.shape.join(', ')}] (per example) to match mean`,
    );
  }
}

/**
 * Log-density of x under a diagonal Gaussian, summed over action dimensions:
 * sum_d [-0.5 ((x_d - mean_d) / std_d)^2 - logStd_d - 0.5 log(2 pi)].
 * @param mean float32 [B, D] (or [D] for one example).
 * @param logStd natural log of the standard deviations, float32 [B, D] or shared [D].
 * @param x points to evaluate, shaped like mean.
 * @returns float32 [B] (or a scalar for [D] input); the caller owns it.
 */
export function gaussianLogProb(mean: Tensor, logStd: Tensor, x: Tensor): Tensor {
  const fn = 'gaussianLogProb';
  checkGaussian(fn, mean, logStd);
  assertFloat(fn, 'x', x);
  assertSameShape(fn, { mean, x });
  return tf.tidy(() => {
    const z = tf.mul(tf.sub(x, mean), tf.exp(tf.neg(logStd)));
    // -(0.5 z^2 + logStd) per dimension, summed, minus the normalizer 0.5 D log(2 pi).
    const perDim = tf.add(tf.mul(tf.square(z), 0.5), logStd);
    const dims = mean.shape[mean.rank - 1] as number;
    return tf.neg(tf.add(tf.sum(perDim, -1), 0.5 * dims * LOG_2PI));
  });
}

/**
 * Differential entropy of a diagonal Gaussian in nats: sum_d [logStd_d + 0.5 (1 + log(2 pi))].
 * @param logStd float32 [B, D], or [D] for a state-independent standard deviation.
 * @returns float32 [B] (or a scalar for [D]); the caller owns it.
 */
export function gaussianEntropy(logStd: Tensor): Tensor {
  const fn = 'gaussianEntropy';
  assertRank(fn, 'logStd', logStd, [1, 2]);
  assertFloat(fn, 'logStd', logStd);
  const dims = logStd.shape[logStd.rank - 1] as number;
  return tf.tidy(() => tf.add(tf.sum(logStd, -1), 0.5 * dims * (1 + LOG_2PI)));
}

/**
 * Reparameterized Gaussian sample: mean + exp(logStd) * eps, differentiable in mean and logStd.
 * @param mean float32 [B, D].
 * @param logStd float32 [B, D] or shared [D].
 * @param eps standard-normal noise shaped like mean (drawn by the caller's seeded generator).
 * @returns float32 [B, D]; the caller owns it.
 */
export function gaussianSample(mean: Tensor, logStd: Tensor, eps: Tensor): Tensor {
  const fn = 'gaussianSample';
  checkGaussian(fn, mean, logStd);
  assertFloat(fn, 'eps', eps);
  assertSameShape(fn, { mean, eps });
  return tf.tidy(() => tf.add(mean, tf.mul(tf.exp(logStd), eps)));
}

// ---------------------------------------------------------------------------------------------
// Tanh-squashed Gaussians on a box [low, high].

/** A per-dimension action bound: a number for every dimension, one number per dimension, or a tensor ([] or [D]). */
export type Bound = number | ArrayLike<number> | Tensor;

/** Converts a bound to a tensor broadcastable against [B, D]; call inside tf.tidy. */
export function boundTensor(fn: string, name: string, bound: Bound, dims: number): Tensor {
  if (typeof bound === 'number') {
    if (!Number.isFinite(bound)) {
      throw new ShapeError(`${fn}: ${name} must be finite; received ${bound}; squashing needs a bounded box`);
    }
    return tf.scalar(bound);
  }
  if (bound instanceof tf.Tensor) {
    if (bound.rank !== 0 && !(bound.rank === 1 && bound.shape[0] === dims)) {
      throw new ShapeError(`${fn}: ${name} has shape [${bound.shape.join(', ')}] but must be [] or [${dims}]`);
    }
    return bound;
  }
  const arr = Float32Array.from(bound);
  if (arr.length !== dims) {
    throw new ShapeError(
      `${fn}: ${name} has ${arr.length} values but the actions have ${dims} dimensions; pass one bound per dimension`,
    );
  }
  if (arr.some((v) => !Number.isFinite(v))) {
    throw new ShapeError(`${fn}: ${name} must be finite; received [${Array.from(arr).join(', ')}]`);
  }
  return tf.tensor1d(arr);
}

function checkBox(fn: string, low: Bound, high: Bound): void {
  if (low instanceof tf.Tensor || high instanceof tf.Tensor) return;
  const lo = typeof low === 'number' ? [low] : Array.from(low);
  const hi = typeof high === 'number' ? [high] : Array.from(high);
  const n = Math.max(lo.length, hi.length);
  for (let i = 0; i < n; i++) {
    const l = lo[lo.length === 1 ? 0 : i] as number;
    const h = hi[hi.length === 1 ? 0 : i] as number;
    if (!(h > l)) {
      throw new ShapeError(`${fn}: high must exceed low in every dimension; dimension ${i} has low ${l}, high ${h}`);
    }
  }
}

/**
 * Maps unbounded pre-tanh values into the box: low + (tanh(u) + 1) / 2 * (high - low).
 * @param u float32 [B, D] (or [D]).
 * @param low lower bounds of the action box (number, one per dimension, or tensor).
 * @param high upper bounds, > low.
 * @returns actions in [low, high], shaped like u; the caller owns it.
 */
export function squashAction(u: Tensor, low: Bound, high: Bound): Tensor {
  const fn = 'squashAction';
  assertRank(fn, 'u', u, [1, 2]);
  assertFloat(fn, 'u', u);
  checkBox(fn, low, high);
  const dims = u.shape[u.rank - 1] as number;
  return tf.tidy(() => {
    const lo = boundTensor(fn, 'low', low, dims);
    const hi = boundTensor(fn, 'high', high, dims);
    const halfRange = tf.mul(tf.sub(hi, lo), 0.5);
    return tf.add(lo, tf.mul(tf.add(tf.tanh(u), 1), halfRange));
  });
}

/**
 * The deterministic (test-time) action of a squashed Gaussian policy: its mean squashed into
 * the box, low + (tanh(mean) + 1) / 2 * (high - low). As ALL's SoftDeterministicPolicy in eval.
 * @param mean float32 [B, D].
 * @param low lower bounds; @param high upper bounds.
 * @returns float32 [B, D]; the caller owns it.
 */
export function deterministicAction(mean: Tensor, low: Bound, high: Bound): Tensor {
  return squashAction(mean, low, high);
}

/**
 * Log-density of the squashed action a = low + (tanh(u) + 1) / 2 * (high - low), given its
 * pre-tanh value u (change of variables): log N(u; mean, std) - sum_d [log(1 - tanh(u_d)^2) +
 * log((high_d - low_d) / 2)], with log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u)).
 * Haarnoja et al. 2018, "Soft Actor-Critic", appendix C (https://arxiv.org/abs/1801.01290).
 * @param mean float32 [B, D].
 * @param logStd float32 [B, D] or shared [D].
 * @param u pre-tanh samples, shaped like mean (e.g. from `squashedGaussianSample`).
 * @param low lower bounds; @param high upper bounds.
 * @returns float32 [B]; the caller owns it.
 */
export function squashedGaussianLogProb(mean: Tensor, logStd: Tensor, u: Tensor, low: Bound, high: Bound): Tensor {
  const fn = 'squashedGaussianLogProb';
  checkGaussian(fn, mean, logStd);
  assertSameShape(fn, { mean, u });
  checkBox(fn, low, high);
  const dims = mean.shape[mean.rank - 1] as number;
  return tf.tidy(() => {
    const lo = boundTensor(fn, 'low', low, dims);
    const hi = boundTensor(fn, 'high', high, dims);
    const logHalfRange = tf.broadcastTo(tf.log(tf.mul(tf.sub(hi, lo), 0.5)), [dims]);
    // log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u)), finite for any finite u.
    const logDTanh = tf.mul(tf.sub(tf.sub(LOG_2, u), tf.softplus(tf.mul(u, -2))), 2);
    const logDet = tf.add(tf.sum(logDTanh, -1), tf.sum(logHalfRange));
    return tf.sub(gaussianLogProb(mean, logStd, u), logDet);
  });
}

/** A reparameterized squashed-Gaussian sample with its log-density. */
export interface SquashedGaussianSample {
  /** Actions in [low, high], float32 [B, D]. */
  action: Tensor;
  /** Pre-tanh values u = mean + std * eps, float32 [B, D]. */
  preTanh: Tensor;
  /** log-density of `action` (change of variables included), float32 [B]. */
  logProb: Tensor;
}

/**
 * Draws a reparameterized sample from a tanh-squashed diagonal Gaussian scaled to [low, high]:
 * u = mean + exp(logStd) * eps, action = low + (tanh(u) + 1) / 2 * (high - low), with its
 * log-density (see `squashedGaussianLogProb`). Everything is differentiable in mean and logStd,
 * as SAC's policy loss needs. Haarnoja et al. 2018 (https://arxiv.org/abs/1801.01290).
 * @param mean float32 [B, D].
 * @param logStd float32 [B, D] or shared [D].
 * @param eps standard-normal noise shaped like mean, from the caller's seeded generator.
 * @param low lower bounds; @param high upper bounds.
 * @returns action, preTanh and logProb; the caller owns all three.
 */
export function squashedGaussianSample(
  mean: Tensor,
  logStd: Tensor,
  eps: Tensor,
  low: Bound,
  high: Bound,
): SquashedGaussianSample {
  const fn = 'squashedGaussianSample';
  checkGaussian(fn, mean, logStd);
  assertFloat(fn, 'eps', eps);
  assertSameShape(fn, { mean, eps });
  checkBox(fn, low, high);
  return tf.tidy(() => {
    const preTanh = gaussianSample(mean, logStd, eps);
    return {
      action: squashAction(preTanh, low, high),
      preTanh,
      logProb: squashedGaussianLogProb(mean, logStd, preTanh, low, high),
    };
  });
}
