/**
 * Transformed (non-linear) Bellman operators: returns computed on values mapped back through
 * h^-1 and the result mapped through h, T_h G = h(G(h^-1(v))). Ports the semantics of rlax's
 * `nonlinear_bellman.py` (TxPair, IDENTITY_PAIR, SIGNED_LOGP1_PAIR, HYPERBOLIC_SIN_PAIR,
 * DISCOUNT_TRANSFORM_PAIR, compose_tx and the transformed returns and TD errors), written from
 * Pohlen et al. 2018, "Observe and Look Further: Achieving Consistent Performance on Atari"
 * (https://arxiv.org/abs/1805.11593).
 *
 * Conventions as multistep.ts and retrace.ts: a single sequence [T] or a time-major batch
 * [T, B] ([T, A] / [T, B, A] for action values). `TxPair`, `IDENTITY_PAIR` and the signed
 * hyperbolic transform (h of Pohlen et al.) live in transforms.ts; `SIGNED_HYPERBOLIC_PAIR` is
 * that pair at rlax's eps 1e-3.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { assertInt, assertNumber } from './checks';
import { lambdaReturns, nStepBootstrappedReturns } from './multistep';
import { generalOffPolicyReturnsFromActionValues } from './retrace';
import { IDENTITY_PAIR, signedHyperbolicPair, type TxPair } from './transforms';
import { signedExpm1, signedLogp1, transformFromTwoHot, transformToTwoHot } from './value_transforms_extra';

export { IDENTITY_PAIR, type TxPair };

/** h(x) = sign(x)(sqrt(|x| + 1) - 1) + 1e-3 x and its inverse (rlax's SIGNED_HYPERBOLIC_PAIR). */
export const SIGNED_HYPERBOLIC_PAIR: TxPair = signedHyperbolicPair(1e-3);
/** h(x) = sign(x) log(1 + |x|), inverse sign(x) (exp(|x|) - 1). */
export const SIGNED_LOGP1_PAIR: TxPair = { apply: signedLogp1, applyInv: signedExpm1 };
/** h(x) = asinh(x), inverse sinh(x). */
export const HYPERBOLIC_SIN_PAIR: TxPair = { apply: (x) => tf.asinh(x), applyInv: (x) => tf.sinh(x) };
/** h(x) = -log(1 - x) on discounts in [0, 1), inverse 1 - exp(-x). */
export const DISCOUNT_TRANSFORM_PAIR: TxPair = {
  apply: (x) => tf.tidy(() => tf.neg(tf.log(tf.sub(1, x)))),
  applyInv: (x) => tf.tidy(() => tf.sub(1, tf.exp(tf.neg(x)))),
};

/** Composes pairs: apply runs them in order (g(f(x)) for [f, g]), applyInv in reverse. */
export function composeTx(...pairs: TxPair[]): TxPair {
  return {
    apply: (x) => tf.tidy(() => pairs.reduce((acc, p) => p.apply(acc), tf.clone(x))),
    applyInv: (x) => tf.tidy(() => pairs.reduceRight((acc, p) => p.applyInv(acc), tf.clone(x))),
  };
}

/** values[..., idx[...]] over the last axis. */
function selectLast(values: Tensor, idx: Tensor): Tensor {
  const numActions = values.shape[values.rank - 1] as number;
  const mask = tf.reshape(tf.cast(tf.oneHot(tf.reshape(idx, [-1]) as tf.Tensor1D, numActions), 'float32'), values.shape);
  return tf.sum(tf.mul(values, mask), -1);
}

/**
 * h(lambdaReturns(rT, discountT, h^-1(vT), lambda_)). Pohlen et al. 2018
 * (https://arxiv.org/abs/1805.11593). Shapes as `lambdaReturns`.
 */
export function transformedLambdaReturns(txPair: TxPair, rT: Tensor, discountT: Tensor, vT: Tensor, lambda_: number | Tensor = 1): Tensor {
  return tf.tidy(() => txPair.apply(lambdaReturns(rT, discountT, txPair.applyInv(vT), lambda_)));
}

