/**
 * allts' own TensorFlow.js kernels, their gradients, and the one place that registers them.
 *
 * Fifteen kernels, registered per backend through tfjs's public kernel registry:
 * - `AlltsMatMul` (wasm): a plain a . b that runs large products on two threads
 *   (lib/backend/parallel_matmul.ts), equal to BatchMatMul bit for bit;
 * - `AlltsDense` (any backend with BatchMatMul and Add): y = x W + b as one kernel whose gradient
 *   avoids wasm's slow transposed matmuls (the why and the measurements are in lib/nn/fast_dense.ts);
 * - `AlltsDenseRelu` (wasm, whose _FusedMatMul takes rank-3 views this way): relu(x W + b) as one
 *   kernel, with the dense gradient applied to dy masked by (y > 0);
 * - `AlltsRowGather` / `AlltsRowScatter` (wasm): one entry per row and its gradient, for
 *   lib/functional's batchedIndex (lib/backend/row_gather.ts);
 * - `AlltsNoisyWeights` / `AlltsNoisyWeightsGrad` (wasm): a factorized noisy layer's weights
 *   and their gradient (lib/backend/noisy_weights.ts);
 * - `AlltsMse` / `AlltsMseGrad` (wasm): lib/functional's mse and its gradient (lib/backend/mse_kernel.ts);
 * - `AlltsDueling` / `AlltsDuelingGrad` (wasm): the dueling head's v + a - mean(a) and its
 *   gradient (lib/backend/dueling_kernel.ts);
 * - `AlltsLstmForward` / `AlltsLstmBackward` (wasm): an LSTM's recurrence over a sequence and its
 *   backward pass (lib/backend/lstm_kernel.ts);
 * - `AlltsLinearRecurrence` / `AlltsLinearRecurrenceGrad` (wasm): lib/functional's multistep
 *   recurrence acc_t = c_t + d_t acc_{t+1} and its gradient (lib/backend/linear_recurrence_kernel.ts).
 *
 * Registration: `registerKernels` registers every kernel the active backend can run, and the
 * gradients (which are global), once per backend; lib/tf.ts's `initBackend` calls it when it
 * activates a backend. Code that runs a kernel asks `hasKernel(name)` first, which registers on
 * first use if the backend was activated another way (e.g. `tf.setBackend` directly).
 *
 * The dense gradient's three parts are lazy, so tfjs computes only the ones the requested
 * variables need (no dx for a first layer fed with observations):
 *   dx = dy . W^T  via an explicit `tf.transpose(W)` + plain matmul, (W . dy^T)^T when the batch
 *                  is smaller than the layer, or the naive kernel when the batch is tiny;
 *   dW = x^T . dy  via transpose(x) + plain matmul, (dy^T . x)^T, or the naive kernel for very
 *                  narrow layers, whichever a fitted cost model (constants below) rates cheapest;
 *   db = ones[1, B] . dy  (a reduction over axis 0 is ~10x slower than this matmul on wasm).
 * Small products (SIMD_MAX_MACS, classic-control sizes) run instead as lib/backend/simd_matmul.ts's
 * SIMD loops on the heap, which neither repack nor transpose: forward products with at least 4
 * output columns (or at most 8 rows, acting), dW, db, and dx when the layer has at least 16 outputs.
 *
 * Ports no ALL code: PyTorch's CPU kernels handle transposes and threads on their own.
 */
import { tf, type Tensor } from '../tf';
import { computeOnHost, heapBackend, type KernelFunc } from './host_compute';
import { parallelMatMulInfo } from './parallel_matmul';
import { DUELING_GRAD_KERNEL, DUELING_KERNEL, duelingGradKernel, duelingKernel, registerDuelingGradient } from './dueling_kernel';
import { LINEAR_RECURRENCE_GRAD_KERNEL, LINEAR_RECURRENCE_KERNEL, linearRecurrenceGradKernel, linearRecurrenceKernel, registerLinearRecurrenceGradient } from './linear_recurrence_kernel';
import { LSTM_BACKWARD_KERNEL, LSTM_FORWARD_KERNEL, lstmBackwardKernel, lstmForwardKernel } from './lstm_kernel';
import { MSE_GRAD_KERNEL, MSE_KERNEL, mseGradKernel, mseKernel, registerMseGradient } from './mse_kernel';
import { NOISY_WEIGHTS_GRAD_KERNEL, NOISY_WEIGHTS_KERNEL, noisyWeightsGradKernel, noisyWeightsKernel, registerNoisyWeightsGradient } from './noisy_weights';
import { ROW_GATHER_KERNEL, ROW_SCATTER_KERNEL, registerRowGatherGradients, rowGatherKernel, rowScatterKernel } from './row_gather';
import { registerSharedIdentity } from './shared_clones';
import { simdMatMulKernels } from './simd_matmul';

