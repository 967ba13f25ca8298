/**
 * Temporal-difference errors and bootstrap targets for state and action values. Ports the
 * one-step functions of rlax's `value_learning.py` (td_learning, q_learning, double_q_learning,
 * sarsa, expected_sarsa, td_lambda), the targets ALL's DQN/DDQN/VQN/VSarsa agents compute.
 *
 * Deliberate differences: rlax writes each function for one transition and vmaps it; these take
 * a batch ([B] per transition, [B, A] per action) directly. tfjs has no graph-level stop-gradient,
 * so each TD error wraps its target in `stopGradient` (on by default, as rlax's
 * `stop_target_gradients=True`), and each has a `...Target` twin that returns only the bootstrap
 * target, for agents that compute targets from a target network outside the gradient closure.
 * `discountT` is gamma times the continuation mask: 0 at a true terminal, gamma after a time-limit
 * truncation (which still bootstraps).
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { batchedIndex } from './base';
import { assertDim, assertFloat, assertInt, assertRank, assertSameShape } from './checks';
import { stopGradient } from './gradients';
import { lambdaReturns } from './multistep';

/** Options shared by the TD-error functions. */
export interface TdOptions {
  /** Wrap the bootstrap target in `stopGradient` (rlax's `stop_target_gradients`). Default true. */
  stopTargetGradients?: boolean;
}

interface Transition {
  rT: Tensor;
  discountT: Tensor;
}

function checkTransition(fn: string, batch: number, t: Transition): void {
  assertRank(fn, 'rT', t.rT, 1);
  assertRank(fn, 'discountT', t.discountT, 1);
  assertFloat(fn, 'rT', t.rT);
  assertFloat(fn, 'discountT', t.discountT);
  assertDim(fn, 0, batch, { rT: t.rT, discountT: t.discountT });
}

function checkActionValues(fn: string, named: Record<string, Tensor>): number {
  const first = Object.values(named)[0] as Tensor;
  assertRank(fn, Object.keys(named)[0] as string, first, 2);
  for (const [name, t] of Object.entries(named)) {
    assertRank(fn, name, t, 2);
    assertFloat(fn, name, t);
  }
  assertSameShape(fn, named);
  return first.shape[0] as number;
}

function checkActions(fn: string, name: string, a: Tensor, batch: number): void {
  assertRank(fn, name, a, 1);
  assertInt(fn, name, a);
  assertDim(fn, 0, batch, { [name]: a });
}

function tdError(target: Tensor, prediction: Tensor, options: TdOptions | undefined): Tensor {
  const t = options?.stopTargetGradients === false ? target : stopGradient(target);
  return tf.sub(t, prediction);
}

/**
 * One-step TD(0) target for state values: rT + discountT * vT.
 * Sutton 1988, "Learning to Predict by the Methods of Temporal Differences"
 * (https://link.springer.com/article/10.1023/A:1022633531479).
 * @param rT rewards on arriving, float32 [B].
 * @param discountT gamma times continuation (0 at a true terminal), float32 [B].
 * @param vT state values at the destination, float32 [B]; should come from a target
 *   network (not differentiated).
 * @returns float32 [B]; the caller owns it.
 */
export function tdLearningTarget(rT: Tensor, discountT: Tensor, vT: Tensor): Tensor {
  const fn = 'tdLearningTarget';
  assertRank(fn, 'vT', vT, 1);
  assertFloat(fn, 'vT', vT);
  checkTransition(fn, vT.shape[0] as number, { rT, discountT });
  return tf.tidy(() => tf.add(rT, tf.mul(discountT, vT)));
}

/**
 * One-step TD(0) error for state values: (rT + discountT * vT) - vTm1, target gradient stopped.
 * Sutton 1988 (https://link.springer.com/article/10.1023/A:1022633531479).
 * @param vTm1 state values at the source, float32 [B] (the prediction being trained).
 * @param rT rewards, float32 [B].
 * @param discountT gamma times continuation, float32 [B].
 * @param vT state values at the destination, float32 [B] (part of the target).
 * @returns TD errors, float32 [B]; the caller owns it.
 */
