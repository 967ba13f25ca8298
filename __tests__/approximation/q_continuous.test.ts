import { QContinuous } from '../../lib/approximation/q_continuous';
import { ShapeError } from '../../lib/core/errors';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectClose, fixedLinear, take } from '../nn/fixed_linear';

describe('QContinuous', () => {
  // Q(s, a) = 1 s0 + 2 s1 + 10 a0 + 0.5: the weight rows are read in [observation, action] order.
  const model = (): ReturnType<typeof fixedLinear> => fixedLinear([[1], [2], [10]], [0.5]);

  it('evaluates the model on [observation, action] and returns [B]', () => {
    const q = new QContinuous(model());
    const s = tf.tensor2d([
      [1, 1],
      [0, -1],
    ]);
    const a = tf.tensor2d([[0.1], [-0.2]]);
    // row 1: 1 + 2 + 1 + 0.5 = 4.5; row 2: 0 - 2 - 2 + 0.5 = -3.5
    const out = q.forwardAt(s, a);
    expect(out.shape).toEqual([2]);
    expectClose(take(out), [4.5, -3.5], 1e-6);
    expectClose(take(q.evalAt(s, tf.tensor1d([0.1, -0.2]))), [4.5, -3.5], 1e-6);
    expectClose(take(q.targetAt(s, a)), [4.5, -3.5], 1e-6);
    tf.dispose([s, a]);
    q.dispose();
  });

  it('lets gradients reach the actions (for a deterministic actor)', () => {
    const q = new QContinuous(model());
    const s = tf.tensor2d([[1, 1]]);
    const a = tf.tensor2d([[0.3]]);
    const g = tf.grad((act: tf.Tensor) => tf.sum(q.forwardAt(s, act)))(a);
    expectClose(take(g), [10], 1e-6); // dQ/da = 10
    tf.dispose([s, a]);
    q.dispose();
  });

  it('rejects mismatched batches and non-float inputs', () => {
    const q = new QContinuous(model());
    const s = tf.tensor2d([[1, 1]]);
    expect(() => q.forwardAt(s, tf.tensor2d([[1], [2]]))).toThrow(ShapeError);
    expect(() => q.forwardAt(s, tf.tensor2d([[1]], [1, 1], 'int32'))).toThrow(/float32/);
    s.dispose();
    q.dispose();
  });

  it('leaks no tensors', () => {
    const q = new QContinuous(model());
    const s = tf.tensor2d([[1, 1]]);
    const a = tf.tensor2d([[0.3]]);
    expectNoTensorLeak(() => {
      for (let i = 0; i < 20; i++) {
        q.reinforce(() => tf.mean(tf.square(q.forwardAt(s, a))) as tf.Scalar);
        tf.tidy(() => q.targetAt(s, a).dataSync());
      }
    }, () => q.reinforce(() => tf.mean(tf.square(q.forwardAt(s, a))) as tf.Scalar));
    tf.dispose([s, a]);
    q.dispose();
  });
});
