/** Test helpers: Linear layers with hand-chosen weights, and reading tensors as plain arrays. */
import { Linear } from '../../lib/nn/module';
import { tf, type Tensor } from '../../lib/tf';

/** A Linear layer with weight rows `w` ([in][out]) and bias `b` ([out]). */
export function fixedLinear(w: number[][], b: number[]): Linear {
  const weight = tf.tensor2d(w);
  const bias = tf.tensor1d(b);
  const layer = new Linear(w.length, b.length, { weight, bias }); // copies them
  tf.dispose([weight, bias]);
  return layer;
}

/** The values of a tensor as a plain array; disposes the tensor. */
export function take(t: Tensor): number[] {
  const out = Array.from(t.dataSync());
  t.dispose();
  return out;
}

/** Expects two arrays of equal length to agree elementwise within `tol`. */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-5): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i]! - want[i]!) <= tol)) {
      throw new Error(`index ${i}: received ${got[i]}, expected ${want[i]} (tolerance ${tol})`);
    }
  }
}
