/**
 * Value-learning TD errors from rlax's `value_learning.py` not in value_learning.ts:
 * SARSA(lambda), QV-learning, QV-max and persistent Q-learning. Ports their semantics (written
 * from the papers cited on each function); Q(lambda) and Peng's returns live in q_lambda.ts
 * (issue 14).
 *
 * Deliberate differences: batched over a leading axis B (rlax is per example and vmapped);
 * `sarsaLambda` takes time-major sequences ([T] or [T, B] per step) as multistep.ts does. No
 * stop-gradient option: compute the errors from target values outside the loss closure, or
 * wrap the target in `stopGradient` (DESIGN.md section 4).
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { ShapeError } from '../core/errors';
import { batchedIndex } from './base';
import { assertDim, assertFloat, assertInt, assertNumber, assertRank, assertSameShape } from './checks';
import { lambdaReturns } from './multistep';

function checkStep(fn: string, named: Record<string, Tensor>, batch: number): void {
  for (const [name, t] of Object.entries(named)) {
    assertRank(fn, name, t, 1);
    assertFloat(fn, name, t);
  }
  assertDim(fn, 0, batch, named);
}

function checkQ(fn: string, named: Record<string, Tensor>, batch: number): void {
  for (const [name, t] of Object.entries(named)) {
    assertRank(fn, name, t, 2);
    assertFloat(fn, name, t);
  }
  assertDim(fn, 0, batch, named);
}

function checkActions(fn: string, name: string, a: Tensor, batch: number): void {
  assertRank(fn, name, a, 1);
  assertInt(fn, name, a);
  assertDim(fn, 0, batch, { [name]: a });
}

/**
 * QV-learning TD errors r + gamma v(s') - q(s, a), with v learned alongside q.
 * Wiering 2005, "QV(lambda)-learning: A New On-policy Reinforcement Learning Algorithm"
 * (https://www.researchgate.net/publication/228339324).
 * @param qTm1 float32 [B, A]; @param aTm1 int32 [B]; @param rT float32 [B];
 * @param discountT float32 [B] (0 at a true terminal); @param vT state values v(s'), float32 [B].
 * @returns TD errors, float32 [B]; the caller owns it.
 */
export function qvLearning(qTm1: Tensor, aTm1: Tensor, rT: Tensor, discountT: Tensor, vT: Tensor): Tensor {
  const fn = 'qvLearning';
  assertRank(fn, 'qTm1', qTm1, 2);
  const batch = qTm1.shape[0] as number;
  checkQ(fn, { qTm1 }, batch);
  checkActions(fn, 'aTm1', aTm1, batch);
  checkStep(fn, { rT, discountT, vT }, batch);
  return tf.tidy(() => tf.sub(tf.add(rT, tf.mul(discountT, vT)), batchedIndex(qTm1, aTm1)));
}

/**
 * QV-max TD errors r + gamma max_a q(s', a) - v(s): the state-value half of QV-max.
 * Wiering and van Hasselt 2009, "The QV Family Compared to Other Reinforcement Learning
 * Algorithms" (https://ieeexplore.ieee.org/document/4927532).
 * @param vTm1 float32 [B]; @param rT float32 [B]; @param discountT float32 [B];
 * @param qT action values at s', float32 [B, A].
 * @returns TD errors, float32 [B]; the caller owns it.
 */
export function qvMax(vTm1: Tensor, rT: Tensor, discountT: Tensor, qT: Tensor): Tensor {
  const fn = 'qvMax';
  assertRank(fn, 'vTm1', vTm1, 1);
  const batch = vTm1.shape[0] as number;
  checkStep(fn, { vTm1, rT, discountT }, batch);
  checkQ(fn, { qT }, batch);
  return tf.tidy(() => tf.sub(tf.add(rT, tf.mul(discountT, tf.max(qT, 1))), vTm1));
}

