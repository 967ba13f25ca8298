/**
 * Distribution helpers from rlax's `distributions.py` not in distributions.ts, as plain functions
 * over batches (rlax returns distribution objects wrapping distrax): greedy and epsilon-greedy
 * probabilities, log-probabilities and entropies, categorical sampling from the run's seeded
 * `Random`, the clipped softmax entropy, categorical importance ratios and the KL divergence of
 * diagonal Gaussians; plus categorical TD learning from `value_learning.py`.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import type { Random } from '../core/random';
import { assertDim, assertFloat, assertInt, assertNumber, assertRank, assertSameShape } from './checks';
import { batchedIndex } from './base';
import { categoricalL2Project } from './distributional';
import { categoricalCrossEntropy } from './distributions';

function checkPrefs(fn: string, name: string, t: Tensor): void {
  assertRank(fn, name, t, 2);
  assertFloat(fn, name, t);
}

/**
 * Greedy probabilities: uniform over the maximizing actions of each row (ties share the mass),
 * 0 elsewhere. As distrax.Greedy, which rlax's `greedy` wraps.
 * @param preferences float32 [B, A]. @returns float32 [B, A]; the caller owns it.
 */
export function greedyProbs(preferences: Tensor): Tensor {
  checkPrefs('greedyProbs', 'preferences', preferences);
  return tf.tidy(() => {
    const isMax = tf.cast(tf.equal(preferences, tf.max(preferences, 1, true)), 'float32');
    return tf.div(isMax, tf.sum(isMax, 1, true));
  });
}

/**
 * Epsilon-greedy probabilities (1 - epsilon) greedy + epsilon / A. Sutton and Barto section 2.2;
 * as distrax.EpsilonGreedy, which rlax's `epsilon_greedy` wraps.
 * @param preferences float32 [B, A]. @param epsilon in [0, 1].
 * @returns float32 [B, A]; the caller owns it.
 */
export function epsilonGreedyProbs(preferences: Tensor, epsilon: number): Tensor {
  assertNumber('epsilonGreedyProbs', 'epsilon', epsilon, { min: 0, max: 1 });
  const numActions = preferences.shape[1] as number;
  return tf.tidy(() => tf.add(tf.mul(greedyProbs(preferences), 1 - epsilon), epsilon / numActions));
}

/** log of `epsilonGreedyProbs` at the chosen actions (int32 [B]); -Infinity where the probability is 0. */
export function epsilonGreedyLogProb(sample: Tensor, preferences: Tensor, epsilon: number): Tensor {
  assertInt('epsilonGreedyLogProb', 'sample', sample);
  return tf.tidy(() => tf.log(batchedIndex(epsilonGreedyProbs(preferences, epsilon), sample)));
}

/** Entropy -sum p log p of `epsilonGreedyProbs` (0 log 0 taken as 0), float32 [B]. */
export function epsilonGreedyEntropy(preferences: Tensor, epsilon: number): Tensor {
  return tf.tidy(() => {
    const p = epsilonGreedyProbs(preferences, epsilon);
    const plogp = tf.where(tf.greater(p, 0), tf.mul(p, tf.log(tf.maximum(p, 1e-38))), tf.zerosLike(p));
    return tf.neg(tf.sum(plogp, 1));
  });
}

/**
 * Samples one action per row from probabilities [B, A] with the run's seeded generator (inverse
 * CDF on the host; one uniform draw per row). As rlax's categorical_sample, with a `Random`
 * instead of a JAX key.
 * @returns int32 [B]; the caller owns it.
 */
export function categoricalSample(rng: Random, probs: Tensor): Tensor {
  checkPrefs('categoricalSample', 'probs', probs);
  const [batch, actions] = probs.shape as [number, number];
  const p = probs.dataSync();
  const out = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    let total = 0;
    for (let a = 0; a < actions; a++) total += p[b * actions + a] as number;
    const u = rng.random() * total;
    let acc = 0;
    let chosen = actions - 1;
    for (let a = 0; a < actions; a++) {
      acc += p[b * actions + a] as number;
      if (u < acc) {
        chosen = a;
        break;
      }
    }
    out[b] = chosen;
  }
  return tf.tensor1d(out, 'int32');
}

/**
 * Softmax entropy at a temperature, clipped to entropyClip * log(A): the entropy of rlax's
 * `clipped_entropy_softmax` distribution.
 * @param logits float32 [B, A]. @param temperature > 0 (default 1). @param entropyClip >= 0 (default 1).
 * @returns float32 [B]; the caller owns it.
 */
