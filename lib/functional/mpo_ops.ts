/**
 * The dual (temperature and KL-penalty) parts of MPO and V-MPO. Ports the semantics of rlax's
 * `mpo_ops.py` (LagrangePenalty, mpo_compute_weights_and_temperature_loss,
 * compute_parametric_kl_penalty_and_dual_loss, vmpo_compute_weights_and_temperature_loss),
 * written from Abdolmaleki et al. 2018, "Maximum a Posteriori Policy Optimisation"
 * (https://arxiv.org/abs/1806.06920) and Song et al. 2019, "V-MPO"
 * (https://arxiv.org/abs/1909.12238). The full `mpo_loss` and `vmpo_loss` are not ported yet.
 *
 * Deliberate differences: no cross-replica `axis_name`; stop-gradients follow rlax's default
 * (`use_stop_gradient = True`) and are always applied.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { assertFloat, assertNumber, assertSameShape } from './checks';
import { stopGradient } from './gradients';

const EPSILON = 1e-10;
const INFINITY = 1e6;

/** A Lagrange multiplier (before projection) and the bound of its constraint. */
export interface LagrangePenalty {
  /** The unconstrained dual variable; the projection maps it to a positive multiplier. */
  alpha: Tensor;
  /** The constraint bound epsilon. */
  epsilon: number;
  /** Whether alpha is per action dimension (the losses are then summed over the last axis). */
  perDimension?: boolean;
}

/** Maps a dual variable to a valid (positive) multiplier, e.g. softplus(x) + 1e-8. */
export type ProjectionOperator = (x: Tensor) => Tensor;

/**
 * MPO's E-step: weights softmax(Q / eta) over the sampled actions, and the temperature dual
 * eta epsilon + eta (logsumexp(Q / eta) - log N). Abdolmaleki et al. 2018
 * (https://arxiv.org/abs/1806.06920), eq. (7)-(9).
 * @param sampleQValues float32 [N, B] (N action samples along `sampleAxis`).
 * @returns `{ temperatureLoss, weights, numActionSamples }`: temperatureLoss shaped like Q
 *   without the sample axis, weights like Q; the caller owns the tensors.
 */
export function mpoComputeWeightsAndTemperatureLoss(
  sampleQValues: Tensor,
  temperatureConstraint: LagrangePenalty,
  projectionOperator: ProjectionOperator,
  sampleAxis = 0,
): { temperatureLoss: Tensor; weights: Tensor; numActionSamples: number } {
  const fn = 'mpoComputeWeightsAndTemperatureLoss';
  assertFloat(fn, 'sampleQValues', sampleQValues);
  const axis = sampleAxis < 0 ? sampleAxis + sampleQValues.rank : sampleAxis;
  assertNumber(fn, 'sampleAxis', axis, { min: 0, max: sampleQValues.rank - 1, integer: true });
  const n = sampleQValues.shape[axis] as number;
  const [temperatureLoss, weights] = tf.tidy(() => {
    const temperature = projectionOperator(temperatureConstraint.alpha);
    const scaled = tf.div(sampleQValues, temperature);
    const lse = tf.logSumExp(scaled, axis, true);
    const loss = tf.add(
      tf.mul(temperature, temperatureConstraint.epsilon),
      tf.mul(temperature, tf.sub(tf.squeeze(lse, [axis]), Math.log(n))),
    );
    const w = tf.exp(tf.sub(scaled, lse));
    return [loss, tf.div(w, tf.sum(w, axis, true))];
  });
  return { temperatureLoss: temperatureLoss as Tensor, weights: weights as Tensor, numActionSamples: n };
}

/**
 * KL penalties and their dual losses for a list of (kl, penalty) constraints: kl loss =
 * stop(alpha) kl, dual loss = alpha (epsilon - stop(kl)), alpha = projection(penalty.alpha),
 * summed over the last axis for per-dimension penalties and over the constraints.
 * Abdolmaleki et al. 2018 (https://arxiv.org/abs/1806.06920), section 4.2.
 * @returns `{ klLoss, dualLoss }`; the caller owns both.
 */
