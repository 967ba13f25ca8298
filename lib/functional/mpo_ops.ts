/**
 * The dual (temperature and KL-penalty) parts of MPO and V-MPO. Ports the semantics of rlax's
 * `mpo_ops.py` (LagrangePenalty, mpo_compute_weights_and_temperature_loss,
 * compute_parametric_kl_penalty_and_dual_loss, vmpo_compute_weights_and_temperature_loss),
 * written from Abdolmaleki et al. 2018, "Maximum a Posteriori Policy Optimisation"
 * (https://arxiv.org/abs/1806.06920) and Song et al. 2019, "V-MPO"
 * (https://arxiv.org/abs/1909.12238). The full `mpo_loss` and `vmpo_loss` (and rlax's
 * `kl_constraint_loss`, `kl_alpha_loss`, `get_top_k_weights`) are in mpo.ts.
 *
 * Deliberate differences: no cross-replica `axis_name`. `useStopGradient` (rlax's
 * `use_stop_gradient`, default true) is the last argument; the top-k mask is always a constant
 * (rlax's is a step function, whose gradient is zero either way, but tfjs has no TopK gradient).
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { ConfigError } from '../core/errors';
import { assertFloat, assertNumber, assertSameShape } from './checks';
import { stopGradient } from './gradients';

/** `stopGradient(x)` when `use` is true, else `x` itself (rlax's `lax.select(use_stop_gradient, ...)`). */
function maybeStop(x: Tensor, use: boolean): Tensor {
  return use ? stopGradient(x) : x;
}

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
 * One hard KL constraint as two coordinate-ascent losses (rlax's `kl_constraint_loss`):
 * `klLoss = stop(alpha) kl` trains the policy, `alphaLoss = alpha (epsilon - stop(kl))` trains the
 * multiplier, with alpha = projection(penalty.alpha); both summed over the last (action) axis for
 * a per-dimension penalty. When kl < epsilon the dual pushes alpha down, letting the policy move;
 * when kl > epsilon it pushes alpha up. Abdolmaleki et al. 2018
 * (https://arxiv.org/abs/1806.06920), section 4.2 and appendix C.3.
 * @param kl float32, per example E* (or E* + [A] when `penalty.perDimension`).
 * @param penalty the unconstrained multiplier `alpha` (float32, broadcastable against `kl`) and
 *   the bound `epsilon` (nats).
 * @param projectionOperator maps alpha to a positive multiplier.
 * @param useStopGradient rlax's `use_stop_gradient` (default true).
 * @returns `{ klLoss, alphaLoss, alpha }` (alpha is the projected multiplier); the caller owns them.
 */
export function klConstraintLoss(
  kl: Tensor,
  penalty: LagrangePenalty,
  projectionOperator: ProjectionOperator,
  useStopGradient = true,
): { klLoss: Tensor; alphaLoss: Tensor; alpha: Tensor } {
  checkPenalty('klConstraintLoss', 'kl', kl, penalty);
  const [klLoss, alphaLoss, alpha] = tf.tidy(() => {
    const a = projectionOperator(penalty.alpha);
    let klL: Tensor = tf.mul(maybeStop(a, useStopGradient), kl);
    let alphaL: Tensor = tf.mul(a, tf.sub(penalty.epsilon, maybeStop(kl, useStopGradient)));
    if (penalty.perDimension) {
      klL = tf.sum(klL, -1);
      alphaL = tf.sum(alphaL, -1);
    }
    return [klL, alphaL, a];
  });
  return { klLoss: klLoss as Tensor, alphaLoss: alphaLoss as Tensor, alpha: alpha as Tensor };
}

/**
 * KL penalties and their dual losses for a list of (kl, penalty) constraints: kl loss =
 * stop(alpha) kl, dual loss = alpha (epsilon - stop(kl)), alpha = projection(penalty.alpha),
 * summed over the last axis for per-dimension penalties and over the constraints
 * (`klConstraintLoss` for each). Abdolmaleki et al. 2018 (https://arxiv.org/abs/1806.06920),
 * section 4.2.
 * @param useStopGradient rlax's `use_stop_gradient` (default true): stop the gradient of alpha in
 *   the KL loss and of the KL in the dual loss.
 * @returns `{ klLoss, dualLoss }` (a scalar 0 for each when there are no constraints); the caller
 *   owns both.
 */
export function computeParametricKlPenaltyAndDualLoss(
  klConstraints: Array<[Tensor, LagrangePenalty]>,
  projectionOperator: ProjectionOperator,
  useStopGradient = true,
): { klLoss: Tensor; dualLoss: Tensor } {
  for (const [kl, penalty] of klConstraints) checkPenalty('computeParametricKlPenaltyAndDualLoss', 'kl', kl, penalty);
  const [klLoss, dualLoss] = tf.tidy(() => {
    let kls: Tensor = tf.scalar(0);
    let duals: Tensor = tf.scalar(0);
    for (const [kl, penalty] of klConstraints) {
      const k = klConstraintLoss(kl, penalty, projectionOperator, useStopGradient);
      kls = tf.add(kls, k.klLoss);
      duals = tf.add(duals, k.alphaLoss);
    }
    return [kls, duals];
  });
  return { klLoss: klLoss as Tensor, dualLoss: dualLoss as Tensor };
}

function checkPenalty(fn: string, name: string, kl: Tensor, penalty: LagrangePenalty): void {
  assertFloat(fn, name, kl);
  if (penalty === null || typeof penalty !== 'object' || !(penalty.alpha instanceof tf.Tensor)) {
    throw new ConfigError(`${fn}: the penalty of ${name} must be a LagrangePenalty { alpha: Tensor, epsilon: number }`);
  }
  assertFloat(fn, `${name}'s penalty.alpha`, penalty.alpha);
  assertNumber(fn, `${name}'s penalty.epsilon`, penalty.epsilon);
  if (penalty.perDimension && kl.rank === 0) {
    throw new ConfigError(`${fn}: ${name} is a scalar but its penalty is per dimension; per-dimension KLs need an action axis last`);
  }
}

function checkTopK(fn: string, topKFraction: number, size: number): number {
  if (typeof topKFraction !== 'number' || !(topKFraction > 0 && topKFraction <= 1)) {
    throw new ConfigError(`${fn}: topKFraction must be in (0, 1]; received ${String(topKFraction)}`);
  }
  const k = Math.floor(topKFraction * size);
  if (k === 0) {
    throw new ConfigError(
      `${fn}: topKFraction ${topKFraction} of ${size} advantages keeps none; raise it to at least ${1 / size}`,
    );
  }
  return k;
}

/**
 * V-MPO's top-k selection (rlax's `get_top_k_weights`): a 0/1 mask of the examples whose scaled
 * advantage is among the largest `floor(topKFraction * size)` of all of them (ties at the k-th
 * value all kept), excluding restarts (restarting weight 0), multiplied into the restarting
 * weights. With `topKFraction` 1 it returns the restarting weights. Song et al. 2019
 * (https://arxiv.org/abs/1909.12238), section 4.1. The mask is a constant (no gradient), as
 * rlax's step function is.
 * @param topKFraction in (0, 1].
 * @param restartingWeights float32 E*, 0 at the first step of an episode.
 * @param scaledAdvantages float32 E*, advantages over the temperature.
 * @returns float32 E*; the caller owns it.
 */
export function getTopKWeights(topKFraction: number, restartingWeights: Tensor, scaledAdvantages: Tensor): Tensor {
  const fn = 'getTopKWeights';
  assertFloat(fn, 'restartingWeights', restartingWeights);
  assertFloat(fn, 'scaledAdvantages', scaledAdvantages);
  assertSameShape(fn, { scaledAdvantages, restartingWeights });
  const k = checkTopK(fn, topKFraction, scaledAdvantages.size);
  if (topKFraction >= 1) return tf.clone(restartingWeights);
  return tf.tidy(() => tf.mul(restartingWeights, topKMask(k)(scaledAdvantages, restartingWeights) as Tensor));
}

/**
 * The 0/1 top-k mask as one op with a zero gradient: its forward pass runs off the tape, so
 * tfjs never needs a TopK gradient (it has none).
 */
function topKMask(k: number): (...inputs: Tensor[]) => Tensor {
  return tf.customGrad((...args) => {
    const scaled = args[0] as Tensor;
    const restart = args[1] as Tensor;
    const value = tf.tidy(() => {
      const valid = tf.sub(scaled, tf.mul(tf.sub(1, restart), INFINITY));
      const kth = tf.min(tf.topk(tf.reshape(valid, [-1]), k).values);
      return tf.cast(tf.greaterEqual(valid, kth), 'float32');
    });
    return { value, gradFunc: () => [tf.zerosLike(scaled), tf.zerosLike(restart)] };
  });
}

/**
 * V-MPO's E-step: keeps the top `topKFraction` of the (restart-masked) scaled advantages
 * A / eta, weights them by importance weights times exp(A / eta - max), normalizes, and returns
 * the temperature dual eta (epsilon + log mean of the weights). Song et al. 2019
 * (https://arxiv.org/abs/1909.12238), eq. (4) and appendix.
 * @param advantages, restartingWeights (0/1), importanceWeights: float32, same shape.
 * @param topKFraction in (0, 1].
 * @param useStopGradient rlax's `use_stop_gradient` (default true): stop the gradient of the
 *   importance weights, of the max scaled advantage and of the normalized weights.
 * @returns `{ temperatureLoss, weights, numSamples }`; the caller owns the tensors.
 */
export function vmpoComputeWeightsAndTemperatureLoss(
  advantages: Tensor,
  restartingWeights: Tensor,
  importanceWeights: Tensor,
  temperatureConstraint: LagrangePenalty,
  projectionOperator: ProjectionOperator,
  topKFraction: number,
  useStopGradient = true,
): { temperatureLoss: Tensor; weights: Tensor; numSamples: Tensor } {
  const fn = 'vmpoComputeWeightsAndTemperatureLoss';
  for (const [name, t] of Object.entries({ advantages, restartingWeights, importanceWeights })) assertFloat(fn, name, t);
  assertSameShape(fn, { advantages, restartingWeights, importanceWeights });
  checkTopK(fn, topKFraction, advantages.size);
  const [temperatureLoss, weights, numSamples] = tf.tidy(() => {
    const iw = maybeStop(importanceWeights, useStopGradient);
    const temperature = projectionOperator(temperatureConstraint.alpha);
    const scaled = tf.div(tf.mul(restartingWeights, advantages), temperature);
    const maxScaled = maybeStop(tf.max(scaled), useStopGradient);
    const topK = getTopKWeights(topKFraction, restartingWeights, scaled);
    const unnormalized = tf.mul(tf.mul(topK, iw), tf.exp(tf.sub(scaled, maxScaled)));
    const sumWeights = tf.add(tf.sum(unnormalized), EPSILON);
    const num = tf.add(tf.sum(topK), EPSILON);
    const normalized = maybeStop(tf.div(unnormalized, sumWeights), useStopGradient);
    const logMean = tf.sub(tf.add(tf.log(sumWeights), maxScaled), tf.log(num));
    return [tf.mul(temperature, tf.add(temperatureConstraint.epsilon, logMean)), normalized, num];
  });
  return { temperatureLoss: temperatureLoss as Tensor, weights: weights as Tensor, numSamples: numSamples as Tensor };
}