export function clippedEntropySoftmax(logits: Tensor, temperature = 1, entropyClip = 1): Tensor {
  const fn = 'clippedEntropySoftmax';
  checkPrefs(fn, 'logits', logits);
  assertNumber(fn, 'temperature', temperature, { min: Number.MIN_VALUE });
  assertNumber(fn, 'entropyClip', entropyClip, { min: 0 });
  const numActions = logits.shape[1] as number;
  return tf.tidy(() => {
    const logp = tf.logSoftmax(tf.div(logits, temperature));
    const entropy = tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1));
    return tf.minimum(entropy, entropyClip * Math.log(numActions));
  });
}

/**
 * Importance ratios pi(a|s) / mu(a|s) of the taken actions from target and behaviour logits.
 * As rlax's categorical_importance_sampling_ratios (e.g. the rho of V-trace, Espeholt et al. 2018).
 * @param piLogitsT float32 [B, A]; @param muLogitsT float32 [B, A]; @param aT int32 [B].
 * @returns float32 [B]; the caller owns it.
 */
export function categoricalImportanceSamplingRatios(piLogitsT: Tensor, muLogitsT: Tensor, aT: Tensor): Tensor {
  const fn = 'categoricalImportanceSamplingRatios';
  checkPrefs(fn, 'piLogitsT', piLogitsT);
  checkPrefs(fn, 'muLogitsT', muLogitsT);
  assertSameShape(fn, { piLogitsT, muLogitsT });
  assertInt(fn, 'aT', aT);
  assertDim(fn, 0, piLogitsT.shape[0] as number, { aT });
  return tf.tidy(() => tf.exp(tf.sub(batchedIndex(tf.logSoftmax(piLogitsT), aT), batchedIndex(tf.logSoftmax(muLogitsT), aT))));
}

/**
 * KL(N(mu0, diag sigma0^2) || N(mu1, diag sigma1^2)) = sum_d log(sigma1/sigma0) +
 * (sigma0^2 + (mu0 - mu1)^2) / (2 sigma1^2) - 1/2.
 * @param mu0, sigma0, mu1, sigma1 float32 [B, D] (standard deviations > 0).
 * @returns float32 [B]; the caller owns it.
 */
export function multivariateNormalKlDivergence(mu0: Tensor, sigma0: Tensor, mu1: Tensor, sigma1: Tensor): Tensor {
  const fn = 'multivariateNormalKlDivergence';
  for (const [name, t] of Object.entries({ mu0, sigma0, mu1, sigma1 })) {
    assertRank(fn, name, t, 2);
    assertFloat(fn, name, t);
  }
  assertSameShape(fn, { mu0, sigma0, mu1, sigma1 });
  return tf.tidy(() => {
    const v1 = tf.square(sigma1);
    const terms = tf.add(
      tf.log(tf.div(sigma1, sigma0)),
      tf.sub(tf.div(tf.add(tf.square(sigma0), tf.square(tf.sub(mu0, mu1))), tf.mul(v1, 2)), 0.5),
    );
    return tf.sum(terms, 1);
  });
}

/**
 * Categorical (C51-style) TD learning of state values: the cross entropy of the value logits
 * at s_t against the distribution r + gamma Z(s_{t+1}) projected onto the atoms of s_t.
 * Bellemare et al. 2017 (https://arxiv.org/abs/1707.06887); as rlax's categorical_td_learning.
 * @param vAtomsTm1 support at s_t, float32 [K]; @param vLogitsTm1 float32 [B, K];
 * @param rT float32 [B]; @param discountT float32 [B]; @param vAtomsT support at s_{t+1}, float32 [K'];
 * @param vLogitsT float32 [B, K'] (use the target network's; treated as constants).
 * @returns losses, float32 [B]; the caller owns it.
 */
export function categoricalTdLearning(
  vAtomsTm1: Tensor,
  vLogitsTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  vAtomsT: Tensor,
  vLogitsT: Tensor,
): Tensor {
  const fn = 'categoricalTdLearning';
  assertRank(fn, 'vAtomsTm1', vAtomsTm1, 1);
  assertRank(fn, 'vAtomsT', vAtomsT, 1);
  checkPrefs(fn, 'vLogitsTm1', vLogitsTm1);
  checkPrefs(fn, 'vLogitsT', vLogitsT);
  const batch = vLogitsTm1.shape[0] as number;
  assertDim(fn, 0, batch, { rT, discountT, vLogitsT });
  return tf.tidy(() => {
    const targetZ = tf.add(tf.expandDims(rT, 1), tf.mul(tf.expandDims(discountT, 1), vAtomsT));
    const target = categoricalL2Project(targetZ, tf.softmax(vLogitsT), vAtomsTm1);
    return categoricalCrossEntropy(target, vLogitsTm1, { constantLabels: true });
  });
}
