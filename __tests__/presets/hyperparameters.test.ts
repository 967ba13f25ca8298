import { ConfigError } from '../../lib/core/errors';
import { camelCase, parseValue, snakeCase, withDefaults } from '../../presets/hyperparameters';
import { classicControl } from '../../presets/classic_control';
import { makeEnvironment } from '../../environments/registry';
import { DQN_HYPERPARAMETERS } from '../../presets/classic_control/dqn';

describe('hyperparameters and the preset builder', () => {
  it('converts between camelCase and snake_case', () => {
    expect(camelCase('minibatch_size')).toBe('minibatchSize');
    expect(snakeCase('targetUpdateFrequency')).toBe('target_update_frequency');
  });

  it('has ALL classic-control defaults for dqn and ddqn', () => {
    const d = classicControl.dqn.currentHyperparameters;
    expect(d).toMatchObject({
      lr: 1e-3,
      minibatchSize: 64,
      updateFrequency: 1,
      targetUpdateFrequency: 100,
      replayStartSize: 1000,
      replayBufferSize: 10000,
      initialExploration: 1,
      finalExploration: 0,
      finalExplorationStep: 10000,
      discountFactor: 0.99,
      hidden: 64,
    });
    expect(classicControl.ddqn.currentHyperparameters).toMatchObject({ alpha: 0.2, beta: 0.6, hidden: 256 });
  });

  it('is immutable: configuring returns a new builder and leaves the original alone', () => {
    const base = classicControl.dqn;
    const changed = base.hyperparameters({ lr: 0.5 });
    expect(changed).not.toBe(base);
    expect(changed.currentHyperparameters.lr).toBe(0.5);
    expect(base.currentHyperparameters.lr).toBe(1e-3);
  });

  it('accepts snake_case keys', () => {
    expect(classicControl.dqn.hyperparameters({ minibatch_size: 32 }).currentHyperparameters.minibatchSize).toBe(32);
  });

  it('rejects an unknown key, listing the valid ones', () => {
    expect(() => classicControl.dqn.hyperparameters({ lrr: 1 })).toThrow(ConfigError);
    expect(() => classicControl.dqn.hyperparameters({ lrr: 1 })).toThrow(/Unknown hyperparameter "lrr" for preset "dqn".*valid: discountFactor, lr,/);
  });

  it('rejects a wrong type, a non-integer count and an out-of-range value', () => {
    expect(() => classicControl.dqn.hyperparameters({ lr: '0.1' })).toThrow(/must be a number.*received "0.1"/);
    expect(() => classicControl.dqn.hyperparameters({ minibatchSize: 2.5 })).toThrow(/must be an integer/);
    expect(() => classicControl.dqn.hyperparameters({ discountFactor: 1.5 })).toThrow(/must be <= 1/);
  });

  it('parses CLI strings by type, so "false" is false', () => {
    const specs = { flag: { default: true, doc: 'a flag' }, lr: { default: 0.1, doc: 'rate' } };
    expect(parseValue('p', specs, 'flag', 'false')).toEqual(['flag', false]);
    expect(parseValue('p', specs, 'lr', '1e-3')).toEqual(['lr', 1e-3]);
    expect(() => parseValue('p', specs, 'lr', 'fast')).toThrow(/must be a number; received "fast"/);
    expect(parseValue('dqn', DQN_HYPERPARAMETERS, 'minibatch_size', '32')).toEqual(['minibatchSize', 32]);
  });

  it('withDefaults changes checked defaults, says why in the doc and leaves the original alone', () => {
    const specs = { lr: { default: 0.1, doc: 'rate', min: 0 }, hidden: { default: 64, doc: 'width', integer: true } };
    const changed = withDefaults('p', specs, { lr: 3e-4 }, 'measured on task X');
    expect(changed.lr).toEqual({ default: 3e-4, doc: 'rate (measured on task X; elsewhere 0.1)', min: 0 });
    expect(changed.hidden).toBe(specs.hidden);
    expect(specs.lr.default).toBe(0.1);
    expect(() => withDefaults('p', specs, { lr: -1 }, 'x')).toThrow(/must be >= 0/);
    expect(() => withDefaults('p', specs, { hiden: 3 } as never, 'x')).toThrow(/Unknown hyperparameter "hiden".*did you mean "hidden"/);
  });

  it('build() needs an environment first, and a discrete preset refuses a continuous env', () => {
    expect(() => classicControl.dqn.build()).toThrow(/call \.env\(env\) before \.build\(\)/);
    expect(() => classicControl.dqn.env(makeEnvironment('Pendulum-v1')).build()).toThrow(/needs a discrete action space/);
  });
});
