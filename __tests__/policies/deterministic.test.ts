import { Box } from '../../lib/core/spaces';
import { ShapeError } from '../../lib/core/errors';
import { DeterministicPolicy } from '../../lib/policies/deterministic';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectClose, fixedLinear, take } from '../nn/fixed_linear';

describe('DeterministicPolicy', () => {
  const space = new Box([-1, 0.1], [3, 0.7]);

  it('squashes to low + (tanh(u) + 1) / 2 * (high - low) (by hand)', () => {
    const policy = new DeterministicPolicy(fixedLinear([[0.5, -2]], [0, 0]), space);
    // u = [0.5, -2]: -1 + (tanh 0.5 + 1) * 2; 0.1 + (tanh(-2) + 1) / 2 * 0.6
    const want = [-1 + (Math.tanh(0.5) + 1) * 2, 0.1 + ((Math.tanh(-2) + 1) / 2) * 0.6];
    expectClose(policy.act(Float32Array.of(1), [1]), want, 1e-6);
    const x = tf.tensor2d([[1]]);
    expectClose(take(policy.actions(x)), want, 1e-6);
    expectClose(take(policy.targetActions(x)), want, 1e-6);
    x.dispose();
    policy.dispose();
  });

  it('keeps every action inside the box, even when tanh saturates', () => {
    const policy = new DeterministicPolicy(fixedLinear([[1, -1]], [0, 0]), space);
    const inputs = Float32Array.from([-1000, -30, -3, -0.1, 0, 0.1, 3, 30, 1000]);
    const actions = policy.actBatch(inputs, [inputs.length, 1]);
    for (let i = 0; i < inputs.length; i++) {
      expect(actions[2 * i]!).toBeGreaterThanOrEqual(space.low[0]!);
      expect(actions[2 * i]!).toBeLessThanOrEqual(space.high[0]!);
      expect(actions[2 * i + 1]!).toBeGreaterThanOrEqual(space.low[1]!);
      expect(actions[2 * i + 1]!).toBeLessThanOrEqual(space.high[1]!);
    }
    expect(actions[0]).toBeCloseTo(-1, 6); // u = -1000 -> low
    expect(actions[2 * 8]).toBeCloseTo(3, 6); // u = 1000 -> high
    policy.dispose();
  });

  it('rejects a model whose width does not match the action dimensions', () => {
    const policy = new DeterministicPolicy(fixedLinear([[1, 2, 3]], [0, 0, 0]), space);
    expect(() => policy.act(Float32Array.of(1), [1])).toThrow(ShapeError);
  });

  it('leaks no tensors', () => {
    const policy = new DeterministicPolicy(fixedLinear([[1, -1]], [0, 0]), space, { optimizer: 'sgd' });
    const x = tf.tensor2d([[0.2]]);
    const step = (): void => {
      policy.act(Float32Array.of(0.4), [1], { evaluation: true });
      policy.reinforce(() => tf.neg(tf.sum(policy.actions(x))) as tf.Scalar);
    };
    expectNoTensorLeak(() => {
      for (let i = 0; i < 20; i++) step();
    }, step);
    x.dispose();
    policy.dispose();
  });
});
