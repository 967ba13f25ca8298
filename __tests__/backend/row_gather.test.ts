import { hasKernel } from '../../lib/backend/kernels';
import { ROW_GATHER_KERNEL, ROW_SCATTER_KERNEL, rowGather, rowScatter } from '../../lib/backend/row_gather';
import { batchedIndex } from '../../lib/functional';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';

/** The one-hot form batchedIndex runs off wasm: mask multiplied in, summed out. */
const masked = (values: tf.Tensor, indices: tf.Tensor) => {
  const [batch, actions, ...rest] = values.shape;
  const mask = tf.reshape(tf.cast(tf.oneHot(indices as tf.Tensor1D, actions!), 'float32'), [batch!, actions!, ...rest.map(() => 1)]);
  return tf.sum(tf.mul(values, mask), 1);
};
/** Equal as numbers (=== takes -0 for 0: a one-hot product by 0 can give -0 where a scatter writes 0). */
const sameNumbers = (a: tf.Tensor, b: tf.Tensor) => {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [a.dataSync(), b.dataSync()];
  expect(Array.from(x).every((v, i) => v === y[i])).toBe(true);
};

describe('row gather and scatter kernels (batchedIndex on wasm)', () => {
  it('are registered on wasm and used by batchedIndex', () => {
    expect(hasKernel(ROW_GATHER_KERNEL)).toBe(true);
    expect(hasKernel(ROW_SCATTER_KERNEL)).toBe(true);
    tf.tidy(() => {
      const q = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
      const picked = batchedIndex(q, tf.tensor1d([2, 0], 'int32'));
      expect(Array.from(picked.dataSync())).toEqual([3, 4]);
    });
  });

  it.each([[[6, 3]], [[5, 2, 7]], [[4, 3, 2, 5]]])('pick the same values as the one-hot form, shape %j', (shape) => {
    tf.tidy(() => {
      const values = tf.randomNormal(shape, 0, 1, 'float32', 7);
      const actions = shape[1]!;
      const indices = tf.tensor1d(Array.from({ length: shape[0]! }, (_, b) => (b * 7) % actions), 'int32');
      sameNumbers(rowGather(values, indices), masked(values, indices));
      // gradients: the scatter of dy, as the one-hot form's
      const dy = tf.randomNormal([shape[0]!, ...shape.slice(2)], 0, 1, 'float32', 8);
      const ours = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(rowGather(v, indices), dy)))(values);
      const theirs = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(masked(v, indices), dy)))(values);
      sameNumbers(ours, theirs);
    });
  });

  it('give 0 for an index outside [0, actions), as a one-hot row of zeros, and scatter nothing there', () => {
    tf.tidy(() => {
      const values = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
      const indices = tf.tensor1d([1, 2, -1], 'int32');
      expect(Array.from(rowGather(values, indices).dataSync())).toEqual([2, 0, 0]);
      expect(Array.from(rowScatter(tf.tensor1d([7, 8, 9]), indices, 2).dataSync())).toEqual([0, 7, 0, 0, 0, 0]);
    });
  });

  it('have each other as gradients (the scatter differentiates to the gather)', () => {
    tf.tidy(() => {
      const indices = tf.tensor1d([0, 2], 'int32');
      const w = tf.tensor3d([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]);
      const g = tf.grad((dy: tf.Tensor) => tf.sum(tf.mul(rowScatter(dy, indices, 3), w)))(tf.zeros([2, 2]));
      expect(Array.from(g.dataSync())).toEqual([1, 2, 11, 12]);
    });
  });

  it('leak no tensors through a recorded update', () => {
    const v = tf.variable(tf.randomNormal([8, 3], 0, 1, 'float32', 1));
    const indices = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32');
    const step = () => tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(batchedIndex(v, indices))) as tf.Scalar);
      v.assign(tf.sub(v, tf.mul(grads[v.name]!, 0.1)));
    });
    expectNoTensorLeak(() => { for (let i = 0; i < 10; i++) step(); }, step);
    v.dispose();
    indices.dispose();
  });
});
