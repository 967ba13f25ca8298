/**
 * A fully connected layer y = x W + b whose backward pass avoids wasm's slow transposed matmuls.
 *
 * Why: on the wasm backend `tf.matMul` with `transposeA` or `transposeB` runs a naive loop about
 * 10x slower than the plain (XNNPACK) kernel (DESIGN.md section 7), and tfjs's gradient of
 * `matMul(x, W)` is exactly `matMul(dy, W, false, true)` and `matMul(x, dy, true, false)`.
 *
 * How: a kernel `AlltsDense` (lib/backend/kernels.ts, registered once per backend; it runs the
 * backend's own BatchMatMul and Add) with a registered gradient whose three parts are lazy and
 * avoid the transposed kernels (explicit transposes chosen by a fitted cost model, see there).
 * Values and gradients equal plain autodiff to float32 rounding (tested to 1e-5).
 *
 * Measured (2-core machine, tfjs 4.22, wasm with SIMD, no threads; bench/dense_layers.ts, ms per
 * Adam step = forward + backward + update, plain autodiff -> this layer):
 *   critic 4-400-300-1, batch 256: 39.8 -> 8.5 ms (4.7x)   4-256-256-2, batch 128: 12.9 -> 2.5 ms (5.2x)
 *   critic 4-400-300-1, batch 32:   6.4 -> 2.4 ms (2.7x)   4-64-64-2, batch 64:     0.76 -> 0.49 ms (1.6x)
 *   critic 4-400-300-1, batch 1:    1.6 -> 1.2 ms (1.4x)   4-64-2, batch 64:        0.30 -> 0.28 ms (1.06x)
 *   single layers: 400-300 @256 19.0 -> 4.0 ms; 400-300 @1 1.12 -> 0.71 ms; 64-64 @64 0.33 -> 0.20
 *   ms; 4-400 @256 1.10 -> 0.99 ms; 300-1 @256, 64-2 @64, 4-64 @64, 2-4 @8: equal within noise.
 * The fast path was never measurably slower at any size we tried, down to a 2-4 layer at batch 8
 * (the cost model falls back to the naive kernels where they win), and a forward pass is one
 * kernel instead of matmul + add (single-state forward of 4-64: 5.8 -> 4.2 us). So `dense` needs
 * no size threshold; it keeps plain autodiff on other backends (native TensorFlow handles
 * transposes itself, and the cost model is fitted to wasm).
 *
 * `denseRelu` fuses a ReLU into the same kernel (the backend's _FusedMatMul: XNNPACK adds the
 * bias and clamps at 0 inside the matmul), with the same lazy gradient applied to dy masked by
 * (y > 0): this saves the separate Add and Relu kernels of the forward pass and the
 * step/cast/multiply of tfjs's ReLU gradient (~2 kernels per hidden layer per pass).
 *
 * Large products (the forward kernels and the plain matmuls of the gradient) run on two threads
 * through lib/backend/parallel_matmul.ts (same values bit for bit; ALLTS_THREADS=1 turns it off).
 * Small ones (up to SIMD_MAX_MACS multiply-accumulates: classic-control layers, acting) run as
 * lib/backend/simd_matmul.ts's SIMD loops on the heap, which skip XNNPACK's repacking of
 * operands that are new every update (float32 rounding apart, the same values; the figures above
 * are from before, which the loops improve further: dqn 0.425 -> 0.306 and ddqn 1.190 -> 0.795 ms per frame).
 *
 * Ports no ALL code: PyTorch's CPU matmul handles transposes natively, so ALL never needed this.
 */
import { ShapeError } from '../core/errors';
import { DENSE_KERNEL, DENSE_RELU_KERNEL, hasKernel } from '../backend/kernels';
import { tf, type Tensor } from '../tf';

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
 * y = x W + b as one kernel whose gradient avoids the slow transposed matmuls of the wasm
 * backend (see the file header). Values and gradients (for x, W and b) equal `plainDense`'s.
 * Falls back to `plainDense` on a backend without BatchMatMul and Add kernels.
 * @param x input [B, in] (or [B, ..., in]; leading dimensions are flattened and restored)
 * @param w weight [in, out]
 * @param b bias [out]
 * @returns [B, out] (or [B, ..., out]); the caller owns it.
 * @throws ShapeError when the shapes do not fit together
 */
export function denseForward(x: Tensor, w: Tensor, b: Tensor): Tensor {
  check('denseForward', x, w, b);
  if (!hasKernel(DENSE_KERNEL)) return plainDense(x, w, b);
  return overRows(x, w, (x2) => tf.engine().runKernel(DENSE_KERNEL, { x: x2, w, b }) as tf.Tensor2D);
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
 * relu(x W + b) as one kernel (see the file header), with the gradient of `denseForward` applied
 * to the masked upstream gradient. Values and gradients equal relu(plainDense(x, w, b))'s to
 * float32 rounding. Falls back to relu(denseForward(...)) on backends without a fused kernel.
 * @param x input [B, in] (or [B, ..., in])
 * @param w weight [in, out]
 * @param b bias [out]
 * @returns [B, out] (or [B, ..., out]); the caller owns it.
 * @throws ShapeError when the shapes do not fit together
 */
export function denseReluForward(x: Tensor, w: Tensor, b: Tensor): Tensor {
  check('denseReluForward', x, w, b);
  if (!hasKernel(DENSE_RELU_KERNEL)) return tf.tidy(() => tf.relu(denseForward(x, w, b)));
  return overRows(x, w, (x2) => tf.engine().runKernel(DENSE_RELU_KERNEL, { x: x2, w, b }) as tf.Tensor2D);
}

/**
 * relu(x W + b), the implementation `LinearRelu` uses: `denseReluForward` on the backends listed
 * in FAST_DENSE_BACKENDS, relu(plainDense(...)) elsewhere.
 * @param x input [B, in] (or [B, ..., in])
 * @param w weight [in, out]
 * @param b bias [out]
 * @returns [B, out] (or [B, ..., out]); the caller owns it.
 * @throws ShapeError when the shapes do not fit together
 */
export function denseRelu(x: Tensor, w: Tensor, b: Tensor): Tensor {
  if (FAST_DENSE_BACKENDS.includes(tf.getBackend())) return denseReluForward(x, w, b);
  return tf.tidy(() => tf.relu(plainDense(x, w, b)));
}

/** Backends on which `dense` takes the fast path (where the transposed kernels are slow). */
export const FAST_DENSE_BACKENDS: readonly string[] = ['wasm'];

/**
 * y = x W + b, the implementation `Linear` uses: `denseForward` on the backends listed in
 * FAST_DENSE_BACKENDS, `plainDense` elsewhere.
 * @param x input [B, in] (or [B, ..., in])
 * @param w weight [in, out]
 * @param b bias [out]
 * @returns [B, out] (or [B, ..., out]); the caller owns it.
 * @throws ShapeError when the shapes do not fit together
 */
export function dense(x: Tensor, w: Tensor, b: Tensor): Tensor {
  return FAST_DENSE_BACKENDS.includes(tf.getBackend()) ? denseForward(x, w, b) : plainDense(x, w, b);
}
