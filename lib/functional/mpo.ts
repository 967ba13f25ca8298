/**
 * The MPO and V-MPO policy losses. Ports the semantics of rlax's `mpo_ops.py` (`mpo_loss`,
 * `vmpo_loss`, `kl_alpha_loss`, the `MpoOutputs` record, and the decoupled Gaussian KL of its
 * test), written from Abdolmaleki et al. 2018, "Maximum a Posteriori Policy Optimisation"
 * (https://arxiv.org/abs/1806.06920), Abdolmaleki et al. 2018, "Relative Entropy Regularized
 * Policy Iteration" (https://arxiv.org/abs/1812.02256) and Song et al. 2019, "V-MPO: On-Policy
 * Maximum a Posteriori Policy Optimization for Discrete and Continuous Control"
 * (https://arxiv.org/abs/1909.12238). The E-steps (temperature duals) and the
 * KL penalties they combine are in mpo_ops.ts.
 *
 * Shapes (rlax's): the losses are per example over any example shape E* ([T, B], [B], [B, T],
 * ...), as long as it is the same across the arguments. MPO's sampled log-probabilities and Q
 * values carry an extra sample axis at `sampleAxis`; KLs are E*, or E* + [A] for a per-dimension
 * penalty (summed over A).
 *
 * Deliberate differences: the optional arguments are one options object; no `axis_name` (no
 * cross-device sums in tfjs); an empty `klConstraints` list gives zero KL and dual losses shaped
 * E* (rlax's final shape check rejects it); the results are one flat record (rlax returns a
 * `(loss, MpoOutputs)` pair).
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { ConfigError, ShapeError } from '../core/errors';
import { assertFloat, assertNumber, assertSameShape } from './checks';
import { stopGradient } from './gradients';
import {
  computeParametricKlPenaltyAndDualLoss,
  klConstraintLoss,
  mpoComputeWeightsAndTemperatureLoss,
  vmpoComputeWeightsAndTemperatureLoss,
} from './mpo_ops';
import type { LagrangePenalty, ProjectionOperator } from './mpo_ops';

const EPSILON = 1e-10;

/**
 * rlax's default projection of the dual variables: `clip(x, min = 1e-10)` (gradient 1 above the
 * floor, 0 below it).
 * @returns a new tensor; the caller owns it.
 */
export const clipProjection: ProjectionOperator = (x: Tensor): Tensor => tf.maximum(x, EPSILON);

/** The components of an MPO or V-MPO loss (rlax's `MpoOutputs`); the caller owns every tensor. */
export interface MpoOutputs {
  /** The temperature dual: per example (E*) for MPO, a scalar over all the data for V-MPO. */
  temperatureLoss: Tensor;
  /** The weighted maximum-likelihood (M-step) loss, E*. */
  policyLoss: Tensor;
  /** The KL penalties stop(alpha) KL, summed over the constraints, E*. */
  klLoss: Tensor;
  /** The multipliers' dual losses alpha (epsilon - stop(KL)), summed over the constraints, E*. */
  alphaLoss: Tensor;
  /** The E-step weights: shaped like the sampled Q values (MPO) or the advantages (V-MPO). */
  normalizedWeights: Tensor;
}

/** `mpoLoss`'s results: the total per-example loss and its components. */
export interface MpoLossResult extends MpoOutputs {
  /** policyLossWeight policy + temperatureLossWeight temperature + klLossWeight KL + alphaLossWeight alpha, E*. */
  loss: Tensor;
  /** The number of sampled actions per state (the size of the sample axis). */
  numSamples: number;
}

/** `vmpoLoss`'s results: the total per-example loss and its components. */
export interface VmpoLossResult extends MpoOutputs {
  /** policyLossWeight policy + temperatureLossWeight temperature + klLossWeight KL + alphaLossWeight alpha, E*. */
  loss: Tensor;
  /** The number of examples kept by the top-k and restart masks (plus 1e-10), a float32 scalar. */
  numSamples: Tensor;
}

