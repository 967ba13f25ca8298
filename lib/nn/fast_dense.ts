/**
 * A fully connected layer y = x W + b whose backward pass avoids wasm's slow transposed matmuls.
 *
 * Why: on the wasm backend `tf.matMul` with `transposeA` or `transposeB` runs a naive loop about
 * 10x slower than the plain (XNNPACK) kernel (DESIGN.md section 7), and tfjs's gradient of
 * `matMul(x, W)` is exactly `matMul(dy, W, false, true)` and `matMul(x, dy, true, false)`.
 *
 * How: a kernel `AlltsDense` (registered once per backend through the public kernel registry; it
 * runs the backend's own BatchMatMul and Add) with a registered gradient whose three parts are
 * lazy, so tfjs computes only the ones needed (no dx for a first layer fed with observations):
 *   dx = dy . W^T  via an explicit `tf.transpose(W)` + plain matmul, or the naive kernel when the
 *                  batch is tiny (then the transpose and XNNPACK's repacking cost more);
 *   dW = x^T . dy  via transpose(x) + plain matmul, (dy^T . x)^T, or the naive kernel for very
 *                  narrow layers, whichever a fitted cost model (constants below) rates cheapest;
 *   db = ones[1, B] . dy  (a reduction over axis 0 is ~10x slower than this matmul on wasm).
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
 * through lib/nn/parallel_matmul.ts (same values bit for bit; ALLTS_THREADS=1 turns it off).
 *
 * Ports no ALL code: PyTorch's CPU matmul handles transposes natively, so ALL never needed this.
 */
import { ShapeError } from '../core/errors';
import { tf, type Tensor } from '../tf';
import { parallelMatMul, parallelMatMulInfo } from './parallel_matmul';

/** Name of the dense kernel allts registers (per backend, on first use). */
const KERNEL = 'AlltsDense';
/** Name of the dense + ReLU kernel. */
const KERNEL_RELU = 'AlltsDenseRelu';

/**
 * Cost model of the wasm kernels, in nanoseconds, fitted to measurements on our machine with
 * fresh operands (as in training, where every step brings new activations and new weights):
 * a plain matmul [M, K] x [K, N] costs about PACK_NS per element of its right operand (XNNPACK
 * repacks it) plus MAC_PLAIN_NS per multiply-accumulate; a matmul with a transpose flag runs a
 * naive loop at MAC_NAIVE_NS per multiply-accumulate; `tf.transpose` copies at COPY_NS per element.
 * Examples measured: [256,400]x[400,300] plain 1.7 ms, transposeB 18.4 ms; [1,400]x[400,300]
 * plain 0.31 ms, transposeB 0.14 ms; transpose of [256, 300] 0.23 ms.
 */
const PACK_NS = 2.5;
const MAC_PLAIN_NS = 0.045;
const MAC_NAIVE_NS = 0.6;
const COPY_NS = 3;

/** The transpose of a matrix, and its copy cost; a free reshape when one side is 1 (a vector). */
function transposeMatrix(t: Tensor): Tensor {
  const [r, c] = t.shape as [number, number];
  return r === 1 || c === 1 ? tf.reshape(t, [c, r]) : tf.transpose(t);
}
function copyCost(rows: number, cols: number): number {
  return rows === 1 || cols === 1 ? 0 : COPY_NS * rows * cols;
}
function plainCost(m: number, k: number, n: number): number {
  return PACK_NS * k * n + MAC_PLAIN_NS * m * k * n;
}

/** dx = dy . W^T ([B, out] x [out, in]): the naive transposeB kernel when cheaper (tiny batches), else an explicit transpose. */
function inputGrad(dy: Tensor, w: Tensor): Tensor {
  const [inF, outF] = w.shape as [number, number];
  const batch = dy.shape[0] as number;
  const naive = MAC_NAIVE_NS * batch * inF * outF;
  const viaTranspose = copyCost(inF, outF) + plainCost(batch, outF, inF);
  return naive <= viaTranspose
    ? tf.matMul(dy as tf.Tensor2D, w as tf.Tensor2D, false, true)
    : parallelMatMul(dy as tf.Tensor2D, transposeMatrix(w) as tf.Tensor2D);
}

/**
 * dW = x^T . dy ([in, B] x [B, out]), the cheapest of: the naive transposeA kernel (narrow
 * layers), transposing x first, or computing (dy^T . x)^T.
 */
function weightGrad(x: Tensor, dy: Tensor): Tensor {
  const [batch, inF] = x.shape as [number, number];
  const outF = dy.shape[1] as number;
  const naive = MAC_NAIVE_NS * batch * inF * outF;
  const transposeX = copyCost(batch, inF) + plainCost(inF, batch, outF);
  const transposeDy = copyCost(batch, outF) + plainCost(outF, batch, inF) + copyCost(outF, inF);
  if (naive <= transposeX && naive <= transposeDy) return tf.matMul(x as tf.Tensor2D, dy as tf.Tensor2D, true, false);
  if (transposeX <= transposeDy) return parallelMatMul(transposeMatrix(x) as tf.Tensor2D, dy as tf.Tensor2D);
  return transposeMatrix(parallelMatMul(transposeMatrix(dy) as tf.Tensor2D, x as tf.Tensor2D));
}

/** db = sum of dy over the batch, as ones[1, B] . dy: a reduction over axis 0 is ~10x slower on wasm. */
function biasGrad(dy: Tensor): Tensor {
  const [batch, outF] = dy.shape as [number, number];
  if (batch === 1) return tf.reshape(dy, [outF]);
  if (outF === 1) return tf.reshape(tf.sum(tf.reshape(dy, [batch])), [1]);
  return tf.reshape(tf.matMul(tf.ones([1, batch]) as tf.Tensor2D, dy as tf.Tensor2D), [outF]);
}

