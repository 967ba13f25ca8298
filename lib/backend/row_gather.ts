/**
 * Picking one entry per row, out[b, ...] = values[b, indices[b], ...], and its gradient (the
 * scatter back into zeros), as one host kernel each on wasm.
 *
 * Why: lib/functional's `batchedIndex` (the Q-value or return distribution of the action taken)
 * is, in tensor ops, oneHot, cast, multiply and sum forward and about as many kernels backward,
 * each with tfjs's fixed per-kernel cost, on every update of every value-based agent. The two
 * kernels here read and write the wasm heap directly. Values equal the mask-and-sum form (a
 * sum of one product by 1 and zeros); an index outside [0, actions) picks 0 as a one-hot row of
 * zeros would.
 *
 * Ports no code: rlax's batched_index is the one-hot form, which batchedIndex keeps elsewhere.
 */
import { tf, type Tensor } from '../tf';
import { heapKernel, type HeapBackend, type KernelFunc } from './host_compute';

/** out[b, ...rest] = values[b, indices[b], ...rest] (values [B, A, ...rest] float32, indices [B] int32). */
export const ROW_GATHER_KERNEL = 'AlltsRowGather';
/** out[B, A, ...rest] = 0 except out[b, indices[b], ...rest] = dy[b, ...rest]; attribute `actions` = A. */
export const ROW_SCATTER_KERNEL = 'AlltsRowScatter';

/** An int32 tensor's values on the heap. */
function int32View(heap: HeapBackend, info: tf.TensorInfo): Int32Array {
  const f = heap.typedArrayFromHeap(info);
  return new Int32Array(f.buffer, f.byteOffset, f.length);
}

/** The gather kernel on a heap backend (wasm); undefined elsewhere. */
export function rowGatherKernel(backendName: string): KernelFunc | undefined {
  return heapKernel(backendName, (heap, inputs) => {
    const { values, indices } = inputs as { values: tf.TensorInfo; indices: tf.TensorInfo };
    const [batch, actions, ...rest] = values.shape;
    const width = rest.reduce((a, b) => a * b, 1);
    const out = heap.makeOutput([batch!, ...rest], 'float32');
    // views after the allocation, which may move the heap
    const v = heap.typedArrayFromHeap(values);
    const idx = int32View(heap, indices);
    const o = heap.typedArrayFromHeap(out);
    for (let b = 0; b < batch!; b++) {
      const a = idx[b]!;
      if (a >= 0 && a < actions!) o.set(v.subarray((b * actions! + a) * width, (b * actions! + a + 1) * width), b * width);
      else o.fill(0, b * width, (b + 1) * width);
    }
    return out;
  });
}

/** The scatter kernel on a heap backend (wasm); undefined elsewhere. */
export function rowScatterKernel(backendName: string): KernelFunc | undefined {
  return heapKernel(backendName, (heap, inputs, attrs) => {
    const { dy, indices } = inputs as { dy: tf.TensorInfo; indices: tf.TensorInfo };
    const actions = (attrs as { actions: number }).actions;
    const [batch, ...rest] = dy.shape;
    const width = rest.reduce((a, b) => a * b, 1);
    const out = heap.makeOutput([batch!, actions, ...rest], 'float32');
    const g = heap.typedArrayFromHeap(dy);
    const idx = int32View(heap, indices);
    const o = heap.typedArrayFromHeap(out);
    o.fill(0);
    for (let b = 0; b < batch!; b++) {
      const a = idx[b]!;
      if (a >= 0 && a < actions) o.set(g.subarray(b * width, (b + 1) * width), (b * actions + a) * width);
    }
    return out;
  });
}

/** The two kernels' gradients (each is the other's adjoint); indices get none. */
export function registerRowGatherGradients(): void {
  if (tf.getGradient(ROW_GATHER_KERNEL) === undefined) {
    tf.registerGradient({
      kernelName: ROW_GATHER_KERNEL,
      inputsToSave: ['values', 'indices'],
      gradFunc: (dy, saved) => {
        const [values, indices] = saved as [Tensor, Tensor];
        return {
          values: () => rowScatter(dy as Tensor, indices, values.shape[1]!),
          indices: () => tf.zeros(indices.shape),
        };
      },
    });
  }
  if (tf.getGradient(ROW_SCATTER_KERNEL) === undefined) {
    tf.registerGradient({
      kernelName: ROW_SCATTER_KERNEL,
      inputsToSave: ['indices'],
      gradFunc: (dy, saved) => {
        const [indices] = saved as [Tensor];
        return { dy: () => rowGather(dy as Tensor, indices), indices: () => tf.zeros(indices.shape) };
      },
    });
  }
}

/** Runs the gather kernel (the caller checked that it is registered, the shapes, and that indices are int32). */
export function rowGather(values: Tensor, indices: Tensor): Tensor {
  return tf.engine().runKernel(ROW_GATHER_KERNEL, { values, indices }) as Tensor;
}

/** Runs the scatter kernel: dy [B, ...rest] into zeros [B, actions, ...rest]. */
export function rowScatter(dy: Tensor, indices: Tensor, actions: number): Tensor {
  return tf.engine().runKernel(ROW_SCATTER_KERNEL, { dy, indices }, { actions } as unknown as tf.NamedAttrMap) as Tensor;
}
