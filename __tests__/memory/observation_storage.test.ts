/**
 * What replay storage holds: observations in their own type, each once. Bytes per transition are
 * computed by hand for a CartPole-like stream (4 float32 values) and for 10x10x4 uint8 frames.
 */
import { Random } from '../../lib/core/random';
import { type Observation, State } from '../../lib/core/state';
import { ExperienceReplayBuffer } from '../../lib/memory/experience_replay';
import { NStepReplayBuffer } from '../../lib/memory/n_step_replay';
import { PrioritizedReplayBuffer } from '../../lib/memory/prioritized_replay';

/** Stores `episodes` episodes of `length` steps, chained as an agent stores them, each ending truncated. */
function fillEpisodes(
  buffer: { store(s: State<Observation>, a: number, n: State<Observation>): void },
  episodes: number,
  length: number,
  observation: (k: number) => Observation,
  shape: readonly number[],
): void {
  let k = 0;
  for (let e = 0; e < episodes; e++) {
    let state = new State({ observation: observation(k++), shape });
    for (let t = 0; t < length; t++) {
      const next = new State({ observation: observation(k++), shape, reward: 1, truncated: t === length - 1 });
      buffer.store(state, t % 2, next);
      state = next;
    }
  }
}

describe('replay observation storage', () => {
  it('carries a uint8 observation from State through replay to the batch with its values intact', () => {
    const frames = [[0, 1, 127, 128, 200, 254, 255, 7], [255, 0, 9, 99, 250, 3, 128, 64]];
    const pixels = (k: number) => Uint8Array.from(frames[k]!);
    const buffer = new ExperienceReplayBuffer(16, { rng: new Random(0) });
    const first = new State({ observation: pixels(0), shape: [2, 2, 2] });
    const second = new State({ observation: pixels(1), shape: [2, 2, 2], reward: 3, terminated: true });
    expect(first.observation).toBeInstanceOf(Uint8Array);
    buffer.store(first, 1, second);
    expect(buffer.observationType).toBe('uint8');
    // ring: 16 transitions + ceil(16 / 8) + 2 margin = 20 slots of 8 bytes; 21 bytes of fields per transition
    expect(buffer.storageBytes).toBe(20 * 8 + 16 * 21);
    const batch = buffer.sample(2);
    expect(batch.stateShape).toEqual([2, 2, 2]);
    expect(batch.states).toBeInstanceOf(Float32Array); // the network's batch: converted on gather
    expect(Array.from(batch.states)).toEqual([...pixels(0), ...pixels(0)]);
    expect(Array.from(batch.nextStates)).toEqual([...pixels(1), ...pixels(1)]);
    expect(Array.from(batch.rewards)).toEqual([3, 3]);
    expect(Array.from(batch.nextMasks)).toEqual([0, 0]);
  });

  it('a uint8 buffer refuses float observations (one buffer per observation type)', () => {
    const buffer = new ExperienceReplayBuffer(4, { rng: new Random(0) });
    const frame = (v: number) => new State({ observation: Uint8Array.from([v, v]) });
    buffer.store(frame(1), 0, frame(2));
    expect(() => buffer.store(frame(2), 0, new State({ observation: [0.5, 0.5] }))).toThrow(
      /holds uint8 observations of shape \[2\] but received a Float32Array/,
    );
    expect(buffer.length).toBe(1);
  });

  it('stores a chain of one-step transitions in about one observation each: CartPole, 37.4 bytes instead of 48', () => {
    // 1000 transitions in 20 episodes of 50 steps: 1000 + 20 final observations live (+1 while
    // storing), so the ring doubles 256 -> 512 -> 1024 slots and stays there (soft limit 1127).
    // Observations: 1024 x 4 values x 4 bytes = 16384; fields per transition: two 4-byte
    // references, action 4, reward 4, mask 1, steps 4 = 21 bytes, x 1000 = 21000.
    // Two float32 copies per transition took 2 x 16 + action 4 + reward 4 + mask 4 + steps 4 = 48.
    const buffer = new ExperienceReplayBuffer(1000, { rng: new Random(0) });
    fillEpisodes(buffer, 40, 50, (k) => Float32Array.from([k, -k, k / 2, 1]), [4]);
    expect(buffer.length).toBe(1000);
    expect(buffer.storageBytes).toBe(16384 + 21000);
    expect(buffer.storageBytes / 1000).toBeCloseTo(37.384, 10);
  });

  it('stores 10x10x4 uint8 frames in 430.6 bytes per transition instead of 3216', () => {
    // The same stream with 400-byte frames: 1024 x 400 + 1000 x 21 = 430600 bytes. Before, a
    // uint8 frame became float32 in State and two copies were kept: 2 x 1600 + 16 = 3216 bytes.
    const buffer = new PrioritizedReplayBuffer(1000, { alpha: 0.5, beta: 0.5, rng: new Random(0) });
    fillEpisodes(buffer, 40, 50, (k) => new Uint8Array(400).fill(k % 256), [10, 10, 4]);
    expect(buffer.storageBytes).toBe(1024 * 400 + 1000 * 21);
    const batch = buffer.sample(3);
    for (let i = 0; i < 3; i++) {
      // slot s holds episode-step t of a later episode; its next frame's value is its frame's + 1
      const k = batch.states[i * 400]!;
      expect(batch.states.subarray(i * 400, (i + 1) * 400).every((v) => v === k)).toBe(true);
      expect(batch.nextStates[i * 400]).toBe((k + 1) % 256);
    }
  });

  it('an n-step buffer shares observations too: s_{t+n} ends one transition and starts another', () => {
    const inner = new ExperienceReplayBuffer(1000, { rng: new Random(0) });
    fillEpisodes(new NStepReplayBuffer(3, 0.9, inner), 40, 50, (k) => Float32Array.from([k, 0, 0, 0]), [4]);
    expect(inner.length).toBe(1000);
    expect(inner.storageBytes).toBe(16384 + 21000); // as for one-step replay
    const batch = inner.sample(64);
    for (let i = 0; i < 64; i++) {
      const steps = batch.steps[i]!;
      expect(batch.nextStates[4 * i]).toBe(batch.states[4 * i]! + steps); // observation k -> k + steps
    }
  });
});
