/**
 * Auxiliary tasks and trajectory utilities from rlax: pixel- and feature-control cumulants and
 * the pixel-control loss (`general_value_functions.py`, `losses.pixel_control_loss`), the
 * observation-action-reward embedding (`embedding.embed_oar`), the step-type fix for interrupted
 * trajectories (`interruptions.py`) and subsequence sampling for model learning
 * (`model_learning.py`). Ports their semantics, written from Jaderberg et al. 2017 (UNREAL) and
 * the dm_env step-type convention (FIRST = 0, MID = 1, LAST = 2).
 *
 * Deliberate difference: `sampleStartIndices` draws from the run's seeded `Random` instead of a
 * JAX key.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import type { Random } from '../core/random';
import { ConfigError, ShapeError } from '../core/errors';
import { assertFloat, assertInt, assertNumber, assertRank } from './checks';
import { lambdaReturns } from './multistep';

/**
 * Pixel-control cumulants: mean absolute change of the observation within each cell_size x
 * cell_size cell (and over channels) between consecutive frames. Jaderberg et al. 2017,
 * "Reinforcement Learning with Unsupervised Auxiliary Tasks" (https://arxiv.org/abs/1611.05397).
 * @param observations float32 [T + 1, H, W, C]; H and W are cropped to multiples of cellSize.
 * @returns float32 [T, H / cellSize, W / cellSize]; the caller owns it.
 */
export function pixelControlRewards(observations: Tensor, cellSize: number): Tensor {
  const fn = 'pixelControlRewards';
  assertRank(fn, 'observations', observations, 4);
  assertFloat(fn, 'observations', observations);
  assertNumber(fn, 'cellSize', cellSize, { min: 1, integer: true });
  const [t1, height, width, channels] = observations.shape as [number, number, number, number];
  const h = Math.floor(height / cellSize);
  const w = Math.floor(width / cellSize);
  return tf.tidy(() => {
    const cropped = tf.slice(observations, [0, 0, 0, 0], [t1, h * cellSize, w * cellSize, channels]);
    const diff = tf.abs(tf.sub(tf.slice(cropped, [1]), tf.slice(cropped, [0], [t1 - 1])));
    return tf.mean(tf.reshape(diff, [t1 - 1, h, cellSize, w, cellSize, channels]), [2, 4, 5]);
  });
}

/** Cumulant types of `featureControlRewards`. */
export type CumulantType = 'feature' | 'absolute_change' | 'increase' | 'decrease' | 'potential';

/**
 * Feature-control cumulants from a sequence of features [T + 1, D]: the features themselves,
 * their absolute change, increase, decrease, or the potential-based gamma f_{t+1} - f_t.
 * Jaderberg et al. 2017 (https://arxiv.org/abs/1611.05397).
 * @returns float32 [T, D]; the caller owns it.
 */
export function featureControlRewards(features: Tensor, cumulantType: CumulantType = 'absolute_change', discount?: number): Tensor {
  const fn = 'featureControlRewards';
  assertRank(fn, 'features', features, 2);
  assertFloat(fn, 'features', features);
  const t1 = features.shape[0] as number;
  if (cumulantType === 'potential' && discount === undefined) {
    throw new ConfigError(`${fn}: cumulantType "potential" needs a discount; pass one in [0, 1]`);
  }
  return tf.tidy(() => {
    const next = tf.slice(features, [1]);
    const prev = tf.slice(features, [0], [t1 - 1]);
    switch (cumulantType) {
      case 'feature':
        return next;
      case 'absolute_change':
        return tf.abs(tf.sub(next, prev));
      case 'increase':
        return tf.sub(next, prev);
      case 'decrease':
        return tf.sub(prev, next);
      case 'potential':
        return tf.sub(tf.mul(next, discount as number), prev);
      default:
        throw new ConfigError(
          `${fn}: unknown cumulantType "${String(cumulantType)}"; valid: feature, absolute_change, increase, decrease, potential`,
        );
    }
  });
}

