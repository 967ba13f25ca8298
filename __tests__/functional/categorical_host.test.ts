/**
 * lib/functional/categorical_host.ts: the host projection of C51 by hand and against the tensor
 * projection, the host path of categoricalDoubleQLearningTarget against its tensor path, and the
 * KL priorities.
 */
import { ShapeError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { categoricalDoubleQLearningTarget, categoricalL2Project, klFromCrossEntropy, projectShiftedCategorical } from '../../lib/functional';
import { HOST_MEMORY_BACKENDS } from '../../lib/backend/host_memory';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';

function randomArray(rng: Random, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal() * scale);
}

describe('projectShiftedCategorical', () => {
  it('splits each shifted atom between its neighbours, by hand', () => {
    // support [0, 1, 2], probs [0.1, 0.1, 0.8], r = 0.5, discount 0.5: atoms [0.5, 1, 1.5]
    // 0.5 -> 0.05 / 0.05 on atoms 0 / 1; 1 -> 0.1 on atom 1; 1.5 -> 0.4 / 0.4 on atoms 1 / 2
    const out = projectShiftedCategorical(Float32Array.of(0.1, 0.1, 0.8), [0.5], [0.5], Float32Array.of(0, 1, 2));
    expect(Array.from(out).map((v) => +v.toFixed(6))).toEqual([0.05, 0.55, 0.4]);
  });

  it('clips atoms beyond the support to its ends', () => {
    // support [0, 1, 2], r = 5, discount 1: every atom lands beyond 2 -> all mass on atom 2
    // r = -3, discount 1: atoms [-3, -2, -1] -> all on atom 0
    const out = projectShiftedCategorical(Float32Array.of(0.2, 0.3, 0.5, 0.2, 0.3, 0.5), [5, -3], [1, 1], Float32Array.of(0, 1, 2));
    expect(Array.from(out).map((v) => +v.toFixed(6))).toEqual([0, 0, 1, 1, 0, 0]);
  });

  it('a terminal (discount 0) puts all mass at the reward: on its atom, or split between the two around it', () => {
    // support -2..2; r = 0 -> atom 2 (value 0); r = 0.25 -> 0.75 on value 0, 0.25 on value 1
    const support = Float32Array.of(-2, -1, 0, 1, 2);
    const probs = Float32Array.of(0.1, 0.2, 0.3, 0.2, 0.2, 0.5, 0.1, 0.1, 0.1, 0.2);
    const out = projectShiftedCategorical(probs, [0, 0.25], [0, 0], support);
    expect(Array.from(out).map((v) => +v.toFixed(6))).toEqual([0, 0, 1, 0, 0, 0, 0, 0.75, 0.25, 0]);
  });

  it('equals lib/functional categoricalL2Project on random batches, even and uneven supports', () => {
    const rng = new Random(4);
    for (const support of [Float32Array.from({ length: 11 }, (_, i) => i - 5), Float32Array.of(-3, -1, -0.5, 0, 2, 7)]) {
      const k = support.length;
      const batch = 16;
      const logits = randomArray(rng, batch * k);
      const rewards = randomArray(rng, batch, 3);
      const discounts = Float32Array.from({ length: batch }, (_, i) => (i % 4 === 0 ? 0 : rng.random()));
      const probs = tf.tidy(() => tf.softmax(tf.tensor2d(logits, [batch, k])).dataSync() as Float32Array);
      const mine = projectShiftedCategorical(probs, rewards, discounts, support);
      const reference = tf.tidy(() => {
        const z = tf.add(tf.expandDims(tf.tensor1d(rewards), 1), tf.mul(tf.expandDims(tf.tensor1d(discounts), 1), tf.tensor1d(support)));
        return categoricalL2Project(z, tf.tensor2d(probs, [batch, k]), tf.tensor1d(support)).dataSync() as Float32Array;
      });
      mine.forEach((v, i) => expect(v).toBeCloseTo(reference[i]!, 5));
    }
  });

  it('rejects mismatched sizes and negative discounts with a ShapeError', () => {
    const support = Float32Array.of(0, 1, 2);
    expect(() => projectShiftedCategorical(new Float32Array(5), [0, 0], [1, 1], support)).toThrow(ShapeError);
    expect(() => projectShiftedCategorical(new Float32Array(3), [0], [-1], support)).toThrow(/discounts must be >= 0/);
  });
});

describe('projectShiftedCategorical with a different source support', () => {
  it('projects atoms r + d * atomsT onto the support, by hand', () => {
    // source atoms [0, 2], support [0, 1, 2], r = 0.5, d = 0.5: shifted [0.5, 1.5]
    // 0.5 (mass 0.4) -> 0.2 / 0.2 on atoms 0 / 1; 1.5 (mass 0.6) -> 0.3 / 0.3 on atoms 1 / 2
    const out = projectShiftedCategorical(Float32Array.of(0.4, 0.6), [0.5], [0.5], Float32Array.of(0, 1, 2), Float32Array.of(0, 2));
    expect(Array.from(out).map((v) => +v.toFixed(6))).toEqual([0.2, 0.5, 0.3]);
  });
});

describe('categoricalDoubleQLearningTarget: host path', () => {
  it('equals the tensor path on random batches (each picks the selector\'s argmax action)', () => {
    const rng = new Random(9);
    const [b, a, k] = [8, 3, 7];
    const logits = randomArray(rng, b * a * k, 2);
    const selector = randomArray(rng, b * a);
    const rewards = randomArray(rng, b, 2);
    const discounts = Float32Array.from({ length: b }, (_, i) => (i % 3 === 0 ? 0 : 0.9));
    const z = Float32Array.from({ length: k }, (_, i) => i - 3);
    const run = () =>
      tf.tidy(() =>
        Array.from(
          categoricalDoubleQLearningTarget(tf.tensor1d(z), tf.tensor1d(rewards), tf.tensor1d(discounts), tf.tensor1d(z), tf.tensor3d(logits, [b, a, k]), tf.tensor2d(selector, [b, a])).dataSync(),
        ),
      );
    const host = run();
    const saved = HOST_MEMORY_BACKENDS.splice(0);
    let tensor: number[];
    try {
      tensor = run();
    } finally {
      HOST_MEMORY_BACKENDS.push(...saved);
    }
    host.forEach((v, i) => expect(v).toBeCloseTo(tensor[i]!, 5));
    for (let row = 0; row < b; row++) expect(host.slice(row * k, (row + 1) * k).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    expectNoTensorLeak(() => {
      run();
    });
  });
});

describe('klFromCrossEntropy', () => {
  it('is the cross entropy minus the entropy of the target, by hand', () => {
    // target [0.5, 0.5, 0]: entropy log 2; cross entropy 1 -> KL 1 - log 2; a one-hot target: KL = cross entropy
    const kl = klFromCrossEntropy([1, 0.25], Float32Array.of(0.5, 0.5, 0, 0, 1, 0));
    expect(kl[0]).toBeCloseTo(1 - Math.log(2), 6);
    expect(kl[1]).toBeCloseTo(0.25, 6);
    expect(() => klFromCrossEntropy([1, 2], new Float32Array(5))).toThrow(ShapeError);
  });
});
