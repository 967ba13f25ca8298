/**
 * Exploration noise: seeded (same seed, same noise), the right distribution (moments over many
 * draws), and the Ornstein-Uhlenbeck recursion exactly when stddev is 0. rlax's samples come
 * from JAX keys, so these are property tests, not goldens.
 */
import { tf } from '../../lib/tf';
import { Random } from '../../lib/core/random';
import { addDirichletNoise, addGaussianNoise, addOrnsteinUhlenbeckNoise } from '../../lib/functional';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectTensor, f32, take } from './expect_close';

function moments(xs: number[]): { mean: number; std: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(variance) };
}

describe('addGaussianNoise', () => {
  it('same seed, same noise; mean action and stddev over 20,000 draws', () => {
    const action = tf.fill([20000], 3);
    const a = take(addGaussianNoise(new Random(7), action, 0.5)) as number[];
    const b = take(addGaussianNoise(new Random(7), action, 0.5)) as number[];
    const c = take(addGaussianNoise(new Random(8), action, 0.5)) as number[];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const m = moments(a);
    expect(Math.abs(m.mean - 3)).toBeLessThan(0.02);
    expect(Math.abs(m.std - 0.5)).toBeLessThan(0.02);
    expectNoTensorLeak(() => addGaussianNoise(new Random(1), action, 0.1).dispose());
    action.dispose();
  });
});

describe('addOrnsteinUhlenbeckNoise', () => {
  it('with stddev 0 the noise decays by (1 - damping) each step and is added to the action', () => {
    const out = addOrnsteinUhlenbeckNoise(new Random(0), f32([1, 1]), f32([2, -4]), 0.25, 0);
    expectTensor(out.noise, [1.5, -3]);
    expectTensor(out.action, [2.5, -2]);
  });

  it('the stationary standard deviation is stddev / sqrt(1 - (1 - damping)^2)', () => {
    const rng = new Random(3);
    const zero = tf.zeros([2000]);
    let noise = tf.zeros([2000]);
    for (let t = 0; t < 40; t++) {
      const out = addOrnsteinUhlenbeckNoise(rng, zero, noise, 0.2, 0.3);
      noise.dispose();
      out.action.dispose();
      noise = out.noise;
    }
    const m = moments(take(noise) as number[]);
    expect(Math.abs(m.std - 0.3 / Math.sqrt(1 - 0.64))).toBeLessThan(0.03);
    zero.dispose();
  });
});

describe('addDirichletNoise', () => {
  it('rows sum to 1; the noise has the Dirichlet mean 1/A and variance (1 - 1/A) / (A (A alpha + 1))', () => {
    const batch = 4000;
    const prior = tf.tensor2d(new Float32Array(batch * 4).fill(0), [batch, 4]);
    // fraction 1: the output is the noise itself.
    const noise = take(addDirichletNoise(new Random(5), prior, 0.3, 1)) as number[][];
    for (const row of noise.slice(0, 50)) expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    const first = moments(noise.map((r) => r[0] as number));
    expect(Math.abs(first.mean - 0.25)).toBeLessThan(0.02);
    const variance = (0.25 * 0.75) / (4 * 0.3 + 1);
    expect(Math.abs(first.std ** 2 - variance)).toBeLessThan(0.01);
    prior.dispose();
  });

  it('mixes by fraction and is seeded', () => {
    const prior = f32([[1, 0, 0]]);
    const a = take(addDirichletNoise(new Random(9), prior, 0.5, 0.25)) as number[][];
    const b = take(addDirichletNoise(new Random(9), prior, 0.5, 0.25)) as number[][];
    expect(a).toEqual(b);
    expect(a[0]![0]!).toBeGreaterThanOrEqual(0.75 - 1e-6);
    expect(a[0]!.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    prior.dispose();
  });
});