export function computeParametricKlPenaltyAndDualLoss(
  klConstraints: Array<[Tensor, LagrangePenalty]>,
  projectionOperator: ProjectionOperator,
): { klLoss: Tensor; dualLoss: Tensor } {
  const [klLoss, dualLoss] = tf.tidy(() => {
    let kls: Tensor = tf.scalar(0);
    let duals: Tensor = tf.scalar(0);
    for (const [kl, penalty] of klConstraints) {
      assertFloat('computeParametricKlPenaltyAndDualLoss', 'kl', kl);
      const alpha = projectionOperator(penalty.alpha);
      let klLossK: Tensor = tf.mul(stopGradient(alpha), kl);
      let dualK: Tensor = tf.mul(alpha, tf.sub(penalty.epsilon, stopGradient(kl)));
      if (penalty.perDimension) {
        klLossK = tf.sum(klLossK, -1);
        dualK = tf.sum(dualK, -1);
      }
      kls = tf.add(kls, klLossK);
      duals = tf.add(duals, dualK);
    }
    return [kls, duals];
  });
  return { klLoss: klLoss as Tensor, dualLoss: dualLoss as Tensor };
}

/**
 * V-MPO's E-step: keeps the top `topKFraction` of the (restart-masked) scaled advantages
 * A / eta, weights them by importance weights times exp(A / eta - max), normalizes, and returns
 * the temperature dual eta (epsilon + log mean of the weights). Song et al. 2019
 * (https://arxiv.org/abs/1909.12238), eq. (4) and appendix.
 * @param advantages, restartingWeights (0/1), importanceWeights: float32, same shape.
 * @param topKFraction in (0, 1].
 * @returns `{ temperatureLoss, weights, numSamples }`; the caller owns the tensors.
 */
export function vmpoComputeWeightsAndTemperatureLoss(
  advantages: Tensor,
  restartingWeights: Tensor,
  importanceWeights: Tensor,
  temperatureConstraint: LagrangePenalty,
  projectionOperator: ProjectionOperator,
  topKFraction: number,
): { temperatureLoss: Tensor; weights: Tensor; numSamples: Tensor } {
  const fn = 'vmpoComputeWeightsAndTemperatureLoss';
  for (const [name, t] of Object.entries({ advantages, restartingWeights, importanceWeights })) assertFloat(fn, name, t);
  assertSameShape(fn, { advantages, restartingWeights, importanceWeights });
  assertNumber(fn, 'topKFraction', topKFraction, { min: Number.MIN_VALUE, max: 1 });
  const [temperatureLoss, weights, numSamples] = tf.tidy(() => {
    const iw = stopGradient(importanceWeights);
    const temperature = projectionOperator(temperatureConstraint.alpha);
    const scaled = tf.div(tf.mul(restartingWeights, advantages), temperature);
    const maxScaled = stopGradient(tf.max(scaled));
    let topK: Tensor = restartingWeights;
    if (topKFraction < 1) {
      const valid = tf.sub(scaled, tf.mul(tf.sub(1, restartingWeights), INFINITY));
      const k = Math.floor(topKFraction * valid.size);
      if (k === 0) throw new RangeError(`${fn}: topKFraction ${topKFraction} keeps no advantage of ${valid.size}`);
      const kth = tf.min(tf.topk(tf.reshape(valid, [-1]), k).values);
      topK = tf.mul(restartingWeights, stopGradient(tf.cast(tf.greaterEqual(valid, kth), 'float32')));
    }
    const unnormalized = tf.mul(tf.mul(topK, iw), tf.exp(tf.sub(scaled, maxScaled)));
    const sumWeights = tf.add(tf.sum(unnormalized), EPSILON);
    const num = tf.add(tf.sum(topK), EPSILON);
    const normalized = stopGradient(tf.div(unnormalized, sumWeights));
    const logMean = tf.sub(tf.add(tf.log(sumWeights), maxScaled), tf.log(num));
    return [tf.mul(temperature, tf.add(temperatureConstraint.epsilon, logMean)), normalized, num];
  });
  return { temperatureLoss: temperatureLoss as Tensor, weights: weights as Tensor, numSamples: numSamples as Tensor };
}
