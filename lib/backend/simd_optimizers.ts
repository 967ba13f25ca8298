/**
 * The optimizers' elementwise steps (RMSprop, Adam) as WebAssembly 128-bit SIMD loops that run
 * on the wasm backend's own heap: four values per instruction instead of one JavaScript float32
 * operation at a time with a Math.fround after each (about 25 ns per value for RMSprop measured
 * in JavaScript: 3-4 ms per step of MinAtar's 134k-weight DQN, a third of its update).
 *
 * The results are bitwise those of the float32 JavaScript loops in lib/optim: every f32x4
 * operation is a correctly rounded float32 operation, and so is each fround of a double result
 * of float32 inputs (tested). The loops cover the largest multiple of 4 values; the caller's
 * JavaScript loop finishes the rest.
 *
 * Available when the active backend is tfjs's wasm backend with a non-shared memory (its
 * single-threaded builds); elsewhere `simdOptimizerKernels()` returns undefined and the
 * JavaScript loops run alone. `SIMD_OPTIMIZERS.enabled = false` turns it off (benchmarks, tests).
 */
import { f32, i32, op, v128, type WasmFunction } from './wasm_assembler';
import { heapModule, onHeap, type WasmMemory } from './wasm_heap';

/** Switch for benchmarks and tests. */
export const SIMD_OPTIMIZERS = { enabled: true };

/** RMSprop's constants (see lib/optim/flat_rmsprop.ts); `scale` multiplies the gradient first. */
export interface RMSpropConstants {
  alpha: number;
  lr: number;
  eps: number;
  scale: number;
}

/** Adam's folded constants (see lib/optim/flat_adam.ts). */
export interface AdamConstants {
  beta1: number;
  beta2: number;
  step: number;
  epsHat: number;
  scale: number;
}

/**
 * Loops over the wasm heap. Each returns how many leading values it updated (a multiple of 4,
 * or 0 when an array is not on the heap); the caller updates the rest.
 */
export interface SimdOptimizerKernels {
  /** RMSprop on g, p -> out with running averages ms (and mg when centered) from `offset`. */
  rmsprop(g: Float32Array, p: Float32Array, out: Float32Array, ms: Float32Array, mg: Float32Array | undefined, offset: number, c: RMSpropConstants): number;
  /** Adam on g, p -> out with moments m, v from `offset`. */
  adam(g: Float32Array, p: Float32Array, out: Float32Array, m: Float32Array, v: Float32Array, offset: number, c: AdamConstants): number;
}

const { localGet: get, localSet: set, localTee: tee } = op;

/** address = base + i (both i32 locals). */
const at = (base: number, i: number) => [get(base), get(i), op.i32Add];
const load = (base: number, i: number) => [...at(base, i), op.v128Load];
const splat = (param: number, local: number) => [get(param), op.f32x4Splat, set(local)];

/** `block loop (exit when i >= bytes) ...step... i += 16 end end` */
function loopOver(i: number, bytes: number, step: number[][]): number[][] {
  return [
    op.block, op.loop,
    get(i), get(bytes), op.i32GeU, op.brIf(1),
    ...step,
    get(i), op.i32Const(16), op.i32Add, set(i),
    op.br(0),
    op.end, op.end,
  ];
}

/**
 * rmsprop(g, p, out, ms, mg, bytes, alpha, alpha1, lr, eps, scale): pointers are byte addresses,
 * `bytes` a multiple of 16.
 */
function rmspropFunction(centered: boolean): WasmFunction {
  const [g, p, out, ms, mg, bytes, alpha, alpha1, lr, eps, scale] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [i, A, A1, LR, EPS, SCALE, gk, s, m] = [11, 12, 13, 14, 15, 16, 17, 18, 19];
  const centring = [
    // mg = mg * alpha + gk * (1 - alpha); s = max(s - mg^2, 0)
    ...at(mg, i),
    ...load(mg, i), get(A), op.f32x4Mul, get(gk), get(A1), op.f32x4Mul, op.f32x4Add, tee(m),
    op.v128Store,
    op.v128Zero, get(s), get(m), get(m), op.f32x4Mul, op.f32x4Sub, op.f32x4Pmax, set(s),
  ];
  return {
    name: centered ? 'rmspropCentered' : 'rmsprop',
    params: [i32, i32, i32, i32, i32, i32, f32, f32, f32, f32, f32],
    locals: [i32, v128, v128, v128, v128, v128, v128, v128, v128],
    body: [
      ...splat(alpha, A), ...splat(alpha1, A1), ...splat(lr, LR), ...splat(eps, EPS), ...splat(scale, SCALE),
      ...loopOver(i, bytes, [
        ...load(g, i), get(SCALE), op.f32x4Mul, set(gk),
        // ms = ms * alpha + gk^2 * (1 - alpha)
        ...at(ms, i),
        ...load(ms, i), get(A), op.f32x4Mul, get(gk), get(gk), op.f32x4Mul, get(A1), op.f32x4Mul, op.f32x4Add, tee(s),
        op.v128Store,
        ...(centered ? centring : []),
        // out = p - gk * lr / (sqrt(s) + eps)
        ...at(out, i),
        ...load(p, i), get(gk), get(LR), op.f32x4Mul, get(s), op.f32x4Sqrt, get(EPS), op.f32x4Add, op.f32x4Div, op.f32x4Sub,
        op.v128Store,
      ]),
    ],
  };
}

