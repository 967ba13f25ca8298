/**
 * Figures of training the actor-critic agents log as metrics (Logger.addMetric), computed on the
 * host from values an update already holds.
 */

/**
 * The fraction of the variance of `targets` the `predictions` explain: 1 - Var(targets -
 * predictions) / Var(targets) (1: perfect; 0: no better than the mean; negative: worse). The
 * critic's figure in Stable-Baselines3 and CleanRL (`explained_variance`).
 * @returns NaN when the targets have no variance (or there are none)
 */
export function explainedVariance(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  const n = targets.length;
  let meanTarget = 0;
  let meanResidual = 0;
  for (let i = 0; i < n; i++) {
    meanTarget += targets[i]! / n;
    meanResidual += (targets[i]! - predictions[i]!) / n;
  }
  let varTarget = 0;
  let varResidual = 0;
  for (let i = 0; i < n; i++) {
    varTarget += (targets[i]! - meanTarget) ** 2;
    varResidual += (targets[i]! - predictions[i]! - meanResidual) ** 2;
  }
  return varTarget === 0 ? NaN : 1 - varResidual / varTarget;
}
