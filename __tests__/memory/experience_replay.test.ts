import { ConfigError, ShapeError, SpaceError, StateError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { State } from '../../lib/core/state';
import { ExperienceReplayBuffer } from '../../lib/memory/experience_replay';
import { s2 } from './states';

/** Stores transitions k -> k+1 for k in [from, to), action k % 3, reward 10k. */
function fill(buffer: ExperienceReplayBuffer, from: number, to: number): void {
  for (let k = from; k < to; k++) buffer.store(s2(k), k % 3, s2(k + 1, 10 * k));
}

describe('ExperienceReplayBuffer', () => {
  it('samples reproducibly from a seeded Random, indices in range, rows matching their slots', () => {
    const a = new ExperienceReplayBuffer(100, { rng: new Random(7) });
    const b = new ExperienceReplayBuffer(100, { rng: new Random(7) });
    fill(a, 0, 10);
    fill(b, 0, 10);
    expect(a.length).toBe(10);
    const ba = a.sample(32);
    const bb = b.sample(32);
    expect(Array.from(ba.indices)).toEqual(Array.from(bb.indices));
    expect(ba.size).toBe(32);
    expect(ba.stateShape).toEqual([2]);
    expect(ba.states.length).toBe(64);
    expect(ba.actions).toBeInstanceOf(Int32Array);
    for (let i = 0; i < 32; i++) {
      const k = ba.indices[i]!;
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThan(10);
      // slot k holds transition k (no wrap yet)
      expect([ba.states[2 * i], ba.states[2 * i + 1]]).toEqual([k, -k]);
      expect([ba.nextStates[2 * i], ba.nextStates[2 * i + 1]]).toEqual([k + 1, -(k + 1)]);
      expect(ba.actions[i]).toBe(k % 3);
      expect(ba.rewards[i]).toBe(10 * k);
      expect(ba.nextMasks[i]).toBe(1);
      expect(ba.steps[i]).toBe(1);
      expect(ba.weights[i]).toBe(1);
    }
    // the indices are the generator's draws: Random(7).int(10) repeated
    const r = new Random(7);
    expect(Array.from(ba.indices)).toEqual(Array.from({ length: 32 }, () => r.int(10)));
  });

  it('samples every slot about equally often', () => {
    const buffer = new ExperienceReplayBuffer(10, { rng: new Random(1) });
    fill(buffer, 0, 10);
    const counts = new Array<number>(10).fill(0);
    const draws = 20000;
    for (let i = 0; i < draws / 100; i++) for (const k of buffer.sample(100).indices) counts[k]!++;
    // each frequency 0.1; binomial sd sqrt(0.09 / 20000) = 0.0021, tolerance ~5 sd
    for (const c of counts) expect(Math.abs(c / draws - 0.1)).toBeLessThan(0.011);
  });

  it('overwrites the oldest transitions once full (ring buffer)', () => {
    const buffer = new ExperienceReplayBuffer(3, { rng: new Random(2) });
    fill(buffer, 0, 5);
    // writes: 0->slot0, 1->slot1, 2->slot2, 3->slot0, 4->slot1
    expect(buffer.length).toBe(3);
    const expected = new Map([
      [0, 3],
      [1, 4],
      [2, 2],
    ]);
    // a rejected store (bad action) must not clobber the slot it would have overwritten
    expect(() => buffer.store(s2(50), 0.5, s2(51))).toThrow(SpaceError);
    expect(buffer.length).toBe(3);
    const batch = buffer.sample(200);
    const seen = new Set<number>();
    for (let i = 0; i < batch.size; i++) {
      const slot = batch.indices[i]!;
      seen.add(slot);
      expect(batch.states[2 * i]).toBe(expected.get(slot));
      expect(batch.rewards[i]).toBe(10 * expected.get(slot)!);
    }
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });

  it('skips transitions whose start state is done, and masks only true terminations', () => {
    const buffer = new ExperienceReplayBuffer(10, { rng: new Random(3) });
    buffer.store(s2(1, 0, { terminated: true }), 0, s2(2));
    buffer.store(s2(1, 0, { truncated: true }), 0, s2(2));
    expect(buffer.length).toBe(0);
    buffer.store(s2(1), 0, s2(2, 5, { terminated: true })); // slot 0: mask 0
    buffer.store(s2(3), 1, s2(4, 6, { truncated: true })); // slot 1: truncation bootstraps, mask 1
    expect(buffer.length).toBe(2);
    const batch = buffer.sample(50);
    for (let i = 0; i < batch.size; i++) {
      expect(batch.nextMasks[i]).toBe(batch.indices[i] === 0 ? 0 : 1);
      expect(batch.rewards[i]).toBe(batch.indices[i] === 0 ? 5 : 6);
    }
  });

  it('stores continuous actions as copies', () => {
    const buffer = new ExperienceReplayBuffer(4, { rng: new Random(4) });
    const action = Float32Array.from([0.5, -1.5]);
    buffer.store(s2(1), action, s2(2));
    action[0] = 99; // the agent reusing its array must not change what was stored
    const batch = buffer.sample(3);
    expect(batch.actions).toBeInstanceOf(Float32Array);
    expect(Array.from(batch.actions)).toEqual([0.5, -1.5, 0.5, -1.5, 0.5, -1.5]);
    expect(() => buffer.store(s2(1), Float32Array.from([1, 2, 3]), s2(2))).toThrow(ShapeError);
    expect(() => buffer.store(s2(1), 1, s2(2))).toThrow(/continuous actions of 2 values/);
  });

  it('updatePriorities is a no-op that leaves sampling unchanged', () => {
    const a = new ExperienceReplayBuffer(8, { rng: new Random(5) });
    const b = new ExperienceReplayBuffer(8, { rng: new Random(5) });
    fill(a, 0, 8);
    fill(b, 0, 8);
    const first = a.sample(4);
    b.sample(4);
    a.updatePriorities(first.indices, [100, 0, 0, 0]);
    expect(Array.from(a.sample(16).indices)).toEqual(Array.from(b.sample(16).indices));
    expect(a.usesPriorities).toBe(false); // so agents may skip computing them
  });

  it('throws typed errors on misuse', () => {
    const buffer = new ExperienceReplayBuffer(4, { rng: new Random(6) });
    expect(() => buffer.sample(8)).toThrow(StateError);
    expect(() => buffer.sample(8)).toThrow(/empty/);
    expect(() => buffer.sample(0)).toThrow(StateError);
    buffer.store(s2(1), 0, s2(2));
    expect(buffer.sample(0).size).toBe(0);
    expect(() => buffer.sample(-1)).toThrow(ConfigError);
    expect(() => buffer.sample(1.5)).toThrow(ConfigError);
    const other = new State({ observation: [1, 2, 3, 4], shape: [2, 2] });
    expect(() => buffer.store(other, 0, other)).toThrow(ShapeError);
    expect(() => buffer.store(s2(1), 0, other)).toThrow(/\[2\].*\[2, 2\]/);
    expect(() => buffer.store(s2(1), 0.5, s2(2))).toThrow(SpaceError);
    expect(() => buffer.store(s2(1), Float32Array.from([1]), s2(2))).toThrow(ShapeError);
    expect(buffer.length).toBe(1);
    expect(() => new ExperienceReplayBuffer(0, { rng: new Random(0) })).toThrow(ConfigError);
  });
});
