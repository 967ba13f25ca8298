/**
 * Quantile regression for distributional RL: the quantile (Huber) regression loss and the
 * quantile Q-learning and quantile expected-SARSA losses built on it. Ports the semantics of
 * rlax's `value_learning.quantile_regression_loss`, `quantile_q_learning` and
 * `quantile_expected_sarsa`, written from Dabney et al. 2018.
 *
 * Deliberate differences: batched over a leading axis B (rlax is per example and vmapped); no
 * stop-gradient option: targets are built from the tensors passed in, so compute them from the
 * target network outside the loss closure (DESIGN.md section 4). The indicator 1[delta < 0] has
 * no gradient in any case.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { ShapeError } from '../core/errors';
import { assertDim, assertFloat, assertInt, assertNumber, assertRank } from './checks';
import { huberLoss } from './losses';

/** Per-example loss of quantile estimates `src` [B, N] at levels `tau` [B, N] against samples `target` [B, M]. */
function qrLoss(src: Tensor, tau: Tensor, target: Tensor, huberParam: number): Tensor {
  const delta = tf.sub(tf.expandDims(target, 1), tf.expandDims(src, 2)); // [B, N, M]
  const neg = tf.cast(tf.less(delta, 0), 'float32');
  const weight = tf.abs(tf.sub(tf.expandDims(tau, 2), neg));
  const loss = huberParam > 0 ? huberLoss(delta, huberParam) : tf.abs(delta);
  return tf.sum(tf.mean(tf.mul(loss, weight), 2), 1);
}

function checkHuber(fn: string, huberParam: number): void {
  assertNumber(fn, 'huberParam', huberParam, { min: 0 });
}

/**
 * Quantile regression loss: sum over source quantiles i of the mean over target samples j of
 * |tau_i - 1[delta_ij < 0]| L(delta_ij), delta_ij = target_j - src_i, L = |.| or the Huber loss
 * with threshold `huberParam` (quantile Huber loss). Dabney et al. 2018, "Distributional
 * Reinforcement Learning with Quantile Regression" (https://arxiv.org/abs/1710.10044), eq. (10).
 * @param distSrc quantile estimates, float32 [B, N].
 * @param tauSrc their quantile levels in (0, 1), float32 [B, N].
 * @param distTarget target samples, float32 [B, M].
 * @param huberParam Huber threshold kappa; 0 (rlax's default) uses the absolute error.
 * @returns losses, float32 [B]; the caller owns it.
 */
export function quantileRegressionLoss(distSrc: Tensor, tauSrc: Tensor, distTarget: Tensor, huberParam = 0): Tensor {
  const fn = 'quantileRegressionLoss';
  for (const [name, t] of Object.entries({ distSrc, tauSrc, distTarget })) {
    assertRank(fn, name, t, 2);
    assertFloat(fn, name, t);
  }
  assertDim(fn, 0, distSrc.shape[0] as number, { tauSrc, distTarget });
  assertDim(fn, 1, distSrc.shape[1] as number, { tauSrc });
  checkHuber(fn, huberParam);
  return tf.tidy(() => qrLoss(distSrc, tauSrc, distTarget, huberParam));
}

function checkQuantileValues(fn: string, named: Record<string, Tensor>, batch: number): number {
  let actions = -1;
  for (const [name, t] of Object.entries(named)) {
    assertRank(fn, name, t, 3);
    assertFloat(fn, name, t);
    assertDim(fn, 0, batch, { [name]: t });
    if (actions < 0) actions = t.shape[2] as number;
    else if (t.shape[2] !== actions) {
      throw new ShapeError(`${fn}: ${name} has ${t.shape[2]} actions (dimension 2) but the other values have ${actions}`);
    }
  }
  return actions;
}

/** dist[b, :, a[b]] for dist [B, N, A] and a int32 [B]. */
function selectAction(dist: Tensor, a: Tensor): Tensor {
  const numActions = dist.shape[2] as number;
  const mask = tf.expandDims(tf.cast(tf.oneHot(a as tf.Tensor1D, numActions), 'float32'), 1);
  return tf.sum(tf.mul(dist, mask), 2);
}

/**
 * Quantile Q-learning (QR-DQN) loss: the quantile regression loss of the taken action's quantiles
 * against r + gamma Z(s', a*), with a* greedy for the mean of `distQTSelector` (pass the online
 * network's quantiles for double Q-learning, the target network's for plain QR-DQN).
 * Dabney et al. 2018 (https://arxiv.org/abs/1710.10044), algorithm 1.
 * @param distQTm1 quantiles at s_t, float32 [B, N, A].
 * @param tauQTm1 their quantile levels, float32 [B, N].
 * @param aTm1 actions taken, int32 [B].
 * @param rT rewards, float32 [B].
 * @param discountT discounts (0 at a true terminal), float32 [B].
 * @param distQTSelector quantiles at s_{t+1} used to choose the greedy action, float32 [B, M, A].
 * @param distQT quantiles at s_{t+1} used as targets, float32 [B, M, A].
 * @param huberParam Huber threshold; 0 (rlax's default) uses the absolute error.
 * @returns losses, float32 [B]; the caller owns it.
 */
