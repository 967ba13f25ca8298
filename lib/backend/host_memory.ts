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
import { heapBackend } from './host_compute';

export { HOST_MEMORY_BACKENDS, computeOnHost, onHostMemoryBackend } from './host_compute';

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
