import { ConfigError, StateError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { SequenceReplayBuffer, sequencePriority } from '../../lib/memory/sequence_replay';

/**
 * One stream (observation value = step index): episode A = steps 0..3 (3 terminates), episode
 * B = 4..6 (6 is truncated), episode C from 7. Action 10 + step, reward = step on arriving.
 */
function pushStream(buffer: SequenceReplayBuffer, steps: number, env = 0): boolean[] {
  const asked: boolean[] = [];
  for (let i = 0; i < steps; i++) {
    const needs = buffer.needsState(env);
    asked.push(needs);
    const done = i === 3 || i === 6;
    const start = i === 0 || i === 4 || i === 7;
    const state = needs ? { lstm: [Float32Array.of(10 * i), Float32Array.of(-i)] } : undefined;
    buffer.push(env, { observation: Float32Array.of(i), start, done, ...(state ? { state } : {}) }, i, i === 3 ? 0 : 1, 10 + i);
  }
  return asked;
}

describe('SequenceReplayBuffer', () => {
  it('cuts overlapping sequences with episode boundaries, reset markers and stored state (golden)', () => {
    const buffer = new SequenceReplayBuffer(10, { length: 3, overlap: 1, rng: new Random(0) });
    expect(buffer.stride).toBe(2);
    const asked = pushStream(buffer, 9);
    expect(asked).toEqual([true, false, true, false, true, false, true, false, true]);
    expect(buffer.sequences).toBe(3); // starts 0, 2, 4; the one from 6 needs step 9
    const batch = buffer.gather(Int32Array.of(0, 1, 2), new Float32Array(3).fill(1));
    const col = (a: ArrayLike<number>, b: number, rows: number): number[] => Array.from({ length: rows }, (_, t) => a[t * 3 + b]!);
    // sequence from step 0: episode A, terminated at its last observation
    expect(col(batch.observations, 0, 4)).toEqual([0, 1, 2, 3]);
    expect(col(batch.actions, 0, 3)).toEqual([10, 11, 12]);
    expect(col(batch.rewards, 0, 3)).toEqual([1, 2, 3]);
    expect(col(batch.masks, 0, 3)).toEqual([1, 1, 0]);
    expect(col(batch.valid, 0, 3)).toEqual([1, 1, 1]);
    expect(col(batch.resets, 0, 4)).toEqual([1, 0, 0, 0]);
    // from step 2: crosses A's end; step 3 is no transition (invalid), step 4 resets the state
    expect(col(batch.observations, 1, 4)).toEqual([2, 3, 4, 5]);
    expect(col(batch.actions, 1, 3)).toEqual([12, 0, 14]);
    expect(col(batch.rewards, 1, 3)).toEqual([3, 0, 5]);
    expect(col(batch.masks, 1, 3)).toEqual([0, 0, 1]);
    expect(col(batch.valid, 1, 3)).toEqual([1, 0, 1]);
    expect(col(batch.resets, 1, 4)).toEqual([0, 0, 1, 0]);
    // from step 4: B truncated at 6 (mask 1: bootstraps), then C starts at 7
    expect(col(batch.observations, 2, 4)).toEqual([4, 5, 6, 7]);
    expect(col(batch.rewards, 2, 3)).toEqual([5, 6, 0]);
    expect(col(batch.masks, 2, 3)).toEqual([1, 1, 0]);
    expect(col(batch.valid, 2, 3)).toEqual([1, 1, 0]);
    expect(col(batch.resets, 2, 4)).toEqual([1, 0, 0, 1]);
    // stored state: the state pushed with each sequence's first step
    expect(Array.from(batch.initialState.lstm![0]!.values)).toEqual([0, 20, 40]);
    expect(Array.from(batch.initialState.lstm![1]!.values)).toEqual([-0, -2, -4]);
    expect(batch.initialState.lstm![0]!.shape).toEqual([3, 1]);
    expect(batch.length).toBe(3);
  });

  it('keeps environments apart and carries burn-in; overwrites the oldest sequence at capacity', () => {
    const buffer = new SequenceReplayBuffer(2, { length: 3, burnIn: 1, envs: 2, rng: new Random(1) });
    pushStream(buffer, 4, 1);
    expect(buffer.sequences).toBe(1);
    pushStream(buffer, 8, 0); // sequences from 0 and 4 (stride 3 without overlap: 0, 3 -> only 0 and 3)
    expect(buffer.sequences).toBe(2);
    const batch = buffer.gather(Int32Array.of(0, 1), new Float32Array(2).fill(1));
    expect(batch.burnIn).toBe(1);
    // slot 0 was overwritten by env 0's second sequence (from step 3), slot 1 holds env 0's first
    expect([0, 1, 2, 3].map((t) => batch.observations[t * 2]!)).toEqual([3, 4, 5, 6]);
    expect([0, 1, 2, 3].map((t) => batch.observations[t * 2 + 1]!)).toEqual([0, 1, 2, 3]);
    expect(Array.from(batch.initialState.lstm![0]!.values)).toEqual([30, 0]);
    expect(() => new SequenceReplayBuffer(4, { length: 3, burnIn: 3 })).toThrow(ConfigError);
    expect(() => new SequenceReplayBuffer(4, { length: 3, overlap: 3 })).toThrow(ConfigError);
    expect(() => new SequenceReplayBuffer(4, { length: 3 }).sample(2)).toThrow(StateError);
  });

  it("R2D2's priority: eta max|delta| + (1 - eta) mean|delta| over valid steps (hand-computed)", () => {
    // [T = 2, B = 2] time-major: sequence 0 has |delta| 1, 3; sequence 1 has 4, 2 (second invalid)
    const td = [1, -4, 3, 2];
    expect(Array.from(sequencePriority(td, [1, 1, 1, 1], 2))).toEqual([Math.fround(0.9 * 3 + 0.1 * 2), Math.fround(0.9 * 4 + 0.1 * 3)]);
    expect(Array.from(sequencePriority(td, [1, 1, 1, 0], 2))).toEqual([Math.fround(2.9), 4]);
  });

  it('samples in proportion to priority^0.9 with importance weights (N P)^-beta / max', () => {
    const buffer = new SequenceReplayBuffer(8, { length: 2, rng: new Random(3), prioritized: { epsilon: 0 } });
    pushStream(buffer, 7); // starts 0, 2, 4 -> 3 sequences
    expect(buffer.sequences).toBe(3);
    expect(buffer.priority(2)).toBeCloseTo(1, 6); // new sequences enter at the max priority (1)
    buffer.updatePriorities([0, 1, 2], [1, 3, 0.5]);
    const mass = [1, 3 ** 0.9, 0.5 ** 0.9];
    expect(buffer.priority(1)).toBeCloseTo(mass[1]!, 5);
    const total = mass.reduce((a, b) => a + b, 0);
    const counts = [0, 0, 0];
    for (let k = 0; k < 200; k++) {
      const batch = buffer.sample(32);
      for (let i = 0; i < 32; i++) {
        const slot = batch.indices[i]!;
        counts[slot] = counts[slot]! + 1;
        expect(batch.weights[i]).toBeCloseTo((mass[slot]! / mass[2]!) ** -0.6, 5);
      }
    }
    counts.forEach((c, i) => expect(c / 6400).toBeCloseTo(mass[i]! / total, 1));
  });
});
