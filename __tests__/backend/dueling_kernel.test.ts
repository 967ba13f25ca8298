import { DUELING_KERNEL, duelingOnHost } from '../../lib/backend/dueling_kernel';
import { hasKernel } from '../../lib/backend/kernels';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync() as Float32Array).buffer));
/** The tensor-op form Dueling runs off wasm. */
const tensorForm = (v: tf.Tensor, a: tf.Tensor) => tf.add(v, tf.sub(a, tf.mean(a, -1, true)));

describe('the dueling combination as one kernel each way (wasm)', () => {
  it('is registered on wasm and gives v + a - mean(a)', () => {
    expect(hasKernel(DUELING_KERNEL)).toBe(true);
    tf.tidy(() => {
      const q = duelingOnHost(tf.tensor2d([[1], [10]]), tf.tensor2d([[1, 3], [0, 4]]));
      expect(Array.from(q.dataSync())).toEqual([0, 2, 8, 12]);
    });
  });

  it.each([[1, 1], [64, 2], [8, 3], [32, 6], [5, 18]])('equals the tensor form bit for bit, values and gradients ([%i, %i])', (batch, actions) => {
    tf.tidy(() => {
      const v = tf.randomNormal([batch, 1], 0, 2, 'float32', 1);
      const a = tf.randomNormal([batch, actions], 0, 2, 'float32', 2);
      expect(bits(duelingOnHost(v, a))).toEqual(bits(tensorForm(v, a)));
      const dq = tf.randomNormal([batch, actions], 0, 1, 'float32', 3);
      const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(duelingOnHost(x, y), dq)))([v, a]);
      const theirs = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tensorForm(x, y), dq)))([v, a]);
      ours.forEach((g, i) => expect(bits(g)).toEqual(bits(theirs[i]!)));
    });
  });

  it('leaks no tensors through recorded updates', () => {
    const v = tf.variable(tf.randomNormal([4, 1], 0, 1, 'float32', 4));
    const a = tf.variable(tf.randomNormal([4, 3], 0, 1, 'float32', 5));
    const step = () => tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(duelingOnHost(v, a))) as tf.Scalar);
      v.assign(tf.sub(v, tf.mul(grads[v.name]!, 0.1)));
      a.assign(tf.sub(a, tf.mul(grads[a.name]!, 0.1)));
    });
    expectNoTensorLeak(() => { for (let i = 0; i < 10; i++) step(); }, step);
    v.dispose();
    a.dispose();
  });
});