/** Name of the two-thread plain matmul kernel (wasm only). */
export const MATMUL_KERNEL = 'AlltsMatMul';
/** Name of the dense kernel y = x W + b. */
export const DENSE_KERNEL = 'AlltsDense';
/** Name of the dense + ReLU kernel. */
export const DENSE_RELU_KERNEL = 'AlltsDenseRelu';

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

/**
 * Largest product (multiply-accumulates) run by the SIMD loops instead of XNNPACK: measured with
 * fresh operands on our machine, the loops win or tie up to about [128, 64] x [64, 202] (1.65M;
 * both about 0.2 ms) and lose on larger ones, where XNNPACK's packed kernels pay off.
 */
export const SIMD_MAX_MACS = 2_000_000;

/**
 * Weights a dense kernel has multiplied before. XNNPACK packs its right operand on the first
 * product with it and keeps the packing, keyed by buffer, for the next ones; a weight matrix
 * is fresh after every optimizer step (new tensors), while a target network's stays for many
 * updates. So the first product with a weight runs as SIMD loops (no packing), later ones on
 * XNNPACK. Measured ([32, 1024] x [1024, 128], MinAtar's hidden layer, CPU time): SIMD 0.39 ms,
 * XNNPACK 0.85 ms fresh and 0.30 ms packed; the loops win on fresh weights up to about 200 rows
 * (128 rows: 1.48 against 1.74 ms) while the weights stay in cache (Atari's [32, 3136] x [3136,
 * 512]: 15.2 against 14.3 ms, both memory-bound), hence the two limits.
 */
const packedRightOperands = new WeakSet<object>();
const FRESH_SIMD_MAX_ROWS = 128;
const FRESH_SIMD_MAX_WEIGHTS = 1 << 18;

/** The SIMD loops when they run here and the product [m, k] x [k, n] is small enough. */
function smallProduct(m: number, k: number, n: number) {
  return m * k * n <= SIMD_MAX_MACS ? simdMatMulKernels() : undefined;
}

/**
 * The transpose of a matrix, and its copy cost; a free reshape when one side is 1 (a vector),
 * except for a right operand: wasm's BatchMatMul caches packed right operands by buffer whatever
 * the shape, so a weight vector reshaped would find its forward pass's packing (shared_clones.ts).
 */
function transposeMatrix(t: Tensor, rightOperand = false): Tensor {
  const [r, c] = t.shape as [number, number];
  return !rightOperand && (r === 1 || c === 1) ? tf.reshape(t, [c, r]) : tf.transpose(t);
}
function copyCost(rows: number, cols: number): number {
  return rows === 1 || cols === 1 ? 0 : COPY_NS * rows * cols;
}
function plainCost(m: number, k: number, n: number): number {
  return PACK_NS * k * n + MAC_PLAIN_NS * m * k * n;
}

/**
 * dx = dy . W^T ([B, out] x [out, in]), the cheapest of: the naive transposeB kernel (tiny
 * batches), transposing W first, or (W . dy^T)^T, which transposes and packs only the small
 * operands when the batch is smaller than the layer (MinAtar's 1024-128 layer at batch 32: 1.8
 * -> 0.67 ms). Both plain forms sum each output over `out` in the same order: equal bit for bit.
 */
