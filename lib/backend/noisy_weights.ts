/**
 * The noisy weights of a factorized NoisyNets layer (lib/nn/noisy.ts), as one host kernel on wasm:
 *   w = weight + sigmaWeight * (epsIn epsOut^T),   b = bias + sigmaBias * epsOut,
 * and its gradient, one more: dweight = dw, dbias = db, dsigmaWeight = dw * (epsIn epsOut^T),
 * dsigmaBias = db * epsOut.
 *
 * Why: in tensor ops this is an outer product, two multiplies and two adds forward (and as many
 * backward), on each of Rainbow's four passes per frame through each of its two noisy layers,
 * each kernel with tfjs's fixed cost. The matrix loops are hand-assembled WebAssembly SIMD on the
 * backend's heap; they do the same float32 operations in the same order as those kernels (noise
 * product, times sigma, plus mean), so the values are identical.
 */
import { tf, type Tensor } from '../tf';
import { heapKernel, type KernelFunc } from './host_compute';
import { i32, op, v128, type WasmFunction } from './wasm_assembler';
import { heapModule } from './wasm_heap';

/** Inputs weight [in, out], bias [out], sigmaWeight [in, out], sigmaBias [out], epsIn [in], epsOut [out]; outputs [w, b]. */
export const NOISY_WEIGHTS_KERNEL = 'AlltsNoisyWeights';
/** Inputs dw, db, epsIn, epsOut; outputs [dsigmaWeight, dsigmaBias]. */
export const NOISY_WEIGHTS_GRAD_KERNEL = 'AlltsNoisyWeightsGrad';

const f = Math.fround;
const { localGet: get, localSet: set } = op;
type Instr = number[];

/**
 * out[i, j] = (mean[i, j] +) scale[i, j] * (epsIn[i] * epsOut[j]) over an [n, m] matrix, four
 * columns per instruction, the last m % 4 one at a time: the float32 operations of the scalar
 * loop, in its order. `withMean` false gives the gradient's dw * noise (scale = dw).
 * Parameters (byte addresses and sizes): mean, scale, epsIn, epsOut, out, n, rowBytes, vecBytes.
 */
function noiseFunction(name: string, withMean: boolean): WasmFunction {
  const [mean, scale, epsIn, epsOut, out, n, rowBytes, vecBytes] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [i, j, e, ptr] = [8, 9, 10, 11];
  const loopWhile = (counter: number, limit: number, body: Instr[]): Instr[] => [
    op.block, op.loop, get(counter), get(limit), op.i32GeU, op.brIf(1), ...body, op.br(0), op.end, op.end,
  ];
  const add = (local: number, step: Instr[]): Instr[] => [get(local), ...step, op.i32Add, set(local)];
  /** One element (scalar) or four (vector) at row offset ptr + j. */
  const element = (vector: boolean): Instr[] => {
    const load = vector ? op.v128Load : op.f32Load;
    const at = (base: number): Instr[] => [get(base), get(ptr), op.i32Add, get(j), op.i32Add];
    const noise: Instr[] = vector
      ? [get(e), get(epsOut), get(j), op.i32Add, load, op.f32x4Mul]
      : [get(epsIn), get(i), op.i32Add, op.f32Load, get(epsOut), get(j), op.i32Add, load, op.f32Mul];
    const product: Instr[] = [...at(scale), load, ...noise, vector ? op.f32x4Mul : op.f32Mul];
    const value: Instr[] = withMean ? [...at(mean), load, ...product, vector ? op.f32x4Add : op.f32Add] : product;
    return [...at(out), ...value, vector ? op.v128Store : op.f32Store];
  };
  return {
    name,
    params: [i32, i32, i32, i32, i32, i32, i32, i32],
    locals: [i32, i32, v128, i32],
    body: [
      // i runs over epsIn in bytes; ptr over the rows of the matrices
      ...loopWhile(i, n, [
        get(epsIn), get(i), op.i32Add, op.f32Load, op.f32x4Splat, set(e),
        op.i32Const(0), set(j),
        ...loopWhile(j, vecBytes, [...element(true), ...add(j, [op.i32Const(16)])]),
        ...loopWhile(j, rowBytes, [...element(false), ...add(j, [op.i32Const(4)])]),
        ...add(ptr, [get(rowBytes)]), ...add(i, [op.i32Const(4)]),
      ]),
    ],
  };
}

