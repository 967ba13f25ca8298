import { SHARED_CLONES } from '../../lib/backend/shared_clones';
import { Random } from '../../lib/core/random';
import { dense, denseRelu } from '../../lib/nn/fast_dense';
import { Activation, Dueling, Linear, Sequential } from '../../lib/nn/module';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';

const bits = (a: Float32Array) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
const backendDataIds = () => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();

/** Three Adam-free gradient steps of a dueling net (a value head of width 1, so W is [in, 1]), returning every gradient's bits. */
function gradientBits(): number[][] {
  const rng = new Random(3);
  const stream = (out: number) => new Sequential([new Linear(4, 32, rng), new Activation('relu'), new Linear(32, out, rng)]);
  const net = new Sequential([new Dueling(stream(1), stream(3))]);
  // and single-input / single-output layers through the dense kernels directly
  const w1 = tf.variable(tf.randomNormal([1, 8], 0, 1, 'float32', 1));
  const b1 = tf.variable(tf.randomNormal([8], 0, 1, 'float32', 2));
  const w2 = tf.variable(tf.randomNormal([8, 1], 0, 1, 'float32', 3));
  const b2 = tf.variable(tf.zeros([1]));
  const out: number[][] = [];
  try {
    for (let step = 0; step < 3; step++) {
      tf.tidy(() => {
        const x = tf.randomNormal([16, 4], 0, 1, 'float32', 10 + step);
        const u = tf.randomNormal([16, 1], 0, 1, 'float32', 20 + step);
        const { grads } = tf.variableGrads(() =>
          tf.add(tf.sum(tf.square(net.apply(x))), tf.sum(tf.square(dense(denseRelu(u, w1, b1), w2, b2)))) as tf.Scalar,
        );
        const variables = [...net.variables, w1, b1, w2, b2];
        for (const v of variables) out.push(bits(grads[v.name]!.dataSync() as Float32Array));
        // move the variables, so that later steps run on new weights (and new buffers)
        for (const v of variables) v.assign(tf.sub(v, tf.mul(grads[v.name]!, 0.01)));
      });
    }
  } finally {
    net.dispose?.();
    for (const v of [w1, b1, w2, b2]) v.dispose();
  }
  return out;
}

describe('clones that share their buffer on wasm', () => {
  afterEach(() => {
    SHARED_CLONES.enabled = true;
  });

  it('share the buffer, outlive the original, and copy when switched off', () => {
    expect(tf.getBackend()).toBe('wasm');
    const x = tf.tensor1d([1, 2, 3]);
    const before = backendDataIds();
    const y = tf.clone(x);
    expect(backendDataIds()).toBe(before); // no new buffer
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    y.dispose();
    SHARED_CLONES.enabled = false;
    const z = tf.tensor1d([4, 5]);
    const n = backendDataIds();
    const copy = tf.clone(z);
    expect(backendDataIds()).toBe(n + 1);
    z.dispose();
    expect(Array.from(copy.dataSync())).toEqual([4, 5]);
    copy.dispose();
  });

  it('give the same gradients bit for bit as copies, also for weight vectors (wasm caches packed right operands by buffer)', () => {
    SHARED_CLONES.enabled = false;
    const copied = gradientBits();
    SHARED_CLONES.enabled = true;
    const shared = gradientBits();
    expect(shared.length).toBe(3 * 12);
    expect(shared).toEqual(copied);
    for (const g of shared) expect(g.every((b) => (b & 0x7f800000) !== 0x7f800000)).toBe(true); // finite
  });

  it('leak no tensors over recorded gradients', () => {
    const w = tf.variable(tf.randomNormal([4, 1], 0, 1, 'float32', 5));
    const b = tf.variable(tf.zeros([1]));
    const step = () => tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(dense(tf.ones([8, 4]), w, b))) as tf.Scalar);
      w.assign(tf.sub(w, tf.mul(grads[w.name]!, 0.1)));
    });
    expectNoTensorLeak(() => { for (let i = 0; i < 20; i++) step(); }, step);
    w.dispose();
    b.dispose();
  });
});