/** h(nStepBootstrappedReturns(rT, discountT, h^-1(vT), n, lambda_)). Shapes as `nStepBootstrappedReturns`. */
export function transformedNStepReturns(
  txPair: TxPair,
  rT: Tensor,
  discountT: Tensor,
  vT: Tensor,
  n: number,
  lambda_: number | Tensor = 1,
): Tensor {
  return tf.tidy(() => txPair.apply(nStepBootstrappedReturns(rT, discountT, txPair.applyInv(vT), n, lambda_)));
}

/** h(generalOffPolicyReturnsFromActionValues(h^-1(qT), ...)). Shapes as the untransformed function. */
export function transformedGeneralOffPolicyReturnsFromActionValues(
  txPair: TxPair,
  qT: Tensor,
  aT: Tensor,
  rT: Tensor,
  discountT: Tensor,
  cT: Tensor,
  piT: Tensor,
): Tensor {
  return tf.tidy(() => txPair.apply(generalOffPolicyReturnsFromActionValues(txPair.applyInv(qT), aT, rT, discountT, cT, piT)));
}

/**
 * Transformed Q(lambda) TD errors: transformed lambda-returns bootstrapping from max_a q(s_{t+1},
 * a), minus q(s_t, a_t). Pohlen et al. 2018 (https://arxiv.org/abs/1805.11593).
 * @param qTm1 float32 [T, A] or [T, B, A]; @param aTm1 int32 [T] or [T, B]; @param rT, discountT
 * float32 [T] or [T, B]; @param qT shaped like qTm1; @param lambda_ number or tensor shaped like rT.
 * @param txPair the transform; default IDENTITY_PAIR (rlax's).
 * @returns TD errors, shaped like rT; the caller owns it.
 */
export function transformedQLambda(
  qTm1: Tensor,
  aTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  qT: Tensor,
  lambda_: number | Tensor,
  txPair: TxPair = IDENTITY_PAIR,
): Tensor {
  assertInt('transformedQLambda', 'aTm1', aTm1);
  return tf.tidy(() => tf.sub(transformedLambdaReturns(txPair, rT, discountT, tf.max(qT, -1), lambda_), selectLast(qTm1, aTm1)));
}

/**
 * Transformed Retrace TD errors (as `retrace`, with the returns computed through the transform).
 * Pohlen et al. 2018 and Munos et al. 2016 (https://arxiv.org/abs/1606.02647). Shapes as `retrace`.
 * @param txPair default IDENTITY_PAIR (rlax's).
 */
export function transformedRetrace(
  qTm1: Tensor,
  qT: Tensor,
  aTm1: Tensor,
  aT: Tensor,
  rT: Tensor,
  discountT: Tensor,
  piT: Tensor,
  muT: Tensor,
  lambda_: number,
  eps = 1e-8,
  txPair: TxPair = IDENTITY_PAIR,
): Tensor {
  assertNumber('transformedRetrace', 'lambda_', lambda_, { min: 0, max: 1 });
  assertInt('transformedRetrace', 'aTm1', aTm1);
  return tf.tidy(() => {
    const c = tf.mul(tf.minimum(tf.div(selectLast(piT, aT), tf.add(muT, eps)), 1), lambda_);
    const target = transformedGeneralOffPolicyReturnsFromActionValues(txPair, qT, aT, rT, discountT, c, piT);
    return tf.sub(target, selectLast(qTm1, aTm1));
  });
}

/**
 * Transformed n-step Q-learning TD errors: transformed n-step returns bootstrapping from
 * targetQT[a_t] (pass the greedy actions for Q-learning), minus q(s_t, a_t). As R2D2's loss
 * (Kapturowski et al. 2019, https://openreview.net/forum?id=r1lyTjAqYX).
 * @param qTm1 float32 [T, A] or [T, B, A]; @param aTm1 int32 [T] or [T, B];
 * @param targetQT target-network values at s_{t+1}, shaped like qTm1; @param aT int32, shaped like aTm1;
 * @param rT, discountT float32 [T] or [T, B]; @param n steps, integer >= 1.
 * @param txPair default IDENTITY_PAIR (rlax's).
 * @returns TD errors, shaped like rT; the caller owns it.
 */
