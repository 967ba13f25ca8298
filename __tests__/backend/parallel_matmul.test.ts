import { ConfigError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { denseForward, denseReluForward, plainDense } from '../../lib/nn/fast_dense';
import { parallelMatMul } from '../../lib/backend/kernels';
import {
  parallelMatMulInfo,
  parallelMatMulStatus,
  setAdaptiveThreads,
  setMatMulThreads,
  stopParallelMatMul,
  whenParallelReady,
} from '../../lib/backend/parallel_matmul';
import { tf, type Tensor } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';

function randomTensor(rng: Random, shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.normal();
  return tf.tensor(v, shape);
}

/** Index of the first element where the two arrays differ bitwise (NaN-safe), or -1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  const ua = new Uint32Array(Float32Array.from(a).buffer);
  const ub = new Uint32Array(Float32Array.from(b).buffer);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return i;
  return -1;
}

/** Work done by the worker so far: products it finished or that were handed to it and taken back. */
function handedToWorker(): number {
  const s = parallelMatMulStatus();
  return s.jobs + s.reclaimed;
}

/**
 * Runs `product` until the worker itself (not the main thread taking the job back) computed a
 * part of it, at most `tries` times; returns every result. On a busy machine the main thread may
 * take a job back before the worker wakes, so one call alone proves nothing about the worker.
 */
function untilWorkerComputed(product: () => Float32Array, tries = 200): Float32Array[] {
  const before = parallelMatMulStatus().jobs;
  const results: Float32Array[] = [];
  for (let i = 0; i < tries && parallelMatMulStatus().jobs === before; i++) results.push(product());
  expect(parallelMatMulStatus().jobs).toBeGreaterThan(before);
  return results;
}

afterAll(async () => {
  await stopParallelMatMul();
});

describe('two-thread matmul', () => {
  beforeAll(async () => {
    setMatMulThreads(2);
    setAdaptiveThreads(false); // every large product goes to the worker (when it is ready)
    expect(await whenParallelReady()).toBe(true);
  });
  afterAll(() => setAdaptiveThreads(true));

  // [M, K, N, whether the worker takes part]: the 64-64 networks of classic control and of the
  // learning tests (forward [B, 64] x [64, 64], dx likewise, dW [64, B] x [B, 64]) at batch 128
  // and at a PPO-sized batch of 2048 (8.4 M multiply-accumulates, but only 64 columns); a product
  // below 4 M multiply-accumulates; products just above the threshold; the 400-300 layer of the
  // continuous presets with its gradient shapes (dx = dy . W^T, dW = x^T . dy); odd sizes (a
  // column split that is not a multiple of XNNPACK's tiles); a short and wide product.
  const shapes: [number, number, number, boolean][] = [
    [128, 64, 64, false],
    [2048, 64, 64, false],
    [64, 2048, 64, false],
    [128, 128, 128, false],
    [256, 128, 128, true],
    [128, 256, 256, true],
    [256, 400, 300, true],
    [256, 300, 400, true],
    [400, 256, 300, true],
    [257, 401, 301, true],
    [40, 1000, 333, true],
  ];
  it.each(shapes)('equals tf.matMul bit for bit at [%i, %i] x [K, %i] (worker: %s)', (m, k, n, large) => {
    const rng = new Random(m + 7 * k + 13 * n);
    const a = randomTensor(rng, [m, k]) as tf.Tensor2D;
    const b = randomTensor(rng, [k, n]) as tf.Tensor2D;
    const want = tf.tidy(() => tf.matMul(a, b).dataSync() as Float32Array);
    const before = handedToWorker();
    const product = (): Float32Array => tf.tidy(() => parallelMatMul(a, b).dataSync() as Float32Array);
    const results = large ? untilWorkerComputed(product) : [product()];
    expect(handedToWorker() > before).toBe(large);
    for (const got of results) {
      expect(got.length).toBe(m * n);
      expect(firstDifference(got, want)).toBe(-1);
    }
    tf.dispose([a, b]);
  });

  it.each([true, false])('splits the fused bias epilogue like _FusedMatMul (relu: %s)', (relu) => {
    const rng = new Random(relu ? 1 : 2);
    const a = randomTensor(rng, [256, 400]) as tf.Tensor2D;
    const b = randomTensor(rng, [400, 300]) as tf.Tensor2D;
    const bias = randomTensor(rng, [300]) as tf.Tensor1D;
    const want = tf.tidy(() => tf.fused.matMul({ a, b, bias, activation: relu ? 'relu' : 'linear' }).dataSync());
    const before = parallelMatMulStatus().jobs;
    for (let i = 0; i < 200 && parallelMatMulStatus().jobs === before; i++) {
      const info = parallelMatMulInfo(tf.backend(), a, b, { bias, relu });
      expect(info).toBeDefined();
      const got = tf.engine().makeTensorFromTensorInfo(info!);
      expect(got.shape).toEqual([256, 300]);
      expect(firstDifference(got.dataSync(), want)).toBe(-1);
      got.dispose();
    }
    expect(parallelMatMulStatus().jobs).toBeGreaterThan(before);
    // below the threshold it computes nothing
    const small = tf.tidy(() => tf.slice(b, [0, 0], [400, 64]) as tf.Tensor2D);
    const smallBias = tf.slice(bias, [0], [64]);
    expect(parallelMatMulInfo(tf.backend(), a, small, { bias: smallBias, relu })).toBeUndefined();
    tf.dispose([a, b, bias, small, smallBias]);
  });

  it('differentiates like tf.matMul', () => {
    const rng = new Random(5);
    const a = randomTensor(rng, [256, 400]) as tf.Tensor2D;
    const b = randomTensor(rng, [400, 300]) as tf.Tensor2D;
    const r = randomTensor(rng, [256, 300]);
    const grads = (f: (x: tf.Tensor2D, y: tf.Tensor2D) => Tensor): Float32Array[] =>
      tf.tidy(() =>
        tf
          .grads((x: Tensor, y: Tensor) => tf.sum(tf.mul(f(x as tf.Tensor2D, y as tf.Tensor2D), r)))([a, b])
          .map((g) => g.dataSync() as Float32Array),
      );
    const want = grads((x, y) => tf.matMul(x, y));
    const got = grads(parallelMatMul);
    // da = r . b^T and db = a^T . r: the same values up to float32 rounding (tfjs computes them
    // with transposed kernels, we with explicit transposes)
    for (let i = 0; i < 2; i++) {
      const scale = Math.max(...want[i]!.map(Math.abs));
      let worst = 0;
      want[i]!.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - got[i]![j]!))));
      expect(worst).toBeLessThanOrEqual(1e-5 * scale);
    }
    tf.dispose([a, b, r]);
  });

  it('gives the dense layers (values and gradients) of a single thread, and of plain autodiff', () => {
    const rng = new Random(11);
    const x = randomTensor(rng, [256, 400]);
    const w = randomTensor(rng, [400, 300]);
    const bias = randomTensor(rng, [300]);
    const r = randomTensor(rng, [256, 300]);
    const run = (f: typeof plainDense): Float32Array[] =>
      tf.tidy(() => {
        const loss = (xx: Tensor, ww: Tensor, bb: Tensor): Tensor => tf.sum(tf.mul(f(xx, ww, bb), r));
        const grads = tf.grads(loss as (...args: Tensor[]) => Tensor)([x, w, bias]);
        return [f(x, w, bias), ...grads].map((t) => t.dataSync() as Float32Array);
      });
    const relu = (xx: Tensor, ww: Tensor, bb: Tensor): Tensor => tf.relu(plainDense(xx, ww, bb));
    for (const [fast, plain] of [
      [denseForward, plainDense],
      [denseReluForward, relu],
    ] as const) {
      const before = parallelMatMulStatus().jobs;
      let twoThreads = run(fast);
      for (let i = 0; i < 50 && parallelMatMulStatus().jobs === before; i++) twoThreads = run(fast);
      expect(parallelMatMulStatus().jobs).toBeGreaterThan(before);
      setMatMulThreads(1);
      const oneThread = run(fast);
      setMatMulThreads(2);
      const autodiff = run(plain);
      ['value', 'dx', 'dW', 'db'].forEach((name, i) => {
        expect([name, firstDifference(twoThreads[i]!, oneThread[i]!)]).toEqual([name, -1]);
        const scale = Math.max(1, ...autodiff[i]!.map(Math.abs));
        let worst = 0;
        autodiff[i]!.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - twoThreads[i]![j]!))));
        expect([name, worst <= 1e-5 * scale]).toEqual([name, true]);
      });
    }
    tf.dispose([x, w, bias, r]);
  });

  it('leaks no tensors', () => {
    const rng = new Random(3);
    const x = randomTensor(rng, [256, 400]);
    const w = tf.variable(randomTensor(rng, [400, 300]));
    const bias = tf.variable(randomTensor(rng, [300]));
    const step = (): void =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.sum(denseReluForward(x, w, bias)) as tf.Scalar, [w, bias]);
        tf.dispose(Object.values(grads));
        tf.dispose(parallelMatMul(x as tf.Tensor2D, w as unknown as tf.Tensor2D));
      });
    expectNoTensorLeak(() => {
      for (let i = 0; i < 10; i++) step();
    }, step);
    expect(handedToWorker()).toBeGreaterThan(0);
    tf.dispose([x, w, bias]);
  });
});

