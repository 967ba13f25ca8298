/**
 * Identity: an Approximation whose output is its input (ALL's all/approximation/identity.py),
 * used where an agent expects feature layers but the preset has none.
 *
 * Deliberate difference: `reinforce(lossFn)` steps nothing and returns 0 (ALL's takes no loss and
 * returns itself); `updates` stays 0. The closure is evaluated (without gradients), so one that
 * returns aux values gets them back as from any Approximation.
 */
import type { Module } from '../nn/module';
import { tf, type Scalar, type Tensor, type Variable } from '../tf';
import { Approximation, readAux, type ApproximationOptions, type AuxTensors, type LossWithAux, type ReinforceResult } from './approximation';

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

  /**
   * Steps nothing (there are no variables): evaluates the closure once without gradients and
   * returns 0, or `{ loss: 0, aux }` with the aux values read back when the closure returns some.
   */
  override reinforce(lossFn: () => Scalar): number;
  override reinforce<A extends AuxTensors>(lossFn: () => LossWithAux<A>): ReinforceResult<A>;
  override reinforce<A extends AuxTensors>(lossFn: () => Scalar | LossWithAux<A>): number | ReinforceResult<A> {
    let aux: ReinforceResult<A>['aux'] | undefined;
    tf.tidy(() => {
      const out = lossFn();
      if (!(out instanceof tf.Tensor)) aux = readAux(this.name, out.aux);
    });
    return aux === undefined ? 0 : { loss: 0, aux };
  }
}
