/**
 * Policy-gradient losses: REINFORCE / actor-critic with softmax policies, entropy
 * regularization and PPO's clipped surrogate. Ports rlax's `policy_gradient_loss`,
 * `entropy_loss` and `clipped_surrogate_pg_loss` (policy_gradients.py), the losses of ALL's
 * VPG, A2C and PPO agents.
 *
 * Deliberate differences: per-example weights are optional (default 1, i.e. a plain mean).
 * Advantages are wrapped in `stopGradient` (rlax's default `use_stop_gradient=True`), so a
 * critic's output can be passed directly without leaking policy-loss gradients into the critic.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { assertDim, assertFloat, assertNumber, assertRank, assertSameShape } from './checks';
import { softmaxEntropy, softmaxLogProb } from './distributions';
import { stopGradient } from './gradients';
import type { SurrogateStats } from './surrogate_stats';

function checkPerExample(fn: string, batch: number, named: Record<string, Tensor | undefined>): void {
  for (const [name, t] of Object.entries(named)) {
    if (t === undefined) continue;
    assertRank(fn, name, t, 1);
    assertFloat(fn, name, t);
    assertDim(fn, 0, batch, { [name]: t });
  }
}

/**
 * Policy-gradient loss for a softmax policy: mean_b(-log pi(aT[b] | logitsT[b]) * advT[b] *
 * weightsT[b]); its gradient is the REINFORCE / actor-critic update (negated for descent).
 * Williams 1992, "Simple Statistical Gradient-Following Algorithms for Connectionist
 * Reinforcement Learning" (https://doi.org/10.1007/BF00992696).
 * @param logitsT policy logits, float32 [B, A].
 * @param aT actions taken, int32 [B].
 * @param advT advantages (or returns), float32 [B]; gradient stopped.
 * @param weightsT per-example weights, float32 [B]; default all 1.
 * @returns a float32 scalar; the caller owns it.
 */
export function policyGradientLoss(logitsT: Tensor, aT: Tensor, advT: Tensor, weightsT?: Tensor): tf.Scalar {
  const fn = 'policyGradientLoss';
  assertRank(fn, 'logitsT', logitsT, 2);
  checkPerExample(fn, logitsT.shape[0] as number, { advT, weightsT });
  return tf.tidy(() => {
    const perExample = tf.mul(tf.neg(softmaxLogProb(logitsT, aT)), stopGradient(advT));
    return tf.mean(weightsT === undefined ? perExample : tf.mul(perExample, weightsT)) as tf.Scalar;
  });
}

/**
 * Entropy regularization loss: -mean_b(entropy(softmax(logitsT[b])) * weightsT[b]); minimizing
 * it raises the policy's entropy. Williams and Peng 1991, "Function Optimization using
 * Connectionist Reinforcement Learning Algorithms" (https://doi.org/10.1080/09540099108946587).
 * @param logitsT policy logits, float32 [B, A].
 * @param weightsT per-example weights, float32 [B]; default all 1.
 * @returns a float32 scalar (<= 0 with non-negative weights); the caller owns it.
 */
export function entropyLoss(logitsT: Tensor, weightsT?: Tensor): tf.Scalar {
  const fn = 'entropyLoss';
  assertRank(fn, 'logitsT', logitsT, 2);
  checkPerExample(fn, logitsT.shape[0] as number, { weightsT });
  return tf.tidy(() => {
    const entropy = softmaxEntropy(logitsT);
    return tf.neg(tf.mean(weightsT === undefined ? entropy : tf.mul(entropy, weightsT))) as tf.Scalar;
  });
}

/**
 * PPO's clipped surrogate loss: -mean_b min(r_b A_b, clip(r_b, 1 - epsilon, 1 + epsilon) A_b),
 * with r the probability ratio pi_new(a|s) / pi_old(a|s) and A the advantage.
 * Schulman et al. 2017, "Proximal Policy Optimization Algorithms", eq. 7
 * (https://arxiv.org/abs/1707.06347).
 * @param probRatiosT ratios pi_theta(a|s) / pi_old(a|s), float32 [B] (usually
 *   exp(logProb - oldLogProb), differentiable in theta).
 * @param advT advantages, float32 [B]; gradient stopped.
 * @param epsilon clipping range, in [0, 1) (0.2 in the paper).
 * @returns the negated mean clipped objective, a float32 scalar; the caller owns it.
 */
export function clippedSurrogatePgLoss(probRatiosT: Tensor, advT: Tensor, epsilon: number): tf.Scalar {
  const fn = 'clippedSurrogatePgLoss';
  assertRank(fn, 'probRatiosT', probRatiosT, 1);
  assertFloat(fn, 'probRatiosT', probRatiosT);
  assertFloat(fn, 'advT', advT);
  assertSameShape(fn, { probRatiosT, advT });
  assertNumber(fn, 'epsilon', epsilon, { min: 0, max: 1 - Number.EPSILON });
  return tf.tidy(() => {
    const adv = stopGradient(advT);
    const clipped = tf.clipByValue(probRatiosT, 1 - epsilon, 1 + epsilon);
    const objective = tf.minimum(tf.mul(probRatiosT, adv), tf.mul(clipped, adv));
    return tf.neg(tf.mean(objective)) as tf.Scalar;
  });
}

/**
 * PPO's policy loss from the log-probabilities and entropies a policy computed:
 * clippedSurrogatePgLoss(exp(logProbT - oldLogProbT), advT, epsilon) - entropyScaling * mean(entropyT).
 * The composition any stochastic policy can use (a softmax policy has a fused form,
 * `clippedSurrogateSoftmaxLoss`). Schulman et al. 2017 (https://arxiv.org/abs/1707.06347).
 * @param logProbT log pi(a | s) [B] (differentiated)
 * @param entropyT entropy of pi(. | s) [B] (differentiated)
 * @param oldLogProbT log pi_old(a | s) [B] from the rollout (not differentiated)
 * @param advT advantages [B] (not differentiated)
 * @param epsilon clipping range, in [0, 1)
 * @param entropyScaling weight of the mean entropy subtracted from the loss
 * @param stats when given, receives this minibatch's diagnostics (approximate KL, clipped rows, entropy)
 * @returns a scalar the caller owns; use inside a gradient closure
 */
export function clippedSurrogateEntropyLoss(
  logProbT: Tensor,
  entropyT: Tensor,
  oldLogProbT: Tensor,
  advT: Tensor,
  epsilon: number,
  entropyScaling: number,
  stats?: SurrogateStats,
): tf.Scalar {
  const fn = 'clippedSurrogateEntropyLoss';
  checkPerExample(fn, logProbT.shape[0] as number, { logProbT, entropyT, oldLogProbT, advT });
  return tf.tidy(() => {
    const ratios = tf.exp(tf.sub(logProbT, oldLogProbT));
    const loss = tf.sub(clippedSurrogatePgLoss(ratios, advT, epsilon), tf.mul(tf.mean(entropyT), entropyScaling)) as tf.Scalar;
    stats?.addTensors(logProbT, oldLogProbT, entropyT, epsilon);
    return loss;
  });
}