export function tdLearning(vTm1: Tensor, rT: Tensor, discountT: Tensor, vT: Tensor, options?: TdOptions): Tensor {
  const fn = 'tdLearning';
  assertRank(fn, 'vTm1', vTm1, 1);
  assertFloat(fn, 'vTm1', vTm1);
  assertSameShape(fn, { vTm1, vT });
  return tf.tidy(() => tdError(tdLearningTarget(rT, discountT, vT), vTm1, options));
}

/**
 * TD(lambda) errors over a time-major sequence: lambdaReturns(rT, discountT, vT, lambda) - vTm1.
 * Sutton and Barto, "Reinforcement Learning: An Introduction", section 12.1
 * (http://incompleteideas.net/book/the-book-2nd.html).
 * @param vTm1 values at times 0..T-1, float32 [T] or [T, B].
 * @param rT rewards at times 1..T, same shape.
 * @param discountT discounts at times 1..T, same shape.
 * @param vT values at times 1..T, same shape (part of the target).
 * @param lambda mixing parameter in [0, 1], a number or a tensor of the same shape.
 * @returns TD(lambda) errors, same shape; the caller owns it.
 */
export function tdLambda(
  vTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  vT: Tensor,
  lambda: number | Tensor,
  options?: TdOptions,
): Tensor {
  assertSameShape('tdLambda', { vTm1, vT });
  assertFloat('tdLambda', 'vTm1', vTm1);
  return tf.tidy(() => tdError(lambdaReturns(rT, discountT, vT, lambda), vTm1, options));
}

/**
 * Q-learning bootstrap target: rT + discountT * max_a qT[a].
 * Watkins 1989; Mnih et al. 2015, "Human-level control through deep reinforcement learning"
 * (https://www.nature.com/articles/nature14236).
 * @param rT rewards, float32 [B].
 * @param discountT gamma times continuation (0 at a true terminal), float32 [B].
 * @param qT action values at the destination, float32 [B, A], usually from the target network.
 * @param legalT optional legal actions at the destination, float32 0/1 [B, A] (turn-based games):
 *   the max is then over legal actions only, and a row without any legal action bootstraps 0.
 * @returns float32 [B]; the caller owns it; not differentiated through a stop-gradient, so
 *   compute it outside the gradient closure (or wrap it in `stopGradient`).
 */
export function qLearningTarget(rT: Tensor, discountT: Tensor, qT: Tensor, legalT?: Tensor): Tensor {
  const fn = 'qLearningTarget';
  const batch = checkActionValues(fn, legalT === undefined ? { qT } : { qT, legalT });
  checkTransition(fn, batch, { rT, discountT });
  if (legalT !== undefined) return tf.tidy(() => tf.add(rT, tf.mul(discountT, maskedMax(qT, legalT))));
  return tf.tidy(() => tf.add(rT, tf.mul(discountT, tf.max(qT, 1))));
}

/**
 * Q-learning TD error: rT + discountT * max_a qT[a] - qTm1[aTm1], target gradient stopped.
 * Watkins 1989; Sutton and Barto section 6.5 (http://incompleteideas.net/book/the-book-2nd.html).
 * @param qTm1 action values at the source, float32 [B, A] (the prediction being trained).
 * @param aTm1 actions taken, int32 [B].
 * @param rT rewards, float32 [B].
 * @param discountT gamma times continuation, float32 [B].
 * @param qT action values at the destination, float32 [B, A].
 * @returns TD errors, float32 [B]; the caller owns it.
 */
export function qLearning(
  qTm1: Tensor,
  aTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  qT: Tensor,
  options?: TdOptions,
): Tensor {
  const fn = 'qLearning';
  const batch = checkActionValues(fn, { qTm1, qT });
  checkActions(fn, 'aTm1', aTm1, batch);
  return tf.tidy(() => tdError(qLearningTarget(rT, discountT, qT), batchedIndex(qTm1, aTm1), options));
}

