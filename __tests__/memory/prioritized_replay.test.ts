import { ConfigError, NumericError, ShapeError, StateError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { PrioritizedReplayBuffer } from '../../lib/memory/prioritized_replay';
import { linearSchedule, type Schedule } from '../../lib/optim/schedules';
import { s2 } from './states';

/** A buffer holding transitions k -> k+1 (observation [k, -k]) in slots 0..count-1. */
function buffer(count: number, options: { alpha: number; beta: number | Schedule; epsilon?: number; seed?: number }) {
  const b = new PrioritizedReplayBuffer(16, { ...options, rng: new Random(options.seed ?? 0) });
  for (let k = 0; k < count; k++) b.store(s2(k), k, s2(k + 1, k));
  return b;
}

describe('PrioritizedReplayBuffer', () => {
  it('gives new transitions the max priority seen so far (initially 1)', () => {
    const b = buffer(3, { alpha: 1, beta: 0.5, epsilon: 0 });
    expect([b.priority(0), b.priority(1), b.priority(2)]).toEqual([1, 1, 1]);
    b.updatePriorities([0, 1], [3, -0.5]); // |p| + 0, alpha 1
    expect([b.priority(0), b.priority(1), b.priority(2)]).toEqual([3, 0.5, 1]);
    b.store(s2(3), 3, s2(4));
    expect(b.priority(3)).toBe(3); // max priority so far is 3
    b.updatePriorities([0], [0.1]); // lowering a priority does not lower the max
    b.store(s2(4), 4, s2(5));
    expect(b.priority(4)).toBe(3);
  });

  it('stores (|p| + epsilon)^alpha', () => {
    const b = buffer(2, { alpha: 0.5, beta: 0.5, epsilon: 0.25 });
    expect(b.priority(0)).toBe(1); // 1^0.5
    b.updatePriorities(Int32Array.from([1]), Float32Array.from([-2]));
    expect(b.priority(1)).toBeCloseTo(1.5, 12); // (2 + 0.25)^0.5 = 1.5
    b.store(s2(2), 2, s2(3));
    expect(b.priority(2)).toBeCloseTo(1.5, 12); // max priority 2.25, stored as 2.25^0.5
  });

  it('computes importance weights for a 3-item example (by hand)', () => {
    // alpha 0.5, epsilon 0: priorities 1, 4, 25 -> masses 1, 2, 5, total 8, P = 1/8, 2/8, 5/8, N = 3.
    // w = (N P)^-beta with beta 0.5: (3/8)^-0.5 = 1.63299, (6/8)^-0.5 = 1.15470, (15/8)^-0.5 = 0.73030.
    // max weight from the min priority = (3/8)^-0.5, so normalized: 1, 2^-0.5 = 0.70711, 5^-0.5 = 0.44721.
    const b = buffer(3, { alpha: 0.5, beta: 0.5, epsilon: 0 });
    b.updatePriorities([0, 1, 2], [1, 4, 25]);
    const expected = [1, 0.70711, 0.44721];
    const seen = new Set<number>();
    for (let k = 0; k < 20; k++) {
      const batch = b.sample(3);
      // stratified: segments [0, 8/3), [8/3, 16/3), [16/3, 8) over prefix sums 1, 3, 8, so
      // row 0 is slot 0 or 1, row 1 is slot 1 or 2, row 2 is always slot 2
      expect([0, 1]).toContain(batch.indices[0]);
      expect([1, 2]).toContain(batch.indices[1]);
      expect(batch.indices[2]).toBe(2);
      for (let i = 0; i < 3; i++) {
        const slot = batch.indices[i]!;
        seen.add(slot);
        expect(batch.weights[i]).toBeCloseTo(expected[slot]!, 5);
        expect(batch.states[2 * i]).toBe(slot);
      }
    }
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });

  it('anneals beta by a schedule of the batches sampled (Schaul et al. 2016: linearly to 1)', () => {
    // masses 1, 2, 5 as above; normalized weights (mass / 1)^-beta:
    // beta 0 -> 1, 1, 1; beta 0.5 -> 1, 0.70711, 0.44721; beta 1 -> 1, 0.5, 0.2 (and 1 after the end)
    const b = buffer(3, { alpha: 0.5, beta: linearSchedule(0, 1, 0, 2), epsilon: 0 });
    b.updatePriorities([0, 1, 2], [1, 4, 25]);
    const expected: Array<[number, number[]]> = [
      [0, [1, 1, 1]],
      [0.5, [1, 0.70711, 0.44721]],
      [1, [1, 0.5, 0.2]],
      [1, [1, 0.5, 0.2]],
    ];
    for (const [beta, weights] of expected) {
      expect(b.beta).toBe(beta);
      const batch = b.sample(3);
      for (let i = 0; i < 3; i++) expect(batch.weights[i]).toBeCloseTo(weights[batch.indices[i]!]!, 5);
    }
    b.beta = 0.5; // a number replaces the schedule
    const batch = b.sample(3);
    for (let i = 0; i < 3; i++) expect(batch.weights[i]).toBeCloseTo(expected[1]![1][batch.indices[i]!]!, 5);
    // a schedule that leaves [0, inf) is an error at the batch that reads it
    const bad = buffer(2, { alpha: 0.5, beta: (t) => 1 - t });
    bad.sample(2);
    bad.sample(2);
    expect(() => bad.sample(2)).toThrow(/beta \(batch 2 of its schedule\) must be a finite number >= 0; received -1/);
  });

  it('samples in proportion to priority^alpha (statistical)', () => {
    // priorities 1, 4, 9, 16 with alpha 0.5 -> masses 1, 2, 3, 4 -> P = 0.1, 0.2, 0.3, 0.4
    const b = buffer(4, { alpha: 0.5, beta: 0.4, epsilon: 0, seed: 11 });
    b.updatePriorities([0, 1, 2, 3], [1, 4, 9, 16]);
    const counts = [0, 0, 0, 0];
    const draws = 16000;
    for (let k = 0; k < draws / 8; k++) for (const slot of b.sample(8).indices) counts[slot]!++;
    // multinomial sd at most sqrt(0.25 / 16000) = 0.004 (stratification only lowers it); tolerance 0.015
    [0.1, 0.2, 0.3, 0.4].forEach((p, i) => expect(Math.abs(counts[i]! / draws - p)).toBeLessThan(0.015));
  });

  it('updatePriorities changes what is sampled', () => {
    const b = buffer(4, { alpha: 1, beta: 1, epsilon: 0, seed: 5 });
    b.updatePriorities([0, 1, 2, 3], [1e-6, 1e-6, 1, 1e-6]);
    const batch = b.sample(64);
    const hits = Array.from(batch.indices).filter((i) => i === 2).length;
    expect(hits).toBeGreaterThan(60); // P(2) = 1 / (1 + 3e-6)
    // the rarely sampled items carry the largest weight: slot 2's weight is (1 / 1e-6)^-1 = 1e-6
    const i2 = Array.from(batch.indices).indexOf(2);
    expect(batch.weights[i2]).toBeCloseTo(1e-6, 9);
  });

  it('is reproducible for a seed', () => {
    const a = buffer(10, { alpha: 0.6, beta: 0.4, seed: 9 });
    const b = buffer(10, { alpha: 0.6, beta: 0.4, seed: 9 });
    for (const x of [a, b]) x.updatePriorities([0, 3, 7], [2, 0.5, 4]);
    const ba = a.sample(32);
    const bb = b.sample(32);
    expect(Array.from(ba.indices)).toEqual(Array.from(bb.indices));
    expect(Array.from(ba.weights)).toEqual(Array.from(bb.weights));
    for (const i of ba.indices) {
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(10);
    }
  });

  it('only samples stored slots and overwrites the oldest once full', () => {
    const b = new PrioritizedReplayBuffer(3, { alpha: 0.6, beta: 0.4, rng: new Random(1) });
    for (let k = 0; k < 5; k++) b.store(s2(k), 0, s2(k + 1));
    // slots hold transitions 3, 4, 2 (the tree has 4 leaves; leaf 3 stays empty)
    const batch = b.sample(300);
    const expected = [3, 4, 2];
    for (let i = 0; i < batch.size; i++) {
      expect(batch.indices[i]).toBeLessThan(3);
      expect(batch.states[2 * i]).toBe(expected[batch.indices[i]!]);
    }
  });

  it('throws typed errors on misuse', () => {
    const b = buffer(0, { alpha: 0.5, beta: 0.5 });
    expect(() => b.sample(4)).toThrow(StateError);
    b.store(s2(1), 0, s2(2));
    expect(() => b.updatePriorities([0, 0], [1])).toThrow(ShapeError);
    expect(() => b.updatePriorities([1], [1])).toThrow(StateError);
    expect(() => b.updatePriorities([0], [Number.NaN])).toThrow(NumericError);
    expect(() => new PrioritizedReplayBuffer(4, { alpha: -1, beta: 0.5, rng: new Random(0) })).toThrow(ConfigError);
    expect(() => new PrioritizedReplayBuffer(4, { alpha: 0.5, beta: Number.NaN, rng: new Random(0) })).toThrow(
      ConfigError,
    );
  });
});
