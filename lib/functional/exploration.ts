/**
 * Exploration noise: Gaussian, Ornstein-Uhlenbeck and Dirichlet. Ports the semantics of rlax's
 * `exploration.py` (add_gaussian_noise, add_ornstein_uhlenbeck_noise, add_dirichlet_noise).
 *
 * Deliberate difference: rlax takes a JAX PRNG key; here randomness comes from the run's seeded
 * `Random` (DESIGN.md section 4), drawn on the host (these act on small action batches), so the
 * same seed gives the same noise. The streams are not numpy's or JAX's, so tests check the
 * distributions, not rlax's samples.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { sampleGamma, type Random } from '../core/random';
import { assertFloat, assertNumber, assertRank, assertSameShape } from './checks';

function normals(rng: Random, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) out[k] = rng.normal(0, std);
  return out;
}

/**
 * action + N(0, stddev^2) noise, elementwise. Used by DDPG-style agents, e.g. Fujimoto et al.
 * 2018, "Addressing Function Approximation Error in Actor-Critic Methods" (https://arxiv.org/abs/1802.09477).
 * @param rng the run's seeded generator (advanced by one normal draw per element).
 * @param action float32, any shape. @param stddev >= 0.
 * @returns noisy actions, shaped like action; the caller owns it.
 */
export function addGaussianNoise(rng: Random, action: Tensor, stddev: number): Tensor {
  assertFloat('addGaussianNoise', 'action', action);
  assertNumber('addGaussianNoise', 'stddev', stddev, { min: 0 });
  const noise = normals(rng, action.size, stddev);
  return tf.tidy(() => tf.add(action, tf.tensor(noise, action.shape, 'float32')));
}

/**
 * Ornstein-Uhlenbeck noise step: noise_t = (1 - damping) noise_{t-1} + N(0, stddev^2), returned
 * both added to the action and on its own (the caller threads it to the next step; rlax returns
 * only the noisy action). Uhlenbeck and Ornstein 1930; as used by DDPG, Lillicrap et al. 2016
 * (https://arxiv.org/abs/1509.02971).
 * @param action float32 [D] or [B, D]; @param noiseTm1 the previous noise, same shape.
 * @param damping in [0, 1]; @param stddev >= 0.
 * @returns `{ action, noise }`, each shaped like action; the caller owns both.
 */
export function addOrnsteinUhlenbeckNoise(
  rng: Random,
  action: Tensor,
  noiseTm1: Tensor,
  damping: number,
  stddev: number,
): { action: Tensor; noise: Tensor } {
  const fn = 'addOrnsteinUhlenbeckNoise';
  assertFloat(fn, 'action', action);
  assertFloat(fn, 'noiseTm1', noiseTm1);
  assertSameShape(fn, { action, noiseTm1 });
  assertNumber(fn, 'damping', damping, { min: 0, max: 1 });
  assertNumber(fn, 'stddev', stddev, { min: 0 });
  const eps = normals(rng, action.size, stddev);
  const noise = tf.tidy(() => tf.add(tf.mul(noiseTm1, 1 - damping), tf.tensor(eps, action.shape, 'float32')));
  return { action: tf.add(action, noise), noise };
}

/**
 * Mixes a Dirichlet(alpha, ..., alpha) sample into each row of a prior:
 * (1 - fraction) prior + fraction noise, as AlphaZero does at the search root.
 * Silver et al. 2018, "A general reinforcement learning algorithm that masters chess, shogi and
 * Go through self-play" (https://www.science.org/doi/10.1126/science.aar6404).
 * @param prior probabilities, float32 [B, A]. @param dirichletAlpha > 0. @param dirichletFraction in [0, 1].
 * @returns noisy priors, float32 [B, A] (rows still sum to 1); the caller owns it.
 */
export function addDirichletNoise(rng: Random, prior: Tensor, dirichletAlpha: number, dirichletFraction: number): Tensor {
  const fn = 'addDirichletNoise';
  assertRank(fn, 'prior', prior, 2);
  assertFloat(fn, 'prior', prior);
  assertNumber(fn, 'dirichletAlpha', dirichletAlpha, { min: Number.MIN_VALUE });
  assertNumber(fn, 'dirichletFraction', dirichletFraction, { min: 0, max: 1 });
  const [batch, actions] = prior.shape as [number, number];
  const noise = new Float32Array(batch * actions);
  for (let b = 0; b < batch; b++) {
    let sum = 0;
    for (let a = 0; a < actions; a++) {
      const g = sampleGamma(rng, dirichletAlpha);
      noise[b * actions + a] = g;
      sum += g;
    }
    for (let a = 0; a < actions; a++) noise[b * actions + a] = sum > 0 ? (noise[b * actions + a] as number) / sum : 1 / actions;
  }
  return tf.tidy(() =>
    tf.add(tf.mul(prior, 1 - dirichletFraction), tf.mul(tf.tensor2d(noise, [batch, actions], 'float32'), dirichletFraction)),
  );
}
