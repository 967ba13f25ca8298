/** VNetwork: an Approximation whose model maps observations [B, ...] to state values [B] (ALL's VNetwork). */
import type { Module } from '../nn/module';
import { tf, type Tensor } from '../tf';
import { Approximation, type ApproximationOptions } from './approximation';

export class VNetwork extends Approximation {
  constructor(model: Module, options: ApproximationOptions = {}) {
    super(model, { name: 'v', ...options });
  }

  /** V(s) as [B] (the model's [B, 1] output squeezed). */
  values(x: Tensor): Tensor {
    return tf.reshape(this.forward(x), [-1]);
  }
}