/**
 * Persistent Q-learning TD errors: the bootstrap mixes the greedy value with the value of
 * repeating the action, (1 - s) max_a q(s', a) + s q(s', a_{t-1}), which widens action gaps.
 * Bellemare et al. 2016, "Increasing the Action Gap: New Operators for Reinforcement Learning"
 * (https://arxiv.org/abs/1512.04860).
 * @param qTm1 float32 [B, A]; @param aTm1 int32 [B]; @param rT float32 [B];
 * @param discountT float32 [B]; @param qT float32 [B, A].
 * @param actionGapScale s in [0, 1]; 0 gives Q-learning.
 * @returns TD errors, float32 [B]; the caller owns it.
 */
export function persistentQLearning(
  qTm1: Tensor,
  aTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  qT: Tensor,
  actionGapScale: number,
): Tensor {
  const fn = 'persistentQLearning';
  assertRank(fn, 'qTm1', qTm1, 2);
  const batch = qTm1.shape[0] as number;
  checkQ(fn, { qTm1, qT }, batch);
  assertSameShape(fn, { qTm1, qT });
  checkActions(fn, 'aTm1', aTm1, batch);
  checkStep(fn, { rT, discountT }, batch);
  assertNumber(fn, 'actionGapScale', actionGapScale, { min: 0, max: 1 });
  return tf.tidy(() => {
    const corrected = tf.add(tf.mul(tf.max(qT, 1), 1 - actionGapScale), tf.mul(batchedIndex(qT, aTm1), actionGapScale));
    return tf.sub(tf.add(rT, tf.mul(discountT, corrected)), batchedIndex(qTm1, aTm1));
  });
}

/** values[..., idx[...]] over the last axis. */
function selectLast(values: Tensor, idx: Tensor): Tensor {
  const numActions = values.shape[values.rank - 1] as number;
  const mask = tf.reshape(tf.cast(tf.oneHot(tf.reshape(idx, [-1]) as tf.Tensor1D, numActions), 'float32'), values.shape);
  return tf.sum(tf.mul(values, mask), -1);
}

/**
 * SARSA(lambda) TD errors over a trajectory: lambda-returns bootstrapping from q(s_{t+1},
 * a_{t+1}), minus q(s_t, a_t). Sutton and Barto section 12.7
 * (http://incompleteideas.net/book/the-book-2nd.html).
 * @param qTm1 action values at s_t, float32 [T, A] or [T, B, A] (time-major).
 * @param aTm1 actions a_t, int32 [T] or [T, B].
 * @param rT rewards, float32 [T] or [T, B].
 * @param discountT discounts (0 at a true terminal), shaped like rT.
 * @param qT action values at s_{t+1}, shaped like qTm1.
 * @param aT actions a_{t+1}, shaped like aTm1.
 * @param lambda_ in [0, 1]: a number or a tensor shaped like rT.
 * @returns TD errors, shaped like rT; the caller owns it.
 */
export function sarsaLambda(
  qTm1: Tensor,
  aTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  qT: Tensor,
  aT: Tensor,
  lambda_: number | Tensor,
): Tensor {
  const fn = 'sarsaLambda';
  assertRank(fn, 'rT', rT, [1, 2]);
  assertFloat(fn, 'rT', rT);
  assertFloat(fn, 'discountT', discountT);
  assertSameShape(fn, { rT, discountT });
  for (const [name, t] of Object.entries({ qTm1, qT })) {
    assertRank(fn, name, t, rT.rank + 1);
    assertFloat(fn, name, t);
    if (rT.shape.some((s, k) => t.shape[k] !== s)) {
      throw new ShapeError(`${fn}: ${name} has shape [${t.shape.join(', ')}] but its leading dimensions must be rT's [${rT.shape.join(', ')}]`);
    }
  }
  assertSameShape(fn, { qTm1, qT });
  for (const [name, t] of Object.entries({ aTm1, aT })) {
    assertInt(fn, name, t);
    assertSameShape(fn, { rT, [name]: t });
  }
  return tf.tidy(() => tf.sub(lambdaReturns(rT, discountT, selectLast(qT, aT), lambda_), selectLast(qTm1, aTm1)));
}