/**
 * Registers the gradient once: each input's gradient is a lazy closure, so tfjs computes only the
 * ones the requested variables need (no dx for a first layer fed with observations).
 */
let gradientRegistered = false;
function ensureGradient(): void {
  if (gradientRegistered || tf.getGradient(KERNEL) !== undefined) {
    gradientRegistered = true;
    return;
  }
  tf.registerGradient({
    kernelName: KERNEL,
    inputsToSave: ['x', 'w'],
    gradFunc: (dy, saved) => {
      const g = dy as Tensor;
      const [x, w] = saved as [Tensor, Tensor];
      return {
        x: () => inputGrad(g, w),
        w: () => weightGrad(x, g),
        b: () => biasGrad(g),
      };
    },
  });
  gradientRegistered = true;
}

/**
 * The gradient of relu(x W + b): the dense gradient of dy * (y > 0), where y is the saved output
 * (y > 0 exactly where x W + b > 0). The mask is computed eagerly: tfjs runs each lazy input
 * gradient in its own tidy scope, so it could not be shared between them otherwise.
 */
let reluGradientRegistered = false;
function ensureReluGradient(): void {
  if (reluGradientRegistered || tf.getGradient(KERNEL_RELU) !== undefined) {
    reluGradientRegistered = true;
    return;
  }
  tf.registerGradient({
    kernelName: KERNEL_RELU,
    inputsToSave: ['x', 'w'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [x, w, y] = saved as [Tensor, Tensor, Tensor];
      const g = tf.mul(dy as Tensor, tf.step(y));
      return {
        x: () => inputGrad(g, w),
        w: () => weightGrad(x, g),
        b: () => biasGrad(g),
      };
    },
  });
  reluGradientRegistered = true;
}

/**
 * Registers the fused dense + ReLU kernel for the active backend (once): the backend's
 * _FusedMatMul on rank-3 views of the operands (a reshape is only a new shape on the same data).
 * False when the backend lacks it.
 */
const reluKernelReady = new Map<string, boolean>();
function ensureReluKernel(backendName: string): boolean {
  const known = reluKernelReady.get(backendName);
  if (known !== undefined) return known;
  if (tf.getKernel(KERNEL_RELU, backendName) !== undefined) {
    reluKernelReady.set(backendName, true);
    return true;
  }
  // only the wasm backend's _FusedMatMul is known to take rank-3 views this way
  const fused = backendName === 'wasm' ? tf.getKernel('_FusedMatMul', backendName) : undefined;
  if (fused === undefined) {
    reluKernelReady.set(backendName, false);
    return false;
  }
  tf.registerKernel({
    kernelName: KERNEL_RELU,
    backendName,
    kernelFunc: ({ inputs, backend }) => {
      const { x, w, b } = inputs as { x: tf.TensorInfo; w: tf.TensorInfo; b: tf.TensorInfo };
      const [rows, inF] = x.shape as [number, number];
      const outF = w.shape[1]!;
      const parallel = parallelMatMulInfo(backend, x, w, { bias: b, relu: true });
      if (parallel !== undefined) return parallel;
      const out = fused.kernelFunc({
        inputs: { a: { ...x, shape: [1, rows, inF] }, b: { ...w, shape: [1, inF, outF] }, bias: b },
        backend,
        attrs: { transposeA: false, transposeB: false, activation: 'relu', leakyreluAlpha: 0 },
      }) as tf.TensorInfo;
      return { dataId: out.dataId, dtype: out.dtype, shape: [rows, outF] };
    },
  });
  reluKernelReady.set(backendName, true);
  return true;
}

/**
 * Registers the forward kernel for the active backend (once): the backend's own BatchMatMul
 * (no transposes) followed by its Add for the bias. False when the backend lacks either kernel.
 */
const kernelReady = new Map<string, boolean>();
function ensureKernel(backendName: string): boolean {
  const known = kernelReady.get(backendName);
  if (known !== undefined) return known;
  if (tf.getKernel(KERNEL, backendName) !== undefined) {
    kernelReady.set(backendName, true);
    return true;
  }
  const matMul = tf.getKernel('BatchMatMul', backendName);
  const add = tf.getKernel('Add', backendName);
  if (matMul === undefined || add === undefined) {
    kernelReady.set(backendName, false);
    return false;
  }
  tf.registerKernel({
    kernelName: KERNEL,
    backendName,
    kernelFunc: ({ inputs, backend }) => {
      const { x, w, b } = inputs as { x: tf.TensorInfo; w: tf.TensorInfo; b: tf.TensorInfo };
      const product =
        parallelMatMulInfo(backend, x, w) ??
        (matMul.kernelFunc({ inputs: { a: x, b: w }, backend, attrs: { transposeA: false, transposeB: false } }) as tf.TensorInfo);
      const out = add.kernelFunc({ inputs: { a: product, b }, backend, attrs: {} }) as tf.TensorInfo;
      (backend as tf.KernelBackend).disposeData(product.dataId);
      return out;
    },
  });
  kernelReady.set(backendName, true);
  return true;
}

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
  ensureGradient();
  if (!ensureKernel(tf.getBackend())) return plainDense(x, w, b);
  return overRows(x, w, (x2) => tf.engine().runKernel(KERNEL, { x: x2, w, b }) as tf.Tensor2D);
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
  ensureGradient();
  ensureReluGradient();
  if (!ensureReluKernel(tf.getBackend())) return tf.tidy(() => tf.relu(denseForward(x, w, b)));
  return overRows(x, w, (x2) => tf.engine().runKernel(KERNEL_RELU, { x: x2, w, b }) as tf.Tensor2D);
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
