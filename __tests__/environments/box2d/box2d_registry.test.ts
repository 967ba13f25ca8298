import { ConfigError } from '../../../lib/core/errors';
import { BOX2D_IDS } from '../../../environments/box2d/index';
import { environmentSpec, listEnvironments, makeEnvironment } from '../../../environments/registry';

describe('Box2D registrations', () => {
  it('registers every id with gymnasium time limits and thresholds', () => {
    // gymnasium/envs/__init__.py: landers 1000 steps / 200, walker 1600 / 300, hardcore 2000 / 300
    const expected: Record<string, [number, number, 'discrete' | 'box']> = {
      'LunarLander-v2': [1000, 200, 'discrete'],
      'LunarLanderContinuous-v2': [1000, 200, 'box'],
      'LunarLander-v3': [1000, 200, 'discrete'],
      'LunarLanderContinuous-v3': [1000, 200, 'box'],
      'BipedalWalker-v3': [1600, 300, 'box'],
      'BipedalWalkerHardcore-v3': [2000, 300, 'box'],
    };
    expect([...BOX2D_IDS].sort()).toEqual(Object.keys(expected).sort());
    for (const [id, [steps, threshold, kind]] of Object.entries(expected)) {
      expect(listEnvironments()).toContain(id);
      const spec = environmentSpec(id);
      expect([spec.family, spec.maxEpisodeSteps, spec.rewardThreshold, spec.actionKind]).toEqual(['box2d', steps, threshold, kind]);
      const env = makeEnvironment(id);
      expect(env.name).toBe(id);
      expect(env.maxEpisodeSteps).toBe(steps);
    }
  });

  it('rejects unknown and wrongly typed options with the valid names', () => {
    expect(() => makeEnvironment('BipedalWalker-v3', { gravity: -5 })).toThrow(/valid options: maxEpisodeSteps, max_episode_steps, hardcore/);
    expect(() => makeEnvironment('BipedalWalker-v3', { hardcore: 1 })).toThrow(ConfigError);
    expect(() => makeEnvironment('LunarLander-v2', { windPower: '3' })).toThrow(/finite number/);
    expect(() => makeEnvironment('LunarLander-v2', { maxEpisodeSteps: 0 })).toThrow(ConfigError);
  });

  it('duplicates into a vector environment that steps every copy', () => {
    const vec = makeEnvironment('LunarLander-v3', { continuous: true }).duplicate(2);
    const first = vec.reset({ seed: 3 });
    expect(first.observation.length).toBe(16);
    // copies get seeds 3 and 4, so they start apart
    expect(Array.from(first.observation.slice(0, 8))).not.toEqual(Array.from(first.observation.slice(8)));
    const next = vec.step([Float32Array.of(1, 0), Float32Array.of(-1, 0)]);
    expect(next.observation.length).toBe(16);
    expect(vec.envs[0]!.actionSpace.shape).toEqual([2]);
  });
});
