/**
 * PPO: the preset smoke test (build, act, test agents, save / load, leak check), hand-computed
 * checks of the agent's own parts (clip schedule, shuffling, minibatch split, the first update,
 * one old log-probability per rollout) and a continuous run with a Gaussian policy.
 */
import { PPO } from '../../lib/agents/ppo';
import { FeatureNetwork } from '../../lib/approximation/feature_network';
import { Identity } from '../../lib/approximation/identity';
import { VNetwork } from '../../lib/approximation/v_network';
import { ConfigError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import type { Box } from '../../lib/core/spaces';
import { DummyLogger } from '../../lib/logging/logger';
import { Linear, linear0, Sequential, Activation } from '../../lib/nn/module';
import { GaussianPolicy, WithLogStd } from '../../lib/policies/gaussian';
import { SoftmaxPolicy } from '../../lib/policies/softmax';
import { tf } from '../../lib/tf';
import { makeEnvironment } from '../../environments/registry';
import { clipSchedule, ppo } from '../../presets/classic_control/ppo';
import type { ParallelAgent } from '../../lib/agents/agent';
import { driveParallel, expectFlatTensorCountParallel, stateArrayOf } from '../helpers/drive';
import { expectHandComputedFirstUpdate, expectSaveLoadRoundTrip } from './on_policy_helpers';

function ppoOptions(overrides: Partial<ConstructorParameters<typeof PPO>[3]> = {}): ConstructorParameters<typeof PPO>[3] {
  return {
    discountFactor: 0.9,
    lam: 0.95,
    entropyLossScaling: 0.5,
    valueLossScaling: 0.5,
    epochs: 1,
    minibatches: 1,
    nEnvs: 2,
    nSteps: 1,
    epsilon: 0.2,
    rng: new Random(0),
    ...overrides,
  };
}

describe('ppo preset', () => {
  it('builds a parallel preset whose agent and test agents act on CartPole', () => {
    const env = makeEnvironment('CartPole-v0');
    const preset = ppo.env(env).hyperparameters({ nEnvs: 3, nSteps: 4, hidden: 16 }).seed(1).build();
    expect(preset.parallel).toBe(true);
    expect(preset.nEnvs).toBe(3);
    const actions = driveParallel(preset.agent({ trainSteps: 1000 }) as ParallelAgent, env, 3, 40);
    expect(actions).toHaveLength(120);
    expect(actions.every((a) => a === 0 || a === 1)).toBe(true);
    expect(new Set(actions).size).toBe(2);
    expect([0, 1]).toContain(preset.testAgent().act(env.reset({ seed: 2 })));
    const parallel = (preset.parallelTestAgent() as ParallelAgent).act(env.duplicate(3).reset({ seed: 2 })) as Int32Array;
    expect(parallel).toHaveLength(3);
    preset.dispose();
  });

  it('trains inside act without leaking tensors over 5,000 agent steps', () => {
    const env = makeEnvironment('CartPole-v0');
    const preset = ppo.env(env).hyperparameters({ nEnvs: 2, nSteps: 16, epochs: 2, minibatches: 2, hidden: 16 }).seed(3).build();
    expectFlatTensorCountParallel(preset.agent({ trainSteps: 10_000 }) as ParallelAgent, env, 2, 40, 5000);
    preset.dispose();
  });

  it('saves and loads weights: the loaded test agents choose the same actions', async () => {
    // sampling test agents: a greedy one over a barely trained Linear0 head would always pick action 0
    await expectSaveLoadRoundTrip(ppo, { nEnvs: 2, nSteps: 8, hidden: 16, testGreedy: false }, 300, {
      agentOptions: { trainSteps: 600 },
      json: { hyperparameters: { eps: 1.5e-4 }, models: ['features', 'v', 'policy'] },
    });
  });

  it('keeps ALL defaults', () => {
    expect(ppo.currentHyperparameters).toEqual({
      discountFactor: 0.99,
      lr: 1e-3,
      eps: 1.5e-4,
      clipGrad: 0.1,
      entropyLossScaling: 0.001,
      valueLossScaling: 0.5,
      clipInitial: 0.1,
      clipFinal: 0.01,
      epochs: 4,
      minibatches: 4,
      nEnvs: 8,
      nSteps: 8,
      lam: 0.95,
      featureModel: 'fc_relu_features', // ALL's model constructors, by name (presets/models/registry.ts)
      valueModel: 'fc_value_head',
      policyModel: 'fc_policy_head',
      hidden: 64,
      testGreedy: true, // an addition: ALL's test agent samples
    });
  });
});

describe('clipSchedule', () => {
  it('decays linearly over the minibatch updates that trainSteps frames give (ALL: LinearScheduler(0, n_updates))', () => {
    // 6,400 frames / (8 * 8 frames per rollout) = 100 rollouts * 16 minibatches = 1,600 updates.
    const h = { clipInitial: 0.1, clipFinal: 0.01, epochs: 4, minibatches: 4, nSteps: 8, nEnvs: 8 };
    const s = clipSchedule(h, 6400);
    expect(s(0)).toBeCloseTo(0.1, 12);
    expect(s(800)).toBeCloseTo(0.055, 12); // halfway: (0.1 + 0.01) / 2
    expect(s(1200)).toBeCloseTo(0.0325, 12); // 0.25 * 0.1 + 0.75 * 0.01
    expect(s(1600)).toBeCloseTo(0.01, 12);
    expect(s(5000)).toBeCloseTo(0.01, 12);
    expect(clipSchedule(h, Infinity)(1e9)).toBe(0.1);
  });
});

describe('PPO update', () => {
  it('first minibatch: ratio 1, so the step equals the hand-computed policy-gradient step', () => {
    // The A2C scenario and hand computation (on_policy_helpers.ts). GAE with one step gives
    // A = r + 0.9 V(s') - V(s) = 2, return 2. At the first minibatch pi = pi_old, ratio 1 is
    // inside the clip range and d(-min(rA, clip(r)A))/dtheta = -A dlog pi/dtheta, the A2C gradient.
    const agent = expectHandComputedFirstUpdate((v, policy) => new PPO(new Identity(), v, policy, ppoOptions()));
    expect(agent.updateCount).toBe(1);
  });

  it('runs epochs x minibatches updates covering every valid row once per epoch, with one old log-probability pass per rollout', () => {
    const v = new VNetwork(linear0(2, 1), { optimizer: 'sgd', lr: 0.01 });
    const policy = new SoftmaxPolicy(linear0(2, 2), new Random(0), { optimizer: 'sgd', lr: 0.01 });
    const schedules: number[] = [];
    const logger = Object.assign(new DummyLogger(), {
      addSchedule: (name: string, value: number): void => {
        if (name === 'clip') schedules.push(value);
      },
    });
    const agent = new PPO(new Identity(), v, policy, ppoOptions({ nEnvs: 1, nSteps: 7, epochs: 2, minibatches: 3, epsilon: (u) => 0.1 - 0.01 * u, logger }));
    const logProb = jest.spyOn(policy, 'logProb');
    const loss = jest.spyOn(policy, 'clippedSurrogateLoss');
    const minibatch = jest.spyOn(agent as unknown as { trainMinibatch: (r: { count: number; states: Float32Array }) => void }, 'trainMinibatch');
    for (let t = 0; t <= 7; t++) agent.act(stateArrayOf([[1, t]], [1]));
    // 7 rows into 3 minibatches: floor(k * 7 / 3) boundaries 0, 2, 4, 7 -> sizes 2, 2, 3; twice.
    expect(minibatch.mock.calls.map((c) => c[0].count)).toEqual([2, 2, 3, 2, 2, 3]);
    for (const epoch of [0, 1]) {
      const seen = minibatch.mock.calls.slice(epoch * 3, epoch * 3 + 3).flatMap((c) => Array.from(c[0].states).filter((_, i) => i % 2 === 1));
      expect(seen.sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    }
    // one pass for the old log-probabilities, then the softmax policy's fused loss in each minibatch
    expect(logProb).toHaveBeenCalledTimes(1);
    expect(loss).toHaveBeenCalledTimes(6);
    expect(loss.mock.calls.map((c) => Number(c[1].epsilon.toFixed(6)))).toEqual([0.1, 0.09, 0.08, 0.07, 0.06, 0.05]);
    expect(agent.updateCount).toBe(6);
    expect(schedules.map((x) => Number(x.toFixed(6)))).toEqual([0.1, 0.09, 0.08, 0.07, 0.06, 0.05]);
    v.dispose();
    policy.dispose();
  });

  it('rejects bad epochs and minibatches', () => {
    const v = new VNetwork(linear0(2, 1));
    const policy = new SoftmaxPolicy(linear0(2, 2), new Random(0));
    expect(() => new PPO(new Identity(), v, policy, ppoOptions({ epochs: 0 }))).toThrow(ConfigError);
    expect(() => new PPO(new Identity(), v, policy, ppoOptions({ minibatches: 1.5 }))).toThrow(/minibatches must be an integer/);
    v.dispose();
    policy.dispose();
  });
});

describe('PPO with a Gaussian policy (continuous actions)', () => {
  it('acts with one Float32Array per environment and trains on Pendulum without NaN or leaks', () => {
    const env = makeEnvironment('Pendulum-v1');
    const space = env.actionSpace as Box;
    const rng = new Random(3);
    const features = new FeatureNetwork(new Sequential([new Linear(3, 16, rng), new Activation('tanh')]), { lr: 1e-3, clipGrad: 0.5 });
    const v = new VNetwork(linear0(16, 1), { lr: 1e-3, clipGrad: 0.5 });
    const policy = new GaussianPolicy(new WithLogStd(linear0(16, 1), 1), space, rng.spawn(), { lr: 1e-3, clipGrad: 0.5, parameterization: 'logStd' });
    const agent = new PPO(features, v, policy, ppoOptions({ nEnvs: 2, nSteps: 8, epochs: 2, minibatches: 2, entropyLossScaling: 0.01, rng: rng.spawn() }));
    const venv = env.duplicate(2);
    let states = venv.reset({ seed: 0 });
    const run = (steps: number) => {
      for (let i = 0; i < steps; i++) {
        const actions = agent.act(states) as Float32Array[];
        expect(actions).toHaveLength(2);
        expect(actions[0]).toBeInstanceOf(Float32Array);
        expect(actions[0]).toHaveLength(1);
        // Gaussian samples are not squashed (as in ALL); the environment takes torques in [-2, 2]
        states = venv.step(actions.map((a) => Float32Array.from(a, (x) => Math.min(2, Math.max(-2, x)))));
      }
    };
    run(16);
    const before = tf.memory().numTensors;
    run(64);
    expect(tf.memory().numTensors).toBe(before);
    // 80 acts store 79 steps (the first act has no previous step): 9 rollouts of 8, 2 x 2 minibatches each
    expect(agent.updateCount).toBe(9 * 4);
    for (const variable of [...features.model.variables, ...v.model.variables, ...policy.model.variables]) {
      expect(Array.from(variable.dataSync()).every(Number.isFinite)).toBe(true);
    }
    // the policy moved: its mean head is no longer all zeros
    expect(Array.from(policy.model.variables[0]!.dataSync()).some((x) => x !== 0)).toBe(true);
    features.dispose();
    v.dispose();
    policy.dispose();
  });
});
