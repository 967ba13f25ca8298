import { QDist, expectedValues, supportAtoms } from '../../lib/approximation/q_dist';
import { ConfigError, ShapeError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { Linear } from '../../lib/nn/module';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectClose, fixedLinear, take } from '../nn/fixed_linear';

describe('QDist', () => {
  it('spaces the atoms evenly from vMin to vMax', () => {
    expectClose(supportAtoms(-10, 10, 5), [-10, -5, 0, 5, 10], 0);
    expect(() => supportAtoms(1, 1, 5)).toThrow(ConfigError);
    expect(() => supportAtoms(-1, 1, 1)).toThrow(ConfigError);
  });

  it('reads the model output action-major as [B, actions, atoms] and softmaxes over atoms (by hand)', () => {
    // x = [1]: logits = weight row = action 0: [0, ln 3, 0] -> probs [0.2, 0.6, 0.2];
    // action 1: [ln 2, 0, ln 2] -> probs [0.4, 0.2, 0.4]. Atoms [-1, 0, 1]:
    // Q(a0) = -0.2 + 0.2 = 0; Q(a1) = -0.4 + 0.4 = 0. With x = [2], logits double:
    // a0: [1, 9, 1] / 11 -> Q = 0; a1: [4, 1, 4] / 9 -> Q = 0. Use an asymmetric row instead:
    const l3 = Math.log(3);
    const model = fixedLinear([[0, l3, l3, Math.log(2), 0, 0]], [0, 0, 0, 0, 0, 0]);
    // a0 logits [0, ln3, ln3] -> probs [1/7, 3/7, 3/7] -> Q = -1/7 + 3/7 = 2/7
    // a1 logits [ln2, 0, 0]   -> probs [2/4, 1/4, 1/4] -> Q = -2/4 + 1/4 = -1/4
    const q = new QDist(model, { actions: 2, atoms: 3, vMin: -1, vMax: 1 });
    const x = tf.tensor2d([[1]]);
    const probs = q.probabilities(x);
    expect(probs.shape).toEqual([1, 2, 3]);
    expectClose(take(probs), [1 / 7, 3 / 7, 3 / 7, 2 / 4, 1 / 4, 1 / 4], 1e-6);
    expectClose(take(q.qValues(x)), [2 / 7, -1 / 4], 1e-6);
    expect(Array.from(q.greedyActions(Float32Array.of(1), [1, 1]))).toEqual([0]);
    expect(Array.from(q.greedyActions(Float32Array.of(-1), [1, 1]))).toEqual([1]); // logits negate: a1 wins
    x.dispose();
    q.dispose();
  });

  it('gives probabilities that sum to 1 over atoms for every action and mode', () => {
    const rng = new Random(1);
    const q = new QDist(new Linear(4, 3 * 51, rng), { actions: 3, atoms: 51, vMin: -10, vMax: 10 });
    const x = tf.tensor2d(Array.from({ length: 5 }, () => Array.from({ length: 4 }, () => rng.normal() * 3)));
    for (const mode of ['forward', 'eval', 'target'] as const) {
      const sums = take(tf.tidy(() => tf.sum(q.probabilities(x, mode), -1)));
      expect(sums).toHaveLength(15);
      for (const s of sums) expect(s).toBeCloseTo(1, 5);
    }
    x.dispose();
    q.dispose();
  });

  it('computes expected values against the support', () => {
    const probs = tf.tensor3d([[[0.5, 0.5, 0], [0, 0, 1]]]);
    const support = tf.tensor1d([-2, 0, 2]);
    expectClose(take(expectedValues(probs, support)), [-1, 2], 1e-6);
    expect(() => expectedValues(probs, tf.tensor1d([1, 2]))).toThrow(ShapeError);
    tf.dispose([probs, support]);
  });

  it('explains a model whose width does not match actions x atoms', () => {
    const q = new QDist(new Linear(2, 10, new Random(2)), { actions: 3, atoms: 3, vMin: 0, vMax: 1 });
    const x = tf.tensor2d([[1, 2]]);
    expect(() => tf.tidy(() => q.logits(x))).toThrow(/\[1, 9\].*3 actions x 3 atoms/);
    x.dispose();
    q.dispose();
  });

  it('leaks no tensors over many reads', () => {
    const q = new QDist(new Linear(2, 6, new Random(3)), { actions: 2, atoms: 3, vMin: -1, vMax: 1 });
    const obs = Float32Array.of(0.1, 0.2, 0.3, 0.4);
    const step = (): void => {
      q.greedyActions(obs, [2, 2]);
      tf.tidy(() => q.qValues(tf.tensor2d(obs, [2, 2]), 'target').dataSync());
      q.supportTensor().dispose();
    };
    expectNoTensorLeak(() => {
      for (let i = 0; i < 30; i++) step();
    }, step);
    q.dispose();
  });
});
