/**
 * Categorical distributional RL (C51): projection of a shifted categorical distribution back onto
 * a fixed support, and the Q-learning / double Q-learning targets and losses built on it. Ports
 * rlax's `categorical_l2_project`, `categorical_q_learning` and `categorical_double_q_learning`
 * (value_learning.py), the computation inside ALL's C51 and Rainbow agents.
 *
 * Deliberate differences: rlax projects one example and vmaps; here the projection is batched
 * ([B, Kp] atoms and probabilities onto one shared support [Kq]) as a single [B, Kq, Kp]
 * broadcast. The `...Target` functions return the projected target distribution [B, K] so agents
 * can compute it from the target network outside the gradient closure; the loss functions wrap it
 * in `stopGradient`. Distributions are given as logits over atoms (ALL's QDist outputs
 * probabilities; take their log if you hold probabilities).
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { ShapeError } from '../core/errors';
import { batchedIndex } from './base';
import { onHostMemoryBackend } from '../backend/host_memory';
import { doubleQTargetOnHost } from './categorical_host';
import { categoricalCrossEntropy } from './distributions';
import { assertDim, assertFloat, assertInt, assertRank } from './checks';
import { stopGradient } from './gradients';
import type { TdOptions } from './value_learning';

/**
 * Projects the categorical distribution (zP, probs) onto the support zQ, minimizing the L2
 * (Cramer) distance between CDFs: each atom zP[j], clipped to [zQ[0], zQ[Kq-1]], splits its mass
 * between the two neighbouring atoms of zQ in proportion to its distance from them (all of it
 * onto an atom it coincides with). Bellemare et al. 2017, "A Distributional Perspective on
 * Reinforcement Learning", algorithm 1 (https://arxiv.org/abs/1707.06887).
 * @param zP source atoms, float32 [B, Kp], or [Kp] shared by the batch.
 * @param probs source probabilities, float32 [B, Kp] (or [Kp] for one distribution).
 * @param zQ target support, float32 [Kq], Kq >= 2, strictly increasing (not checked: it would
 *   need a read-back).
 * @returns projected probabilities, float32 [B, Kq] (or [Kq]); rows keep the mass of `probs`;
 *   the caller owns it.
 */
export function categoricalL2Project(zP: Tensor, probs: Tensor, zQ: Tensor): Tensor {
  const fn = 'categoricalL2Project';
  assertRank(fn, 'probs', probs, [1, 2]);
  assertRank(fn, 'zP', zP, probs.rank === 2 ? [1, 2] : 1);
  assertRank(fn, 'zQ', zQ, 1);
  for (const [name, t] of Object.entries({ zP, probs, zQ })) assertFloat(fn, name, t);
  const kp = probs.shape[probs.rank - 1] as number;
  const kq = zQ.shape[0] as number;
  if (zP.shape[zP.rank - 1] !== kp || (zP.rank === 2 && zP.shape[0] !== probs.shape[0])) {
    throw new ShapeError(
      `${fn}: zP has shape [${zP.shape.join(', ')}] but must be [${kp}] or [${probs.shape.join(', ')}] to match probs`,
    );
  }
  if (kq < 2) throw new ShapeError(`${fn}: zQ must have at least 2 atoms; received ${kq}`);
  return tf.tidy(() => {
    const single = probs.rank === 1;
    const p = single ? tf.expandDims(probs, 0) : probs; // [B, Kp]
    const z = zP.rank === 1 ? tf.expandDims(zP, 0) : zP; // [1 or B, Kp]
    const lo = tf.slice(zQ, [0], [1]);
    const hi = tf.slice(zQ, [kq - 1], [1]);
    const zClipped = tf.expandDims(tf.minimum(tf.maximum(z, lo), hi), 1); // [., 1, Kp]
    // Inverse gaps to the next and previous atom; 0 past either end of the support.
    const gaps = tf.sub(tf.slice(zQ, [1], [kq - 1]), tf.slice(zQ, [0], [kq - 1])); // [Kq-1]
    const zero = tf.zeros([1]);
    const invNext = tf.reshape(tf.divNoNan(1, tf.concat([gaps, zero])), [kq, 1]);
    const invPrev = tf.reshape(tf.divNoNan(1, tf.concat([zero, gaps])), [kq, 1]);
    const delta = tf.sub(zClipped, tf.reshape(zQ, [kq, 1])); // [., Kq, Kp]: zP[j] - zQ[i]
    // Distance in units of the gap on the side where zP[j] lies; mass share = clip(1 - it, 0, 1).
    const scaled = tf.where(tf.greaterEqual(delta, 0), tf.mul(delta, invNext), tf.mul(tf.neg(delta), invPrev));
    const share = tf.clipByValue(tf.sub(1, scaled), 0, 1);
    const out = tf.sum(tf.mul(share, tf.expandDims(p, 1)), -1); // [B, Kq]
    return single ? tf.squeeze(out, [0]) : out;
  });
}

