import { MSE_KERNEL, mseOnHost } from '../../lib/backend/mse_kernel';
import { hasKernel } from '../../lib/backend/kernels';
import { mse, selectedMse } from '../../lib/functional';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync() as Float32Array).buffer));
/** The tensor-op form mse runs off wasm. */
const tensorForm = (p: tf.Tensor, t: tf.Tensor) => tf.mean(tf.square(tf.sub(p, t))) as tf.Scalar;

describe('mean squared error as one kernel each way (wasm)', () => {
  it('is what mse runs on wasm', () => {
    expect(hasKernel(MSE_KERNEL)).toBe(true);
    tf.tidy(() => expect(mse(tf.tensor1d([1, 2, 4]), tf.tensor1d([1, 0, 0])).dataSync()[0]).toBeCloseTo(20 / 3, 6));
  });

  it.each([[[1]], [[64]], [[7, 3]], [[128, 5, 2]]])('equals the tensor form bit for bit, loss and both gradients (shape %j)', (shape) => {
    tf.tidy(() => {
      const p = tf.randomNormal(shape, 0, 3, 'float32', 1);
      const t = tf.randomNormal(shape, 0, 3, 'float32', 2);
      expect(bits(mseOnHost(p, t))).toEqual(bits(tensorForm(p, t)));
      for (const dy of [1, 0.37]) {
        const ours = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.mul(mseOnHost(a, b), dy))([p, t]);
        const theirs = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.mul(tensorForm(a, b), dy))([p, t]);
        ours.forEach((g, i) => expect(bits(g)).toEqual(bits(theirs[i]!)));
      }
    });
  });

  it('runs selectedMse on wasm with the gradient it writes out by hand, (2 / n) (values[i, a_i] - t_i), exactly', () => {
    tf.tidy(() => {
      const values = tf.randomNormal([8, 3], 0, 2, 'float32', 5);
      const actions = tf.tensor1d([0, 1, 2, 2, 1, 0, 0, 1], 'int32');
      const targets = tf.randomNormal([8], 0, 2, 'float32', 6);
      const g = tf.grad((v: tf.Tensor) => selectedMse(v, actions, targets))(values).dataSync();
      const [v, a, t] = [values.dataSync(), actions.dataSync(), targets.dataSync()];
      const f = Math.fround;
      const expected = new Float32Array(24);
      for (let i = 0; i < 8; i++) expected[i * 3 + a[i]!] = f(f(v[i * 3 + a[i]!]! - t[i]!) * f(2 / 8));
      expect(Array.from(g).every((x, i) => x === expected[i])).toBe(true);
      const d = Array.from({ length: 8 }, (_, i) => f(v[i * 3 + a[i]!]! - t[i]!));
      expect(selectedMse(values, actions, targets).dataSync()[0]).toBe(f(d.reduce((s, x) => f(s + f(x * x)), 0) / 8));
    });
  });

  it('leaks no tensors through recorded updates', () => {
    const v = tf.variable(tf.randomNormal([16], 0, 1, 'float32', 3));
    const target = tf.randomNormal([16], 0, 1, 'float32', 4);
    const step = () => tf.tidy(() => {
      const { grads } = tf.variableGrads(() => mse(v, target));
      v.assign(tf.sub(v, tf.mul(grads[v.name]!, 0.1)));
    });
    expectNoTensorLeak(() => { for (let i = 0; i < 10; i++) step(); }, step);
    v.dispose();
    target.dispose();
  });
});
