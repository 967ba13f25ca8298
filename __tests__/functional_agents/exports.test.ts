/** The explicit-state agents are reachable from the package root as `functionalAgents`, their presets as `functionalPresets`. */
import * as allts from '../../index';

it('exports functionalAgents from the package root', () => {
  const fa = allts.functionalAgents;
  for (const name of ['FunctionalDQN', 'FunctionalA2C', 'FunctionalPPO', 'trainFunctional', 'asAgent', 'makeKey', 'splitKey', 'disposeRecord', 'saveRecords', 'loadRecords'] as const) {
    expect(typeof fa[name]).toBe('function');
  }
  const agent = new fa.FunctionalDQN({ observationSize: 4, numActions: 2 });
  expect(agent.settings.targetPeriod).toBe(50);
});

it('exports the functional preset family and the preset wrapper from the package root', () => {
  expect(Object.keys(allts.functionalPresets).sort()).toEqual(['a2c', 'dqn', 'ppo']);
  expect(allts.FAMILIES.functional).toBe(allts.functionalPresets);
  expect(allts.getPresetBuilder('functional', 'ppo')).toBe(allts.functionalPresets.ppo);
  expect(typeof allts.functionalPreset).toBe('function');
  expect(typeof allts.envSizes).toBe('function');
  // the rlax-style functions keep the root name `functional`
  expect(typeof allts.functional).toBe('object');
  expect('functionalPreset' in allts.functionalAgents).toBe(false);
});
