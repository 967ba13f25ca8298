/**
 * The bridges: an explicit-state agent as an ordinary Agent / ParallelAgent acting from given
 * records, and an ordinary agent seen through the BaseAgent API. (Functional presets run by
 * runExperiment: __tests__/presets/functional/.)
 */
import { ConfigError } from '../../lib/core/errors';
import { makeEnvironment } from '../../environments';
import { asAgent, asParallelAgent, functionalPolicyOf } from '../../lib/functional_agents/as_agent';
import { FunctionalDQN } from '../../lib/functional_agents/dqn';
import { evaluateFunctional } from '../../lib/functional_agents/evaluate';
import { makeKey } from '../../lib/functional_agents/key';
import { disposeRecord } from '../../lib/functional_agents/records';

describe('asAgent', () => {
  it('acts from given records without training, and rejects what is not a State', () => {
    const agent = new FunctionalDQN({ observationSize: 4, numActions: 2 });
    const params = agent.initParams(makeKey(0));
    const policyState = agent.initPolicy(makeKey(0));
    const optimState = agent.initOptimizer(params, makeKey(0));
    const wrapped = asAgent(agent, { key: makeKey(1), records: { params, policyState, optimState }, train: false });
    const env = makeEnvironment('CartPole-v0');
    let state = env.reset({ seed: 0 });
    for (let i = 0; i < 20 && !state.done; i++) state = env.step(wrapped.act(state));
    const after = wrapped.records();
    expect(after.optimState.updateCount).toBe(0);
    expect(after.policyState.predictCount).toBe(0);
    expect(() => wrapped.act({ observation: new Float32Array(4) } as never)).toThrow(ConfigError);
    wrapped.dispose();
    disposeRecord(params, policyState, optimState, after as never);
  });

  it('the other way: an ordinary agent runs where a BaseAgent is expected', () => {
    const env = makeEnvironment('CartPole-v0');
    let calls = 0;
    const ordinary = { act: () => (calls++ % 2) };
    const fa = functionalPolicyOf(ordinary, { observationShape: env.observationSpace.shape, numActions: 2 });
    const returns = evaluateFunctional(fa, {}, {}, env, 3, { key: makeKey(0), seed: 0 });
    expect(returns).toHaveLength(3);
    expect(calls).toBe(returns.reduce((a, b) => a + b, 0));
    expect(() => fa.update({}, {}, undefined as never)).toThrow(/trains inside its own act/);
  });

  it('asParallelAgent acts on a StateArray, one action per copy, and rejects anything else', () => {
    const agent = new FunctionalDQN({ observationSize: 4, numActions: 2 });
    const wrapped = asParallelAgent(agent, { key: makeKey(3) });
    const venv = makeEnvironment('CartPole-v0').duplicate(3);
    let states = venv.reset({ seed: 0 });
    for (let i = 0; i < 30; i++) states = venv.step(wrapped.act(states));
    expect(wrapped.act(states)).toHaveLength(3);
    const r = wrapped.records();
    expect(r.policyState.predictCount).toBe(31);
    expect(() => wrapped.act({ observation: [1, 2] } as never)).toThrow(/StateArray/);
    wrapped.dispose();
    disposeRecord(r as never);
  });
});
