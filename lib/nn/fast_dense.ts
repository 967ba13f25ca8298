/**
 * A fully connected layer y = x W + b whose backward pass avoids the transposed matmul kernels.
 *
 * Why: on the wasm backend `tf.matMul(a, b, transposeA, transposeB)` with either flag set runs
 * about 10x slower than a plain matmul of the same size (DESIGN.md section 7), and tfjs's
 * registered gradient of `matMul(x, W)` is exactly `matMul(dy, W, false, true)` and
 * `matMul(x, dy, true, false)`. `denseForward` has a custom gradient that transposes explicitly
 * (`tf.transpose`, a cheap copy) and then calls the plain kernel:
 *   dx = dy . transpose(W),  dW = transpose(x) . dy,  db = sum(dy, 0).
 * The values and gradients equal plain autodiff to float32 rounding (tested to 1e-5).
 *
 * Measured on our 2-core machine (tfjs 4.22, wasm, SIMD on, no threads; `bench/dense_layers.ts`):
 * single matmul kernels at [256, 400] x [400, 300]: plain 1.5 ms, transposeB 17.4 ms, explicit
 * transpose + plain 1.8 ms; transposeA 17.6 ms against 2.0 ms. Whole Adam steps (forward +
 * backward + update), plain autodiff -> fast path:
 *   critic 4-400-300-1 at batch 256: 38.4 ms -> 8.4 ms (4.6x faster);
 *   4-64-2 at batch 64:              0.62 ms -> 0.62 ms (no difference within noise);
 *   4-64-64-2 at batch 64, 4-256-256-2 at batch 128 and 4-400-300-1 at batch 1 see in the bench.
 * The customGrad machinery costs a few extra kernel calls (two transposes, clones of the saved
 * inputs), about 20-40 microseconds per layer, so layers whose transposed matmuls are cheaper
 * than that keep the plain path: `dense` takes the fast path when batch * in * out >=
 * FAST_DENSE_MIN_MACS (measured crossover, see the constant).
 *
 * Ports no ALL code: PyTorch's CPU matmul handles transposes natively, so ALL never needed this.
 */
import { ShapeError } from '../core/errors';
import { tf, type Tensor } from '../tf';

/**
 * Multiply-accumulate count (batch * in * out) from which `dense` uses the custom-gradient path.
 * Measured with bench/dense_layers.ts: below about 2e4 MACs both paths cost the same (kernel
 * overhead dominates); from about 1e5 MACs the transposed kernels of plain autodiff cost more
 * than the extra transposes. A single-state forward of a 400-300 layer (1.2e5 MACs) is on the
 * fast side, a 64x4x64 layer (1.6e4) on the plain side.
 */
export const FAST_DENSE_MIN_MACS = 65_536;

type DenseFn = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;

const customDense = tf.customGrad(((x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
  save([x, w]);
  return {
    value: tf.add(tf.matMul(x, w), b) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor2D, saved: Tensor[]) => {
      const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy, tf.transpose(sw)), tf.matMul(tf.transpose(sx), dy), tf.sum(dy, 0)];
    },
  };
}) as unknown as tf.CustomGradientFunc<tf.Tensor>) as unknown as DenseFn;

function check(fn: string, x: Tensor, w: Tensor, b: Tensor): void {
  if (w.rank !== 2 || b.rank !== 1 || b.shape[0] !== w.shape[1]) {
    throw new ShapeError(
      `${fn}: weight must be [in, out] and bias [out]; received weight [${w.shape.join(', ')}], bias [${b.shape.join(', ')}]`,
    );
  }
  if (x.rank < 2 || x.shape[x.rank - 1] !== w.shape[0]) {
    throw new ShapeError(
      `${fn}: input has shape [${x.shape.join(', ')}] but must be [batch, ..., ${w.shape[0]}] to match weight [${w.shape.join(', ')}]`,
    );
  }
}

/** Applies a 2-D dense function to [..., in] input by flattening the leading dimensions. */
function overRows(x: Tensor, w: Tensor, f: (x2: tf.Tensor2D) => tf.Tensor2D): Tensor {
  if (x.rank === 2) return f(x as tf.Tensor2D);
  const lead = x.shape.slice(0, -1);
  return tf.tidy(() => tf.reshape(f(tf.reshape(x, [-1, w.shape[0]!]) as tf.Tensor2D), [...lead, w.shape[1]!]));
}

/**
 * y = x W + b with a custom gradient that uses explicit transposes and plain matmuls (fast on
 * wasm). Values and gradients (for x, W and b) equal those of `plainDense`.
 * @param x input [B, in] (or [B, ..., in]; leading dimensions are flattened and restored)
 * @param w weight [in, out]
 * @param b bias [out]
 * @returns [B, out] (or [B, ..., out]); the caller owns it.
 * @throws ShapeError when the shapes do not fit together
 */
export function denseForward(x: Tensor, w: Tensor, b: Tensor): Tensor {
  check('denseForward', x, w, b);
  return overRows(x, w, (x2) => customDense(x2, w as tf.Tensor2D, b as tf.Tensor1D));
}

/**
 * y = x W + b with tfjs's own autodiff (transposed matmul kernels in the backward pass).
 * @param x input [B, in] (or [B, ..., in])
 * @param w weight [in, out]
 * @param b bias [out]
 * @returns [B, out] (or [B, ..., out]); the caller owns it.
 */
export function plainDense(x: Tensor, w: Tensor, b: Tensor): Tensor {
  check('plainDense', x, w, b);
  return overRows(x, w, (x2) => tf.add(tf.matMul(x2, w as tf.Tensor2D), b) as tf.Tensor2D);
}

/**
 * y = x W + b, choosing the faster implementation for the size: `denseForward` when
 * rows * in * out >= `minMacs` (default FAST_DENSE_MIN_MACS), else `plainDense`.
 * @param x input [B, in] (or [B, ..., in])
 * @param w weight [in, out]
 * @param b bias [out]
 * @param minMacs threshold in multiply-accumulates per forward pass
 * @returns [B, out] (or [B, ..., out]); the caller owns it.
 */
export function dense(x: Tensor, w: Tensor, b: Tensor, minMacs = FAST_DENSE_MIN_MACS): Tensor {
  const rows = x.size / (x.shape[x.rank - 1] || 1);
  const macs = rows * (w.shape[0] ?? 0) * (w.shape[1] ?? 0);
  return macs >= minMacs ? denseForward(x, w, b) : plainDense(x, w, b);
}
