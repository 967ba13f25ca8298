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
    let called = false;
    expect(
      id.reinforce(() => {
        called = true;
        return tf.scalar(1);
      }),
    ).toBe(0);
    expect(called).toBe(false);
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
