import { SIMD_OPTIMIZERS, simdOptimizerKernels } from '../../lib/backend/simd_optimizers';
import { assembleModule, op } from '../../lib/backend/wasm_assembler';
import { FlatAdam } from '../../lib/optim/flat_adam';
import { FlatRMSprop } from '../../lib/optim/flat_rmsprop';
import type { FlatOptimizer } from '../../lib/optim/flat_optimizer';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';

/** 25 steps of an optimizer over odd-sized variables (SIMD body and JavaScript tail), values read back. */
function run(make: (vars: tf.Variable[]) => FlatOptimizer, simd: boolean): number[][] {
  SIMD_OPTIMIZERS.enabled = simd;
  try {
    const vars = [[37, 5], [5], [3], [1]].map((sh, i) => tf.variable(tf.randomNormal(sh, 0, 1, 'float32', i + 1)));
    const opt = make(vars);
    for (let step = 0; step < 25; step++) {
      const gs = vars.map((v, i) => tf.randomNormal(v.shape, 0.1, [1e-4, 1, 100, 0, 1e-30][step % 5]!, 'float32', 100 * step + i + 1));
      opt.applyGradients(gs, step % 3 === 0 ? 0.37 : 1);
      tf.dispose(gs);
    }
    const out = vars.map((v) => Array.from(v.dataSync()));
    opt.dispose();
    tf.dispose(vars);
    return out;
  } finally {
    SIMD_OPTIMIZERS.enabled = true;
  }
}

/** Bit patterns, so that -0, NaN and the last bit count. */
const bits = (values: number[][]) => values.map((row) => Array.from(new Uint32Array(Float32Array.from(row).buffer)));

describe('SIMD optimizer loops on the wasm heap', () => {
  it('are available on the wasm backend and cover the largest multiple of 4 values', () => {
    expect(tf.getBackend()).toBe('wasm');
    const kernels = simdOptimizerKernels();
    expect(kernels).toBeDefined();
    tf.tidy(() => {
      // arrays off the heap: the kernel declines and the JavaScript loop does everything
      const plain = new Float32Array(10);
      expect(kernels!.adam(plain, plain, plain, plain, plain, 0, { beta1: 0.9, beta2: 0.999, step: 0.1, epsHat: 1e-8, scale: 1 })).toBe(0);
    });
    SIMD_OPTIMIZERS.enabled = false;
    expect(simdOptimizerKernels()).toBeUndefined();
    SIMD_OPTIMIZERS.enabled = true;
  });

  it.each([
    ['RMSprop', (vars: tf.Variable[]) => new FlatRMSprop(vars, 0.01, { alpha: 0.95, eps: 0.01 })],
    ['centered RMSprop', (vars: tf.Variable[]) => new FlatRMSprop(vars, 0.01, { alpha: 0.95, eps: 0.01, centered: true })],
    ['Adam', (vars: tf.Variable[]) => new FlatAdam(vars, 0.01)],
    ['Adam with a large eps', (vars: tf.Variable[]) => new FlatAdam(vars, 1e-3, 0.9, 0.999, 1.5e-4)],
  ])('%s: SIMD steps are bitwise the float32 JavaScript loop', (_, make) => {
    const withSimd = run(make, true);
    const without = run(make, false);
    expect(bits(withSimd)).toEqual(bits(without));
    // the weights moved (the comparison is not between two untouched copies)
    const start = tf.tidy(() => Array.from(tf.randomNormal([37, 5], 0, 1, 'float32', 1).dataSync()));
    expect(Math.max(...withSimd[0]!.map((v, i) => Math.abs(v - start[i]!)))).toBeGreaterThan(1e-3);
  });

  it('a centered RMSprop step whose variance rounds below zero divides by eps, as the JavaScript loop', () => {
    // a constant gradient makes ms - mg^2 tiny and of either sign after rounding
    const step = (simd: boolean): number[] => {
      SIMD_OPTIMIZERS.enabled = simd;
      const w = tf.variable(tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8]));
      const opt = new FlatRMSprop([w], 0.1, { alpha: 0.95, eps: 0.01, centered: true });
      const g = tf.tensor1d([0.3, 0.3, 0.7, 1e-3, 3, 0.3, 0.1, 0.3]);
      for (let i = 0; i < 40; i++) opt.applyGradients([g]);
      const out = Array.from(w.dataSync());
      opt.dispose();
      tf.dispose([w, g]);
      SIMD_OPTIMIZERS.enabled = true;
      return out;
    };
    const withSimd = step(true);
    expect(bits([withSimd])).toEqual(bits([step(false)]));
    for (const v of withSimd) expect(Number.isFinite(v)).toBe(true);
  });

  it('leaks no tensor per step and releases its state on dispose', () => {
    const w = tf.variable(tf.randomNormal([9, 4], 0, 1, 'float32', 3));
    const g = tf.randomNormal([9, 4], 0, 1, 'float32', 4);
    const opt = new FlatAdam([w], 0.01);
    expectNoTensorLeak(() => {
      for (let i = 0; i < 5; i++) opt.applyGradients([g]);
    }, () => opt.applyGradients([g]));
    const before = tf.memory().numTensors;
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before - 2); // Adam's two moments
    tf.dispose([w, g]);
  });
});

/** TypeScript's Node typings do not declare the WebAssembly global. */
const WebAssembly = (globalThis as unknown as {
  WebAssembly: {
    Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
    Module: new (bytes: Uint8Array) => object;
    Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
  };
}).WebAssembly;

describe('wasm assembler', () => {
  it('encodes a module that WebAssembly accepts and that computes with the instructions named', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    // f(a, b): mem[b..b+16) = mem[a..a+16) * mem[a..a+16) (f32x4)
    const bytes = assembleModule([
      {
        name: 'square',
        params: [0x7f, 0x7f],
        locals: [],
        body: [op.localGet(1), op.localGet(0), op.v128Load, op.localGet(0), op.v128Load, op.f32x4Mul, op.v128Store],
      },
    ]);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const heap = new Float32Array(memory.buffer);
    heap.set([1.5, -2, 3, 0.1], 4);
    (instance.exports.square as (a: number, b: number) => void)(16, 64);
    expect(Array.from(heap.subarray(16, 20))).toEqual([2.25, 4, 9, Math.fround(Math.fround(0.1) * Math.fround(0.1))]);
  });
});