/**
 * Double Q-learning bootstrap target: rT + discountT * qTValue[argmax_a qTSelector[a]].
 * van Hasselt et al. 2016, "Deep Reinforcement Learning with Double Q-learning"
 * (https://arxiv.org/abs/1509.06461): the online network selects, the target network evaluates.
 * @param rT rewards, float32 [B].
 * @param discountT gamma times continuation, float32 [B].
 * @param qTValue destination action values used for evaluation (target network), float32 [B, A].
 * @param qTSelector destination action values used for selection (online network), float32 [B, A].
 * @param legalT optional legal actions at the destination, float32 0/1 [B, A]: the selection is
 *   among legal actions only, and a row without any legal action bootstraps 0.
 * @returns float32 [B]; the caller owns it (no stop-gradient applied).
 */
export function doubleQLearningTarget(rT: Tensor, discountT: Tensor, qTValue: Tensor, qTSelector: Tensor, legalT?: Tensor): Tensor {
  const fn = 'doubleQLearningTarget';
  const batch = checkActionValues(fn, legalT === undefined ? { qTValue, qTSelector } : { qTValue, qTSelector, legalT });
  checkTransition(fn, batch, { rT, discountT });
  return tf.tidy(() => {
    if (legalT === undefined) return tf.add(rT, tf.mul(discountT, batchedIndex(qTValue, tf.argMax(qTSelector, 1))));
    const aT = tf.argMax(withIllegalSunk(qTSelector, legalT), 1);
    return tf.add(rT, tf.mul(discountT, tf.mul(batchedIndex(qTValue, aT), tf.max(legalT, 1))));
  });
}

/** How far below every real value an illegal action's value is pushed before a max or argmax. */
const ILLEGAL_OFFSET = 1e9;

/**
 * q with each illegal action's value lowered far below every real value, so a max or argmax
 * over the result picks a legal action (any row with one).
 * @param q action values, float32 [B, A]
 * @param legal 0/1 per action, float32 [B, A]
 * @returns float32 [B, A]; the caller owns it
 */
export function withIllegalSunk(q: Tensor, legal: Tensor): Tensor {
  return tf.sub(q, tf.mul(tf.sub(1, legal), ILLEGAL_OFFSET));
}

/**
 * max over the legal actions of each row of q, 0 for a row without a legal action.
 * @param q action values, float32 [B, A]
 * @param legal 0/1 per action, float32 [B, A]
 * @returns float32 [B]; the caller owns it
 */
export function maskedMax(q: Tensor, legal: Tensor): Tensor {
  return tf.tidy(() => tf.mul(tf.max(withIllegalSunk(q, legal), 1), tf.max(legal, 1)));
}

/**
 * Double Q-learning TD error: rT + discountT * qTValue[argmax qTSelector] - qTm1[aTm1].
 * van Hasselt 2010, "Double Q-learning" (https://papers.nips.cc/paper/3964-double-q-learning);
 * van Hasselt et al. 2016 (https://arxiv.org/abs/1509.06461).
 * @param qTm1 action values at the source, float32 [B, A].
 * @param aTm1 actions taken, int32 [B].
 * @param rT rewards, float32 [B].
 * @param discountT gamma times continuation, float32 [B].
 * @param qTValue destination values for evaluation, float32 [B, A].
 * @param qTSelector destination values for selecting the greedy action, float32 [B, A].
 * @returns TD errors, float32 [B]; the caller owns it.
 */
export function doubleQLearning(
  qTm1: Tensor,
  aTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  qTValue: Tensor,
  qTSelector: Tensor,
  options?: TdOptions,
): Tensor {
  const fn = 'doubleQLearning';
  const batch = checkActionValues(fn, { qTm1, qTValue, qTSelector });
  checkActions(fn, 'aTm1', aTm1, batch);
  return tf.tidy(() =>
    tdError(doubleQLearningTarget(rT, discountT, qTValue, qTSelector), batchedIndex(qTm1, aTm1), options),
  );
}