/** Options shared by `mpoLoss` and `vmpoLoss`; defaults are rlax's. */
export interface MpoLossWeights {
  /** Maps the dual variables (temperature and KL alphas) to positive values. Default `clipProjection` (clip at 1e-10). */
  projectionOperator?: ProjectionOperator;
  /** Weight of the policy (M-step) loss. Default 1. */
  policyLossWeight?: number;
  /** Weight of the temperature dual loss. Default 1. */
  temperatureLossWeight?: number;
  /** Weight of the KL penalty. Default 1. */
  klLossWeight?: number;
  /** Weight of the KL multipliers' dual loss. Default 1. */
  alphaLossWeight?: number;
  /** rlax's `use_stop_gradient`: stop the gradients that separate the primal and dual updates. Default true. */
  useStopGradient?: boolean;
}

/** Options of `mpoLoss`. */
export interface MpoLossOptions extends MpoLossWeights {
  /** The axis of the sampled actions in sampleLogProbs and sampleQValues; negative counts from the end. Default 0. */
  sampleAxis?: number;
}

/** Options of `vmpoLoss`. */
export interface VmpoLossOptions extends MpoLossWeights {
  /** 0/1 float32, E*: 0 marks the first step of an episode, left out of the E-step. Default all ones. */
  restartingWeights?: Tensor;
  /** float32, E*: importance weights of the behaviour data in the E-step. Default all ones. */
  importanceWeights?: Tensor;
  /** The fraction (0, 1] of the examples, by largest advantage, that the E-step keeps. Default 0.5. */
  topKFraction?: number;
}

