/**
 * Helpers for continuous (box) actions: clipping to per-dimension bounds and TD3's target policy
 * smoothing. Ports the target-action computation of ALL's TD3 agent (after Fujimoto et al. 2018)
 * and the box clipping its DDPG/TD3 policies apply.
 *
 * Deliberate differences: the noise is an argument (already scaled by its standard deviation and
 * drawn by the caller's seeded generator) rather than drawn here, so the function is pure; bounds
 * may differ per dimension (torch's `clamp` with scalars cannot express that).
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { assertDim, assertFloat, assertNumber, assertRank, assertSameShape } from './checks';
import { boundTensor } from './distributions';
import type { Bound } from './distributions';

/**
 * Clips actions elementwise to [low, high], per dimension.
 * @param action float32 [B, D] (or [D]).
 * @param low lower bounds (a number, one per dimension, or a tensor [] / [D]).
 * @param high upper bounds, >= low.
 * @returns float32, shaped like action; the caller owns it.
 */
export function clipToBounds(action: Tensor, low: Bound, high: Bound): Tensor {
  const fn = 'clipToBounds';
  assertRank(fn, 'action', action, [1, 2]);
  assertFloat(fn, 'action', action);
  const dims = action.shape[action.rank - 1] as number;
  return tf.tidy(() => tf.minimum(tf.maximum(action, boundTensor(fn, 'low', low, dims)), boundTensor(fn, 'high', high, dims)));
}

/**
 * TD3 target policy smoothing: clip(action + clip(noise, -noiseClip, noiseClip), low, high).
 * Fujimoto et al. 2018, "Addressing Function Approximation Error in Actor-Critic Methods",
 * section 5.3 (https://arxiv.org/abs/1802.09477).
 * @param action the target policy's actions at the next states, float32 [B, D].
 * @param noise Gaussian noise already scaled by its standard deviation (in action units),
 *   float32 [B, D].
 * @param noiseClip the largest allowed noise magnitude c >= 0, in action units.
 * @param low lower action bounds; @param high upper action bounds.
 * @returns smoothed target actions, float32 [B, D]; the caller owns it.
 */
export function td3TargetPolicySmoothing(action: Tensor, noise: Tensor, noiseClip: number, low: Bound, high: Bound): Tensor {
  const fn = 'td3TargetPolicySmoothing';
  assertRank(fn, 'action', action, [1, 2]);
  assertFloat(fn, 'action', action);
  assertFloat(fn, 'noise', noise);
  assertSameShape(fn, { action, noise });
  assertNumber(fn, 'noiseClip', noiseClip, { min: 0 });
  return tf.tidy(() => clipToBounds(tf.add(action, tf.clipByValue(noise, -noiseClip, noiseClip)), low, high));
}

/**
 * The deterministic actor's loss (DDPG, TD3): -mean(Q(s, mu(s))) + weight * mean_b(sum_d u_bd^2),
 * where u are the pre-tanh outputs of the actor. The penalty (rlkit's
 * `policy_pre_activation_weight`) keeps u out of deep tanh saturation, where the actor's gradient
 * vanishes and Adam's normalized steps would otherwise carry it further (issue 17).
 * @param q the critic's values at the actor's actions, float32 [B].
 * @param preActivations the actor's pre-tanh outputs, float32 [B, D].
 * @param weight the penalty weight >= 0 (0: the plain DDPG/TD3 actor loss).
 * @returns a float32 scalar; the caller owns it.
 */
export function deterministicActorLoss(q: Tensor, preActivations: Tensor, weight: number): tf.Scalar {
  const fn = 'deterministicActorLoss';
  assertRank(fn, 'q', q, [1]);
  assertRank(fn, 'preActivations', preActivations, [2]);
  assertFloat(fn, 'q', q);
  assertFloat(fn, 'preActivations', preActivations);
  assertNumber(fn, 'weight', weight, { min: 0 });
  assertDim(fn, 0, q.shape[0]!, { preActivations });
  return tf.tidy(() => {
    const objective = tf.neg(tf.mean(q));
    if (weight === 0) return objective as tf.Scalar;
    return tf.add(objective, tf.mul(weight, tf.mean(tf.sum(tf.square(preActivations), 1)))) as tf.Scalar;
  });
}
