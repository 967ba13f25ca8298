import { Approximation } from '../../lib/approximation/approximation';
import { Random } from '../../lib/core/random';
import { Linear, Sequential } from '../../lib/nn/module';
import { linearSchedule } from '../../lib/optim/schedules';
import { GreedyPolicy, ParallelGreedyPolicy } from '../../lib/policies/greedy';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';

/** Q(s) = s W with W = [[1, 0, 0], [0, 2, 0]]: action 0 wins when s0 > 2 s1, action 1 otherwise (for s >= 0). */
function fixedQ(): Approximation {
  return new Approximation(
    new Sequential([new Linear(2, 3, { weight: tf.tensor2d([[1, 0, 0], [0, 2, 0]]), bias: tf.tensor1d([0, 0, 0.5]) })]),
  );
}

describe('GreedyPolicy', () => {
  it('chooses argmax Q with epsilon 0', () => {
    const p = new GreedyPolicy(fixedQ(), 3, new Random(0));
    // Q([3, 1]) = [3, 2, 0.5] -> 0;  Q([1, 1]) = [1, 2, 0.5] -> 1;  Q([0, 0]) = [0, 0, 0.5] -> 2
    expect(p.act(Float32Array.of(3, 1), [2])).toBe(0);
    expect(p.act(Float32Array.of(1, 1), [2])).toBe(1);
    expect(p.act(Float32Array.of(0, 0), [2])).toBe(2);
  });

  it('acts randomly with probability epsilon, uniformly over actions', () => {
    const p = new GreedyPolicy(fixedQ(), 3, new Random(1), { epsilon: 0.3 });
    const counts = [0, 0, 0];
    const n = 6000;
    for (let i = 0; i < n; i++) counts[p.act(Float32Array.of(3, 1), [2])]! += 1;
    // greedy action 0 with 0.7 + 0.3/3 = 0.8; others 0.1 each
    expect(counts[0]! / n).toBeCloseTo(0.8, 1);
    expect(counts[1]! / n).toBeCloseTo(0.1, 1);
    expect(counts[2]! / n).toBeCloseTo(0.1, 1);
  });

  it('follows its schedule one decision at a time; reading epsilon does not advance it', () => {
    const p = new GreedyPolicy(fixedQ(), 3, new Random(2), { epsilon: linearSchedule(1, 0, 0, 4) });
    expect(p.currentEpsilon).toBe(1);
    expect(p.currentEpsilon).toBe(1);
    p.act(Float32Array.of(3, 1), [2]);
    p.act(Float32Array.of(3, 1), [2]);
    expect(p.currentEpsilon).toBeCloseTo(0.5, 12);
  });

  it('leaks no tensors', () => {
    const p = new GreedyPolicy(fixedQ(), 3, new Random(3), { epsilon: 0.1 });
    expectNoTensorLeak(() => {
      for (let i = 0; i < 200; i++) p.act(Float32Array.of(i % 3, 1), [2]);
    });
  });
});

describe('ParallelGreedyPolicy', () => {
  it('chooses per row, and randomizes each row independently', () => {
    const p = new ParallelGreedyPolicy(fixedQ(), 3, new Random(4));
    expect(Array.from(p.act(Float32Array.of(3, 1, 1, 1, 0, 0), [3, 2]))).toEqual([0, 1, 2]);
    const noisy = new ParallelGreedyPolicy(fixedQ(), 3, new Random(5), { epsilon: 1 });
    const rows = noisy.act(new Float32Array(2 * 300).fill(1), [300, 2]);
    const seen = new Set(rows);
    expect(seen.size).toBe(3);
  });
});
