/**
 * Sampled policy targets and the policy-distillation loss on them. Ports the semantics of rlax's
 * `policy_targets.py` (PolicyTarget, constant_policy_targets, zero_policy_targets,
 * sampled_policy_distillation_loss). rlax takes distrax distributions; here a distribution is
 * given by the two functions used: a sampler and a log-probability.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { ShapeError } from '../core/errors';
import { assertNumber } from './checks';

/** Sampled target actions [N, ...batch, ...event] with their weights [N, ...batch]; the caller owns both. */
export interface PolicyTarget {
  actions: Tensor;
  weights: Tensor;
}

/**
 * Samples `numSamples` actions from a distribution and weights each by `weightsScale`.
 * As rlax's constant_policy_targets.
 * @param sample draws n actions, shape [n, ...batch, ...event] (e.g. with the run's seeded Random).
 * @param eventRank rank of one action (0 for discrete actions, 1 for action vectors). Default 0.
 */
export function constantPolicyTargets(
  sample: (n: number) => Tensor,
  numSamples: number,
  weightsScale = 1,
  eventRank = 0,
): PolicyTarget {
  assertNumber('constantPolicyTargets', 'numSamples', numSamples, { min: 1, integer: true });
  assertNumber('constantPolicyTargets', 'weightsScale', weightsScale);
  const actions = sample(numSamples);
  const shape = actions.shape.slice(0, actions.rank - eventRank);
  return { actions, weights: tf.fill(shape, weightsScale) };
}

/** `constantPolicyTargets` with weight 0 (targets that contribute nothing to the loss). */
export function zeroPolicyTargets(sample: (n: number) => Tensor, numSamples: number, eventRank = 0): PolicyTarget {
  return constantPolicyTargets(sample, numSamples, 0, eventRank);
}

/**
 * Sampled policy distillation loss -mean(weights * log pi(actions)), with log-probabilities
 * floored at the lowest float32 so a zero weight on an impossible action gives 0, not NaN.
 * As rlax's sampled_policy_distillation_loss (e.g. the policy loss of MPO-style targets).
 * @param logProb the log-probability under the trained policy, shape of target.weights.
 * @returns a float32 scalar; the caller owns it.
 */
export function sampledPolicyDistillationLoss(logProb: (actions: Tensor) => Tensor, target: PolicyTarget): Tensor {
  return tf.tidy(() => {
    const lp = logProb(target.actions);
    if (lp.shape.length !== target.weights.shape.length || lp.shape.some((s, k) => s !== target.weights.shape[k])) {
      throw new ShapeError(
        `sampledPolicyDistillationLoss: log-probabilities have shape [${lp.shape.join(', ')}] but the weights [${target.weights.shape.join(', ')}]`,
      );
    }
    return tf.neg(tf.mean(tf.mul(target.weights, tf.maximum(lp, -3.4028234663852886e38))));
  });
}