describe('adaptive choice', () => {
  it('measures both ways, then keeps either, with the same values', async () => {
    setMatMulThreads(2);
    setAdaptiveThreads(true);
    expect(await whenParallelReady()).toBe(true);
    const rng = new Random(21);
    const a = randomTensor(rng, [256, 400]) as tf.Tensor2D;
    const b = randomTensor(rng, [400, 300]) as tf.Tensor2D;
    const want = tf.tidy(() => tf.matMul(a, b).dataSync());
    const key = '256x400x300';
    expect(parallelMatMulStatus().shapes[key]).toBeUndefined();
    const before = parallelMatMulStatus();
    const product = (): Float32Array => tf.tidy(() => parallelMatMul(a, b).dataSync() as Float32Array);
    // first a burst of four timed products on one thread, then four handed to the worker
    const results = [0, 1, 2, 3].map(product);
    expect(parallelMatMulStatus().singleThreaded).toBe(before.singleThreaded + 4);
    expect(handedToWorker()).toBe(before.jobs + before.reclaimed);
    expect(parallelMatMulStatus().shapes[key]!.one).toBeGreaterThan(0);
    expect(parallelMatMulStatus().shapes[key]!.two).toBeUndefined();
    results.push(...[0, 1, 2, 3].map(product));
    expect(handedToWorker()).toBe(before.jobs + before.reclaimed + 4);
    expect(parallelMatMulStatus().shapes[key]!.two).toBeGreaterThan(0);
    for (const got of results) expect(firstDifference(got, want)).toBe(-1);
    tf.dispose([a, b]);
  });
});