function checkCategorical(fn: string, qAtoms: Tensor, qLogits: Tensor, atomsName: string, logitsName: string): void {
  assertRank(fn, atomsName, qAtoms, 1);
  assertRank(fn, logitsName, qLogits, 3);
  assertFloat(fn, atomsName, qAtoms);
  assertFloat(fn, logitsName, qLogits);
  if (qLogits.shape[2] !== qAtoms.shape[0]) {
    throw new ShapeError(
      `${fn}: ${logitsName} has shape [${qLogits.shape.join(', ')}] but its last dimension must equal ` +
        `the ${qAtoms.shape[0]} atoms of ${atomsName}`,
    );
  }
}

function checkRewards(fn: string, rT: Tensor, discountT: Tensor, batch: number): void {
  assertRank(fn, 'rT', rT, 1);
  assertRank(fn, 'discountT', discountT, 1);
  assertFloat(fn, 'rT', rT);
  assertFloat(fn, 'discountT', discountT);
  assertDim(fn, 0, batch, { rT, discountT });
}

/** Projects r + discount * atomsT, weighted by pTarget [B, K], onto atomsTm1. */
function projectTarget(qAtomsTm1: Tensor, rT: Tensor, discountT: Tensor, qAtomsT: Tensor, pTarget: Tensor): Tensor {
  const targetZ = tf.add(tf.expandDims(rT, 1), tf.mul(tf.expandDims(discountT, 1), tf.expandDims(qAtomsT, 0)));
  return categoricalL2Project(targetZ, pTarget, qAtomsTm1);
}

/**
 * C51 target distribution: the destination distribution of the greedy action (by mean value),
 * shifted to r + discount * z and projected onto the source support. A terminal (discount 0)
 * puts all mass at r, split between the atoms around it.
 * Bellemare et al. 2017 (https://arxiv.org/abs/1707.06887).
 * @param qAtomsTm1 source support, float32 [K1].
 * @param rT rewards, float32 [B].
 * @param discountT gamma times continuation (0 at a true terminal), float32 [B].
 * @param qAtomsT destination support, float32 [K].
 * @param qLogitsT destination logits over atoms per action, float32 [B, A, K] (target network).
 * @returns target probabilities, float32 [B, K1]; the caller owns it (no stop-gradient applied).
 */
export function categoricalQLearningTarget(
  qAtomsTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  qAtomsT: Tensor,
  qLogitsT: Tensor,
): Tensor {
  const fn = 'categoricalQLearningTarget';
  assertRank(fn, 'qAtomsTm1', qAtomsTm1, 1);
  checkCategorical(fn, qAtomsT, qLogitsT, 'qAtomsT', 'qLogitsT');
  checkRewards(fn, rT, discountT, qLogitsT.shape[0] as number);
  return tf.tidy(() => {
    const probsT = tf.softmax(qLogitsT); // [B, A, K]
    const meanT = tf.sum(tf.mul(probsT, qAtomsT), 2); // [B, A]
    return projectTarget(qAtomsTm1, rT, discountT, qAtomsT, batchedIndex(probsT, tf.argMax(meanT, 1)));
  });
}

/**
 * Double-Q C51 target distribution: as `categoricalQLearningTarget`, but the action whose
 * distribution is used is argmax of `qTSelector` (the online network's mean values). On backends
 * whose tensors live in host memory (wasm, cpu) the selection and projection run on the host
 * (lib/functional/categorical_host.ts, O(B K) instead of a [B, K, K] broadcast); elsewhere in
 * tensors. Discounts must then be >= 0 and the supports increasing, as C51's always are.
 * Bellemare et al. 2017 with van Hasselt et al. 2016 (https://arxiv.org/abs/1509.06461), as in
 * Rainbow (Hessel et al. 2018, https://arxiv.org/abs/1710.02298).
 * @param qAtomsTm1 source support, float32 [K1].
 * @param rT rewards, float32 [B].
 * @param discountT gamma times continuation, float32 [B].
 * @param qAtomsT destination support, float32 [K].
 * @param qLogitsT destination logits (target network), float32 [B, A, K].
 * @param qTSelector destination action values used to select the action, float32 [B, A].
 * @returns target probabilities, float32 [B, K1]; the caller owns it (no stop-gradient applied).
 */
