import { ConfigError, ShapeError, SpaceError, StateError } from '../../lib/core/errors';
import { StateArray } from '../../lib/core/state';
import { DuplicateEnvironment } from '../../environments/duplicate';
import { makeEnvironment } from '../../environments/registry';

describe('DuplicateEnvironment', () => {
  it('is what env.duplicate(n) returns, with fresh independent copies', () => {
    const env = makeEnvironment('CartPole-v1');
    const vec = env.duplicate(3);
    expect(vec).toBeInstanceOf(DuplicateEnvironment);
    expect(vec.numEnvs).toBe(3);
    expect(vec.name).toBe('CartPole-v1');
    expect(vec.envs[0]).not.toBe(env);
    expect(vec.envs[0]).not.toBe(vec.envs[1]);
    expect(vec.envs[0]!.maxEpisodeSteps).toBe(500);
    expect(vec.observationSpace.shape).toEqual([4]);
    expect(vec.actionSpace.toString()).toBe('Discrete(2)');
    expect(() => env.duplicate(0)).toThrow(ConfigError);
  });

  it('keeps the options of the original (through the registry)', () => {
    const vec = makeEnvironment('Pendulum-v1', { g: 9.81, maxEpisodeSteps: 7 }).duplicate(2);
    expect(vec.envs[1]!.maxEpisodeSteps).toBe(7);
    expect((vec.envs[1]!.unwrapped as unknown as { g: number }).g).toBe(9.81);
  });

  it('seeds copy i with seed + i', () => {
    const vec = makeEnvironment('CartPole-v1').duplicate(3);
    const states = vec.reset({ seed: 10 });
    expect(states).toBeInstanceOf(StateArray);
    expect(states.batchShape).toEqual([3, 4]);
    for (let i = 0; i < 3; i++) {
      const single = makeEnvironment('CartPole-v1').reset({ seed: 10 + i });
      expect(Array.from(states.get(i).observation)).toEqual(Array.from(single.observation));
    }
    expect(Array.from(states.get(0).observation)).not.toEqual(Array.from(states.get(1).observation));
    expect(Array.from(states.reward)).toEqual([0, 0, 0]);
    expect(Array.from(states.mask)).toEqual([1, 1, 1]);
    expect(Array.from(states.done)).toEqual([0, 0, 0]);
  });

  it('steps each copy with its own action and returns a StateArray', () => {
    const vec = makeEnvironment('CartPole-v1').duplicate(2);
    vec.reset({ seed: 0 });
    const a = makeEnvironment('CartPole-v1');
    const b = makeEnvironment('CartPole-v1');
    a.reset({ seed: 0 });
    b.reset({ seed: 1 });
    const s = vec.step([0, 1]);
    expect(Array.from(s.get(0).observation)).toEqual(Array.from(a.step(0).observation));
    expect(Array.from(s.get(1).observation)).toEqual(Array.from(b.step(1).observation));
    expect(Array.from(s.reward)).toEqual([1, 1]);
    expect(vec.stateArray).toBe(s);
    const t = vec.step(Int32Array.from([1, 1]));
    expect(t.observation.length).toBe(8);
  });

  it('resets a done copy on the next step, ignoring its action, and continues its seeded stream', () => {
    const vec = makeEnvironment('CartPole-v1').duplicate(2);
    vec.reset({ seed: 3 });
    vec.envs[0]!.unwrapped.state = Float64Array.of(2.39, 1, 0, 0);
    const ended = vec.step([1, 1]);
    expect(Array.from(ended.terminated)).toEqual([1, 0]);
    expect(Array.from(ended.mask)).toEqual([0, 1]);
    expect(ended.reward[0]).toBe(1);
    // the reference: copy 0 seeded with 3, one reset consumed, then reset again without a seed
    const reference = makeEnvironment('CartPole-v1');
    reference.reset({ seed: 3 });
    const expectedRestart = Array.from(reference.reset().observation);
    const next = vec.step([99, 0]); // copy 0's action is invalid but ignored
    expect(Array.from(next.get(0).observation)).toEqual(expectedRestart);
    expect(next.reward[0]).toBe(0);
    expect(next.terminated[0]).toBe(0);
    expect(next.reward[1]).toBe(1);
    // an invalid action for a live copy is still rejected
    expect(() => vec.step([0, 99])).toThrow(SpaceError);
  });

  it('resets truncated copies too', () => {
    const vec = makeEnvironment('Pendulum-v1', { maxEpisodeSteps: 2 }).duplicate(2);
    vec.reset({ seed: 0 });
    const zero = [new Float32Array([0]), new Float32Array([0])];
    expect(Array.from(vec.step(zero).truncated)).toEqual([0, 0]);
    const second = vec.step(zero);
    expect(Array.from(second.truncated)).toEqual([1, 1]);
    expect(Array.from(second.mask)).toEqual([1, 1]);
    const third = vec.step(zero);
    expect(Array.from(third.truncated)).toEqual([0, 0]);
    expect(Array.from(third.reward)).toEqual([0, 0]);
  });

  it('accepts Box actions as Float32Array[] or one flat Float32Array', () => {
    const a = makeEnvironment('Pendulum-v1').duplicate(3);
    const b = makeEnvironment('Pendulum-v1').duplicate(3);
    a.reset({ seed: 1 });
    b.reset({ seed: 1 });
    const sa = a.step([new Float32Array([0.5]), new Float32Array([-1]), new Float32Array([2])]);
    const sb = b.step(new Float32Array([0.5, -1, 2]));
    expect(Array.from(sa.observation)).toEqual(Array.from(sb.observation));
    expect(Array.from(sa.reward)).toEqual(Array.from(sb.reward));
    const c = makeEnvironment('Pendulum-v1').duplicate(3);
    c.reset({ seed: 1 });
    const sc = c.step([0.5, -1, 2] as unknown as Float32Array); // a flat number[] works too
    expect(Array.from(sc.observation)).toEqual(Array.from(sa.observation));
  });

  it('rejects a wrong number of actions and stepping before reset', () => {
    const vec = makeEnvironment('CartPole-v1').duplicate(3);
    expect(() => vec.step([0, 0, 0])).toThrow(StateError);
    expect(() => vec.stateArray).toThrow(StateError);
    vec.reset({ seed: 0 });
    expect(() => vec.step([0, 1])).toThrow(ShapeError);
    expect(() => vec.step([0, 1])).toThrow(/needs one action per copy \(3\); received 2/);
    const box = makeEnvironment('Pendulum-v1').duplicate(2);
    box.reset({ seed: 0 });
    expect(() => box.step(new Float32Array([0, 0, 0]))).toThrow(/flat Float32Array of 2.*received a Float32Array of 3 values/);
    expect(() => box.step([new Float32Array([0])])).toThrow(/one action per copy \(2\); received 1 \(an array\)/);
  });

  it('needs at least one copy of one environment', () => {
    expect(() => new DuplicateEnvironment([])).toThrow(ConfigError);
    expect(() => new DuplicateEnvironment([makeEnvironment('CartPole-v1'), makeEnvironment('CartPole-v0')])).toThrow(
      /same environment/,
    );
  });
});
