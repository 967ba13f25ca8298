/**
 * Bodies against hand-computed values: what the wrapped agent sees (stacks across episode
 * boundaries, clipped rewards, life-lost terminals), single and parallel.
 */
import { ClipRewards, DeepmindAtariBody, EpisodicLives, FrameStack, stackFrames } from '../../lib/bodies';
import { ConfigError, ShapeError } from '../../lib/core/errors';
import { State, StateArray } from '../../lib/core/state';
import type { Agent, ParallelAgent } from '../../lib/agents/agent';

/** Records what it receives; acts 1 (single) or [0, 1, ...] (parallel). */
class Recorder implements Agent, ParallelAgent {
  seen: (State | StateArray)[] = [];
  act(state: State): number;
  act(states: StateArray): Int32Array;
  act(state: State | StateArray): number | Int32Array {
    this.seen.push(state);
    return state instanceof StateArray ? Int32Array.from({ length: state.length }, (_, i) => i) : 1;
  }
}

/** A 1x2x1 uint8 frame [a, b]. */
const frame = (a: number, b: number, init: { reward?: number; terminated?: boolean; truncated?: boolean; lifeLost?: boolean } = {}) =>
  new State<Uint8Array>({ observation: Uint8Array.from([a, b]), shape: [1, 2, 1], reward: init.reward ?? 0, terminated: init.terminated, truncated: init.truncated, info: { lifeLost: init.lifeLost ?? false } }) as unknown as State;

describe('FrameStack', () => {
  test('stacks the last 3 frames channels-last, oldest first, filling with the first and carrying over episode ends (as ALL)', () => {
    const agent = new Recorder();
    const body = new FrameStack(agent, 3);
    expect(body.act(frame(1, 2))).toBe(1);
    body.act(frame(3, 4));
    body.act(frame(5, 6, { terminated: true }));
    body.act(frame(7, 8)); // first state of the next episode: the stack still holds the last two frames
    const seen = agent.seen as State[];
    expect(seen.map((s) => Array.from(s.observation))).toEqual([
      [1, 1, 1, 2, 2, 2],
      [1, 1, 3, 2, 2, 4],
      [1, 3, 5, 2, 4, 6],
      [3, 5, 7, 4, 6, 8],
    ]);
    expect(seen[0]!.shape).toEqual([1, 2, 3]);
    expect(seen[0]!.observation).toBeInstanceOf(Uint8Array);
    expect(seen[2]!.terminated).toBe(true);
    expect(seen[2]!.info.lifeLost).toBe(false);
  });

  test('each copy of a StateArray has its own stack; flat observations stack end to end', () => {
    const agent = new Recorder();
    const body = new FrameStack(agent, 2);
    const arr = (a: number[], b: number[]) => new StateArray({
      observation: Float32Array.from([...a, ...b]), shape: [2], reward: new Float32Array(2), terminated: new Uint8Array(2), truncated: new Uint8Array(2),
    });
    expect(Array.from(body.act(arr([1, 2], [3, 4])) as Int32Array)).toEqual([0, 1]);
    body.act(arr([5, 6], [7, 8]));
    const seen = agent.seen as StateArray[];
    expect(seen[1]!.shape).toEqual([4]);
    expect(Array.from(seen[0]!.observation)).toEqual([1, 2, 1, 2, 3, 4, 3, 4]);
    expect(Array.from(seen[1]!.observation)).toEqual([1, 2, 5, 6, 3, 4, 7, 8]);
    expect(Array.from(stackFrames([Uint8Array.from([1, 2, 3, 4]), Uint8Array.from([5, 6, 7, 8])], [1, 2, 2], new Uint8Array(8)))).toEqual([1, 2, 5, 6, 3, 4, 7, 8]);
    expect(() => new FrameStack(agent, 0)).toThrow(ConfigError);
    expect(() => new FrameStack(agent, 2).act(new State({ observation: new Float32Array(4), shape: [2, 2] }))).toThrow(ShapeError);
  });
});

describe('ClipRewards and EpisodicLives', () => {
  test('rewards become their sign; environment flags are kept', () => {
    const agent = new Recorder();
    const body = new ClipRewards(agent);
    for (const r of [4, -0.5, 0, 1]) body.act(frame(0, 0, { reward: r, truncated: r === 1 }));
    expect((agent.seen as State[]).map((s) => [s.reward, s.truncated])).toEqual([[1, false], [-1, false], [0, false], [1, true]]);
    const parallel = new Recorder();
    new ClipRewards(parallel).act(new StateArray({ observation: new Float32Array(3), shape: [1], reward: Float32Array.from([-3, 0, 250]), terminated: new Uint8Array(3), truncated: new Uint8Array(3) }));
    expect(Array.from((parallel.seen[0] as StateArray).reward)).toEqual([-1, 0, 1]);
  });

  test('a lost life is terminal (mask 0) for the agent; other states pass unchanged', () => {
    const agent = new Recorder();
    const body = new EpisodicLives(agent);
    const plain = frame(0, 0);
    body.act(plain);
    body.act(frame(0, 0, { lifeLost: true, reward: 1 }));
    const seen = agent.seen as State[];
    expect(seen[0]).toBe(plain);
    expect([seen[1]!.terminated, seen[1]!.mask, seen[1]!.done, seen[1]!.reward]).toEqual([true, 0, true, 1]);
    const parallel = new Recorder();
    new EpisodicLives(parallel).act(new StateArray({
      observation: new Float32Array(3), shape: [1], reward: new Float32Array(3), terminated: Uint8Array.from([0, 0, 1]), truncated: new Uint8Array(3),
      info: [{ lifeLost: true }, { lifeLost: false }, {}],
    }));
    expect(Array.from((parallel.seen[0] as StateArray).mask)).toEqual([0, 1, 0]);
  });
});

describe('DeepmindAtariBody', () => {
  test('the agent sees 4 stacked frames, clipped rewards and life-lost terminals; parts switch off', () => {
    const agent = new Recorder();
    const body = new DeepmindAtariBody(agent);
    body.act(frame(9, 8));
    body.act(frame(7, 6, { reward: 5, lifeLost: true }));
    const seen = agent.seen as State[];
    expect(Array.from(seen[1]!.observation)).toEqual([9, 9, 9, 7, 8, 8, 8, 6]);
    expect([seen[1]!.reward, seen[1]!.terminated]).toEqual([1, true]);
    const bare = new Recorder();
    new DeepmindAtariBody(bare, { frameStack: 1, clipRewards: false, episodicLives: false }).act(frame(7, 6, { reward: 5, lifeLost: true }));
    const s = bare.seen[0] as State;
    expect([Array.from(s.observation), s.reward, s.terminated]).toEqual([[7, 6], 5, false]);
  });
});
