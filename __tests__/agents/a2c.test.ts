/**
 * A2C: the preset smoke test (build, act, test agents, save / load, leak check) and a
 * hand-computed update of the agent itself.
 */
import { A2C, A2CTestAgent } from '../../lib/agents/a2c';
import type { ParallelAgent } from '../../lib/agents/agent';
import { Identity } from '../../lib/approximation/identity';
import { VNetwork } from '../../lib/approximation/v_network';
import { ShapeError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { linear0 } from '../../lib/nn/module';
import { SoftmaxPolicy } from '../../lib/policies/softmax';
import { makeEnvironment } from '../../environments/registry';
import { a2c } from '../../presets/classic_control/a2c';
import { driveParallel, expectFlatTensorCountParallel, stateArrayOf } from '../helpers/drive';
import { expectHandComputedFirstUpdate, expectSaveLoadRoundTrip } from './on_policy_helpers';

describe('a2c preset', () => {
  it('builds a parallel preset whose agent and test agents act on CartPole', () => {
    const env = makeEnvironment('CartPole-v0');
    const preset = a2c.env(env).hyperparameters({ nEnvs: 3, nSteps: 5, hidden: 16 }).seed(1).build();
    expect(preset.parallel).toBe(true);
    expect(preset.nEnvs).toBe(3);
    const actions = driveParallel(preset.agent() as ParallelAgent, env, 3, 40);
    expect(actions).toHaveLength(120);
    expect(actions.every((a) => a === 0 || a === 1)).toBe(true);
    expect(new Set(actions).size).toBe(2); // a softmax policy samples both actions
    const single = preset.testAgent().act(env.reset({ seed: 2 }));
    expect([0, 1]).toContain(single);
    const parallel = (preset.parallelTestAgent() as ParallelAgent).act(env.duplicate(3).reset({ seed: 2 }));
    expect(parallel).toBeInstanceOf(Int32Array);
    expect((parallel as Int32Array).length).toBe(3);
    expect(() => (preset.agent() as ParallelAgent).act(env.duplicate(2).reset({ seed: 0 }))).toThrow(ShapeError);
    preset.dispose();
  });

  it('trains inside act without leaking tensors over 5,000 agent steps', () => {
    const env = makeEnvironment('CartPole-v0');
    const preset = a2c.env(env).hyperparameters({ nEnvs: 2, nSteps: 8, hidden: 16 }).seed(3).build();
    // warm-up: the first updates create the optimizers' slots
    expectFlatTensorCountParallel(preset.agent() as ParallelAgent, env, 2, 40, 5000);
    preset.dispose();
  });

  it('saves and loads weights: the loaded test agents choose the same actions', async () => {
    // sampling test agents: a greedy one over a barely trained Linear0 head would always pick action 0
    await expectSaveLoadRoundTrip(a2c, { nEnvs: 2, nSteps: 8, hidden: 16, testGreedy: false }, 300, {
      json: { hyperparameters: { lr: 3e-3 }, models: ['features', 'v', 'policy'] },
    });
  });

  it("keeps ALL's defaults except the documented entropyLossScaling", () => {
    expect(a2c.currentHyperparameters).toEqual({
      discountFactor: 0.99,
      lr: 3e-3,
      clipGrad: 0.1,
      entropyLossScaling: 0.01, // ALL's preset: 0.001 (presets/classic_control/a2c.ts header)
      valueLossScaling: 0.5,
      nEnvs: 4,
      nSteps: 32,
      featureModel: 'fc_relu_features', // ALL's model constructors, by name (presets/models/registry.ts)
      valueModel: 'fc_value_head',
      policyModel: 'fc_policy_head',
      hidden: 64,
      testGreedy: true, // an addition: ALL's test agent samples (presets/classic_control/a2c.ts header)
    });
  });
});

describe('A2C update', () => {
  it('matches a hand-computed SGD step on a two-environment rollout of one step (a done row left out)', () => {
    // the scenario and the hand computation are in on_policy_helpers.ts (PPO's first update is the same)
    expectHandComputedFirstUpdate(
      (v, policy) => new A2C(new Identity(), v, policy, { discountFactor: 0.9, entropyLossScaling: 0.5, valueLossScaling: 0.5, nEnvs: 2, nSteps: 1 }),
    );
  });

  it('makes no update before a rollout is complete', () => {
    const v = new VNetwork(linear0(2, 1), { optimizer: 'sgd', lr: 0.1 });
    const policy = new SoftmaxPolicy(linear0(2, 2), new Random(0), { optimizer: 'sgd', lr: 0.1 });
    const agent = new A2C(new Identity(), v, policy, { discountFactor: 0.9, entropyLossScaling: 0, valueLossScaling: 1, nEnvs: 1, nSteps: 3 });
    for (let t = 0; t < 3; t++) agent.act(stateArrayOf([[1, t]], [1]));
    expect(v.updates).toBe(0);
    agent.act(stateArrayOf([[1, 3]], [1]));
    expect(v.updates).toBe(1);
    expect(policy.updates).toBe(1);
    v.dispose();
    policy.dispose();
  });
});

describe('A2CTestAgent', () => {
  it('acts on one State (a number) and on a StateArray (one per state)', () => {
    const policy = new SoftmaxPolicy(linear0(2, 3), new Random(4));
    const agent = new A2CTestAgent(new Identity(), policy);
    const states = stateArrayOf([[1, 2], [3, 4], [5, 6], [7, 8]], [0, 0, 0, 0]);
    const many = agent.act(states) as Int32Array;
    expect(many).toHaveLength(4);
    expect(Array.from(many).every((x) => x >= 0 && x < 3)).toBe(true);
    const one = agent.act(states.get(0));
    expect(typeof one).toBe('number');
    policy.dispose();
  });
});
