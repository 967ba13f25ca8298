/**
 * Rainbow (lib/agents/rainbow.ts) and its classic-control preset: the noisy dueling categorical
 * network, the n-step prioritized replay it is given, exploration, noise off in the test agent,
 * and the preset smoke test (build, act, leak check, test agent, save and reload). The update
 * itself is C51's, checked by hand in c51.test.ts (gamma^steps, importance weights, KL priorities).
 */
import type { Agent } from '../../lib/agents/agent';
import { greedyAction } from '../../lib/agents/c51';
import { Rainbow, RainbowTestAgent } from '../../lib/agents/rainbow';
import { Random } from '../../lib/core/random';
import { State } from '../../lib/core/state';
import { NStepReplayBuffer } from '../../lib/memory/n_step_replay';
import { PrioritizedReplayBuffer } from '../../lib/memory/prioritized_replay';
import { CategoricalDueling } from '../../lib/nn/categorical_dueling';
import { NoisyFactorizedLinear } from '../../lib/nn/noisy';
import type { Sequential } from '../../lib/nn/module';
import { tf } from '../../lib/tf';
import { makeEnvironment } from '../../environments/registry';
import { fcReluRainbow } from '../../presets/classic_control/dist_models';
import { rainbow } from '../../presets/classic_control/rainbow';
import { drive } from '../helpers/drive';
import { expectPresetAgentsDoNotLeak, expectSaveAndReload } from './replay_preset_helpers';

describe('fcReluRainbow', () => {
  const env = makeEnvironment('CartPole-v0');

  it('is Linear, ReLU and a CategoricalDueling of two factorized noisy heads with ALL sizes and init', () => {
    const model = fcReluRainbow(env, 8, 5, 0.5, new Random(1), 'rainbow');
    const head = model.layers[2] as CategoricalDueling;
    expect(head).toBeInstanceOf(CategoricalDueling);
    const value = head.value as NoisyFactorizedLinear;
    const advantage = head.advantage as NoisyFactorizedLinear;
    expect([value.inFeatures, value.outFeatures, advantage.inFeatures, advantage.outFeatures]).toEqual([8, 5, 8, 10]);
    // sigma 0.5 / sqrt(8) everywhere; the advantage means start at zero (init_scale 0), the value's do not
    expect(Array.from(value.sigmaWeight.dataSync()).every((s) => Math.abs(s - 0.5 / Math.sqrt(8)) < 1e-7)).toBe(true);
    expect(Array.from(advantage.weight.dataSync()).every((w) => w === 0)).toBe(true);
    expect(Array.from(value.weight.dataSync()).some((w) => w !== 0)).toBe(true);
    model.dispose();
  });

  it('returns [B, actions * atoms] logits; noise changes them in training mode, not in evaluation mode', () => {
    const model: Sequential = fcReluRainbow(env, 8, 5, 0.5, new Random(1), 'rainbow');
    const x = tf.tensor2d([[0.1, -0.2, 0.3, 0.05], [1, 0, -1, 0.5]]);
    const read = (training: boolean) => tf.tidy(() => Array.from(model.apply(x, { training }).dataSync()));
    const eval1 = read(false);
    expect(eval1).toHaveLength(2 * 2 * 5);
    expect(read(false)).toEqual(eval1);
    // advantage means are zero at init: in evaluation mode both actions have the value logits
    expect(eval1.slice(0, 5)).toEqual(eval1.slice(5, 10));
    const train1 = read(true);
    const train2 = read(true);
    expect(train1).not.toEqual(train2);
    expect(train1.slice(0, 5)).not.toEqual(train1.slice(5, 10));
    x.dispose();
    model.dispose();
  });
});

