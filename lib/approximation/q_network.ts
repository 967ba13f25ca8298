/**
 * QNetwork: an Approximation whose model maps observations [B, ...] to action values [B, A]
 * (ALL's QNetwork). Terminal masking is not hidden here: agents write
 * `reward + discount * mask * value` through lib/functional.
 */
import type { Module } from '../nn/module';
import { batchedIndex } from '../functional/base';
import type { Tensor } from '../tf';
import { Approximation, type ApproximationOptions } from './approximation';

export class QNetwork extends Approximation {
  constructor(model: Module, options: ApproximationOptions = {}) {
    super(model, { name: 'q', ...options });
  }

  /** Q(s, a) for a batch: values [B, A] gathered at int32 actions [B]; for use in a loss closure. */
  forwardAt(x: Tensor, actions: Tensor): Tensor {
    return batchedIndex(this.forward(x), actions);
  }
}
