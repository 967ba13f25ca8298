/**
 * PPO's policy loss for a softmax policy as one operation: the clipped surrogate of the
 * probability ratios minus an entropy bonus,
 *   clippedSurrogatePgLoss(exp(softmaxLogProb(logits, a) - oldLogProbs), advantages, epsilon)
 *     - entropyScaling * mean(softmaxEntropy(logits)),
 * with the same value and gradient (tested against that composition).
 *
 * Why: composed from kernels this loss and its gradient take about 70 tfjs kernels, each with a
 * few microseconds of dispatch, on a minibatch of a few dozen rows (CartPole's PPO trains on
 * minibatches of 16). On backends whose tensors live in host memory (wasm, cpu) this version
 * reads the logits once, computes the loss and its gradient in one JavaScript pass (double
 * precision), and hands the gradient to autodiff through tf.customGrad: two kernels. Elsewhere
 * (native TensorFlow, where a read-back would stall the device) it is the composition itself.
 *
 * At the clipping boundaries it follows tfjs's gradient conventions: tf.minimum passes the
 * gradient to its first argument on ties, tf.clipByValue passes it inside the closed range.
 * Schulman et al. 2017, "Proximal Policy Optimization Algorithms" (https://arxiv.org/abs/1707.06347).
 */
import { SpaceError } from '../core/errors';
import { computeOnHost, onHostMemoryBackend } from '../backend/host_memory';
import { tf } from '../tf';
import type { Scalar, Tensor } from '../tf';
import { assertDim, assertFloat, assertInt, assertNumber, assertRank } from './checks';
import { softmaxEntropy, softmaxLogProb } from './distributions';
import { clippedSurrogatePgLoss } from './policy_gradients';

/**
 * PPO's clipped-surrogate loss with an entropy bonus for a softmax policy (see the file header).
 * @param logits policy logits, float32 [B, A] (differentiated)
 * @param actions actions taken, int32 [B]
 * @param oldLogProbs log pi_old(a | s) from the rollout, float32 [B] (not differentiated)
 * @param advantages advantages, float32 [B] (not differentiated)
 * @param epsilon clipping range, in [0, 1)
 * @param entropyScaling weight of the mean entropy subtracted from the loss (>= 0 raises entropy)
 * @param stats when given, receives this minibatch's diagnostics (approximate KL, clipped rows,
 *   entropy); on the host path they come from the same pass, at no extra kernel
 * @returns a float32 scalar; the caller owns it. Use inside a gradient closure.
 */
export function clippedSurrogateSoftmaxLoss(
  logits: Tensor,
  actions: Tensor,
  oldLogProbs: Tensor,
  advantages: Tensor,
  epsilon: number,
  entropyScaling: number,
  stats?: import('./surrogate_stats').SurrogateStats,
): Scalar {
  const fn = 'clippedSurrogateSoftmaxLoss';
  assertRank(fn, 'logits', logits, 2);
  assertFloat(fn, 'logits', logits);
  for (const [name, t] of Object.entries({ actions, oldLogProbs, advantages })) assertRank(fn, name, t, 1);
  assertInt(fn, 'actions', actions);
  assertFloat(fn, 'oldLogProbs', oldLogProbs);
  assertFloat(fn, 'advantages', advantages);
  const [n, k] = logits.shape as [number, number];
  assertDim(fn, 0, n, { actions, oldLogProbs, advantages });
  assertNumber(fn, 'epsilon', epsilon, { min: 0, max: 1 - Number.EPSILON });
  assertNumber(fn, 'entropyScaling', entropyScaling);
  if (!onHostMemoryBackend()) {
    return tf.tidy(() => {
      const logProb = softmaxLogProb(logits, actions);
      const surrogate = clippedSurrogatePgLoss(tf.exp(tf.sub(logProb, oldLogProbs)), advantages, epsilon);
      const entropy = softmaxEntropy(logits);
      stats?.addTensors(logProb, oldLogProbs, entropy, epsilon);
      return tf.sub(surrogate, tf.mul(tf.mean(entropy), entropyScaling)) as Scalar;
    });
  }
  const a = actions.dataSync() as Int32Array;
  const old = oldLogProbs.dataSync() as Float32Array;
  const adv = advantages.dataSync() as Float32Array;
  for (let b = 0; b < n; b++) {
    if (!(a[b]! >= 0 && a[b]! < k)) throw new SpaceError(`${fn}: action ${a[b]} at row ${b} is outside [0, ${k}); the logits have ${k} actions`);
  }
  const tally = stats === undefined ? undefined : new Float64Array(3);
  const op = tf.customGrad((z, save) => {
    const [loss, grad] = computeOnHost([z as Tensor], [[], [n, k]], ([zv], [lossOut, g]) => {
      lossOut![0] = lossAndGradient(zv!, a, old, adv, n, k, epsilon, entropyScaling, g!, tally);
    });
    if (tally !== undefined) stats!.addSums(n, tally[0]!, tally[1]!, tally[2]!);
    (save as tf.GradSaveFunc)([grad!]);
    return { value: loss!, gradFunc: (dy: Tensor, saved: Tensor[]) => tf.mul(saved[0]!, dy) };
  });
  return op(logits) as Scalar;
}

/**
 * The loss of the file header for row-major logits z [n, k]; writes dLoss/dz into `grad` and,
 * when given, adds to `tally` the sums of (r - 1) - log r, of |r - 1| > epsilon and of the entropy.
 */
function lossAndGradient(
  z: Float32Array,
  a: Int32Array,
  old: Float32Array,
  adv: Float32Array,
  n: number,
  k: number,
  epsilon: number,
  entropyScaling: number,
  grad: Float32Array,
  tally?: Float64Array,
): number {
  const logP = new Float64Array(k);
  let objectiveSum = 0;
  let entropySum = 0;
  for (let b = 0; b < n; b++) {
    const row = b * k;
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, z[row + j]!);
    let mass = 0;
    for (let j = 0; j < k; j++) mass += Math.exp(z[row + j]! - max);
    const logMass = Math.log(mass);
    let entropy = 0;
    for (let j = 0; j < k; j++) {
      logP[j] = z[row + j]! - max - logMass;
      entropy -= Math.exp(logP[j]!) * logP[j]!;
    }
    const ratio = Math.exp(logP[a[b]!]! - old[b]!);
    const advantage = adv[b]!;
    const unclipped = ratio * advantage;
    const clipped = Math.min(Math.max(ratio, 1 - epsilon), 1 + epsilon) * advantage;
    objectiveSum += Math.min(unclipped, clipped);
    entropySum += entropy;
    if (tally !== undefined) {
      tally[0]! += ratio - 1 - (logP[a[b]!]! - old[b]!);
      tally[1]! += Math.abs(ratio - 1) > epsilon ? 1 : 0;
      tally[2]! += entropy;
    }
    // d(-mean objective)/d logP[a]: the min passes the gradient to the unclipped term on ties;
    // when the clipped term is strictly smaller the ratio is outside the range (no gradient).
    const dLogProb = unclipped <= clipped ? (-advantage * ratio) / n : 0;
    const dEntropy = -entropyScaling / n;
    for (let j = 0; j < k; j++) {
      const p = Math.exp(logP[j]!);
      const dFromLogProb = dLogProb * ((j === a[b] ? 1 : 0) - p);
      const dFromEntropy = dEntropy * -p * (logP[j]! + entropy); // dH/dz_j = -p_j (log p_j + H)
      grad[row + j] = dFromLogProb + dFromEntropy;
    }
  }
  return -objectiveSum / n - (entropyScaling * entropySum) / n;
}
