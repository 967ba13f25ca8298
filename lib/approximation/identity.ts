/**
 * Identity: an Approximation whose output is its input (ALL's all/approximation/identity.py),
 * used where an agent expects feature layers but the preset has none.
 *
 * Deliberate difference: `reinforce(lossFn)` neither calls the loss nor steps anything and
 * returns 0 (ALL's takes no loss and returns itself); `updates` stays 0.
 */
import type { Scalar, Tensor, Variable } from '../tf';
import type { Module } from '../nn/module';
import { Approximation, type ApproximationOptions } from './approximation';

/** The identity function as a Module without variables. */
export class IdentityModule implements Module {
  readonly variables: readonly Variable[] = [];
  /** A copy of x (so the caller can dispose it independently); the caller owns it. */
  apply(x: Tensor): Tensor {
    return x.clone();
  }
  clone(): IdentityModule {
    return new IdentityModule();
  }
  dispose(): void {}
}

/** An Approximation computing the identity; training it does nothing. */
export class Identity extends Approximation {
  constructor(options: Omit<ApproximationOptions, 'target' | 'checkpointer' | 'checkpointDir' | 'optimizer'> = {}) {
    // No variables to optimize: plain SGD (which, unlike Adam, accepts an empty variable list).
    super(new IdentityModule(), { name: 'identity', ...options, optimizer: 'sgd' });
  }

  /** Does nothing (there are no variables): the loss is not evaluated; returns 0. */
  override reinforce(_lossFn: () => Scalar): number {
    return 0;
  }
}