function inputGrad(dy: Tensor, w: Tensor): Tensor {
  const [inF, outF] = w.shape as [number, number];
  const batch = dy.shape[0] as number;
  // at least 16 outputs, where the loop beats the alternatives, or fewer than 4 (Q heads), where it
  // sums in order like the kernels below (the same numbers) and saves their transpose and matmul kernels
  const simd = outF >= 16 || outF < 4 ? smallProduct(batch, outF, inF) : undefined;
  if (simd !== undefined) {
    return computeOnHost([dy, w], [[batch, inF]], ([g, wv], [out]) => {
      if (!simd.gemmNT(g!, wv!, out!, batch, outF, inF)) throw new Error('simd_matmul: operands left the wasm heap');
    })[0]!;
  }
  const naive = MAC_NAIVE_NS * batch * inF * outF;
  const transposeW = copyCost(inF, outF) + plainCost(batch, outF, inF);
  // only with real transposes (no side of 1): wasm's BatchMatMul caches its packed right operand
  // by data id whatever the shape, so dy reshaped to [out, 1] as a right operand would poison
  // the later x^T . dy with dy [1, out] (measured: wrong dW at batch 1)
  const flipped = batch > 1 && outF > 1 && inF > 1 ? copyCost(batch, outF) + plainCost(inF, outF, batch) + copyCost(inF, batch) : Infinity;
  if (naive <= transposeW && naive <= flipped) return tf.matMul(dy as tf.Tensor2D, w as tf.Tensor2D, false, true);
  if (transposeW <= flipped) return parallelMatMul(dy as tf.Tensor2D, transposeMatrix(w, true) as tf.Tensor2D);
  return tf.transpose(parallelMatMul(w as tf.Tensor2D, tf.transpose(dy) as tf.Tensor2D));
}

/**
 * dW = x^T . dy ([in, B] x [B, out]), the cheapest of: the naive transposeA kernel (narrow
 * layers), transposing x first, or computing (dy^T . x)^T.
 */
function weightGrad(x: Tensor, dy: Tensor): Tensor {
  const [batch, inF] = x.shape as [number, number];
  const outF = dy.shape[1] as number;
  const simd = smallProduct(inF, batch, outF);
  if (simd !== undefined) {
    // x read transposed in place: element (i, b) of x^T is x[b * inF + i]
    return computeOnHost([x, dy], [[inF, outF]], ([xv, g], [out]) => {
      if (!simd.gemm(xv!, 1, inF, g!, undefined, out!, inF, batch, outF, false)) throw new Error('simd_matmul: operands left the wasm heap');
    })[0]!;
  }
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
  const simd = smallProduct(1, batch, outF);
  if (simd !== undefined) {
    return computeOnHost([dy], [[outF]], ([g], [out]) => {
      if (!simd.columnSums(g!, out!, batch, outF)) throw new Error('simd_matmul: operands left the wasm heap');
    })[0]!;
  }
  if (outF === 1) return tf.reshape(tf.sum(tf.reshape(dy, [batch])), [1]);
  return tf.reshape(tf.matMul(tf.ones([1, batch]) as tf.Tensor2D, dy as tf.Tensor2D), [outF]);
}

/** The gradients of the three kernels (global in tfjs, not per backend). */
function registerGradients(): void {
  if (tf.getGradient(MATMUL_KERNEL) === undefined) {
    tf.registerGradient({
      kernelName: MATMUL_KERNEL,
      inputsToSave: ['a', 'b'],
      gradFunc: (dy, saved) => {
        const [a, b] = saved as [tf.Tensor2D, tf.Tensor2D];
        const g = dy as tf.Tensor2D;
        return { a: () => parallelMatMul(g, tf.transpose(b)), b: () => parallelMatMul(tf.transpose(a), g) };
      },
    });
  }
  if (tf.getGradient(DENSE_KERNEL) === undefined) {
    tf.registerGradient({
      kernelName: DENSE_KERNEL,
      inputsToSave: ['x', 'w'],
      gradFunc: (dy, saved) => {
        const g = dy as Tensor;
        const [x, w] = saved as [Tensor, Tensor];
        return { x: () => inputGrad(g, w), w: () => weightGrad(x, g), b: () => biasGrad(g) };
      },
    });
  }
  if (tf.getGradient(DENSE_RELU_KERNEL) === undefined) {
    // dy * (y > 0), y the saved output (y > 0 exactly where x W + b > 0). The mask is computed
    // eagerly: tfjs runs each lazy input gradient in its own tidy scope, so it could not be shared.
    tf.registerGradient({
      kernelName: DENSE_RELU_KERNEL,
      inputsToSave: ['x', 'w'],
      outputsToSave: [true],
      gradFunc: (dy, saved) => {
        const [x, w, y] = saved as [Tensor, Tensor, Tensor];
        const g = tf.mul(dy as Tensor, tf.step(y));
        return { x: () => inputGrad(g, w), w: () => weightGrad(x, g), b: () => biasGrad(g) };
      },
    });
  }
}


