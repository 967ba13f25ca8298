/**
 * Elementwise bookkeeping on the host for the backends whose tensors live in this process's
 * memory (wasm's heap, the cpu backend's arrays). There, a whole network's Adam step or Polyak
 * average is cheaper as one JavaScript loop than as a dozen tensor kernels, each a separate pass
 * over all the values with its own dispatch cost; on wasm the loop reads the inputs straight
 * from the heap and writes fresh output tensors there, with no copies.
 * Ports nothing from ALL (PyTorch fuses these steps on its own).
 *
 * It sits in lib/backend, below lib/functional, lib/nn and lib/optim, which all use it.
 */
import { SNAPSHOT_CAPTURE, SNAPSHOT_RESTORE, SnapshotError } from '../core/snapshot';
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
interface HeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

function heapBackend(): HeapBackend | undefined {
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

/**
 * Float32 arrays that persist across steps next to computeOnHost's views (on the wasm heap, so
 * WebAssembly loops can update them in place; plain arrays elsewhere), e.g. an optimizer's
 * running averages. On wasm they are tensors nobody else sees, written in place.
 */
export class HostArrays {
  private readonly tensors: Tensor[] | undefined;
  private readonly arrays: Float32Array[] | undefined;

  /**
   * @param count how many arrays
   * @param length values per array, all zero at first
   */
  constructor(count: number, length: number) {
    if (heapBackend() !== undefined) this.tensors = Array.from({ length: count }, () => tf.keep(tf.zeros([length])));
    else this.arrays = Array.from({ length: count }, () => new Float32Array(length));
  }

  /** The arrays; on wasm, views valid until the next tensor allocation (take them inside computeOnHost's fn). */
  views(): Float32Array[] {
    const heap = heapBackend();
    return this.tensors === undefined ? this.arrays! : this.tensors.map((t) => heap!.typedArrayFromHeap(t));
  }

  /** The values, copied (a resumed run's checkpoint; see lib/core/snapshot.ts). */
  [SNAPSHOT_CAPTURE](): Float32Array[] {
    return this.views().map((v) => v.slice());
  }

  /** Writes checkpointed values back in place. */
  [SNAPSHOT_RESTORE](state: unknown): void {
    const saved = state as Float32Array[];
    const views = this.views();
    if (!Array.isArray(saved) || saved.length !== views.length || saved.some((a, i) => a.length !== views[i]!.length)) {
      throw new SnapshotError(`HostArrays: the checkpoint holds ${Array.isArray(saved) ? saved.length : 0} arrays of other sizes than these ${views.length}; build from the same preset`);
    }
    views.forEach((v, i) => v.set(saved[i]!));
  }

  /** Releases the heap memory. */
  dispose(): void {
    this.tensors?.forEach((t) => t.dispose());
  }
}