/**
 * SARSA bootstrap target: rT + discountT * qT[aT].
 * Rummery and Niranjan 1994; Sutton and Barto section 6.4.
 * @param rT rewards, float32 [B].
 * @param discountT gamma times continuation, float32 [B].
 * @param qT action values at the destination, float32 [B, A].
 * @param aT actions taken at the destination, int32 [B].
 * @returns float32 [B]; the caller owns it (no stop-gradient applied).
 */
export function sarsaTarget(rT: Tensor, discountT: Tensor, qT: Tensor, aT: Tensor): Tensor {
  const fn = 'sarsaTarget';
  const batch = checkActionValues(fn, { qT });
  checkTransition(fn, batch, { rT, discountT });
  checkActions(fn, 'aT', aT, batch);
  return tf.tidy(() => tf.add(rT, tf.mul(discountT, batchedIndex(qT, aT))));
}

/**
 * SARSA TD error: rT + discountT * qT[aT] - qTm1[aTm1], target gradient stopped.
 * Sutton and Barto section 6.4 (http://incompleteideas.net/book/the-book-2nd.html).
 * @param qTm1 action values at the source, float32 [B, A].
 * @param aTm1 actions taken at the source, int32 [B].
 * @param rT rewards, float32 [B].
 * @param discountT gamma times continuation, float32 [B].
 * @param qT action values at the destination, float32 [B, A].
 * @param aT actions taken at the destination, int32 [B].
 * @returns TD errors, float32 [B]; the caller owns it.
 */
export function sarsa(
  qTm1: Tensor,
  aTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  qT: Tensor,
  aT: Tensor,
  options?: TdOptions,
): Tensor {
  const fn = 'sarsa';
  const batch = checkActionValues(fn, { qTm1, qT });
  checkActions(fn, 'aTm1', aTm1, batch);
  return tf.tidy(() => tdError(sarsaTarget(rT, discountT, qT, aT), batchedIndex(qTm1, aTm1), options));
}

/**
 * Expected SARSA bootstrap target: rT + discountT * sum_a probsAT[a] * qT[a].
 * van Seijen et al. 2009, "A Theoretical and Empirical Analysis of Expected Sarsa"
 * (https://doi.org/10.1109/ADPRL.2009.4927542).
 * @param rT rewards, float32 [B].
 * @param discountT gamma times continuation, float32 [B].
 * @param qT action values at the destination, float32 [B, A].
 * @param probsAT the policy's action probabilities at the destination, float32 [B, A].
 * @returns float32 [B]; the caller owns it (no stop-gradient applied).
 */
export function expectedSarsaTarget(rT: Tensor, discountT: Tensor, qT: Tensor, probsAT: Tensor): Tensor {
  const fn = 'expectedSarsaTarget';
  const batch = checkActionValues(fn, { qT, probsAT });
  checkTransition(fn, batch, { rT, discountT });
  return tf.tidy(() => tf.add(rT, tf.mul(discountT, tf.sum(tf.mul(qT, probsAT), 1))));
}

/**
 * Expected SARSA TD error: rT + discountT * sum_a probsAT[a] qT[a] - qTm1[aTm1], target
 * gradient stopped. van Seijen et al. 2009 (https://doi.org/10.1109/ADPRL.2009.4927542).
 * @param qTm1 action values at the source, float32 [B, A].
 * @param aTm1 actions taken, int32 [B].
 * @param rT rewards, float32 [B].
 * @param discountT gamma times continuation, float32 [B].
 * @param qT action values at the destination, float32 [B, A].
 * @param probsAT action probabilities at the destination, float32 [B, A].
 * @returns TD errors, float32 [B]; the caller owns it.
 */
export function expectedSarsa(
  qTm1: Tensor,
  aTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  qT: Tensor,
  probsAT: Tensor,
  options?: TdOptions,
): Tensor {
  const fn = 'expectedSarsa';
  const batch = checkActionValues(fn, { qTm1, qT, probsAT });
  checkActions(fn, 'aTm1', aTm1, batch);
  return tf.tidy(() =>
    tdError(expectedSarsaTarget(rT, discountT, qT, probsAT), batchedIndex(qTm1, aTm1), options),
  );
}
