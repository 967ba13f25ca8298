import { ConfigError } from '../../lib/core/errors';
import { GymEnvironment } from '../../environments/gym_environment';
import { CartPole } from '../../environments/classic_control/cart_pole';
import {
  closestId,
  environmentSpec,
  listEnvironments,
  makeEnvironment,
  registerEnvironment,
} from '../../environments/registry';

const CLASSIC = ['CartPole-v0', 'CartPole-v1', 'MountainCar-v0', 'MountainCarContinuous-v0', 'Pendulum-v1', 'Acrobot-v1'];

describe('environment registry', () => {
  it('lists the classic-control ids with their gymnasium time limits', () => {
    expect(listEnvironments()).toEqual(expect.arrayContaining(CLASSIC));
    const limits = Object.fromEntries(CLASSIC.map((id) => [id, makeEnvironment(id).maxEpisodeSteps]));
    expect(limits).toEqual({
      'CartPole-v0': 200,
      'CartPole-v1': 500,
      'MountainCar-v0': 200,
      'MountainCarContinuous-v0': 999,
      'Pendulum-v1': 200,
      'Acrobot-v1': 500,
    });
    for (const id of CLASSIC) {
      const env = makeEnvironment(id);
      expect(env.name).toBe(id);
      expect(environmentSpec(id).actionKind).toBe(env.actionSpace.kind);
      expect(environmentSpec(id).family).toBe('classic_control');
    }
  });

  it('rejects an unknown id listing the known ids and suggesting a close one', () => {
    expect(() => makeEnvironment('CartPole-v2')).toThrow(ConfigError);
    let message = '';
    try {
      makeEnvironment('cartpole-v1');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('Unknown environment id "cartpole-v1"');
    expect(message).toContain('Did you mean "CartPole-v1"?');
    for (const id of CLASSIC) expect(message).toContain(id);
    expect(closestId('Pendulum', CLASSIC)).toBe('Pendulum-v1');
    expect(closestId('Breakout-v5', CLASSIC)).toBeUndefined();
    expect(() => makeEnvironment('Breakout-v5')).not.toThrow(/Did you mean/);
  });

  it('rejects unknown or non-numeric options, naming the valid ones', () => {
    expect(() => makeEnvironment('Pendulum-v1', { gravity: 9.8 })).toThrow(
      /Unknown option "gravity" for Pendulum-v1; valid options: maxEpisodeSteps, max_episode_steps, g/,
    );
    expect(() => makeEnvironment('Pendulum-v1', { g: 'ten' })).toThrow(/finite number; received ten/);
    expect(makeEnvironment('CartPole-v1', { max_episode_steps: 10 }).maxEpisodeSteps).toBe(10);
    expect(() => makeEnvironment('CartPole-v1', { maxEpisodeSteps: 2.5 })).toThrow(ConfigError);
  });

  it('lets later families register their own ids, once', () => {
    registerEnvironment(
      'TestPole-v0',
      () => new GymEnvironment(() => new CartPole('TestPole-v0'), { name: 'TestPole-v0', maxEpisodeSteps: 5 }),
      { family: 'test', maxEpisodeSteps: 5, actionKind: 'discrete' },
    );
    expect(listEnvironments()).toContain('TestPole-v0');
    const env = makeEnvironment('TestPole-v0');
    expect(env.maxEpisodeSteps).toBe(5);
    expect(env.duplicate(2).envs[1]!.name).toBe('TestPole-v0');
    expect(() =>
      registerEnvironment('TestPole-v0', () => env, { family: 'test', maxEpisodeSteps: 5, actionKind: 'discrete' }),
    ).toThrow(/already registered/);
  });
});
