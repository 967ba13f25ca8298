import { tf } from '../../lib/tf';
import type { Tensor } from '../../lib/tf';
import { ConfigError } from '../../lib/core/errors';
import { clipByGlobalNorm, globalNorm, stopGradient } from '../../lib/functional';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectTensor, f32 } from './expect_close';

describe('stopGradient', () => {
  it('passes the value through unchanged', () => {
    expectTensor(stopGradient(f32([[1, -2], [3.5, 0]])), [[1, -2], [3.5, 0]]);
  });

  it('has a zero gradient: d/dx sum(stopGradient(x)) = 0', () => {
    const x = f32([1, -2, 3]);
    expectTensor(tf.grad((y: Tensor) => tf.sum(stopGradient(y)))(x), [0, 0, 0]);
  });

  it('blocks only the path it wraps: d/dx sum(stopGradient(x) * x) = x, not 2x', () => {
    const x = f32([1, -2, 3]);
    expectTensor(tf.grad((y: Tensor) => tf.sum(tf.mul(stopGradient(y), y)))(x), [1, -2, 3]);
  });

  it('blocks the stopped path in tf.variableGrads', () => {
    const w = tf.variable(f32([2, 3]), true, 'sg_w');
    // loss = sum(w * stopGradient(w^2)): d/dw = stopGradient(w^2) = [4, 9]; without the stop it would be 3 w^2 = [12, 27].
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(w, stopGradient(tf.square(w)))) as tf.Scalar, [w]);
    expectTensor(value, 2 * 4 + 3 * 9);
    expectTensor(grads['sg_w'] as Tensor, [4, 9]);
    w.dispose();
  });

  it('leaks no tensor, in or out of a gradient tape', () => {
    const x = f32([1, 2]);
    expectNoTensorLeak(() => tf.dispose(stopGradient(x)));
    expectNoTensorLeak(() => tf.tidy(() => { stopGradient(x); }));
    expectNoTensorLeak(() => tf.dispose(tf.grad((y: Tensor) => tf.sum(tf.mul(stopGradient(y), y)))(x)));
  });
});

describe('globalNorm', () => {
  it('is the L2 norm over all tensors: sqrt(3^2 + 4^2 + 12^2) = 13', () => {
    expectTensor(globalNorm([f32([3, 4]), f32([[12]])]), 13);
  });

  it('accepts a NamedTensorMap and is 0 for no gradients', () => {
    expectTensor(globalNorm({ a: f32([3]), b: f32([-4]) }), 5);
    expectTensor(globalNorm([]), 0);
  });

  it('is non-finite when a gradient is', () => {
    const n = globalNorm([f32([1, NaN])]);
    expect(Number.isFinite(n.dataSync()[0])).toBe(false);
    n.dispose();
  });
});

describe('clipByGlobalNorm', () => {
  const grads = (): Tensor[] => [f32([3, 4]), f32([[12]])]; // global norm 13

  it('scales by maxNorm / norm when the norm exceeds maxNorm: 6.5 / 13 = 0.5', () => {
    const out = clipByGlobalNorm(grads(), 6.5);
    expect(out).toHaveLength(2);
    expectTensor(out[0] as Tensor, [1.5, 2]);
    expectTensor(out[1] as Tensor, [[6]]);
  });

  it('returns equal new tensors when the norm is within the bound', () => {
    const g = grads();
    const out = clipByGlobalNorm(g, 20);
    expect(out[0]).not.toBe(g[0]);
    g[0]?.dispose(); // the copy must survive disposing the input
    expectTensor(out[0] as Tensor, [3, 4]);
    expectTensor(out[1] as Tensor, [[12]]);
    const inf = clipByGlobalNorm([f32([300])], Infinity);
    expectTensor(inf[0] as Tensor, [300]);
  });

  it('keeps the keys of a NamedTensorMap and uses a precomputed norm', () => {
    const map = { w: f32([6, 8]), b: f32([0]) }; // norm 10
    const out = clipByGlobalNorm(map, 5);
    expect(Object.keys(out).sort()).toEqual(['b', 'w']);
    expectTensor(out['w'] as Tensor, [3, 4]);
    // A (deliberately wrong) precomputed norm of 20 is used as given: scale 5 / 20.
    const norm = tf.scalar(20);
    expectTensor(clipByGlobalNorm(map, 5, norm)['w'] as Tensor, [1.5, 2]);
    expect(norm.isDisposed).toBe(false);
  });

  it('the clipped gradients have global norm maxNorm', () => {
    const out = clipByGlobalNorm([f32([1, 2, 3]), f32([4, 5])], 2);
    expectTensor(globalNorm(out), 2);
  });

  it('rejects a non-positive maxNorm with a ConfigError', () => {
    expect(() => clipByGlobalNorm(grads(), 0)).toThrow(ConfigError);
    expect(() => clipByGlobalNorm(grads(), -1)).toThrow(/maxNorm/);
  });

  it('leaks no tensor', () => {
    const g = grads();
    expectNoTensorLeak(() => tf.dispose(clipByGlobalNorm(g, 1)));
    expectNoTensorLeak(() => tf.dispose(clipByGlobalNorm({ a: g[0] as Tensor }, 100)));
    expectNoTensorLeak(() => tf.dispose(globalNorm(g)));
    expectNoTensorLeak(() => tf.tidy(() => { clipByGlobalNorm(g, 1); }));
  });
});
