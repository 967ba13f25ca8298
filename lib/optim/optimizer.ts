/**
 * What an Approximation needs of an optimizer: apply a list of gradients (in the order of the
 * variables it trains) with an optional scale factor (gradient clipping), measure the gradients'
 * global norm the way its own update sees them, take a new learning rate before any step (for
 * schedules), and release its state. Implementations: FlatAdam (lib/optim/flat_adam.ts) and
 * TfjsOptimizer (lib/optim/tfjs_optimizer.ts, any `tf.Optimizer`).
 *
 * Ports the part of `torch.optim.Optimizer` ALL's Approximation uses (`step`, `param_groups`'
 * learning rate); clipping by global norm (`clip_grad_norm_`) is split into `gradientNorm` and the
 * `scale` of `applyGradients`, so an optimizer can fold the factor into its own update loop.
 */
import type { Tensor, Variable } from '../tf';

/**
 * One gradient per trained variable, in the variables' order; `undefined` where the loss does not
 * depend on that variable (an optimizer may reject that: FlatAdam does).
 */
export type GradientList = readonly (Tensor | undefined)[];

/** An optimizer over one fixed, ordered list of variables. */
export interface Optimizer {
  /**
   * The learning rate the next `applyGradients` uses; setting it takes effect on that step
   * (Approximation sets it from its schedule after every step).
   */
  learningRate: number;
  /**
   * The global L2 norm sqrt(sum_i sum_k g_ik^2) of the gradients (missing ones count as zero),
   * computed with the same float32 roundings as this optimizer's clipping would need, so clipping
   * by it gives the same numbers on every path.
   * @param grads gradients in the variables' order; not disposed
   * @returns the norm (may be NaN or Infinity; the caller decides what that means)
   */
  gradientNorm(grads: GradientList): number;
  /**
   * One update of the variables.
   * @param grads gradients in the variables' order; not disposed
   * @param scale multiplies every gradient first (as one float32 product, like tf.mul), e.g. a
   *   clipping factor. Default 1
   * @throws ShapeError when the list does not fit the variables
   */
  applyGradients(grads: GradientList, scale?: number): void;
  /** Releases the optimizer's state (moments, cached scalars). */
  dispose(): void;
}

/**
 * Builds an optimizer over `variables` (in that order) starting at `learningRate`; pass one as
 * ApproximationOptions.optimizer to use an optimizer allts has no name for, e.g.
 * `(vars, lr) => new TfjsOptimizer(vars, tf.train.momentum(lr, 0.9))`.
 */
export type OptimizerFactory = (variables: readonly Variable[], learningRate: number) => Optimizer;