/**
 * relu?(x W + b) by the SIMD loops, for a small product with at least 4 output columns (below
 * that XNNPACK's kernel was faster at training batches) or at most 8 rows (acting); undefined
 * when that does not apply, and the caller runs the backend's kernels.
 */
function simdDense(backend: unknown, x: tf.TensorInfo, w: tf.TensorInfo, b: tf.TensorInfo, relu: boolean): tf.TensorInfo | undefined {
  if (x.shape.length !== 2 || w.shape.length !== 2 || x.dtype !== 'float32' || w.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const [rows, inF] = x.shape as [number, number];
  const outF = w.shape[1]!;
  if (rows > 8 && outF < 4) return undefined;
  const fresh = !packedRightOperands.has(w.dataId);
  packedRightOperands.add(w.dataId);
  const small = smallProduct(rows, inF, outF);
  const simd = small ?? (fresh && rows <= FRESH_SIMD_MAX_ROWS && inF * outF <= FRESH_SIMD_MAX_WEIGHTS ? simdMatMulKernels() : undefined);
  const heap = heapBackend();
  if (simd === undefined || heap === undefined) return undefined;
  // A product that XNNPACK runs once the weights are packed must give its very numbers, or a
  // restored model (fresh weights) would act differently from the original: its fused bias + ReLU
  // starts from the bias as the loops do, but BatchMatMul + Add adds the bias last.
  const biasLast = small === undefined && !relu;
  const out = heap.makeOutput([rows, outF], 'float32');
  // views after the allocation, which may move the heap
  const c = heap.typedArrayFromHeap(out);
  const bias = heap.typedArrayFromHeap(b);
  const done = simd.gemm(heap.typedArrayFromHeap(x), inF, 1, heap.typedArrayFromHeap(w), biasLast ? undefined : bias, c, rows, inF, outF, relu);
  if (done) {
    if (biasLast) for (let r = 0; r < rows; r++) for (let j = 0; j < outF; j++) c[r * outF + j] = Math.fround(c[r * outF + j]! + bias[j]!);
    return out;
  }
  (backend as tf.KernelBackend).disposeData(out.dataId);
  return undefined;
}

/** `AlltsMatMul` on wasm: two threads when worthwhile, else the backend's BatchMatMul. */
function matMulKernel(backendName: string): KernelFunc | undefined {
  const matMul = backendName === 'wasm' ? tf.getKernel('BatchMatMul', backendName) : undefined;
  if (matMul === undefined) return undefined;
  return ({ inputs, backend }) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    return (
      parallelMatMulInfo(backend, a, b) ??
      (matMul.kernelFunc({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } }) as tf.TensorInfo)
    );
  };
}

/** `AlltsDense`: the backend's own BatchMatMul (no transposes, or two threads) followed by its Add for the bias. */
function denseKernel(backendName: string): KernelFunc | undefined {
  const matMul = tf.getKernel('BatchMatMul', backendName);
  const add = tf.getKernel('Add', backendName);
  if (matMul === undefined || add === undefined) return undefined;
  return ({ inputs, backend }) => {
    const { x, w, b } = inputs as { x: tf.TensorInfo; w: tf.TensorInfo; b: tf.TensorInfo };
    const small = simdDense(backend, x, w, b, false);
    if (small !== undefined) return small;
    const product =
      parallelMatMulInfo(backend, x, w) ??
      (matMul.kernelFunc({ inputs: { a: x, b: w }, backend, attrs: { transposeA: false, transposeB: false } }) as tf.TensorInfo);
    const out = add.kernelFunc({ inputs: { a: product, b }, backend, attrs: {} }) as tf.TensorInfo;
    (backend as tf.KernelBackend).disposeData(product.dataId);
    return out;
  };
}

/**
 * `AlltsDenseRelu`: the backend's _FusedMatMul on rank-3 views of the operands (a reshape is only
 * a new shape on the same data), or two threads. Only wasm's _FusedMatMul is known to take these views.
 */
