/**
 * Forward passes of small feed-forward models for acting, on the host, without tensors (issue 19,
 * "a single-state forward for epsilon-greedy policies without tensor allocation").
 *
 * Why: choosing one greedy action through tfjs uploads the observation, runs a kernel per layer
 * and reads the result back, tens of microseconds of fixed costs for a few hundred
 * multiply-accumulates. Here the layers run as plain loops over the weights where the wasm
 * backend keeps them (views of its heap, nothing copied).
 *
 * The numbers are the tensor path's: for at most 8 rows the dense kernels run lib/backend's SIMD
 * loops, whose float32 operations (bias first, then each product in input order; ReLU as
 * `s > 0 ? s : 0`) these loops repeat, and the dueling head repeats lib/backend/dueling_kernel.ts.
 * So the actions are identical (tested). Anything else (other layers or activations, noise, more
 * rows or multiply-accumulates, another backend, the SIMD loops switched off) returns undefined
 * and the caller uses tensors.
 */
import { heapBackend } from '../backend/host_compute';
import { SIMD_MAX_MACS } from '../backend/kernels';
import { duelingRows } from '../backend/dueling_kernel';
import { gemmReference, simdMatMulKernels } from '../backend/simd_matmul';
import type { Variable } from '../tf';
import { LinearRelu } from './linear_relu';
import { Activation, Dueling, Flatten, Linear, Sequential, type Module } from './module';

/** Switch for tests and benchmarks. */
export const HOST_FORWARD = { enabled: true };

/** Most rows computed here: the dense kernels take the SIMD loops (this file's arithmetic) up to 8 rows. */
export const HOST_FORWARD_MAX_ROWS = 8;

/**
 * Most multiply-accumulates per call (all layers and rows): these scalar loops beat the tensor
 * path's fixed costs on dqn's 4-64-2 (384) and ddqn's dueling 4-256 pair (2,816) at one row, but
 * lose to the SIMD kernels on vqn's 8 rows of the latter (22,528; 0.31 -> 0.40 ms per act).
 */
export const HOST_FORWARD_MAX_MACS = 8192;

/** A flat batch: `rows` rows of `width` values. */
interface Batch {
  values: Float32Array;
  width: number;
}

/** A variable's values where the backend keeps them (valid until the next heap allocation). */
type Read = (v: Variable) => Float32Array;

/** Multiply-accumulates of one row through the model, or undefined for a module this file does not know. */
function macsPerRow(module: Module): number | undefined {
  if (module instanceof Sequential || module instanceof Dueling) {
    const parts = module instanceof Sequential ? module.layers : [module.value, module.advantage];
    let total = 0;
    for (const part of parts) {
      const m = macsPerRow(part);
      if (m === undefined) return undefined;
      total += m;
    }
    return total;
  }
  const linear = module instanceof LinearRelu ? module.linear : module instanceof Linear ? module : undefined;
  if (linear !== undefined) return linear.inFeatures * linear.outFeatures;
  return module instanceof Flatten || (module instanceof Activation && module.kind === 'relu') ? 0 : undefined;
}

/** One module on the host, or undefined when this file does not know it. */
function apply(module: Module, x: Batch, rows: number, read: Read): Batch | undefined {
  if (module instanceof Sequential) {
    let out: Batch | undefined = x;
    for (const layer of module.layers) {
      out = apply(layer, out, rows, read);
      if (out === undefined) return undefined;
    }
    return out;
  }
  if (module instanceof Flatten) return x;
  const linear = module instanceof LinearRelu ? module.linear : module instanceof Linear ? module : undefined;
  if (linear !== undefined) {
    // larger products leave the SIMD loops for XNNPACK, whose order of sums is not this one
    if (linear.inFeatures !== x.width || rows * linear.inFeatures * linear.outFeatures > SIMD_MAX_MACS) return undefined;
    // gemm's scalar reference is its order of operations (bias first, products in input order)
    const out = new Float32Array(rows * linear.outFeatures);
    gemmReference(x.values, x.width, 1, read(linear.weight), read(linear.bias), out, rows, x.width, linear.outFeatures, module instanceof LinearRelu);
    return { values: out, width: linear.outFeatures };
  }
  if (module instanceof Activation && module.kind === 'relu') {
    return { values: x.values.map((s) => (s > 0 ? s : 0)), width: x.width };
  }
  if (module instanceof Dueling) {
    const v = apply(module.value, x, rows, read);
    const a = v === undefined ? undefined : apply(module.advantage, x, rows, read);
    if (v === undefined || a === undefined || v.width !== 1) return undefined;
    const q = new Float32Array(rows * a.width);
    duelingRows(v.values, a.values, q, rows, a.width);
    return { values: q, width: a.width };
  }
  return undefined;
}

/**
 * The model's output for `rows` flat rows of observations, computed on the host; undefined when
 * that is not possible here (see the file header) and the caller should use tensors.
 * @param model the network (Sequential of Flatten, Linear, LinearRelu, ReLU and Dueling)
 * @param observations `rows` rows, flattened
 * @param rows number of rows (at most HOST_FORWARD_MAX_ROWS)
 * @returns [rows, outputs] flattened, a new array
 */
export function hostForward(model: Module, observations: Float32Array, rows: number): Float32Array | undefined {
  if (!HOST_FORWARD.enabled || rows < 1 || rows > HOST_FORWARD_MAX_ROWS || observations.length % rows !== 0) return undefined;
  const macs = macsPerRow(model);
  if (macs === undefined || macs * rows > HOST_FORWARD_MAX_MACS) return undefined;
  const heap = heapBackend();
  if (heap === undefined || simdMatMulKernels() === undefined) return undefined;
  const read: Read = (v) => heap.typedArrayFromHeap(v as unknown as Parameters<typeof heap.typedArrayFromHeap>[0]);
  return apply(model, { values: observations, width: observations.length / rows }, rows, read)?.values;
}