function fmt(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function checkWeights(fn: string, o: MpoLossWeights): void {
  for (const name of ['policyLossWeight', 'temperatureLossWeight', 'klLossWeight', 'alphaLossWeight'] as const) {
    const w = o[name];
    if (w !== undefined) assertNumber(fn, name, w);
  }
  if (o.projectionOperator !== undefined && typeof o.projectionOperator !== 'function') {
    throw new ConfigError(`${fn}: projectionOperator must be a function from a tensor to a tensor`);
  }
}

/** Whether a tensor of shape `from` broadcasts to exactly `to` (numpy's rules). */
function broadcastsTo(from: readonly number[], to: readonly number[]): boolean {
  if (from.length > to.length) return false;
  const offset = to.length - from.length;
  return from.every((d, i) => d === 1 || d === to[i + offset]);
}

function checkTemperature(fn: string, c: LagrangePenalty, exampleShape: readonly number[]): void {
  if (c === null || typeof c !== 'object' || !(c.alpha instanceof tf.Tensor)) {
    throw new ConfigError(`${fn}: temperatureConstraint must be a LagrangePenalty { alpha: Tensor, epsilon: number }`);
  }
  assertFloat(fn, 'temperatureConstraint.alpha', c.alpha);
  assertNumber(fn, 'temperatureConstraint.epsilon', c.epsilon);
  if (!broadcastsTo(c.alpha.shape, exampleShape)) {
    throw new ShapeError(
      `${fn}: temperatureConstraint.alpha has shape ${fmt(c.alpha.shape)}, which does not broadcast to the example ` +
        `shape ${fmt(exampleShape)}; use a scalar temperature`,
    );
  }
}

/** Checks that each KL has shape E* (or E* + [A] for a per-dimension penalty). */
function checkKls(fn: string, klConstraints: Array<[Tensor, LagrangePenalty]>, exampleShape: readonly number[]): void {
  if (!Array.isArray(klConstraints)) {
    throw new ConfigError(`${fn}: klConstraints must be an array of [kl, LagrangePenalty] pairs (possibly empty)`);
  }
  klConstraints.forEach(([kl, penalty], k) => {
    const name = `klConstraints[${k}] kl`;
    if (!(kl instanceof tf.Tensor)) throw new ShapeError(`${fn}: ${name} must be a tf.Tensor; received ${typeof kl}`);
    assertFloat(fn, name, kl);
    const per = penalty?.perDimension === true;
    const prefix = per ? kl.shape.slice(0, -1) : kl.shape;
    if (kl.rank !== exampleShape.length + (per ? 1 : 0) || !sameShape(prefix, exampleShape)) {
      throw new ShapeError(
        `${fn}: ${name} has shape ${fmt(kl.shape)} but must be the example shape ${fmt(exampleShape)}` +
          (per ? ' plus an action axis (its penalty is per dimension)' : '') +
          '; KLs are per example (and per action dimension for a per-dimension penalty)',
      );
    }
  });
}

function checkLossShape(fn: string, name: string, t: Tensor, exampleShape: readonly number[]): void {
  if (!sameShape(t.shape, exampleShape)) {
    throw new ShapeError(
      `${fn}: the ${name} has shape ${fmt(t.shape)}, not the example shape ${fmt(exampleShape)}; ` +
        'shape each penalty alpha like its KL or as a scalar',
    );
  }
}

function combine(
  o: MpoLossWeights,
  policyLoss: Tensor,
  temperatureLoss: Tensor,
  klLoss: Tensor,
  alphaLoss: Tensor,
): Tensor {
  return tf.addN([
    tf.mul(policyLoss, o.policyLossWeight ?? 1),
    tf.broadcastTo(tf.mul(temperatureLoss, o.temperatureLossWeight ?? 1), policyLoss.shape),
    tf.mul(klLoss, o.klLossWeight ?? 1),
    tf.mul(alphaLoss, o.alphaLossWeight ?? 1),
  ]);
}

/** KL and dual losses shaped E* (zeros when there are no constraints). */
function klTerms(
  fn: string,
  klConstraints: Array<[Tensor, LagrangePenalty]>,
  projection: ProjectionOperator,
  useStopGradient: boolean,
  exampleShape: number[],
): [Tensor, Tensor] {
  if (klConstraints.length === 0) return [tf.zeros(exampleShape), tf.zeros(exampleShape)];
  const { klLoss, dualLoss } = computeParametricKlPenaltyAndDualLoss(klConstraints, projection, useStopGradient);
  checkLossShape(fn, 'KL loss', klLoss, exampleShape);
  checkLossShape(fn, 'alpha loss', dualLoss, exampleShape);
  return [klLoss, dualLoss];
}

/**
 * The MPO loss with KL bounds (rlax's `mpo_loss`). E-step: non-parametric weights
 * softmax(Q / eta) over the sampled actions of each state, and the temperature dual
 * eta epsilon + eta log mean exp(Q / eta). M-step: weighted maximum likelihood
 * -sum_i stop(w_i) log pi(a_i | s) under the KL constraints, each as a penalty stop(alpha) KL
 * plus a dual alpha (epsilon - stop(KL)). Abdolmaleki et al. 2018, "Maximum a Posteriori Policy
 * Optimisation" (https://arxiv.org/abs/1806.06920), sections 4.1-4.2, and "Relative Entropy
 * Regularized Policy Iteration" (https://arxiv.org/abs/1812.02256).
 * @param sampleLogProbs float32 E* with a sample axis at `options.sampleAxis` (e.g. [S, T, B]):
 *   log pi(a_i | s) of the sampled actions under the current policy.
 * @param sampleQValues float32, shaped like sampleLogProbs: Q(s, a_i) of the same samples.
 * @param temperatureConstraint the temperature's unconstrained variable (usually a scalar) and
 *   the bound epsilon on the E-step KL (nats).
 * @param klConstraints `[kl, penalty]` pairs: the M-step KLs between the target and current
 *   policies, E* (or E* + [A] when `penalty.perDimension`), each with its multiplier and bound.
 * @returns per-example `loss` (E*) and its components (`MpoLossResult`); the caller owns the tensors
 *   (`tf.dispose(Object.values(result))`).
 */
export function mpoLoss(
  sampleLogProbs: Tensor,
  sampleQValues: Tensor,
  temperatureConstraint: LagrangePenalty,
  klConstraints: Array<[Tensor, LagrangePenalty]>,
  options: MpoLossOptions = {},
): MpoLossResult {
  const fn = 'mpoLoss';
  for (const [name, t] of Object.entries({ sampleLogProbs, sampleQValues })) {
    if (!(t instanceof tf.Tensor)) throw new ShapeError(`${fn}: ${name} must be a tf.Tensor; received ${typeof t}`);
    assertFloat(fn, name, t);
  }
  assertSameShape(fn, { sampleLogProbs, sampleQValues });
  if (sampleQValues.rank === 0) {
    throw new ShapeError(`${fn}: sampleQValues is a scalar; it needs a sample axis (e.g. [S, B])`);
  }
  checkWeights(fn, options);
  const rank = sampleQValues.rank;
  const rawAxis = options.sampleAxis ?? 0;
  assertNumber(fn, 'sampleAxis', rawAxis, { min: -rank, max: rank - 1, integer: true });
  const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
  const exampleShape = sampleQValues.shape.filter((_, d) => d !== axis);
  checkTemperature(fn, temperatureConstraint, exampleShape);
  checkKls(fn, klConstraints, exampleShape);
  const projection = options.projectionOperator ?? clipProjection;
  const useStop = options.useStopGradient ?? true;
  const n = sampleQValues.shape[axis] as number;
  const out = tf.tidy(() => {
    const eStep = mpoComputeWeightsAndTemperatureLoss(sampleQValues, temperatureConstraint, projection, axis);
    const normalizedWeights = useStop ? stopGradient(eStep.weights) : eStep.weights;
    const policyLoss = tf.neg(tf.sum(tf.mul(normalizedWeights, sampleLogProbs), axis));
    const [klLoss, alphaLoss] = klTerms(fn, klConstraints, projection, useStop, exampleShape);
    const loss = combine(options, policyLoss, eStep.temperatureLoss, klLoss, alphaLoss);
    return { loss, temperatureLoss: eStep.temperatureLoss, policyLoss, klLoss, alphaLoss, normalizedWeights };
  });
  return { ...out, numSamples: n };
}

/**
 * The V-MPO policy-improvement loss (rlax's `vmpo_loss`). E-step over all the examples: keep the
 * top `topKFraction` by advantage (leaving out restarts), weight them by importance weights times
 * exp(A / eta), normalize over the whole batch, and the temperature dual
 * eta (epsilon + log mean exp(A / eta)) (a scalar). M-step: -log pi(a | s) stop(w) N per example
 * (N the number of examples, so the mean over examples is the weighted sum), under the KL
 * constraints (penalty plus dual, as in `mpoLoss`). Song et al. 2019, "V-MPO"
 * (https://arxiv.org/abs/1909.12238), section 4 and appendix.
 * @param sampleLogProbs float32 E*: log pi(a | s) of the actions taken.
 * @param advantages float32 E*: their advantages (e.g. n-step returns minus V).
 * @param temperatureConstraint the temperature's unconstrained variable (a scalar) and its bound (nats).
 * @param klConstraints `[kl, penalty]` pairs: KLs E* (or E* + [A] when `penalty.perDimension`).
 * @returns per-example `loss` (E*) and its components (`VmpoLossResult`; `temperatureLoss` is a
 *   scalar); the caller owns the tensors (`tf.dispose(Object.values(result))`).
 */
export function vmpoLoss(
  sampleLogProbs: Tensor,
  advantages: Tensor,
  temperatureConstraint: LagrangePenalty,
  klConstraints: Array<[Tensor, LagrangePenalty]>,
  options: VmpoLossOptions = {},
): VmpoLossResult {
  const fn = 'vmpoLoss';
  const named: Record<string, Tensor> = { advantages, sampleLogProbs };
  if (options.restartingWeights !== undefined) named.restartingWeights = options.restartingWeights;
  if (options.importanceWeights !== undefined) named.importanceWeights = options.importanceWeights;
  for (const [name, t] of Object.entries(named)) {
    if (!(t instanceof tf.Tensor)) throw new ShapeError(`${fn}: ${name} must be a tf.Tensor; received ${typeof t}`);
    assertFloat(fn, name, t);
  }
  assertSameShape(fn, named);
  if (advantages.size === 0) throw new ShapeError(`${fn}: advantages is empty; pass at least one example`);
  const exampleShape = advantages.shape.slice();
  checkTemperature(fn, temperatureConstraint, exampleShape);
  checkWeights(fn, options);
  const topKFraction = options.topKFraction ?? 0.5;
  checkKls(fn, klConstraints, exampleShape);
  const projection = options.projectionOperator ?? clipProjection;
  const useStop = options.useStopGradient ?? true;
  return tf.tidy(() => {
    const restart = options.restartingWeights ?? tf.onesLike(sampleLogProbs);
    const iw = options.importanceWeights ?? tf.onesLike(sampleLogProbs);
    const eStep = vmpoComputeWeightsAndTemperatureLoss(
      advantages, restart, iw, temperatureConstraint, projection, topKFraction, useStop,
    );
    const normalizedWeights = eStep.weights;
    const policyLoss = tf.mul(tf.neg(tf.mul(sampleLogProbs, normalizedWeights)), sampleLogProbs.size);
    const [klLoss, alphaLoss] = klTerms(fn, klConstraints, projection, useStop, exampleShape);
    const loss = combine(options, policyLoss, eStep.temperatureLoss, klLoss, alphaLoss);
    return {
      loss, temperatureLoss: eStep.temperatureLoss, policyLoss, klLoss, alphaLoss, normalizedWeights,
      numSamples: eStep.numSamples,
    };
  });
}

/**
 * Restart-masked means of several KL penalties and their duals (rlax's `kl_alpha_loss`): for
 * each constraint stop(alpha) KL and alpha (epsilon - stop(KL)), with alpha used as given (no
 * projection: pass an already positive multiplier), summed over the constraints (and the action
 * axis for per-dimension penalties), then averaged over the examples with restarting weight 1.
 * Song et al. 2019 (https://arxiv.org/abs/1909.12238), eq. (5)-(6).
 * @param restartingWeights float32 E*, 0 at the first step of an episode.
 * @param klConstraints `[kl, penalty]` pairs, each KL E* or E* + [A] (per dimension).
 * @returns `{ klLoss, alphaLoss }`, float32 scalars (0 and 0 without constraints); the caller owns them.
 */
export function klAlphaLoss(
  restartingWeights: Tensor,
  klConstraints: Array<[Tensor, LagrangePenalty]> = [],
): { klLoss: Tensor; alphaLoss: Tensor } {
  const fn = 'klAlphaLoss';
  if (!(restartingWeights instanceof tf.Tensor)) {
    throw new ShapeError(`${fn}: restartingWeights must be a tf.Tensor; received ${typeof restartingWeights}`);
  }
  assertFloat(fn, 'restartingWeights', restartingWeights);
  checkKls(fn, klConstraints, restartingWeights.shape);
  if (klConstraints.length === 0) return { klLoss: tf.scalar(0), alphaLoss: tf.scalar(0) };
  const [klLoss, alphaLoss] = tf.tidy(() => {
    let kls: Tensor = tf.scalar(0);
    let alphas: Tensor = tf.scalar(0);
    for (const [kl, penalty] of klConstraints) {
      const k = klConstraintLoss(kl, penalty, (x) => x);
      kls = tf.add(kls, k.klLoss);
      alphas = tf.add(alphas, k.alphaLoss);
    }
    const num = tf.add(tf.sum(restartingWeights), EPSILON);
    return [tf.div(tf.sum(tf.mul(kls, restartingWeights)), num), tf.div(tf.sum(tf.mul(alphas, restartingWeights)), num)];
  });
  return { klLoss: klLoss as Tensor, alphaLoss: alphaLoss as Tensor };
}

/**
 * KL(N(mu0, diag sigma0^2) || N(mu1, diag sigma1^2)) split into a mean part and a covariance part,
 * for MPO's decoupled KL constraints (a loose bound on the mean, a tight one on the covariance):
 * `klMean = 0.5 (mu1 - mu0)^2 / v1`, `klCovariance = 0.5 (v0 / v1 - 1 + log v1 - log v0)` with
 * variances v = clip(sigma^2, 1e-6, 1e6), summed over the last (action) axis unless
 * `perDimension`. Their sum is the full KL. This is the helper rlax's own MPO test builds its
 * constraints with (`_decoupled_multivariate_normal_kl_divergence` in `mpo_ops_test.py`; not part
 * of rlax's API). Abdolmaleki et al. 2018 (https://arxiv.org/abs/1806.06920), section 4.2.
 * Pass the target (old) policy as (mu0, sigma0) and the online policy as (mu1, sigma1).
 * @param mu0 float32 [..., A]; @param sigma0 float32 standard deviations, broadcastable to mu0.
 * @param mu1 float32, shaped like mu0; @param sigma1 float32, broadcastable to mu1.
 * @param perDimension keep the action axis (for a per-dimension `LagrangePenalty`). Default false.
 * @returns `{ klMean, klCovariance }`, [...] (or [..., A] per dimension); the caller owns both.
 */
export function decoupledMultivariateNormalKlDivergence(
  mu0: Tensor,
  sigma0: Tensor,
  mu1: Tensor,
  sigma1: Tensor,
  perDimension = false,
): { klMean: Tensor; klCovariance: Tensor } {
  const fn = 'decoupledMultivariateNormalKlDivergence';
  const named = { mu0, sigma0, mu1, sigma1 };
  for (const [name, t] of Object.entries(named)) {
    if (!(t instanceof tf.Tensor)) throw new ShapeError(`${fn}: ${name} must be a tf.Tensor; received ${typeof t}`);
    assertFloat(fn, name, t);
  }
  assertSameShape(fn, { mu0, mu1 });
  if (mu0.rank === 0) throw new ShapeError(`${fn}: mu0 is a scalar; the means need an action axis last ([..., A])`);
  for (const [name, t] of Object.entries({ sigma0, sigma1 })) {
    if (!broadcastsTo(t.shape, mu0.shape)) {
      throw new ShapeError(`${fn}: ${name} has shape ${fmt(t.shape)}, which does not broadcast to the means' ${fmt(mu0.shape)}`);
    }
  }
  const [klMean, klCovariance] = tf.tidy(() => {
    const v0 = tf.clipByValue(tf.square(tf.mul(tf.onesLike(mu0), sigma0)), 1e-6, 1e6);
    const v1 = tf.clipByValue(tf.square(tf.mul(tf.onesLike(mu1), sigma1)), 1e-6, 1e6);
    let mean: Tensor = tf.mul(0.5, tf.div(tf.square(tf.sub(mu1, mu0)), v1));
    let cov: Tensor = tf.mul(0.5, tf.add(tf.sub(tf.div(v0, v1), 1), tf.sub(tf.log(v1), tf.log(v0))));
    if (!perDimension) {
      mean = tf.sum(mean, -1);
      cov = tf.sum(cov, -1);
    }
    return [mean, cov];
  });
  return { klMean: klMean as Tensor, klCovariance: klCovariance as Tensor };
}
