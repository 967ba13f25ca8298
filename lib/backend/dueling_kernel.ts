/**
 * The dueling combination q = v + (a - mean(a)) (lib/nn/module.ts `Dueling`) and its gradient as
 * one host kernel each on wasm.
 *
 * Why: as tensor ops it is mean, subtract and add forward and about ten kernels backward (sums,
 * reshapes, a negation, a division, an add), on every pass of ddqn's, vqn's and vsarsa's networks,
 * each with tfjs's fixed per-kernel cost. The loops repeat those kernels' float32 operations in
 * their order: m = (sum of a's row in order) / A; q = v + (a - m); backward, with S the row sum
 * of dq in order, dv = S and da = dq + (-S) / A (the sub's path plus the mean's, as tfjs adds
 * them). So the values are the same.
 */
import { tf, type Tensor } from '../tf';
import { heapKernel, type KernelFunc } from './host_compute';

/** Inputs value [B, 1], advantage [B, A]; output q [B, A]. */
export const DUELING_KERNEL = 'AlltsDueling';
/** Input dq [B, A]; outputs [dvalue [B, 1], dadvantage [B, A]]. */
export const DUELING_GRAD_KERNEL = 'AlltsDuelingGrad';

const f = Math.fround;

/**
 * q = v + (a - mean(a)) for `batch` rows of `actions` values, in the tensor ops' float32 order
 * (the kernel's loop, also lib/nn/host_forward.ts's for acting).
 */
export function duelingRows(v: Float32Array, a: Float32Array, q: Float32Array, batch: number, actions: number): void {
  for (let b = 0, row = 0; b < batch; b++, row += actions) {
    let sum = 0;
    for (let j = 0; j < actions; j++) sum = f(sum + a[row + j]!);
    const mean = f(sum / actions);
    for (let j = 0; j < actions; j++) q[row + j] = f(v[b]! + f(a[row + j]! - mean));
  }
}

/** The combination kernel on wasm; undefined elsewhere. */
export function duelingKernel(backendName: string): KernelFunc | undefined {
  return heapKernel(backendName, (heap, inputs) => {
    const { value, advantage } = inputs;
    const [batch, actions] = advantage!.shape as [number, number];
    const out = heap.makeOutput([batch, actions], 'float32');
    const [v, a, q] = [value!, advantage!, out].map((x) => heap.typedArrayFromHeap(x));
    duelingRows(v!, a!, q!, batch, actions);
    return out;
  });
}

/** The gradient kernel on wasm; undefined elsewhere. */
export function duelingGradKernel(backendName: string): KernelFunc | undefined {
  return heapKernel(backendName, (heap, inputs) => {
    const { dy } = inputs;
    const [batch, actions] = dy!.shape as [number, number];
    const dvInfo = heap.makeOutput([batch, 1], 'float32');
    const daInfo = heap.makeOutput([batch, actions], 'float32');
    const [g, dv, da] = [dy!, dvInfo, daInfo].map((x) => heap.typedArrayFromHeap(x));
    for (let b = 0, row = 0; b < batch; b++, row += actions) {
      let sum = 0;
      for (let j = 0; j < actions; j++) sum = f(sum + g![row + j]!);
      dv![b] = sum;
      const fromMean = f(-sum / actions);
      for (let j = 0; j < actions; j++) da![row + j] = f(g![row + j]! + fromMean);
    }
    return [dvInfo, daInfo];
  });
}

/** The combination's gradient (global in tfjs). */
export function registerDuelingGradient(): void {
  if (tf.getGradient(DUELING_KERNEL) !== undefined) return;
  tf.registerGradient({
    kernelName: DUELING_KERNEL,
    gradFunc: (dy) => {
      // computed once, eagerly: tfjs runs each lazy input gradient in its own tidy scope
      const [dValue, dAdvantage] = tf.engine().runKernel(DUELING_GRAD_KERNEL, { dy: dy as Tensor }) as Tensor[];
      return { value: () => dValue!, advantage: () => dAdvantage! };
    },
  });
}

/** v + (a - mean(a)) for value [B, 1] and advantage [B, A] float32 (the caller checked the kernel and shapes). */
export function duelingOnHost(value: Tensor, advantage: Tensor): Tensor {
  return tf.engine().runKernel(DUELING_KERNEL, { value, advantage }) as Tensor;
}
