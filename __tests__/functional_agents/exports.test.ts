/** The explicit-state agents are reachable from the package root as `functionalAgents`. */
import * as allts from '../../index';

it('exports functionalAgents from the package root', () => {
  const fa = allts.functionalAgents;
  for (const name of ['FunctionalDQN', 'FunctionalA2C', 'FunctionalPPO', 'trainFunctional', 'asAgent', 'functionalPreset', 'makeKey', 'splitKey', 'disposeRecord', 'saveRecords', 'loadRecords'] as const) {
    expect(typeof fa[name]).toBe('function');
  }
  const agent = new fa.FunctionalDQN({ observationSize: 4, numActions: 2 });
  expect(agent.settings.targetPeriod).toBe(50);
});
