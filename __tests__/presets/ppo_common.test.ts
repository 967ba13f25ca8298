/**
 * presets/ppo_common.ts: the hyperparameters both PPO presets share, and the agent settings read
 * from them.
 */
import { Random } from '../../lib/core/random';
import { PPO_HYPERPARAMETERS } from '../../presets/classic_control/ppo';
import { PPO_CONTINUOUS_HYPERPARAMETERS } from '../../presets/continuous/ppo';
import { ppoAgentSettings } from '../../presets/ppo_common';

describe('ppo_common', () => {
  it('gives both PPO presets the same shared keys and docs, with their own defaults', () => {
    const shared = ['discountFactor', 'lr', 'eps', 'clipGrad', 'entropyLossScaling', 'valueLossScaling', 'clipInitial', 'clipFinal', 'epochs', 'minibatches', 'nEnvs', 'nSteps', 'lam'];
    expect(Object.keys(PPO_HYPERPARAMETERS)).toEqual([...shared, 'featureModel', 'valueModel', 'policyModel', 'hidden', 'testGreedy']);
    expect(Object.keys(PPO_CONTINUOUS_HYPERPARAMETERS)).toEqual([...shared, 'valueModel', 'policyModel', 'hidden1', 'hidden2', 'testGreedy']);
    for (const key of shared.filter((k) => k !== 'lr')) {
      expect(PPO_CONTINUOUS_HYPERPARAMETERS[key as keyof typeof PPO_CONTINUOUS_HYPERPARAMETERS].doc).toBe(
        PPO_HYPERPARAMETERS[key as keyof typeof PPO_HYPERPARAMETERS].doc,
      );
    }
    // ALL's defaults differ per family (presets/{classic_control,continuous}/ppo.py)
    expect([PPO_HYPERPARAMETERS.epochs.default, PPO_CONTINUOUS_HYPERPARAMETERS.epochs.default]).toEqual([4, 20]);
    expect([PPO_HYPERPARAMETERS.clipInitial.default, PPO_CONTINUOUS_HYPERPARAMETERS.clipInitial.default]).toEqual([0.1, 0.2]);
  });

  it('reads the agent settings from the hyperparameters and spawns one generator from the agent rng', () => {
    const h = { discountFactor: 0.9, lam: 0.8, entropyLossScaling: 0.01, valueLossScaling: 0.5, epochs: 2, minibatches: 2, nEnvs: 4, nSteps: 8, clipInitial: 0.2, clipFinal: 0.1 };
    const rng = new Random(7);
    const settings = ppoAgentSettings(h, { trainSteps: 640 }, rng);
    expect(settings).toMatchObject({ discountFactor: 0.9, lam: 0.8, entropyLossScaling: 0.01, valueLossScaling: 0.5, epochs: 2, minibatches: 2, nEnvs: 4, nSteps: 8 });
    // 640 frames / (4 * 8 per rollout) = 20 rollouts * 4 minibatch updates = 80 updates: 0.15 at 40
    const epsilon = settings.epsilon as (u: number) => number;
    expect(epsilon(0)).toBeCloseTo(0.2, 12);
    expect(epsilon(40)).toBeCloseTo(0.15, 12);
    expect(epsilon(80)).toBeCloseTo(0.1, 12);
    // the settings' generator is the first spawn of the agent's: same stream as a fresh Random(7).spawn()
    expect(settings.rng.random()).toBe(new Random(7).spawn().random());
    // an unknown training length keeps the initial clip
    expect((ppoAgentSettings(h, {}, new Random(7)).epsilon as (u: number) => number)(1e9)).toBe(0.2);
  });
});
