/**
 * QNetwork: an Approximation whose model maps observations [B, ...] to action values [B, A]
 * (ALL's QNetwork). Terminal masking is not hidden here: agents write
 * `reward + discount * mask * value` through lib/functional.
 */
import type { Module } from '../nn/module';
import { tf, type Tensor } from '../tf';
import { Approximation, type ApproximationOptions } from './approximation';

export class QNetwork extends Approximation {
  constructor(model: Module, options: ApproximationOptions = {}) {
    super(model, { name: 'q', ...options });
  }

  /** Q(s, a) for a batch: values [B, A] gathered at int32 actions [B]; for use in a loss closure. */
  forwardAt(x: Tensor, actions: Tensor): Tensor {
    const q = this.forward(x);
    return tf.sum(tf.mul(q, tf.oneHot(actions as tf.Tensor1D, q.shape[1]!)), 1);
  }
}
