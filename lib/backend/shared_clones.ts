/**
 * Clones that share their data on the wasm backend, as they do on tfjs's cpu and webgl backends.
 *
 * Why: while gradients are recorded, tfjs saves every tensor a kernel's gradient needs by
 * `tf.clone` (an `Identity` kernel), so that the forward pass's caller may dispose it. The wasm
 * backend's Identity copies the data; cpu and webgl only count one more reference to the same
 * buffer. Tensors are immutable, so a shared buffer is an exact copy. On classic-control
 * networks these copies are a quarter of all kernels per frame (26 of ddqn's 106); sharing makes
 * them reference counts.
 *
 * The one thing that could tell a shared clone from a copy is code that writes into a tensor's
 * buffer in place. Nothing in allts does so except on buffers that no other tensor sees (the
 * optimizers' moments, lib/backend/host_memory.ts); new code must keep it that way. A related
 * trap: wasm's BatchMatMul caches its packed right operand by buffer, whatever the shape, so a
 * buffer must never be a right operand under two shapes (lib/backend/kernels.ts transposes
 * vectors by a copy for this reason, since a weight's tape-saved clone is now the weight's buffer).
 *
 * `SHARED_CLONES.enabled = false` turns sharing off (the original copying kernel runs).
 */
import { tf } from '../tf';

/** Switch for tests and benchmarks. */
export const SHARED_CLONES = { enabled: true };

/** Marks our kernel, so that a second registration (another copy of this module) is skipped. */
const MARK = Symbol.for('allts.sharedIdentity');

interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

/**
 * Replaces the wasm backend's Identity by one that shares the input's buffer (reference counted
 * by the backend, as its Reshape already is); other backends are left alone.
 * @returns true when the shared Identity is registered for `backendName`
 */
export function registerSharedIdentity(backendName: string): boolean {
  if (backendName !== 'wasm') return false;
  const original = tf.getKernel('Identity', backendName);
  if (original === undefined) return false;
  if ((original.kernelFunc as unknown as Record<symbol, unknown>)[MARK] === true) return true;
  const copying = original.kernelFunc;
  const kernelFunc: tf.KernelFunc = (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (!SHARED_CLONES.enabled || x.dtype === 'string') return copying(args);
    (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  (kernelFunc as unknown as Record<symbol, unknown>)[MARK] = true;
  tf.unregisterKernel('Identity', backendName);
  tf.registerKernel({ kernelName: 'Identity', backendName, kernelFunc });
  return true;
}
