import { computeOnHost } from '../../lib/backend/host_memory';
import { DENSE_KERNEL, DENSE_RELU_KERNEL, SIMD_MAX_MACS } from '../../lib/backend/kernels';
import { SIMD_MATMUL, gemmNTReference, gemmReference, simdMatMulKernels } from '../../lib/backend/simd_matmul';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';

/** Bit patterns, so that -0 and the last bit count. */
const bits = (a: Float32Array) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

/**
 * Shapes with every path of the loops: 4 x 8 tiles with and without leftover rows and columns,
 * 16-column blocks, 4-column vectors, the scalar tail, k % 4.
 */
const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1], [3, 5, 7], [2, 9, 16], [5, 4, 21], [64, 4, 256], [7, 64, 202], [4, 130, 3], [9, 7, 30], [8, 33, 44], [4, 2, 8],
];

describe('SIMD matrix products on the wasm heap', () => {
  it('are available on the wasm backend and decline arrays off the heap', () => {
    expect(tf.getBackend()).toBe('wasm');
    const k = simdMatMulKernels();
    expect(k).toBeDefined();
    const plain = new Float32Array(4);
    expect(k!.gemm(plain, 1, 1, plain, undefined, plain, 1, 1, 1, false)).toBe(false);
    expect(k!.gemmNT(plain, plain, plain, 1, 1, 1)).toBe(false);
    SIMD_MATMUL.enabled = false;
    try {
      expect(simdMatMulKernels()).toBeUndefined();
    } finally {
      SIMD_MATMUL.enabled = true;
    }
  });

  it.each(SHAPES)('gemm [%i, %i] x [.., %i] with bias and ReLU equals its scalar float32 reference bit for bit', (m, k, n) => {
    tf.tidy(() => {
      const a = normal([m, k], m), b = normal([k, n], k), bias = normal([n], n);
      for (const relu of [false, true]) {
        const [c] = computeOnHost([a, b, bias], [[m, n]], ([av, bv, biasv], [cv]) => {
          expect(simdMatMulKernels()!.gemm(av!, k, 1, bv!, biasv, cv!, m, k, n, relu)).toBe(true);
        });
        const expected = new Float32Array(m * n);
        gemmReference(a.dataSync() as Float32Array, k, 1, b.dataSync() as Float32Array, bias.dataSync() as Float32Array, expected, m, k, n, relu);
        expect(bits(c!.dataSync() as Float32Array)).toEqual(bits(expected));
        // and XNNPACK's product to float32 rounding (a different summation order)
        const tfValue = relu ? tf.relu(tf.add(tf.matMul(a, b), bias)) : tf.add(tf.matMul(a, b), bias);
        const scale = Math.sqrt(k) + 1;
        expect(tf.max(tf.abs(tf.sub(c!, tfValue))).dataSync()[0]).toBeLessThan(2e-6 * scale);
      }
    });
  });

  it.each(SHAPES)('gemm reads a transposed left operand and a constant one by strides ([%i, %i], n %i)', (m, k, n) => {
    tf.tidy(() => {
      // x^T . dy, x [m, k] read in place: element (i, b) of x^T is x[b * k + i]
      const x = normal([m, k], 1), dy = normal([m, n], 2);
      const [dw, db, sums2] = computeOnHost([x, dy, tf.scalar(1)], [[k, n], [n], [n]], ([xv, g, one], [w, bOut, cs]) => {
        simdMatMulKernels()!.gemm(xv!, 1, k, g!, undefined, w!, k, m, n, false);
        simdMatMulKernels()!.gemm(one!, 0, 0, g!, undefined, bOut!, 1, m, n, false);
        expect(simdMatMulKernels()!.columnSums(g!, cs!, m, n)).toBe(true);
      });
      expect(tf.max(tf.abs(tf.sub(dw!, tf.matMul(x, dy, true, false)))).dataSync()[0]).toBeLessThan(2e-6 * (Math.sqrt(m) + 1));
      expect(tf.max(tf.abs(tf.sub(db!, tf.sum(dy, 0)))).dataSync()[0]).toBeLessThan(2e-6 * (Math.sqrt(m) + 1));
      // the column sums run in order from 0: exactly the scalar loop's float32 sums
      const dyv = dy.dataSync();
      const sums = new Float32Array(n);
      for (let r = 0; r < m; r++) for (let j = 0; j < n; j++) sums[j] = Math.fround(sums[j]! + dyv[r * n + j]!);
      expect(bits(db!.dataSync() as Float32Array)).toEqual(bits(sums));
      expect(bits(sums2!.dataSync() as Float32Array)).toEqual(bits(sums)); // columnSums: the same loop
    });
  });

  it.each(SHAPES)('gemmNT [%i, %i] . [%i, ..]^T equals its scalar reference bit for bit and tf.matMul to rounding', (m, k, n) => {
    tf.tidy(() => {
      const a = normal([m, k], 3), b = normal([n, k], 4);
      const [c] = computeOnHost([a, b], [[m, n]], ([av, bv], [cv]) => {
        expect(simdMatMulKernels()!.gemmNT(av!, bv!, cv!, m, k, n)).toBe(true);
      });
      const expected = new Float32Array(m * n);
      gemmNTReference(a.dataSync() as Float32Array, b.dataSync() as Float32Array, expected, m, k, n);
      expect(bits(c!.dataSync() as Float32Array)).toEqual(bits(expected));
      expect(tf.max(tf.abs(tf.sub(c!, tf.matMul(a, b, false, true)))).dataSync()[0]).toBeLessThan(2e-6 * (Math.sqrt(k) + 1));
    });
  });

  it('gives the dense kernels the values and gradients of plain autodiff (SIMD path on and off)', () => {
    const grads = (simd: boolean, kernel: string) => {
      SIMD_MATMUL.enabled = simd;
      try {
        return tf.tidy(() => {
          const x = normal([32, 24], 5), w = normal([24, 20], 6), b = normal([20], 7), up = normal([32, 20], 8);
          const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(tf.engine().runKernel(kernel, { x: xx, w: ww, b: bb }) as tf.Tensor, up));
          const g = tf.grads(f)([x, w, b]);
          return [f(x, w, b), ...g].map((t) => Array.from(t.dataSync()));
        });
      } finally {
        SIMD_MATMUL.enabled = true;
      }
    };
    expect(32 * 24 * 20).toBeLessThanOrEqual(SIMD_MAX_MACS); // so the SIMD path is the one taken
    for (const kernel of [DENSE_KERNEL, DENSE_RELU_KERNEL]) {
      const [on, off] = [grads(true, kernel), grads(false, kernel)];
      on.forEach((values, i) => values.forEach((v, j) => expect(Math.abs(v - off[i]![j]!)).toBeLessThan(1e-4 * (1 + Math.abs(off[i]![j]!)))));
    }
  });

  it('runs a larger product with fresh weights as SIMD loops, and with weights seen before on XNNPACK (packed once, reused)', () => {
    tf.tidy(() => {
      // MinAtar's hidden layer: above SIMD_MAX_MACS, so only fresh weights take the loops
      const [m, k, n] = [32, 1024, 128];
      expect(m * k * n).toBeGreaterThan(SIMD_MAX_MACS);
      const x = normal([m, k], 12), w = normal([k, n], 13), b = normal([n], 14);
      const loops = new Float32Array(m * n);
      gemmReference(x.dataSync() as Float32Array, k, 1, w.dataSync() as Float32Array, b.dataSync() as Float32Array, loops, m, k, n, false);
      const backend = tf.add(tf.matMul(x, w), b); // BatchMatMul then Add: the bias last, so other bits than bias-first
      expect(bits(backend.dataSync() as Float32Array)).not.toEqual(bits(loops));
      // either path gives XNNPACK's numbers, so a restored model (fresh weights) acts as the original
      const before = tf.memory().numTensors;
      const dense = (weights: tf.Tensor) => tf.engine().runKernel(DENSE_KERNEL, { x, w: weights, b }) as tf.Tensor;
      const first = dense(w);
      const xLoops = new Float32Array(m * n);
      gemmReference(x.dataSync() as Float32Array, k, 1, w.dataSync() as Float32Array, undefined, xLoops, m, k, n, false);
      const bv = b.dataSync();
      expect(bits(first.dataSync() as Float32Array)).toEqual(bits(xLoops.map((v, i) => Math.fround(v + bv[i % n]!))));
      expect(bits(first.dataSync() as Float32Array)).toEqual(bits(backend.dataSync() as Float32Array));
      expect(bits(dense(w).dataSync() as Float32Array)).toEqual(bits(backend.dataSync() as Float32Array));
      expect(tf.memory().numTensors).toBe(before + 2);
      // with ReLU: XNNPACK's fused kernel starts from the bias and sums k in order, as the loops do
      const w2 = tf.add(w, 0);
      const fused = [0, 1].map(() => Array.from(bits((tf.engine().runKernel(DENSE_RELU_KERNEL, { x, w: w2, b }) as tf.Tensor).dataSync() as Float32Array)));
      expect(fused[0]).toEqual(bits(loops.map((v) => Math.max(v, 0))));
      expect(fused[1]).toEqual(fused[0]);
    });
  });

  it('leaks no tensor through the dense kernels and their gradients', () => {
    const x = normal([16, 8], 9), w = tf.variable(normal([8, 12], 10)), b = tf.variable(normal([12], 11));
    expectNoTensorLeak(() => {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.sum(tf.engine().runKernel(DENSE_RELU_KERNEL, { x, w, b }) as tf.Tensor) as tf.Scalar, [w, b]);
        tf.dispose(grads);
      });
    });
    tf.dispose([x, w, b]);
  });
});