export function transformedNStepQLearning(
  qTm1: Tensor,
  aTm1: Tensor,
  targetQT: Tensor,
  aT: Tensor,
  rT: Tensor,
  discountT: Tensor,
  n: number,
  txPair: TxPair = IDENTITY_PAIR,
): Tensor {
  assertInt('transformedNStepQLearning', 'aTm1', aTm1);
  assertInt('transformedNStepQLearning', 'aT', aT);
  return tf.tidy(() =>
    tf.sub(transformedNStepReturns(txPair, rT, discountT, selectLast(targetQT, aT), n), selectLast(qTm1, aTm1)),
  );
}

/**
 * Two-hot reparametrisation as a pair: apply = `transformToTwoHot`, applyInv =
 * `transformFromTwoHot` on linspace(minValue, maxValue, numBins). MuZero appendix F,
 * Schrittwieser et al. 2020 (https://arxiv.org/abs/1911.08265).
 */
export function twohotPair(minValue: number, maxValue: number, numBins: number): TxPair {
  return {
    apply: (x) => transformToTwoHot(x, minValue, maxValue, numBins),
    applyInv: (p) => transformFromTwoHot(p, minValue, maxValue, numBins),
  };
}

/**
 * MuZero's value transform: a squashing pair `tx` followed by the two-hot reparametrisation on
 * [minValue, maxValue] (in the squashed space). Schrittwieser et al. 2020
 * (https://arxiv.org/abs/1911.08265), appendix F.
 */
export function muzeroPair(minValue: number, maxValue: number, numBins: number, tx: TxPair): TxPair {
  return composeTx(tx, twohotPair(minValue, maxValue, numBins));
}

/**
 * Two-hot over non-uniform bins tx^-1(linspace(minValue, maxValue, numBins)): the
 * non-linearity moves the bins instead of the value, so decoding (the expectation over the
 * bins) is unbiased. As rlax's unbiased_transform_pair.
 */
export function unbiasedTransformPair(minValue: number, maxValue: number, numBins: number, tx: TxPair): TxPair {
  assertNumber('unbiasedTransformPair', 'numBins', numBins, { min: 2, integer: true });
  const binsOf = (): Tensor => tf.tidy(() => tx.applyInv(tf.linspace(minValue, maxValue, numBins)));
  return {
    apply: (x) =>
      tf.tidy(() => {
        const bins = binsOf();
        const lo = bins.min().arraySync() as number;
        const hi = bins.max().arraySync() as number;
        const clipped = tf.clipByValue(x, lo, hi);
        const isAtOrBelow = tf.cast(tf.lessEqual(tf.expandDims(clipped, -1), bins), 'int32');
        const upper = tf.maximum(tf.argMax(isAtOrBelow, -1), tf.scalar(1, 'int32'));
        const lower = tf.sub(upper, tf.scalar(1, 'int32'));
        const upperValue = tf.gather(bins, upper);
        const lowerValue = tf.gather(bins, lower);
        const pLower = tf.div(tf.sub(upperValue, clipped), tf.sub(upperValue, lowerValue));
        const oh = (idx: Tensor): Tensor =>
          tf.reshape(tf.cast(tf.oneHot(tf.reshape(idx, [-1]) as tf.Tensor1D, numBins), 'float32'), [...x.shape, numBins]);
        return tf.add(tf.mul(oh(lower), tf.expandDims(pLower, -1)), tf.mul(oh(upper), tf.expandDims(tf.sub(1, pLower), -1)));
      }),
    applyInv: (p) => tf.tidy(() => tf.sum(tf.mul(p, binsOf()), -1)),
  };
}
