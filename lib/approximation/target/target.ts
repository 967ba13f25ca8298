/**
 * Target-network strategies (ALL's all/approximation/target): what `approximation.target(x)`
 * evaluates, and how it follows the online model after each update.
 */
import type { ApplyOptions, Module } from '../../nn/module';
import type { Tensor } from '../../tf';

/** A target network strategy, bound to one online model by `init`. */
export interface TargetNetwork {
  init(model: Module): void;
  /** The target's output; the caller owns it. Call inside tf.tidy. */
  apply(x: Tensor, options?: ApplyOptions): Tensor;
  /** Called once after every optimizer step. */
  update(): void;
  dispose(): void;
}
