import { Random } from '../../lib/core/random';
import { ShapeError } from '../../lib/core/errors';
import { SoftmaxPolicy, sampleCategorical } from '../../lib/policies/softmax';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectClose, fixedLinear, take } from '../nn/fixed_linear';

describe('SoftmaxPolicy', () => {
  it('samples actions with frequencies matching softmax(logits) (seeded)', () => {
    // logits = x * [ln 0.2, ln 0.5, ln 0.3] at x = 1 -> probabilities [0.2, 0.5, 0.3].
    const model = fixedLinear([[Math.log(0.2), Math.log(0.5), Math.log(0.3)]], [0, 0, 0]);
    const policy = new SoftmaxPolicy(model, new Random(42));
    const n = 20000;
    const actions = policy.actBatch(new Float32Array(n).fill(1), [n, 1]);
    const counts = [0, 0, 0];
    for (const a of actions) counts[a]! += 1;
    // Standard error of each frequency is at most sqrt(0.25 / 20000) = 0.0035; allow ~4 of them.
    expect(Math.abs(counts[0]! / n - 0.2)).toBeLessThan(0.015);
    expect(Math.abs(counts[1]! / n - 0.5)).toBeLessThan(0.015);
    expect(Math.abs(counts[2]! / n - 0.3)).toBeLessThan(0.015);
    // Same seed, same actions; single act agrees with the batch stream.
    const again = new SoftmaxPolicy(model, new Random(42));
    expect(Array.from(again.actBatch(new Float32Array(n).fill(1), [n, 1]))).toEqual(Array.from(actions));
    const single = new SoftmaxPolicy(model, new Random(42));
    expect([single.act(Float32Array.of(1), [1]), single.act(Float32Array.of(1), [1])]).toEqual([actions[0], actions[1]]);
    policy.dispose();
  });

  it('computes log-probabilities and entropy by hand', () => {
    // logits = [0, 1, 2] (x = 1) and [0, 2, 4] (x = 2); lse1 = ln(1 + e + e^2), lse2 = ln(1 + e^2 + e^4).
    const policy = new SoftmaxPolicy(fixedLinear([[0, 1, 2]], [0, 0, 0]), new Random(1));
    const x = tf.tensor2d([[1], [2]]);
    const lse1 = Math.log(1 + Math.E + Math.E ** 2);
    const lse2 = Math.log(1 + Math.E ** 2 + Math.E ** 4);
    expectClose(take(policy.logProb(x, tf.tensor1d([2, 0], 'int32'))), [2 - lse1, 0 - lse2], 1e-5);
    const entropy = (logits: number[], lse: number): number =>
      -logits.reduce((s, l) => s + Math.exp(l - lse) * (l - lse), 0);
    expectClose(take(policy.entropy(x)), [entropy([0, 1, 2], lse1), entropy([0, 2, 4], lse2)], 1e-5);
    x.dispose();
    policy.dispose();
  });

  it('samples categories by inverse CDF and never picks a zero-probability category', () => {
    const rng = new Random(3);
    const picks = sampleCategorical(Float32Array.from([0, 1, 0, 0.5, 0, 0.5]), 3, rng);
    expect(picks[0]).toBe(1);
    expect([0, 2]).toContain(picks[1]);
    // Rounding: a row summing to slightly under 1 still returns its last positive category.
    const short = sampleCategorical([0.3, 0.6999, 0], 3, { random: () => 0.99995 } as unknown as Random);
    expect(Array.from(short)).toEqual([1]);
    expect(() => sampleCategorical([0.5, 0.5, 0.5], 2, rng)).toThrow(ShapeError);
  });

  it('leaks no tensors while acting and in loss closures', () => {
    const policy = new SoftmaxPolicy(fixedLinear([[0.1, 0.2]], [0, 0]), new Random(4), { optimizer: 'sgd' });
    const x = tf.tensor2d([[1], [0.5]]);
    const step = (): void => {
      policy.act(Float32Array.of(0.3), [1], { evaluation: true });
      policy.sampleFrom(x);
      policy.reinforce(() => tf.neg(tf.mean(policy.logProb(x, tf.tensor1d([0, 1], 'int32')))) as tf.Scalar);
      tf.tidy(() => policy.entropy(x).dataSync());
    };
    expectNoTensorLeak(() => {
      for (let i = 0; i < 20; i++) step();
    }, step);
    x.dispose();
    policy.dispose();
  });
});
