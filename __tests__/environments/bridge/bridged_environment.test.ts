/**
 * gym:<id> environments as allts Environments: spaces, seeding, action checks, rendering, and the
 * vector environment (copies in one Python process, one round trip per step, ALL's reset semantics).
 */
import { makeEnvironment, environmentSpec } from '../../../environments';
import { closeSharedBridges, sharedBridge } from '../../../environments/bridge/bridge';
import { ConfigError, SpaceError, StateError } from '../../../lib/core/errors';

afterAll(() => closeSharedBridges());

describe('gym:<id> environments', () => {
  test('spaces, time limit, seeding and action checks', () => {
    const env = makeEnvironment('gym:CartPole-v1');
    expect(env.name).toBe('gym:CartPole-v1');
    expect(env.maxEpisodeSteps).toBe(500);
    expect(env.actionSpace.toString()).toBe('Discrete(2)');
    expect(env.observationSpace.shape).toEqual([4]);
    expect(() => env.step(0)).toThrow(StateError);
    const a = Array.from(env.reset({ seed: 3 }).observation);
    expect(Array.from(env.reset({ seed: 3 }).observation)).toEqual(a);
    expect(Array.from(env.reset({ seed: 4 }).observation)).not.toEqual(a);
    expect(() => env.step(2)).toThrow(SpaceError);
    expect(() => env.step(0.5)).toThrow(/integer in Discrete\(2\) = \{0, 1\}/);
    const s = env.step(1);
    expect(s.reward).toBe(1);
    expect(environmentSpec('gym:Pendulum-v1').actionKind).toBe('box');
    expect(makeEnvironment('gym:CartPole-v1', { maxEpisodeSteps: 7 }).maxEpisodeSteps).toBe(7);
    env.close();
    expect(() => env.reset()).toThrow(StateError);
  });

  test('rgb_array rendering needs renderMode and returns a frame', () => {
    const env = makeEnvironment('gym:CartPole-v1', { renderMode: 'rgb_array' });
    env.reset({ seed: 0 });
    const frame = env.render('rgb_array');
    expect([frame.height, frame.width, frame.data.length]).toEqual([400, 600, 400 * 600 * 3]);
    const plain = makeEnvironment('gym:CartPole-v1');
    plain.reset();
    expect(() => plain.render('rgb_array')).toThrow(/render_mode='rgb_array'/);
    expect(() => makeEnvironment('gym:CartPole-v1', { python: 3 })).toThrow(ConfigError);
  });

  test('a vector of copies equals copies stepped one by one, with done copies reset instead', () => {
    const n = 4;
    const vec = makeEnvironment('gym:CartPole-v1', { maxEpisodeSteps: 12 }).duplicate(n);
    const singles = Array.from({ length: n }, () => makeEnvironment('gym:CartPole-v1', { maxEpisodeSteps: 12 }));
    vec.reset({ seed: 10 });
    singles.forEach((e, i) => e.reset({ seed: 10 + i }));
    let resets = 0;
    for (let t = 0; t < 40; t++) {
      const actions = Array.from({ length: n }, (_, i) => (t * 7 + i * 3) % 2);
      const before = vec.stateArray;
      const got = vec.step(actions);
      singles.forEach((e, i) => {
        const done = before.terminated[i] === 1 || before.truncated[i] === 1;
        const s = done ? e.reset() : e.step(actions[i]!);
        if (done) resets++;
        expect(Array.from(got.observation.subarray(i * 4, i * 4 + 4))).toEqual(Array.from(s.observation));
        expect([t, i, got.reward[i], got.terminated[i], got.truncated[i]]).toEqual([t, i, s.reward, s.terminated ? 1 : 0, s.truncated ? 1 : 0]);
        expect(Array.from(vec.envs[i]!.state.observation)).toEqual(Array.from(s.observation));
      });
    }
    expect(resets).toBeGreaterThan(4);
    vec.close();
  });

  test('Box actions (Pendulum) cross as float32 arrays', () => {
    const env = makeEnvironment('gym:Pendulum-v1');
    env.reset({ seed: 0 });
    expect(() => env.step(Float32Array.of(1, 2))).toThrow(SpaceError);
    const vec = env.duplicate(3);
    vec.reset({ seed: 0 });
    const s = vec.step(Float32Array.of(-2, 0, 2));
    expect(s.observation.length).toBe(9);
    expect(sharedBridge().process.alive).toBe(true);
    vec.close();
  });

  test('Atari (ale-py): uint8 frames with their shape, 18 or minimal actions', () => {
    const env = makeEnvironment('gym:ALE/Breakout-v5', { repeatActionProbability: 0 });
    expect(env.observationSpace.dtype).toBe('uint8');
    expect(env.observationSpace.shape).toEqual([210, 160, 3]);
    expect(env.actionSpace.toString()).toBe('Discrete(4)');
    const s0 = env.reset({ seed: 0 });
    expect(s0.observation).toBeInstanceOf(Uint8Array);
    expect(s0.observation.length).toBe(210 * 160 * 3);
    expect(typeof s0.info.lives).toBe('number');
    const s1 = env.step(1);
    expect(s1.observation).toBeInstanceOf(Uint8Array);
    env.close();
  });
});
