/**
 * The C51 target on plain arrays, for backends whose tensors live in this process's memory
 * (wasm, cpu): the categorical L2 projection of Bellemare et al. 2017, algorithm 1
 * (https://arxiv.org/abs/1707.06887), in O(B * K) instead of the [B, K, K] broadcast of
 * `categoricalL2Project`, which dominated a C51 update on wasm (35 frames/s); and the KL
 * divergences C51 and Rainbow use as replay priorities. `categoricalDoubleQLearningTarget` picks
 * this path itself; the values equal the tensor path's up to float rounding (tested).
 */
import { ShapeError } from '../core/errors';

/**
 * Projects shifted categorical distributions onto a support: row b's distribution with mass
 * probs[b, j] at atom rewards[b] + discounts[b] * atomsT[j] (clipped to the support's ends) is
 * split between the two atoms of `support` around it in proportion to closeness (all of it onto
 * an atom it coincides with, so no mass is lost).
 * @param probs source probabilities, row-major [B, Kp]
 * @param rewards r per row [B]
 * @param discounts gamma^steps * mask per row [B], each >= 0 (0: all mass at the reward)
 * @param support strictly increasing atoms to project onto [K], K >= 2 (any spacing)
 * @param atomsT strictly increasing source atoms [Kp]; default `support`
 * @returns projected probabilities, a new Float32Array [B, K]; each row keeps the mass of `probs`
 * @throws ShapeError on mismatched lengths or a negative discount
 */
export function projectShiftedCategorical(
  probs: ArrayLike<number>,
  rewards: ArrayLike<number>,
  discounts: ArrayLike<number>,
  support: ArrayLike<number>,
  atomsT: ArrayLike<number> = support,
): Float32Array {
  const k = support.length;
  const kp = atomsT.length;
  const batch = rewards.length;
  if (k < 2 || probs.length !== batch * kp || discounts.length !== batch) {
    throw new ShapeError(
      `projectShiftedCategorical: expected probs of ${batch} x ${kp} values and ${batch} discounts for ${batch} rewards ` +
        `and a support of ${k} >= 2 atoms; received ${probs.length} probabilities, ${discounts.length} discounts`,
    );
  }
  const out = new Float32Array(batch * k);
  const lo = support[0]!;
  const hi = support[k - 1]!;
  for (let b = 0; b < batch; b++) {
    const r = rewards[b]!;
    const d = discounts[b]!;
    if (!(d >= 0)) throw new ShapeError(`projectShiftedCategorical: discounts must be >= 0; received ${d} at row ${b}`);
    const row = b * k;
    let i = 0; // support[i] <= x < support[i + 1]; x grows with j since d >= 0
    for (let j = 0; j < kp; j++) {
      const p = probs[b * kp + j]!;
      const x = Math.min(Math.max(r + d * atomsT[j]!, lo), hi);
      while (i < k - 2 && x >= support[i + 1]!) i++;
      const left = support[i]!;
      const frac = (x - left) / (support[i + 1]! - left);
      out[row + i] = out[row + i]! + p * (1 - frac);
      out[row + i + 1] = out[row + i + 1]! + p * frac;
    }
  }
  return out;
}

/**
 * The double-Q C51 target on the host: per row, the action with the largest selector value (the
 * first on ties, as tf.argMax), that action's destination probabilities, shifted and projected.
 * @param support source support [K1]
 * @param rewards [B]; @param discounts [B], each >= 0
 * @param atomsT destination support [K]
 * @param probsT destination probabilities, row-major [B, A, K]
 * @param selector destination action values, row-major [B, A]
 * @returns target probabilities [B, K1]
 */
export function doubleQTargetOnHost(
  support: ArrayLike<number>,
  rewards: ArrayLike<number>,
  discounts: ArrayLike<number>,
  atomsT: ArrayLike<number>,
  probsT: Float32Array,
  selector: ArrayLike<number>,
): Float32Array {
  const n = rewards.length;
  const actions = selector.length / n;
  const atoms = atomsT.length;
  const selected = new Float32Array(n * atoms);
  for (let b = 0; b < n; b++) {
    let best = 0;
    for (let a = 1; a < actions; a++) if (selector[b * actions + a]! > selector[b * actions + best]!) best = a;
    selected.set(probsT.subarray((b * actions + best) * atoms, (b * actions + best + 1) * atoms), b * atoms);
  }
  return projectShiftedCategorical(selected, rewards, discounts, support, atomsT);
}

/**
 * KL(target || p) per row from the cross entropy H(target, p) already computed by the loss:
 * KL = H(target, p) - H(target) = crossEntropy + sum_k m_k log m_k (the priorities of C51 and
 * Rainbow, as ALL's).
 * @param crossEntropy per-row cross entropies [B]
 * @param target target probabilities, row-major [B, K]
 * @returns a new Float32Array [B]
 */
export function klFromCrossEntropy(crossEntropy: ArrayLike<number>, target: ArrayLike<number>): Float32Array {
  const n = crossEntropy.length;
  const k = target.length / n;
  if (!Number.isInteger(k)) throw new ShapeError(`klFromCrossEntropy: ${target.length} target probabilities do not split into ${n} rows`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let kl = crossEntropy[i]!;
    for (let j = i * k; j < (i + 1) * k; j++) {
      const m = target[j]!;
      if (m > 0) kl += m * Math.log(m);
    }
    out[i] = kl;
  }
  return out;
}