/**
 * Pixel-control loss: 0.5 (G - q(s_t, a_t))^2 per cell, with G the Q(lambda = 1) return of the
 * pixel-control cumulants bootstrapping from max_a q at the end of the sequence. Jaderberg et
 * al. 2017 (https://arxiv.org/abs/1611.05397), section 3.1.
 * @param observations float32 [T + 1, H, W, C]; @param actions int32 [T];
 * @param actionValues float32 [T + 1, H / cellSize, W / cellSize, A];
 * @param discountFactor a number or float32 [T]; @param cellSize integer >= 1.
 * @returns float32 [T, H / cellSize, W / cellSize]; the caller owns it.
 */
export function pixelControlLoss(
  observations: Tensor,
  actions: Tensor,
  actionValues: Tensor,
  discountFactor: number | Tensor,
  cellSize: number,
): Tensor {
  const fn = 'pixelControlLoss';
  assertRank(fn, 'actions', actions, 1);
  assertInt(fn, 'actions', actions);
  assertRank(fn, 'actionValues', actionValues, 4);
  const length = actions.shape[0] as number;
  const [, hq, wq, numActions] = actionValues.shape as [number, number, number, number];
  return tf.tidy(() => {
    const rewards = pixelControlRewards(observations, cellSize); // [T, h, w]
    const [, h, w] = rewards.shape as [number, number, number];
    if (h !== hq || w !== wq) {
      throw new ShapeError(`${fn}: the pseudo-rewards are [${h}, ${w}] per step but actionValues has [${hq}, ${wq}]; they must match`);
    }
    const cells = h * w;
    const qTm1 = tf.reshape(tf.slice(actionValues, [0], [length]), [length, cells, numActions]);
    const qT = tf.reshape(tf.slice(actionValues, [1], [length]), [length, cells, numActions]);
    const rT = tf.reshape(rewards, [length, cells]);
    const discountT =
      typeof discountFactor === 'number'
        ? tf.fill([length, cells], discountFactor)
        : tf.tile(tf.reshape(discountFactor, [length, 1]), [1, cells]);
    const returns = lambdaReturns(rT, discountT, tf.max(qT, 2), 1);
    const mask = tf.expandDims(tf.cast(tf.oneHot(actions as tf.Tensor1D, numActions), 'float32'), 1);
    const qa = tf.sum(tf.mul(qTm1, mask), 2);
    return tf.reshape(tf.mul(tf.square(tf.sub(returns, qa)), 0.5), [length, h, w]);
  });
}

/**
 * Embeds observation features, the previous action (one-hot) and tanh of the previous reward:
 * concat([features, oneHot(action), tanh(reward)]). As rlax's embed_oar (used by R2D2-style agents).
 * @param features float32 [B, D]; @param action int32 [B]; @param reward float32 [B].
 * @returns float32 [B, D + numActions + 1]; the caller owns it.
 */
export function embedOar(features: Tensor, action: Tensor, reward: Tensor, numActions: number): Tensor {
  const fn = 'embedOar';
  assertRank(fn, 'features', features, 2);
  assertInt(fn, 'action', action);
  assertFloat(fn, 'reward', reward);
  assertNumber(fn, 'numActions', numActions, { min: 1, integer: true });
  return tf.tidy(() =>
    tf.concat([features, tf.cast(tf.oneHot(action as tf.Tensor1D, numActions), 'float32'), tf.expandDims(tf.tanh(reward), 1)], 1),
  );
}

/** dm_env step types. */
export const StepType = { FIRST: 0, MID: 1, LAST: 2 } as const;

/**
 * Marks as LAST every MID step followed by a FIRST step, so a trajectory written across an
 * interruption does not bootstrap across the reset. As rlax's fix_step_type_on_interruptions.
 * @param stepType int32 [T, B] of dm_env step types. @returns int32 [T, B]; the caller owns it.
 */
