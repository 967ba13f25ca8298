import { Identity } from '../../lib/approximation/identity';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { take } from '../nn/fixed_linear';

describe('Identity', () => {
  it('returns its input, has no variables, and training it does nothing', () => {
    const id = new Identity();
    const x = tf.tensor2d([[1, -2, 3]]);
    expect(take(id.forward(x))).toEqual([1, -2, 3]);
    expect(take(id.eval(x))).toEqual([1, -2, 3]);
    expect(take(id.target(x))).toEqual([1, -2, 3]);
    expect(id.model.variables).toHaveLength(0);
    let called = 0;
    const before = tf.memory().numTensors;
    expect(
      id.reinforce(() => {
        called += 1;
        return tf.scalar(1);
      }),
    ).toBe(0);
    expect(called).toBe(1); // evaluated once (it cannot tell a plain loss from one with aux otherwise), nothing stepped
    expect(tf.memory().numTensors).toBe(before);
    expect(id.updates).toBe(0);
    x.dispose();
    id.dispose();
  });

  it('hands back aux values like any Approximation, with loss 0 and no update', () => {
    const id = new Identity();
    const x = tf.tensor2d([[1, -2, 3]]);
    const before = tf.memory().numTensors;
    const out = id.reinforce(() => ({ loss: tf.sum(id.forward(x)) as tf.Scalar, aux: { doubled: tf.mul(id.forward(x), 2) } }));
    expect(out.loss).toBe(0);
    expect(Array.from(out.aux.doubled)).toEqual([2, -4, 6]);
    expect(tf.memory().numTensors).toBe(before);
    expect(id.updates).toBe(0);
    x.dispose();
    id.dispose();
  });

  it('leaks no tensors', () => {
    const id = new Identity();
    const x = tf.tensor2d([[1, 2]]);
    expectNoTensorLeak(() => {
      for (let i = 0; i < 10; i++) tf.tidy(() => id.forward(x).dataSync());
    });
    x.dispose();
    id.dispose();
  });
});
