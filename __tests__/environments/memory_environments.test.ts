import { ConfigError } from '../../lib/core/errors';
import { makeEnvironment } from '../../environments';

describe('CartPole with hidden velocities', () => {
  it("observe: 'positions' shows [x, theta] of the same dynamics as the full observation", () => {
    const full = makeEnvironment('CartPole-v1');
    const partial = makeEnvironment('CartPole-v1', { observe: 'positions' });
    expect(partial.observationSpace.shape).toEqual([2]);
    let a = full.reset({ seed: 3 });
    let b = partial.reset({ seed: 3 });
    for (let t = 0; t < 30 && !a.done; t++) {
      expect(Array.from(b.observation)).toEqual([a.observation[0], a.observation[2]]);
      expect(b.done).toBe(a.done);
      const action = t % 3 === 0 ? 0 : 1;
      a = full.step(action);
      b = partial.step(action);
    }
    expect(makeEnvironment('CartPole-v0', { observe: 'positions', maxEpisodeSteps: 50 }).maxEpisodeSteps).toBe(50);
    expect(() => makeEnvironment('CartPole-v1', { observe: 'velocities' })).toThrow(ConfigError);
  });
});

describe('MemoryLength-bsuite', () => {
  it('shows the context first, the query at the end, and rewards the right answer after memoryLength + 1 actions', () => {
    const env = makeEnvironment('MemoryLength-bsuite', { memoryLength: 3 });
    expect(env.observationSpace.shape).toEqual([3]);
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      for (const answerRight of [true, false]) {
        let s = env.reset({ seed });
        const bit = s.observation[2]! > 0 ? 1 : 0;
        expect(Math.abs(s.observation[2]!)).toBe(1);
        expect(s.observation[0]).toBe(1);
        const seen: number[][] = [Array.from(s.observation)];
        let steps = 0;
        while (!s.done) {
          const last = steps === 3;
          s = env.step(last ? (answerRight ? bit : 1 - bit) : 0);
          seen.push(Array.from(s.observation));
          steps += 1;
          if (!s.done) expect(s.reward).toBe(0);
        }
        expect(steps).toBe(4);
        expect(s.terminated).toBe(true);
        expect(s.reward).toBe(answerRight ? 1 : -1);
        // bsuite's pre-step observations: t = 0, 0, 1, 2 (query shown), 3
        expect(seen.map((o) => o[0])).toEqual([1, 1, 1 - 1 / 3, 1 - 2 / 3, 0].map(Math.fround));
        expect(seen.map((o) => o[2] !== 0)).toEqual([true, true, false, false, false]);
        expect(seen[3]![1]).toBe(0); // query index (one bit: always 0)
      }
    }
    const seeds = new Set<number>();
    for (let seed = 0; seed < 20; seed++) seeds.add(env.reset({ seed }).observation[2]!);
    expect(seeds).toEqual(new Set([-1, 1]));
    expect(() => makeEnvironment('MemoryLength-bsuite', { memoryLength: 0 })).toThrow(ConfigError);
    expect(() => makeEnvironment('MemoryLength-bsuite', { length: 3 })).toThrow(ConfigError);
  });
});
