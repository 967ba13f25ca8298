/**
 * Multistep Q-learning targets over time-major sequences for recurrent agents: Peng's and
 * Watkins' Q(lambda), their value-rescaled forms, and n-step double-Q returns. Ports rlax's
 * `value_learning.py` `q_lambda`, `transformed_q_lambda` and `transformed_n_step_q_learning`
 * (the targets of R2D2, Kapturowski et al. 2019, https://openreview.net/forum?id=r1lyTjAqYX, and
 * of jaxneurorl's recurrent Q-learner).
 *
 * Conventions (rlax's, see multistep.ts): index t of `rT`, `discountT`, `qT` and `lambda` refers to
 * time t+1. `discountT` is gamma times continuation: 0 where the step ended in a true termination,
 * gamma after a truncation (which bootstraps). To stop a return at the end of stored data (the
 * next step is padding or another episode), pass lambda 0 at that step: the return then
 * bootstraps fully from the value there.
 *
 * Deliberate differences: rlax takes one sequence [T, A] and is vmapped; these take [T, B, A]
 * (or [T, A]). The optional `qSelectorT` (values of the online network at times 1..T) makes the
 * bootstrap double-Q: v_t = qT[t, argmax qSelectorT[t]] (van Hasselt et al. 2016,
 * https://arxiv.org/abs/1509.06461), as R2D2 and jaxneurorl do; rlax's q_lambda uses max qT.
 * Targets are returned by the `...Target` functions for agents that compute them from a target
 * network outside their gradient closure; the TD-error forms stop the target's gradient.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { ShapeError } from '../core/errors';
import { assertFloat, assertInt, assertRank } from './checks';
import { stopGradient } from './gradients';
import { lambdaReturns, nStepBootstrappedReturns } from './multistep';
import { IDENTITY_PAIR, type TxPair } from './transforms';

function checkValues(fn: string, qT: Tensor, rT: Tensor, discountT: Tensor, qSelectorT?: Tensor): void {
  assertRank(fn, 'qT', qT, [2, 3]);
  assertFloat(fn, 'qT', qT);
  const lead = qT.shape.slice(0, -1);
  for (const [name, t] of Object.entries({ rT, discountT })) {
    if (t.shape.length !== lead.length || t.shape.some((s, i) => s !== lead[i])) {
      throw new ShapeError(`${fn}: ${name} has shape [${t.shape.join(', ')}] but must be [${lead.join(', ')}], qT's without the action axis`);
    }
  }
  if (qSelectorT !== undefined && qSelectorT.shape.some((s, i) => s !== qT.shape[i])) {
    throw new ShapeError(`${fn}: qSelectorT has shape [${qSelectorT.shape.join(', ')}] but must equal qT's [${qT.shape.join(', ')}]`);
  }
}

/** v_t = max_a qT, or qT at argmax qSelectorT (double Q). */
function bootstrapValues(qT: Tensor, qSelectorT?: Tensor): Tensor {
  if (qSelectorT === undefined) return tf.max(qT, -1);
  const actions = qT.shape[qT.rank - 1]!;
  const greedy = tf.argMax(qSelectorT, -1);
  return tf.sum(tf.mul(qT, tf.cast(tf.oneHot(tf.reshape(greedy, [-1]), actions).reshape(qT.shape), 'float32')), -1);
}

/** Q values at the actions taken: [T, B, A] x [T, B] -> [T, B]. */
function selected(qTm1: Tensor, aTm1: Tensor): Tensor {
  const actions = qTm1.shape[qTm1.rank - 1]!;
  return tf.sum(tf.mul(qTm1, tf.cast(tf.oneHot(tf.reshape(aTm1, [-1]), actions).reshape(qTm1.shape), 'float32')), -1);
}

/**
 * Q(lambda) targets: lambda-returns bootstrapped from v_t = max_a qT (or double-Q with
 * `qSelectorT`), optionally value-rescaled: h(lambdaReturns(rT, discountT, h^-1(v), lambda)).
 * With a constant lambda this is Peng's Q(lambda) (Peng and Williams 1996,
 * https://link.springer.com/article/10.1007/BF00114731); pass lambda 0 wherever the taken action
 * was not greedy for Watkins' Q(lambda) (Watkins 1989).
 * @param rT rewards at times 1..T, float32 [T] or [T, B].
 * @param discountT gamma times continuation at times 1..T, same shape.
 * @param qT action values at times 1..T, float32 [T, A] or [T, B, A] (from the target network).
 * @param lambda number in [0, 1] or a tensor shaped like rT.
 * @param options qSelectorT (online values for the double-Q argmax), tx (value rescaling pair;
 *   default identity).
 * @returns targets for times 0..T-1, shaped like rT; the caller owns it.
 */
