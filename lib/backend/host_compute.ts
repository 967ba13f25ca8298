/**
 * Computing new tensors on the host from existing ones, for the backends whose tensors live in
 * this process's memory (wasm's heap, the cpu backend's arrays); lib/backend/host_memory.ts says
 * why. Kept apart from HostArrays (which checkpoints through lib/core/snapshot) so that
 * lib/backend/kernels.ts, which lib/tf.ts loads, can use it without an import cycle.
 */
import { tf, type Tensor } from '../tf';

/**
 * Backends on which lib/optim/flat_adam, lib/nn/weights' Polyak update and lib/functional/fused_ppo
 * work on the host.
 * Mutable, so tests and benchmarks can compare with the tensor implementations.
 */
export const HOST_MEMORY_BACKENDS: string[] = ['wasm', 'cpu'];

/** True when the active backend is listed in HOST_MEMORY_BACKENDS. */
export function onHostMemoryBackend(): boolean {
  return HOST_MEMORY_BACKENDS.includes(tf.getBackend());
}

/** The two methods of tfjs's wasm backend that expose its heap (the ones its own kernels use). */
export interface HeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/** A kernel function (tfjs's registry type). */
export type KernelFunc = tf.KernelConfig['kernelFunc'];

/**
 * A kernel that computes on the wasm heap (lib/backend's host kernels): undefined for other
 * backends, else `body` given the heap methods and the kernel's inputs and attributes.
 */
export function heapKernel(
  backendName: string,
  body: (heap: HeapBackend, inputs: Record<string, tf.TensorInfo>, attrs: Record<string, unknown>) => tf.TensorInfo | tf.TensorInfo[],
): KernelFunc | undefined {
  if (backendName !== 'wasm') return undefined;
  return ({ inputs, attrs }) => body(heapBackend()!, inputs as Record<string, tf.TensorInfo>, (attrs ?? {}) as Record<string, unknown>);
}

/** The active backend's heap methods, when it has them (wasm). */
export function heapBackend(): HeapBackend | undefined {
  const b = tf.backend() as unknown as Partial<HeapBackend>;
  return typeof b.makeOutput === 'function' && typeof b.typedArrayFromHeap === 'function' ? (b as HeapBackend) : undefined;
}

/**
 * Computes new float32 tensors on the host from the values of existing ones: `fn` receives the
 * inputs' values (read-only; views of the wasm heap, or copies elsewhere) and the outputs' arrays
 * to fill completely; it must not create or dispose tensors (the heap may move). The caller owns
 * the returned tensors (they join the current tf.tidy scope).
 * @param inputs float32 tensors to read
 * @param outputShapes the shapes of the tensors to create
 * @param fn fills every output value
 */
export function computeOnHost(
  inputs: readonly Tensor[],
  outputShapes: readonly (readonly number[])[],
  fn: (inputs: Float32Array[], outputs: Float32Array[]) => void,
): Tensor[] {
  for (const t of inputs) {
    if (t.dtype !== 'float32') throw new TypeError(`computeOnHost reads float32 tensors only; received ${t.dtype}`);
  }
  const heap = heapBackend();
  if (heap !== undefined) {
    // allocate first: an allocation can grow the heap and detach earlier views
    const infos = outputShapes.map((s) => heap.makeOutput([...s], 'float32'));
    const ins = inputs.map((t) => heap.typedArrayFromHeap(t));
    const outs = infos.map((i) => heap.typedArrayFromHeap(i));
    fn(ins, outs);
    return infos.map((i) => tf.engine().makeTensorFromTensorInfo(i));
  }
  const ins = inputs.map((t) => t.dataSync() as Float32Array);
  const outs = outputShapes.map((s) => new Float32Array(s.reduce((a, b) => a * b, 1)));
  fn(ins, outs);
  return outs.map((o, i) => tf.tensor(o, [...outputShapes[i]!]));
}