export function quantileQLearning(
  distQTm1: Tensor,
  tauQTm1: Tensor,
  aTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  distQTSelector: Tensor,
  distQT: Tensor,
  huberParam = 0,
): Tensor {
  const fn = 'quantileQLearning';
  const batch = checkCommon(fn, distQTm1, tauQTm1, aTm1, rT, discountT, huberParam);
  checkQuantileValues(fn, { distQTm1, distQTSelector, distQT }, batch);
  return tf.tidy(() => {
    const aT = tf.argMax(tf.mean(distQTSelector, 1), 1);
    const target = tf.add(tf.expandDims(rT, 1), tf.mul(tf.expandDims(discountT, 1), selectAction(distQT, aT)));
    return qrLoss(selectAction(distQTm1, aTm1), tauQTm1, target, huberParam);
  });
}

function checkCommon(
  fn: string,
  distQTm1: Tensor,
  tauQTm1: Tensor,
  aTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  huberParam: number,
): number {
  assertRank(fn, 'distQTm1', distQTm1, 3);
  const batch = distQTm1.shape[0] as number;
  assertRank(fn, 'tauQTm1', tauQTm1, 2);
  assertFloat(fn, 'tauQTm1', tauQTm1);
  assertDim(fn, 0, batch, { tauQTm1, aTm1, rT, discountT });
  assertDim(fn, 1, distQTm1.shape[1] as number, { tauQTm1 });
  assertRank(fn, 'aTm1', aTm1, 1);
  assertInt(fn, 'aTm1', aTm1);
  for (const [name, t] of Object.entries({ rT, discountT })) {
    assertRank(fn, name, t, 1);
    assertFloat(fn, name, t);
  }
  checkHuber(fn, huberParam);
  return batch;
}

/**
 * Quantile expected-SARSA loss: the expectation under the target policy `probsAT` of the
 * per-action quantile regression losses against r + gamma Z(s', a').
 * Dabney et al. 2018 (https://arxiv.org/abs/1710.10044); as rlax's quantile_expected_sarsa.
 * @param distQTm1 quantiles at s_t, float32 [B, N, A].
 * @param tauQTm1 their quantile levels, float32 [B, N].
 * @param aTm1 actions taken, int32 [B].
 * @param rT rewards, float32 [B].
 * @param discountT discounts, float32 [B].
 * @param distQT quantiles at s_{t+1}, float32 [B, M, A].
 * @param probsAT target-policy probabilities at s_{t+1}, float32 [B, A].
 * @param huberParam Huber threshold; 0 uses the absolute error.
 * @returns losses, float32 [B]; the caller owns it.
 */
export function quantileExpectedSarsa(
  distQTm1: Tensor,
  tauQTm1: Tensor,
  aTm1: Tensor,
  rT: Tensor,
  discountT: Tensor,
  distQT: Tensor,
  probsAT: Tensor,
  huberParam = 0,
): Tensor {
  const fn = 'quantileExpectedSarsa';
  const batch = checkCommon(fn, distQTm1, tauQTm1, aTm1, rT, discountT, huberParam);
  const numActions = checkQuantileValues(fn, { distQTm1, distQT }, batch);
  assertRank(fn, 'probsAT', probsAT, 2);
  assertFloat(fn, 'probsAT', probsAT);
  assertDim(fn, 0, batch, { probsAT });
  assertDim(fn, 1, numActions, { probsAT });
  return tf.tidy(() => {
    const src = selectAction(distQTm1, aTm1); // [B, N]
    const target = tf.add(tf.reshape(rT, [batch, 1, 1]), tf.mul(tf.reshape(discountT, [batch, 1, 1]), distQT)); // [B, M, A]
    const [, m, a] = distQT.shape as [number, number, number];
    const n = src.shape[1] as number;
    // One regression per action: fold the action axis into the batch.
    const perTarget = tf.reshape(tf.transpose(target, [0, 2, 1]), [batch * a, m]);
    const rep = (x: Tensor): Tensor => tf.reshape(tf.tile(tf.expandDims(x, 1), [1, a, 1]), [batch * a, n]);
    const perAction = tf.reshape(qrLoss(rep(src), rep(tauQTm1), perTarget, huberParam), [batch, a]);
    return tf.sum(tf.mul(perAction, probsAT), 1);
  });
}