export function qLambdaTarget(
  rT: Tensor,
  discountT: Tensor,
  qT: Tensor,
  lambda: number | Tensor,
  options: { qSelectorT?: Tensor; tx?: TxPair } = {},
): Tensor {
  checkValues('qLambdaTarget', qT, rT, discountT, options.qSelectorT);
  const tx = options.tx ?? IDENTITY_PAIR;
  return tf.tidy(() => tx.apply(lambdaReturns(rT, discountT, tx.applyInv(bootstrapValues(qT, options.qSelectorT)), lambda)));
}

/**
 * Q(lambda) temporal-difference errors: qLambdaTarget(...) - qTm1[aTm1], the target's gradient
 * stopped (rlax's `q_lambda`; with `tx`, `transformed_q_lambda`). See `qLambdaTarget`.
 * @param qTm1 action values at times 0..T-1, float32 [T, A] or [T, B, A] (being trained).
 * @param aTm1 actions taken at times 0..T-1, int32 [T] or [T, B].
 * @returns TD errors shaped like rT; the caller owns it.
 */
export function qLambda(
  qTm1: Tensor,
  aTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  qT: Tensor,
  lambda: number | Tensor,
  options: { qSelectorT?: Tensor; tx?: TxPair } = {},
): Tensor {
  assertInt('qLambda', 'aTm1', aTm1);
  if (qTm1.shape.some((s, i) => s !== qT.shape[i])) {
    throw new ShapeError(`qLambda: qTm1 has shape [${qTm1.shape.join(', ')}] but must equal qT's [${qT.shape.join(', ')}]`);
  }
  return tf.tidy(() => tf.sub(stopGradient(qLambdaTarget(rT, discountT, qT, lambda, options)), selected(qTm1, aTm1)));
}

/** Alias of `qLambdaTarget` with the rescaling pair required (rlax's `transformed_q_lambda` target). */
export function transformedQLambdaTarget(
  rT: Tensor,
  discountT: Tensor,
  qT: Tensor,
  lambda: number | Tensor,
  tx: TxPair,
  qSelectorT?: Tensor,
): Tensor {
  return qLambdaTarget(rT, discountT, qT, lambda, { tx, ...(qSelectorT === undefined ? {} : { qSelectorT }) });
}

/**
 * n-step double-Q targets, optionally value-rescaled (rlax's `transformed_n_step_q_learning`
 * target): v_t = targetQT[t, aT[t]] with aT the online network's greedy actions, then
 * h(nStepBootstrappedReturns(rT, discountT, h^-1(v), n)). Hessel et al. 2018 (Rainbow,
 * https://arxiv.org/abs/1710.02298); van Hasselt et al. 2016 (https://arxiv.org/abs/1509.06461).
 * @param rT rewards at times 1..T, float32 [T] or [T, B].
 * @param discountT gamma times continuation at times 1..T, same shape.
 * @param targetQT target-network values at times 1..T, [T, A] or [T, B, A].
 * @param aT actions to bootstrap with at times 1..T (argmax of the online values), int32 like rT.
 * @param n steps before bootstrapping, integer >= 1.
 * @param tx value rescaling pair; default identity.
 * @returns targets shaped like rT; the caller owns it.
 */
export function transformedNStepQLearningTarget(
  rT: Tensor,
  discountT: Tensor,
  targetQT: Tensor,
  aT: Tensor,
  n: number,
  tx: TxPair = IDENTITY_PAIR,
): Tensor {
  checkValues('transformedNStepQLearningTarget', targetQT, rT, discountT);
  assertInt('transformedNStepQLearningTarget', 'aT', aT);
  return tf.tidy(() => tx.apply(nStepBootstrappedReturns(rT, discountT, tx.applyInv(selected(targetQT, aT)), n)));
}