export function categoricalDoubleQLearningTarget(
  qAtomsTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  qAtomsT: Tensor,
  qLogitsT: Tensor,
  qTSelector: Tensor,
): Tensor {
  const fn = 'categoricalDoubleQLearningTarget';
  assertRank(fn, 'qAtomsTm1', qAtomsTm1, 1);
  checkCategorical(fn, qAtomsT, qLogitsT, 'qAtomsT', 'qLogitsT');
  const batch = qLogitsT.shape[0] as number;
  checkRewards(fn, rT, discountT, batch);
  assertRank(fn, 'qTSelector', qTSelector, 2);
  assertFloat(fn, 'qTSelector', qTSelector);
  if (qTSelector.shape[0] !== batch || qTSelector.shape[1] !== qLogitsT.shape[1]) {
    throw new ShapeError(
      `${fn}: qTSelector has shape [${qTSelector.shape.join(', ')}] but must be [${batch}, ${qLogitsT.shape[1]}]`,
    );
  }
  if (onHostMemoryBackend()) {
    return tf.tidy(() => {
      const probsT = tf.softmax(qLogitsT);
      const read = (t: Tensor) => t.dataSync() as Float32Array;
      const target = doubleQTargetOnHost(read(qAtomsTm1), read(rT), read(discountT), read(qAtomsT), read(probsT), read(qTSelector));
      return tf.tensor2d(target, [batch, qAtomsTm1.shape[0]!]);
    });
  }
  return tf.tidy(() => {
    const pTarget = tf.softmax(batchedIndex(qLogitsT, tf.argMax(qTSelector, 1)));
    return projectTarget(qAtomsTm1, rT, discountT, qAtomsT, pTarget);
  });
}

function categoricalLoss(
  fn: string,
  qAtomsTm1: Tensor,
  qLogitsTm1: Tensor,
  aTm1: Tensor,
  target: () => Tensor,
  options: TdOptions | undefined,
): Tensor {
  checkCategorical(fn, qAtomsTm1, qLogitsTm1, 'qAtomsTm1', 'qLogitsTm1');
  assertRank(fn, 'aTm1', aTm1, 1);
  assertInt(fn, 'aTm1', aTm1);
  assertDim(fn, 0, qLogitsTm1.shape[0] as number, { aTm1 });
  return tf.tidy(() => {
    const t = target();
    const labels = options?.stopTargetGradients === false ? t : stopGradient(t);
    return categoricalCrossEntropy(labels, batchedIndex(qLogitsTm1, aTm1));
  });
}

/**
 * C51 loss: cross entropy between the projected target distribution and the source
 * distribution of the action taken. Bellemare et al. 2017 (https://arxiv.org/abs/1707.06887).
 * @param qAtomsTm1 source support, float32 [K].
 * @param qLogitsTm1 source logits over atoms per action, float32 [B, A, K] (being trained).
 * @param aTm1 actions taken, int32 [B].
 * @param rT rewards, float32 [B].
 * @param discountT gamma times continuation (0 at a true terminal), float32 [B].
 * @param qAtomsT destination support, float32 [K].
 * @param qLogitsT destination logits, float32 [B, A, K] (target network).
 * @returns per-example losses, float32 [B] (also usable as replay priorities); the caller owns it.
 */
export function categoricalQLearning(
  qAtomsTm1: Tensor,
  qLogitsTm1: Tensor,
  aTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  qAtomsT: Tensor,
  qLogitsT: Tensor,
  options?: TdOptions,
): Tensor {
  return categoricalLoss(
    'categoricalQLearning',
    qAtomsTm1,
    qLogitsTm1,
    aTm1,
    () => categoricalQLearningTarget(qAtomsTm1, rT, discountT, qAtomsT, qLogitsT),
    options,
  );
}

/**
 * Double-Q C51 loss: as `categoricalQLearning` with the bootstrap action chosen by `qTSelector`.
 * Hessel et al. 2018, "Rainbow" (https://arxiv.org/abs/1710.02298).
 * @param qAtomsTm1 source support, float32 [K].
 * @param qLogitsTm1 source logits, float32 [B, A, K].
 * @param aTm1 actions taken, int32 [B].
 * @param rT rewards, float32 [B].
 * @param discountT gamma times continuation, float32 [B].
 * @param qAtomsT destination support, float32 [K].
 * @param qLogitsT destination logits (target network), float32 [B, A, K].
 * @param qTSelector destination action values for selecting the action, float32 [B, A].
 * @returns per-example losses, float32 [B]; the caller owns it.
 */
export function categoricalDoubleQLearning(
  qAtomsTm1: Tensor,
  qLogitsTm1: Tensor,
  aTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  qAtomsT: Tensor,
  qLogitsT: Tensor,
  qTSelector: Tensor,
  options?: TdOptions,
): Tensor {
  return categoricalLoss(
    'categoricalDoubleQLearning',
    qAtomsTm1,
    qLogitsTm1,
    aTm1,
    () => categoricalDoubleQLearningTarget(qAtomsTm1, rT, discountT, qAtomsT, qLogitsT, qTSelector),
    options,
  );
}
