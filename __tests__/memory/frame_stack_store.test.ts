/**
 * Replay of stacked frames without duplication: buffers fed FrameStack's stacks (which say
 * `info.stackedFrames`) keep each frame once, and sample exactly what buffers storing each stack
 * whole sample, for uniform, prioritized and n-step prioritized replay, across episode ends and
 * after the ring wrapped.
 */
import { FrameStack } from '../../lib/bodies';
import { ShapeError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { State } from '../../lib/core/state';
import type { Agent } from '../../lib/agents/agent';
import { ExperienceReplayBuffer } from '../../lib/memory/experience_replay';
import { FrameStackStore } from '../../lib/memory/frame_stack_store';
import { NStepReplayBuffer } from '../../lib/memory/n_step_replay';
import { PrioritizedReplayBuffer } from '../../lib/memory/prioritized_replay';
import type { ReplayBuffer } from '../../lib/memory/types';
import { captureSnapshot, restoreSnapshot } from '../../lib/core/snapshot';

/** Captures the stacked state FrameStack hands over. */
class Capture implements Agent {
  last: State | undefined;
  act(state: State): number {
    this.last = state;
    return 0;
  }
}

/** Random 3x2x1 uint8 frames in episodes of random length; returns stacked states (lazy-marked and plain copies). */
function stackedEpisodes(steps: number, seed: number): { lazy: State[]; plain: State[] } {
  const rng = new Random(seed);
  const capture = new Capture();
  const body = new FrameStack(capture, 4);
  const lazy: State[] = [];
  const plain: State[] = [];
  let t = 0;
  for (let i = 0; i < steps; i++) {
    const end = t > 2 && rng.uniform() < 0.15;
    const frame = new State<Uint8Array>({
      observation: Uint8Array.from({ length: 6 }, () => rng.int(4)), // few values: equal frames happen too
      shape: [3, 2, 1],
      reward: rng.int(3) - 1,
      terminated: end,
      info: {},
    }) as unknown as State;
    body.act(frame);
    const s = capture.last!;
    expect(s.info.stackedFrames).toBe(4);
    lazy.push(s);
    plain.push(new State({ observation: s.observation, shape: s.shape, reward: s.reward, terminated: s.terminated }));
    t = end ? 0 : t + 1;
  }
  return { lazy, plain };
}

function feed(buffer: ReplayBuffer, states: State[]): void {
  for (let i = 1; i < states.length; i++) buffer.store(states[i - 1]!, i % 4, states[i]!);
}

describe('FrameStackStore in a checkpoint', () => {
  test('a buffer of stacked frames restored from a snapshot into a fresh, empty buffer samples the same', () => {
    const { lazy } = stackedEpisodes(120, 11);
    const original = new ExperienceReplayBuffer(50, { rng: new Random(5) });
    feed(original, lazy);
    const snap = captureSnapshot({ replay: original });
    const fresh = new ExperienceReplayBuffer(50, { rng: new Random(99) }); // no store yet: created lazily on the first state
    restoreSnapshot({ replay: fresh }, snap);
    expect(fresh.length).toBe(original.length);
    for (let round = 0; round < 3; round++) {
      const x = original.sample(16);
      const y = fresh.sample(16);
      expect(Array.from(y.indices)).toEqual(Array.from(x.indices));
      expect(Array.from(y.states)).toEqual(Array.from(x.states));
      expect(Array.from(y.nextStates)).toEqual(Array.from(x.nextStates));
    }
    // and both keep storing the same way
    const more = stackedEpisodes(40, 12).lazy;
    feed(original, more);
    feed(fresh, more);
    expect(Array.from(fresh.sample(16).states)).toEqual(Array.from(original.sample(16).states));
  });
});

describe('FrameStackStore in replay', () => {
  const makers: [string, (rng: Random) => ReplayBuffer][] = [
    ['uniform', (rng) => new ExperienceReplayBuffer(50, { rng })],
    ['prioritized', (rng) => new PrioritizedReplayBuffer(50, { rng, alpha: 0.5, beta: 0.5 })],
    ['n-step prioritized', (rng) => new NStepReplayBuffer(3, 0.9, new PrioritizedReplayBuffer(50, { rng, alpha: 0.5, beta: 0.5 }))],
  ];
  for (const [name, make] of makers) {
    test(`${name}: sampled stacks equal stacks stored whole, across episode ends and after wrapping`, () => {
      const { lazy, plain } = stackedEpisodes(200, 7);
      const a = make(new Random(3));
      const b = make(new Random(3));
      feed(a, lazy);
      feed(b, plain);
      expect(a.length).toBe(b.length);
      for (let round = 0; round < 3; round++) {
        const x = a.sample(16);
        const y = b.sample(16);
        expect(x.stateShape).toEqual([3, 2, 4]);
        expect(Array.from(x.indices)).toEqual(Array.from(y.indices));
        expect(Array.from(x.states)).toEqual(Array.from(y.states));
        expect(Array.from(x.nextStates)).toEqual(Array.from(y.nextStates));
        expect(Array.from(x.rewards)).toEqual(Array.from(y.rewards));
        expect(Array.from(x.nextMasks)).toEqual(Array.from(y.nextMasks));
        if (a.usesPriorities !== false) {
          a.updatePriorities(x.indices, Array.from(x.indices, (i) => 1 + (i % 5)));
          b.updatePriorities(y.indices, Array.from(y.indices, (i) => 1 + (i % 5)));
        }
      }
    });
  }

  test('each frame is kept once: Atari-sized stacks cost about one 84x84 frame per transition', () => {
    const capture = new Capture();
    const body = new FrameStack(capture, 4);
    const rng = new Random(0);
    const lazy = new ExperienceReplayBuffer(1000, { rng });
    const plain = new ExperienceReplayBuffer(1000, { rng: new Random(0) });
    let prev: State | undefined;
    let prevPlain: State | undefined;
    for (let i = 0; i < 1000; i++) {
      body.act(new State<Uint8Array>({ observation: Uint8Array.from({ length: 7056 }, (_, p) => (p * 31 + i * 7) % 256), shape: [84, 84, 1], terminated: i % 100 === 99 }) as unknown as State);
      const s = capture.last!;
      const sp = new State({ observation: s.observation, shape: s.shape, terminated: s.terminated });
      if (prev !== undefined) {
        lazy.store(prev, 0, s);
        plain.store(prevPlain!, 0, sp);
      }
      prev = s;
      prevPlain = sp;
    }
    // the whole-stack ring holds ~one 28 KB stack per transition, the frame store ~one 7 KB frame
    expect(plain.storageBytes / plain.length).toBeGreaterThan(4 * 7056);
    expect(lazy.storageBytes / lazy.length).toBeLessThan(1.2 * 7056 + 100); // chunks of 1,024 frames, stack records and fields
    const store = new FrameStackStore(new Uint8Array(4 * 7056), [84, 84, 4], 4, { chunkFrames: 64 });
    const small = new ExperienceReplayBuffer(1000, { rng: new Random(1) });
    (small as unknown as { ring: FrameStackStore }).ring = store;
    let p: State | undefined;
    for (let i = 0; i < 500; i++) {
      body.act(new State<Uint8Array>({ observation: Uint8Array.from({ length: 7056 }, (_, q) => (q + i) % 256), shape: [84, 84, 1] }) as unknown as State);
      if (p !== undefined) small.store(p, 0, capture.last!);
      p = capture.last!;
    }
    // the first stack continues the run above, so its 4 frames are all new; then one new frame per stack
    expect(store.framesStored).toBe(4 + 499);
    expect(store.bytes / 7056).toBeLessThan(500 + 64 + 64); // frames in chunks of 64, plus the stack records
  });

  test('recycles chunks once older than what is live, and still rebuilds every live stack', () => {
    const store = new FrameStackStore(new Uint8Array(8), [2, 2, 2], 2, { chunkFrames: 4 });
    const stacks: Uint8Array[] = [];
    const serials: number[] = [];
    for (let i = 0; i < 40; i++) {
      const stack = Uint8Array.from([i, i + 1, i + 100, i + 101, i + 2, i + 3, i + 102, i + 103].map((v) => v % 256));
      const fresh = i % 10 === 0 ? stack.map((v) => (v + 50) % 256) : stack; // every 10th stack breaks the chain
      stacks.push(fresh);
      serials.push(store.add(fresh, Math.max(0, i - 8)));
    }
    expect(serials).toEqual(Array.from({ length: 40 }, (_, i) => i));
    for (let i = 32; i < 40; i++) {
      const out = new Float32Array(8);
      store.copyTo(i, out, 0);
      expect([i, ...out]).toEqual([i, ...stacks[i]!]);
    }
    expect(store.bytes).toBeLessThan(40 * 8);
    expect(store.add(stacks[39]!, 32)).toBe(39); // equal to the newest: shared
    expect(() => store.add(new Uint8Array(3), 0)).toThrow(ShapeError);
    expect(() => new FrameStackStore(new Uint8Array(6), [1, 2, 3], 2)).toThrow(ShapeError);
  });
});
