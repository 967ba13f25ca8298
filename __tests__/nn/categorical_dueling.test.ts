import { ConfigError, ShapeError } from '../../lib/core/errors';
import { CategoricalDueling } from '../../lib/nn/categorical_dueling';
import { Random } from '../../lib/core/random';
import { Linear } from '../../lib/nn/module';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectClose, fixedLinear, take } from './fixed_linear';

describe('CategoricalDueling', () => {
  it('subtracts the advantage mean over actions per atom (by hand, 2 actions x 3 atoms)', () => {
    // Input x = [1, 0] and [0, 1]; the value/advantage layers have zero bias, so row 1 reads the
    // first weight row and row 2 the second.
    // Row 1: value [1, 2, 3]; advantages a0 = [1, 0, 2], a1 = [3, 4, -2]; mean = [2, 2, 0];
    //   logits a0 = v + a0 - mean = [0, 0, 5], a1 = [2, 4, 1].
    // Row 2: value [0, 0, 0]; a0 = [1, 1, 1], a1 = [-1, 3, 5]; mean = [0, 2, 3];
    //   a0 -> [1, -1, -2], a1 -> [-1, 1, 2].
    const value = fixedLinear(
      [
        [1, 2, 3],
        [0, 0, 0],
      ],
      [0, 0, 0],
    );
    const advantage = fixedLinear(
      [
        [1, 0, 2, 3, 4, -2],
        [1, 1, 1, -1, 3, 5],
      ],
      [0, 0, 0, 0, 0, 0],
    );
    const head = new CategoricalDueling(value, advantage, 3);
    const x = tf.tensor2d([
      [1, 0],
      [0, 1],
    ]);
    const out = head.apply(x);
    expect(out.shape).toEqual([2, 6]);
    expectClose(take(out), [0, 0, 5, 2, 4, 1, 1, -1, -2, -1, 1, 2], 1e-6);
    expect(head.variables).toHaveLength(4);
    x.dispose();
    head.dispose();
  });

  it('clones into an independent head with the same outputs', () => {
    const rng = new Random(1);
    const head = new CategoricalDueling(new Linear(2, 4, rng), new Linear(2, 8, rng), 4);
    const copy = head.clone();
    const x = tf.tensor2d([[0.5, -1]]);
    expect(take(copy.apply(x))).toEqual(take(head.apply(x)));
    expect(copy.variables[0]).not.toBe(head.variables[0]);
    x.dispose();
    head.dispose();
    copy.dispose();
  });

  it('rejects value or advantage outputs that do not match the atoms', () => {
    const rng = new Random(2);
    const x = tf.tensor2d([[1, 2]]);
    const wrongValue = new CategoricalDueling(new Linear(2, 3, rng), new Linear(2, 8, rng), 4);
    expect(() => wrongValue.apply(x)).toThrow(ShapeError);
    const wrongAdvantage = new CategoricalDueling(new Linear(2, 4, rng), new Linear(2, 7, rng), 4);
    expect(() => wrongAdvantage.apply(x)).toThrow(/actions \* 4/);
    expect(() => new CategoricalDueling(new Linear(2, 4, rng), new Linear(2, 8, rng), 0)).toThrow(ConfigError);
    x.dispose();
  });

  it('leaks no tensors', () => {
    const rng = new Random(3);
    const head = new CategoricalDueling(new Linear(2, 4, rng), new Linear(2, 8, rng), 4);
    const x = tf.tensor2d([[1, 2]]);
    expectNoTensorLeak(() => {
      for (let i = 0; i < 20; i++) tf.tidy(() => head.apply(x).dataSync());
    });
    x.dispose();
    head.dispose();
  });
});