export function fixStepTypeOnInterruptions(stepType: Tensor): Tensor {
  const fn = 'fixStepTypeOnInterruptions';
  assertRank(fn, 'stepType', stepType, 2);
  assertInt(fn, 'stepType', stepType);
  return tf.tidy(() => {
    const next = tf.concat([tf.slice(stepType, [1]), tf.fill([1, stepType.shape[1] as number], StepType.MID, 'int32')]);
    const fix = tf.logicalAnd(tf.equal(next, StepType.FIRST), tf.equal(stepType, StepType.MID));
    return tf.where(fix, tf.fill(stepType.shape, StepType.LAST, 'int32'), stepType);
  });
}

/**
 * Subsequences out[i, b, j] = trajectories[startIndices[b, j] + i, b] for i < subsequenceLen.
 * As rlax's extract_subsequences (model learning, e.g. MuZero's unrolls).
 * @param trajectories [T, B, ...]; @param startIndices int32 [B, N].
 * @param maxValidStartIdx if given, checks T >= maxValidStartIdx + subsequenceLen.
 * @returns [subsequenceLen, B, N, ...]; the caller owns it.
 */
export function extractSubsequences(
  trajectories: Tensor,
  startIndices: Tensor,
  subsequenceLen: number,
  maxValidStartIdx?: number,
): Tensor {
  const fn = 'extractSubsequences';
  assertRank(fn, 'startIndices', startIndices, 2);
  assertInt(fn, 'startIndices', startIndices);
  assertNumber(fn, 'subsequenceLen', subsequenceLen, { min: 1, integer: true });
  const [length, batch] = trajectories.shape as [number, number];
  if (maxValidStartIdx !== undefined && length < maxValidStartIdx + subsequenceLen) {
    throw new ShapeError(`${fn}: trajectories have ${length} steps but must have at least ${maxValidStartIdx + subsequenceLen}`);
  }
  const num = startIndices.shape[1] as number;
  const rest = trajectories.shape.slice(2);
  return tf.tidy(() => {
    // Flatten [T, B] into rows t * B + b and gather them.
    const flat = tf.reshape(trajectories, [length * batch, ...rest]);
    const steps = tf.reshape(tf.range(0, subsequenceLen, 1, 'int32'), [subsequenceLen, 1, 1]);
    const t = tf.add(steps, tf.expandDims(startIndices, 0)); // [L, B, N]
    const b = tf.reshape(tf.range(0, batch, 1, 'int32'), [1, batch, 1]);
    const rows = tf.add(tf.mul(t, tf.scalar(batch, 'int32')), b);
    return tf.reshape(tf.gather(flat, tf.reshape(rows, [-1])), [subsequenceLen, batch, num, ...rest]);
  });
}

/**
 * For each of `batchSize` trajectories, `numStartIndices` distinct start times drawn uniformly
 * from {0, ..., maxValidStartIdx} without replacement. As rlax's sample_start_indices.
 * @returns int32 [batchSize, numStartIndices]; the caller owns it.
 */
export function sampleStartIndices(rng: Random, batchSize: number, numStartIndices: number, maxValidStartIdx: number): Tensor {
  const fn = 'sampleStartIndices';
  assertNumber(fn, 'batchSize', batchSize, { min: 1, integer: true });
  assertNumber(fn, 'maxValidStartIdx', maxValidStartIdx, { min: 0, integer: true });
  assertNumber(fn, 'numStartIndices', numStartIndices, { min: 1, max: maxValidStartIdx + 1, integer: true });
  const out = new Int32Array(batchSize * numStartIndices);
  for (let b = 0; b < batchSize; b++) {
    const pool = Array.from({ length: maxValidStartIdx + 1 }, (_, k) => k);
    for (let j = 0; j < numStartIndices; j++) {
      const pick = j + rng.int(pool.length - j);
      [pool[j], pool[pick]] = [pool[pick] as number, pool[j] as number];
      out[b * numStartIndices + j] = pool[j] as number;
    }
  }
  return tf.tensor2d(out, [batchSize, numStartIndices], 'int32');
}
