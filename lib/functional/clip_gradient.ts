/**
 * Gradient clipping in the backward pass only. Ports the semantics of rlax's
 * `clipping.clip_gradient`.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { assertFloat, assertNumber } from './checks';

/**
 * Identity in the forward pass; in the backward pass the incoming gradient is clipped
 * elementwise to [gradientMin, gradientMax]. Used e.g. to bound the gradients reaching an LSTM
 * from the loss (Mnih et al. 2016, https://arxiv.org/abs/1602.01783, and rlax's clip_gradient).
 * @param x float32, any shape; not modified.
 * @returns a new tensor equal to x; the caller owns it.
 */
export function clipGradient(x: Tensor, gradientMin: number, gradientMax: number): Tensor {
  const fn = 'clipGradient';
  assertFloat(fn, 'x', x);
  assertNumber(fn, 'gradientMin', gradientMin);
  assertNumber(fn, 'gradientMax', gradientMax, { min: gradientMin });
  const op = tf.customGrad((...args) => ({
    value: tf.clone(args[0] as Tensor),
    gradFunc: (dy: Tensor | Tensor[]) => [tf.clipByValue(Array.isArray(dy) ? (dy[0] as Tensor) : dy, gradientMin, gradientMax)],
  }));
  return op(x);
}