/** adam(g, p, out, m, v, bytes, beta1, 1 - beta1, beta2, 1 - beta2, step, epsHat, scale). */
function adamFunction(): WasmFunction {
  const [g, p, out, m, v, bytes, b1, c1, b2, c2, step, epsHat, scale] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const [i, B1, C1, B2, C2, STEP, EPS, SCALE, gk, mk, vk] = [13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
  return {
    name: 'adam',
    params: [i32, i32, i32, i32, i32, i32, f32, f32, f32, f32, f32, f32, f32],
    locals: [i32, v128, v128, v128, v128, v128, v128, v128, v128, v128, v128],
    body: [
      ...splat(b1, B1), ...splat(c1, C1), ...splat(b2, B2), ...splat(c2, C2),
      ...splat(step, STEP), ...splat(epsHat, EPS), ...splat(scale, SCALE),
      ...loopOver(i, bytes, [
        ...load(g, i), get(SCALE), op.f32x4Mul, set(gk),
        // m = m * beta1 + gk * (1 - beta1)
        ...at(m, i),
        ...load(m, i), get(B1), op.f32x4Mul, get(gk), get(C1), op.f32x4Mul, op.f32x4Add, tee(mk),
        op.v128Store,
        // v = v * beta2 + gk^2 * (1 - beta2)
        ...at(v, i),
        ...load(v, i), get(B2), op.f32x4Mul, get(gk), get(gk), op.f32x4Mul, get(C2), op.f32x4Mul, op.f32x4Add, tee(vk),
        op.v128Store,
        // out = p - m * step / (sqrt(v) + epsHat)
        ...at(out, i),
        ...load(p, i), get(mk), get(STEP), op.f32x4Mul, get(vk), op.f32x4Sqrt, get(EPS), op.f32x4Add, op.f32x4Div, op.f32x4Sub,
        op.v128Store,
      ]),
    ],
  };
}

type Exports = {
  rmsprop: (...args: number[]) => void;
  rmspropCentered: (...args: number[]) => void;
  adam: (...args: number[]) => void;
};

/** The loops of one heap, bound to its typed arrays. */
function bind(fns: Exports, memory: WasmMemory): SimdOptimizerKernels {
  /** Values the SIMD loop covers: the largest multiple of 4 (0 when an array is off the heap). */
  const span = (n: number, arrays: (Float32Array | undefined)[]) => (onHeap(memory, ...arrays) ? n - (n % 4) : 0);
  return {
    rmsprop(g, p, out, ms, mg, offset, c) {
      const n = span(out.length, [g, p, out, ms, mg]);
      if (n === 0) return 0;
      const state = offset * 4;
      const fn = mg === undefined ? fns.rmsprop : fns.rmspropCentered;
      fn(g.byteOffset, p.byteOffset, out.byteOffset, ms.byteOffset + state, mg === undefined ? 0 : mg.byteOffset + state,
        n * 4, c.alpha, 1 - c.alpha, c.lr, c.eps, c.scale);
      return n;
    },
    adam(g, p, out, m, v, offset, c) {
      const n = span(out.length, [g, p, out, m, v]);
      if (n === 0) return 0;
      const state = offset * 4;
      fns.adam(g.byteOffset, p.byteOffset, out.byteOffset, m.byteOffset + state, v.byteOffset + state,
        n * 4, c.beta1, 1 - c.beta1, c.beta2, 1 - c.beta2, c.step, c.epsHat, c.scale);
      return n;
    },
  };
}

/**
 * The SIMD loops bound to the active wasm backend's heap, or undefined where they cannot run (or
 * are switched off). Cheap to call: one instance per heap is cached.
 */
export const simdOptimizerKernels: () => SimdOptimizerKernels | undefined = heapModule<Exports, SimdOptimizerKernels>(
  () => [rmspropFunction(false), rmspropFunction(true), adamFunction()],
  bind,
  () => SIMD_OPTIMIZERS.enabled,
);
