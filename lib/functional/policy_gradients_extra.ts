/**
 * Policy-gradient losses from rlax's `policy_gradients.py` not in policy_gradients.ts: the
 * deterministic policy gradient loss and the action-value based QPG, RPG and RM losses.
 * Ports their semantics, written from the papers cited.
 *
 * Deliberate differences: no stop-gradient option; the advantages and targets are always
 * treated as constants (rlax's default), through `stopGradient`, so these can be called inside
 * a gradient closure.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { assertDim, assertFloat, assertNumber, assertRank, assertSameShape } from './checks';
import { stopGradient } from './gradients';

/**
 * Deterministic policy gradient loss 0.5 (stop(a + dq/da) - a)^2, elementwise, whose gradient in
 * a is -dq/da. Silver et al. 2014, "Deterministic Policy Gradient Algorithms"
 * (http://proceedings.mlr.press/v32/silver14.pdf).
 * @param aT actions, float32 [B, D].
 * @param dqdaT gradient of Q(s, a) with respect to a at aT, float32 [B, D].
 * @param dqdaClipping if given (> 0), each example's dq/da is scaled down to L2 norm <= this.
 * @returns losses, float32 [B, D]; the caller owns it.
 */
export function dpgLoss(aT: Tensor, dqdaT: Tensor, dqdaClipping?: number): Tensor {
  const fn = 'dpgLoss';
  assertRank(fn, 'aT', aT, 2);
  assertFloat(fn, 'aT', aT);
  assertFloat(fn, 'dqdaT', dqdaT);
  assertSameShape(fn, { aT, dqdaT });
  if (dqdaClipping !== undefined) assertNumber(fn, 'dqdaClipping', dqdaClipping, { min: Number.MIN_VALUE });
  return tf.tidy(() => {
    let g = dqdaT;
    if (dqdaClipping !== undefined) {
      const norm = tf.sqrt(tf.sum(tf.square(g), 1, true));
      g = tf.div(tf.mul(g, dqdaClipping), tf.maximum(norm, dqdaClipping));
    }
    const target = stopGradient(tf.add(g, aT));
    return tf.mul(tf.square(tf.sub(target, aT)), 0.5);
  });
}

function policyAndAdvantage(fn: string, logitsT: Tensor, qT: Tensor): { policy: Tensor; adv: Tensor } {
  assertRank(fn, 'logitsT', logitsT, 2);
  assertFloat(fn, 'logitsT', logitsT);
  assertFloat(fn, 'qT', qT);
  assertSameShape(fn, { logitsT, qT });
  assertDim(fn, 0, logitsT.shape[0] as number, { qT });
  const policy = tf.softmax(logitsT);
  const q = stopGradient(qT);
  const baseline = tf.sum(tf.mul(policy, q), 1, true);
  return { policy, adv: tf.sub(q, baseline) };
}

/**
 * Q-based policy gradient loss -mean_t sum_a pi(a|s_t) stop(q(s_t, a) - sum_b pi(b) q(s_t, b)).
 * Srinivasan et al. 2018, "Actor-Critic Policy Optimization in Partially Observable Multiagent
 * Environments" (https://arxiv.org/abs/1810.09026).
 * @param logitsT float32 [T, A]; @param qT action values, float32 [T, A].
 * @returns a float32 scalar; the caller owns it.
 */
export function qpgLoss(logitsT: Tensor, qT: Tensor): Tensor {
  return tf.tidy(() => {
    const { policy, adv } = policyAndAdvantage('qpgLoss', logitsT, qT);
    return tf.mean(tf.sum(tf.neg(tf.mul(policy, stopGradient(adv))), 1));
  });
}

/**
 * Regret-matching policy gradient loss -mean_t sum_a pi(a|s_t) stop(relu(advantage)).
 * Srinivasan et al. 2018 (https://arxiv.org/abs/1810.09026).
 * @param logitsT float32 [T, A]; @param qT float32 [T, A].
 * @returns a float32 scalar; the caller owns it.
 */
export function rmLoss(logitsT: Tensor, qT: Tensor): Tensor {
  return tf.tidy(() => {
    const { policy, adv } = policyAndAdvantage('rmLoss', logitsT, qT);
    return tf.mean(tf.sum(tf.neg(tf.mul(policy, stopGradient(tf.relu(adv)))), 1));
  });
}

/**
 * Regret policy gradient loss mean_t sum_a relu(q(s_t, a) - sum_b pi(b) q(s_t, b)), the gradient
 * flowing through the policy in the baseline. Srinivasan et al. 2018
 * (https://arxiv.org/abs/1810.09026).
 * @param logitsT float32 [T, A]; @param qT float32 [T, A].
 * @returns a float32 scalar; the caller owns it.
 */
export function rpgLoss(logitsT: Tensor, qT: Tensor): Tensor {
  return tf.tidy(() => {
    const { adv } = policyAndAdvantage('rpgLoss', logitsT, qT);
    return tf.mean(tf.sum(tf.relu(adv), 1));
  });
}