function denseReluKernel(backendName: string): KernelFunc | undefined {
  const fused = backendName === 'wasm' ? tf.getKernel('_FusedMatMul', backendName) : undefined;
  if (fused === undefined) return undefined;
  return ({ inputs, backend }) => {
    const { x, w, b } = inputs as { x: tf.TensorInfo; w: tf.TensorInfo; b: tf.TensorInfo };
    const [rows, inF] = x.shape as [number, number];
    const outF = w.shape[1]!;
    const small = simdDense(backend, x, w, b, true);
    if (small !== undefined) return small;
    const parallel = parallelMatMulInfo(backend, x, w, { bias: b, relu: true });
    if (parallel !== undefined) return parallel;
    const out = fused.kernelFunc({
      inputs: { a: { ...x, shape: [1, rows, inF] }, b: { ...w, shape: [1, inF, outF] }, bias: b },
      backend,
      attrs: { transposeA: false, transposeB: false, activation: 'relu', leakyreluAlpha: 0 },
    }) as tf.TensorInfo;
    return { dataId: out.dataId, dtype: out.dtype, shape: [rows, outF] };
  };
}

/** Each kernel and how to build it for a backend (undefined where the backend lacks what it needs). */
const KERNELS: ReadonlyArray<readonly [string, (backendName: string) => KernelFunc | undefined]> = [
  [MATMUL_KERNEL, matMulKernel],
  [DENSE_KERNEL, denseKernel],
  [DENSE_RELU_KERNEL, denseReluKernel],
  [ROW_GATHER_KERNEL, rowGatherKernel],
  [ROW_SCATTER_KERNEL, rowScatterKernel],
  [NOISY_WEIGHTS_KERNEL, noisyWeightsKernel],
  [NOISY_WEIGHTS_GRAD_KERNEL, noisyWeightsGradKernel],
  [MSE_KERNEL, mseKernel],
  [MSE_GRAD_KERNEL, mseGradKernel],
  [DUELING_KERNEL, duelingKernel],
  [DUELING_GRAD_KERNEL, duelingGradKernel],
  [LSTM_FORWARD_KERNEL, lstmForwardKernel],
  [LSTM_BACKWARD_KERNEL, lstmBackwardKernel],
  [LINEAR_RECURRENCE_KERNEL, linearRecurrenceKernel],
  [LINEAR_RECURRENCE_GRAD_KERNEL, linearRecurrenceGradKernel],
];

/** The kernels registered per backend name, by this module. */
const registered = new Map<string, ReadonlySet<string>>();

/**
 * Registers allts' kernels for a backend (those it can run) and their gradients; later calls for
 * the same backend return the first answer. Called by lib/tf.ts when it activates a backend.
 * @param backendName a tfjs backend name ('wasm', 'cpu', 'tensorflow', ...). Default: the active one
 * @returns the names of the kernels available on that backend
 */
export function registerKernels(backendName: string = tf.getBackend()): ReadonlySet<string> {
  const known = registered.get(backendName);
  if (known !== undefined) return known;
  registerGradients();
  registerRowGatherGradients();
  registerNoisyWeightsGradient();
  registerMseGradient();
  registerDuelingGradient();
  registerLinearRecurrenceGradient();
  registerSharedIdentity(backendName);
  const available = new Set<string>();
  for (const [name, build] of KERNELS) {
    if (tf.getKernel(name, backendName) !== undefined) {
      available.add(name); // registered earlier in this process (e.g. by another copy of this module)
      continue;
    }
    const kernelFunc = build(backendName);
    if (kernelFunc === undefined) continue;
    tf.registerKernel({ kernelName: name, backendName, kernelFunc });
    available.add(name);
  }
  registered.set(backendName, available);
  return available;
}

/** The kernels this module registered for a backend, or undefined if it has not registered any there yet. */
export function registeredKernels(backendName: string): ReadonlySet<string> | undefined {
  return registered.get(backendName);
}

/**
 * True when the active backend runs the kernel `name` (registering allts' kernels first if this
 * backend was activated without lib/tf.ts's `initBackend`).
 */
export function hasKernel(name: string): boolean {
  return registerKernels(tf.getBackend()).has(name);
}

/**
 * a . b for 2-D float32 tensors: on the wasm backend, on two threads when the product is large
 * enough (lib/backend/parallel_matmul.ts), else `tf.matMul(a, b)`. Equal to `tf.matMul(a, b)`
 * bit for bit; differentiable.
 * @param a [M, K]
 * @param b [K, N]
 * @returns [M, N]; the caller owns it.
 */
export function parallelMatMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (a.rank !== 2 || b.rank !== 2 || !hasKernel(MATMUL_KERNEL)) return tf.matMul(a, b);
  if (a.shape[1] !== b.shape[0]) return tf.matMul(a, b); // tfjs's own error message
  return tf.engine().runKernel(MATMUL_KERNEL, { a, b }) as tf.Tensor2D;
}