describe('fallback to one thread', () => {
  beforeAll(() => setAdaptiveThreads(false));
  afterAll(() => setAdaptiveThreads(true));

  it('computes on one thread when turned off, and rejects other thread counts', async () => {
    setMatMulThreads(1);
    expect(parallelMatMulStatus()).toMatchObject({ threads: 1, worker: 'off' });
    expect(await whenParallelReady()).toBe(false);
    const rng = new Random(9);
    const a = randomTensor(rng, [256, 400]) as tf.Tensor2D;
    const b = randomTensor(rng, [400, 300]) as tf.Tensor2D;
    const before = parallelMatMulStatus();
    const got = tf.tidy(() => parallelMatMul(a, b).dataSync());
    const want = tf.tidy(() => tf.matMul(a, b).dataSync());
    expect(firstDifference(got, want)).toBe(-1);
    expect(parallelMatMulStatus()).toMatchObject({ jobs: before.jobs, reclaimed: before.reclaimed });
    expect(() => setMatMulThreads(3)).toThrow(ConfigError);
    expect(() => setMatMulThreads(0)).toThrow(/expected 1 \(off\) or 2/);
    setMatMulThreads(2);
    tf.dispose([a, b]);
  });

  it('survives the worker exiting: one thread meanwhile, then a new worker', async () => {
    setMatMulThreads(2);
    expect(await whenParallelReady()).toBe(true);
    await stopParallelMatMul(); // as if the worker had died
    expect(parallelMatMulStatus().worker).toBe('none');
    const rng = new Random(10);
    const a = randomTensor(rng, [256, 400]) as tf.Tensor2D;
    const b = randomTensor(rng, [400, 300]) as tf.Tensor2D;
    const want = tf.tidy(() => tf.matMul(a, b).dataSync());
    const before = parallelMatMulStatus();
    // the first large product after the exit runs on one thread and starts a new worker
    const got = tf.tidy(() => parallelMatMul(a, b).dataSync());
    expect(firstDifference(got, want)).toBe(-1);
    expect(parallelMatMulStatus().singleThreaded).toBe(before.singleThreaded + 1);
    expect(await whenParallelReady()).toBe(true);
    for (const r of untilWorkerComputed(() => tf.tidy(() => parallelMatMul(a, b).dataSync() as Float32Array))) {
      expect(firstDifference(r, want)).toBe(-1);
    }
    expect(parallelMatMulStatus().failures).toBe(0);
    tf.dispose([a, b]);
  });

  it('adds one process exit hook, however many workers start before the event loop turns', async () => {
    setMatMulThreads(2);
    expect(await whenParallelReady()).toBe(true);
    const listeners = process.listenerCount('exit');
    const rng = new Random(11);
    const a = randomTensor(rng, [256, 400]) as tf.Tensor2D;
    const b = randomTensor(rng, [400, 300]) as tf.Tensor2D;
    // a synchronous loop (as training is) in which the worker goes away 20 times: each stop and
    // each product that starts a replacement run without yielding to the event loop
    for (let i = 0; i < 20; i++) {
      void stopParallelMatMul();
      tf.tidy(() => parallelMatMul(a, b).dataSync());
    }
    expect(process.listenerCount('exit')).toBe(listeners);
    await stopParallelMatMul();
    expect(await whenParallelReady()).toBe(true);
    tf.dispose([a, b]);
  });

  it('reads ALLTS_THREADS=1 as off', () => {
    const saved = process.env.ALLTS_THREADS;
    process.env.ALLTS_THREADS = '1';
    try {
      jest.isolateModules(() => {
        const fresh = require('../../lib/backend/parallel_matmul') as typeof import('../../lib/backend/parallel_matmul');
        expect(fresh.parallelMatMulStatus()).toMatchObject({ threads: 1, worker: 'off', jobs: 0 });
      });
    } finally {
      if (saved === undefined) delete process.env.ALLTS_THREADS;
      else process.env.ALLTS_THREADS = saved;
    }
  });
});
