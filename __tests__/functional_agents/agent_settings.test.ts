/**
 * The configuration the explicit-state agents share (agent_settings.ts): options resolved against
 * each agent's defaults, unknown keys and bad shared options refused the same way by all three.
 */
import { ConfigError } from '../../lib/core/errors';
import { FunctionalA2C, FUNCTIONAL_A2C_DEFAULTS } from '../../lib/functional_agents/a2c';
import { FunctionalDQN } from '../../lib/functional_agents/dqn';
import { FunctionalPPO } from '../../lib/functional_agents/ppo';

const AGENTS = [
  ['FunctionalDQN', (o: object) => new FunctionalDQN(o as never)],
  ['FunctionalA2C', (o: object) => new FunctionalA2C(o as never)],
  ['FunctionalPPO', (o: object) => new FunctionalPPO(o as never)],
] as const;

describe.each(AGENTS)('%s options', (fn, make) => {
  const sizes = { observationSize: 3, numActions: 5 };

  it('fill in the defaults, freeze them, and give BaseAgent its sizes', () => {
    const agent = make({ ...sizes, discount: 0.9 });
    expect(agent.settings).toMatchObject({ ...sizes, discount: 0.9 });
    expect(Object.isFrozen(agent.settings)).toBe(true);
    expect([agent.observationSize, agent.numActions, agent.discount]).toEqual([3, 5, 0.9]);
  });

  it('refuse unknown keys and bad shared options with ConfigErrors naming the agent', () => {
    expect(() => make(undefined as never)).toThrow(new RegExp(`${fn} needs options with observationSize and numActions`));
    expect(() => make({ ...sizes, gamma: 0.9 })).toThrow(new RegExp(`${fn}: unknown option "gamma"; valid: .*discount`));
    expect(() => make({ observationSize: 0, numActions: 2 })).toThrow(new RegExp(`${fn}: observationSize must be a positive integer; received 0`));
    expect(() => make({ ...sizes, hidden: 64 })).toThrow(new RegExp(`${fn}: hidden must be an array of layer widths`));
    expect(() => make({ ...sizes, hidden: [64, 0] })).toThrow(new RegExp(`${fn}: hidden\\[1\\] must be a positive integer`));
    expect(() => make({ ...sizes, discount: 1.5 })).toThrow(ConfigError);
    expect(() => make({ ...sizes, lr: 0 })).toThrow(new RegExp(`${fn}: lr must be a number`));
    expect(() => make({ ...sizes, maxGradNorm: -1 })).toThrow(new RegExp(`${fn}: maxGradNorm must be a number`));
  });
});

it("each agent's own defaults stay its own", () => {
  expect(new FunctionalA2C({ observationSize: 4, numActions: 2 }).settings).toEqual({ ...FUNCTIONAL_A2C_DEFAULTS, observationSize: 4, numActions: 2 });
  expect(new FunctionalDQN({ observationSize: 4, numActions: 2 }).settings.lr).toBe(1e-3);
  expect(new FunctionalA2C({ observationSize: 4, numActions: 2 }).settings.lr).toBe(3e-3);
});