type NoiseExports = { noisy: (...args: number[]) => void; noisyGrad: (...args: number[]) => void };
/** The two loops on the active wasm heap, or undefined off wasm. */
const noiseLoops = heapModule<NoiseExports, NoiseExports>(
  () => [noiseFunction('noisy', true), noiseFunction('noisyGrad', false)],
  (fns) => fns,
);

/** The forward kernel on wasm; undefined elsewhere. */
export function noisyWeightsKernel(backendName: string): KernelFunc | undefined {
  return heapKernel(backendName, (heap, inputs) => {
    const { weight, bias, sigmaWeight, sigmaBias, epsIn, epsOut } = inputs;
    const [n, m] = weight!.shape as [number, number];
    const wInfo = heap.makeOutput([n, m], 'float32');
    const bInfo = heap.makeOutput([m], 'float32');
    // views after the allocations, which may move the heap
    const [mu, muB, sg, sgB, ein, eout, w, b] = [weight, bias, sigmaWeight, sigmaBias, epsIn, epsOut, wInfo, bInfo].map((t) => heap.typedArrayFromHeap(t!));
    noiseLoops()!.noisy(mu!.byteOffset, sg!.byteOffset, ein!.byteOffset, eout!.byteOffset, w!.byteOffset, n * 4, m * 4, (m - (m % 4)) * 4);
    for (let j = 0; j < m; j++) b![j] = f(muB![j]! + f(sgB![j]! * eout![j]!));
    return [wInfo, bInfo];
  });
}

/** The gradient kernel on wasm; undefined elsewhere. */
export function noisyWeightsGradKernel(backendName: string): KernelFunc | undefined {
  return heapKernel(backendName, (heap, inputs) => {
    const { dw, db, epsIn, epsOut } = inputs;
    const [n, m] = dw!.shape as [number, number];
    const gwInfo = heap.makeOutput([n, m], 'float32');
    const gbInfo = heap.makeOutput([m], 'float32');
    const [gw, gb, ein, eout, gs, gsB] = [dw, db, epsIn, epsOut, gwInfo, gbInfo].map((t) => heap.typedArrayFromHeap(t!));
    noiseLoops()!.noisyGrad(0, gw!.byteOffset, ein!.byteOffset, eout!.byteOffset, gs!.byteOffset, n * 4, m * 4, (m - (m % 4)) * 4);
    for (let j = 0; j < m; j++) gsB![j] = f(gb![j]! * eout![j]!);
    return [gwInfo, gbInfo];
  });
}

/** The forward kernel's gradient (global in tfjs); the noise gets none (it is drawn, not learned). */
export function registerNoisyWeightsGradient(): void {
  if (tf.getGradient(NOISY_WEIGHTS_KERNEL) !== undefined) return;
  tf.registerGradient({
    kernelName: NOISY_WEIGHTS_KERNEL,
    inputsToSave: ['epsIn', 'epsOut'],
    gradFunc: (dys, saved) => {
      const [dw, db] = dys as Tensor[];
      const [epsIn, epsOut] = saved as [Tensor, Tensor];
      // computed once, eagerly: tfjs runs each lazy input gradient in its own tidy scope
      const [dSigmaWeight, dSigmaBias] = tf.engine().runKernel(NOISY_WEIGHTS_GRAD_KERNEL, { dw: dw!, db: db!, epsIn, epsOut }) as Tensor[];
      return {
        weight: () => tf.clone(dw!),
        bias: () => tf.clone(db!),
        sigmaWeight: () => dSigmaWeight!,
        sigmaBias: () => dSigmaBias!,
        epsIn: () => tf.zeros(epsIn.shape),
        epsOut: () => tf.zeros(epsOut.shape),
      };
    },
  });
}

/** [w, b] of a factorized noisy layer (the caller checked that the kernel is registered and the shapes). */
export function noisyWeights(weight: Tensor, bias: Tensor, sigmaWeight: Tensor, sigmaBias: Tensor, epsIn: Tensor, epsOut: Tensor): [Tensor, Tensor] {
  const [w, b] = tf.engine().runKernel(NOISY_WEIGHTS_KERNEL, { weight, bias, sigmaWeight, sigmaBias, epsIn, epsOut }) as Tensor[];
  return [w!, b!];
}