describe('rainbow preset', () => {
  it("has ALL's classic-control defaults (except Adam's eps 1e-8), n-step prioritized replay", () => {
    const env = makeEnvironment('CartPole-v0');
    const preset = rainbow.env(env).seed(0).build();
    expect(preset.hyperparameters).toMatchObject({
      discountFactor: 0.99, lr: 2e-4, eps: 1e-8, minibatchSize: 64, updateFrequency: 1, targetUpdateFrequency: 100,
      replayStartSize: 1000, replayBufferSize: 20000, initialExploration: 0.02, finalExploration: 0, testExploration: 0.001,
      alpha: 0.5, beta: 0.5, nSteps: 5, atoms: 101, vMin: -101, vMax: 101, sigma: 0.5, hidden: 64,
    });
    expect([preset.id, preset.family]).toEqual(['rainbow', 'classic']);
    const agent = preset.agent({ trainSteps: 50_000 }) as Rainbow;
    expect(agent).toBeInstanceOf(Rainbow);
    const buffer = agent.replayBuffer as NStepReplayBuffer;
    expect(buffer).toBeInstanceOf(NStepReplayBuffer);
    expect([buffer.n, buffer.discount]).toEqual([5, 0.99]);
    const inner = buffer.inner as PrioritizedReplayBuffer;
    expect(inner).toBeInstanceOf(PrioritizedReplayBuffer);
    expect([inner.capacity, inner.alpha, inner.beta]).toEqual([20000, 0.5, 0.5]);
    // the agent's discount is gamma per step (gamma^steps per transition), not gamma^n
    expect(agent.options.discountFactor).toBe(0.99);
    expect(agent.q.support[0]).toBe(-101);
    expect(agent.q.support[100]).toBe(101);
    preset.dispose();
  });

  it("decays epsilon from 0.02 to 0 over the training run after replay start (ALL's schedule)", () => {
    const env = makeEnvironment('CartPole-v0');
    const preset = rainbow.env(env).seed(0).build();
    const schedule = (preset.agent({ trainSteps: 50_000 }) as Rainbow).options.exploration as (s: number) => number;
    // LinearScheduler(0.02, 0, 0, 50,000 - 1,000): 0.01 halfway, 0 from decision 49,000 on
    expect(schedule(0)).toBe(0.02);
    expect(schedule(24_500)).toBeCloseTo(0.01, 12);
    expect(schedule(49_000)).toBe(0);
    // an unknown run length keeps the initial 0.02, as ALL's scheduler with train_steps = inf
    const open = (preset.agent() as Rainbow).options.exploration as (s: number) => number;
    expect(open(1e9)).toBe(0.02);
    preset.dispose();
  });

  it('trains: sampled transitions get new priorities from the loss', () => {
    const env = makeEnvironment('CartPole-v0');
    const preset = rainbow.env(env).hyperparameters({ replayStartSize: 64, hidden: 16, atoms: 11, minibatchSize: 8 }).seed(2).build();
    const agent = preset.agent() as Rainbow;
    const inner = (agent.replayBuffer as NStepReplayBuffer).inner as PrioritizedReplayBuffer;
    drive(agent, env, 64); // frame 64: the last one without an update
    expect(agent.q.updates).toBe(0);
    const sampleWeights = () => Array.from(inner.sample(64).weights);
    // before any update every stored transition has the initial priority: all weights 1
    expect(sampleWeights().every((w) => w === 1)).toBe(true);
    drive(agent, env, 50, 1);
    expect(agent.q.updates).toBeGreaterThan(0);
    expect(new Set(sampleWeights()).size).toBeGreaterThan(1);
    preset.dispose();
  });

  it('the test agent has noise off: it acts greedily on the mean weights, the same every time', () => {
    const env = makeEnvironment('CartPole-v0');
    const preset = rainbow.env(env).hyperparameters({ hidden: 16, atoms: 11, testExploration: 0, sigma: 5 }).seed(4).build();
    const testAgent = preset.testAgent() as RainbowTestAgent;
    expect(testAgent).toBeInstanceOf(RainbowTestAgent);
    const rng = new Random(6);
    const states = Array.from({ length: 30 }, () => new State({ observation: Float32Array.from({ length: 4 }, () => rng.normal()) }));
    const first = states.map((s) => testAgent.act(s));
    expect(states.map((s) => testAgent.act(s))).toEqual(first);
    expect(states.map((s) => greedyAction(testAgent.q, s, true))).toEqual(first);
    // with sigma 5 the training-mode choice is noisy: it differs somewhere over repeated passes
    const noisy = [0, 1, 2].map(() => states.map((s) => greedyAction(testAgent.q, s, false)));
    expect(noisy.some((actions) => actions.join() !== first.join())).toBe(true);
    preset.dispose();
  });

  it('builds, trains inside act and leaks no tensors over 5,000 steps', () => {
    const env = makeEnvironment('CartPole-v0');
    const preset = rainbow.env(env).hyperparameters({ replayStartSize: 100, hidden: 16, atoms: 11, minibatchSize: 16, updateFrequency: 4 }).seed(3).build();
    expectPresetAgentsDoNotLeak(preset, env, 300);
    preset.dispose();
  });

  it('saves and reloads: a fresh build with the saved weights chooses the same test actions', async () => {
    const env = makeEnvironment('CartPole-v0');
    const build = (seed: number) =>
      rainbow.env(env).hyperparameters({ replayStartSize: 50, hidden: 16, atoms: 11, minibatchSize: 16, testExploration: 0, lr: 0.01 }).seed(seed).build();
    const a = await expectSaveAndReload(build, env, {
      preset: 'rainbow', family: 'classic', hyperparameters: { hidden: 16, atoms: 11, nSteps: 5 }, models: ['q_dist'],
    });
    expect(new Set(a).size).toBe(2); // trained: the advantage head no longer ties the actions
  });
});
