/**
 * VPG (lib/agents/vpg.ts) and its classic-control preset: hand-computed discounted returns, an
 * update only once whole episodes hold minBatchSize states, the REINFORCE-with-baseline gradients
 * by hand, and the preset smoke checks (act, leak, test agent, save/load).
 */
import { discountedEpisodeReturns, VPG } from '../../lib/agents/vpg';
import { Identity } from '../../lib/approximation/identity';
import { VNetwork } from '../../lib/approximation/v_network';
import { Random } from '../../lib/core/random';
import { State } from '../../lib/core/state';
import { linear0, Sequential } from '../../lib/nn/module';
import { SoftmaxPolicy } from '../../lib/policies/softmax';
import { tf } from '../../lib/tf';
import { makeEnvironment } from '../../environments/registry';
import { vpg } from '../../presets/classic_control/vpg';
import { drive, expectNoLeak, expectSaveLoadRoundTrip } from './on_policy_helpers';

const values = (a: { model: { variables: readonly { dataSync(): ArrayLike<number> }[] } }) => a.model.variables.map((v) => Array.from(v.dataSync()));
const ind = (k: number, a: number) => (k === a ? 1 : 0);
const s = (x: number, reward = 0, flags: { terminated?: boolean; truncated?: boolean } = {}) => new State({ observation: [x], reward, ...flags });

describe('discountedEpisodeReturns', () => {
  it('sums discounted future rewards to the end of the episode', () => {
    // gamma 0.5: G2 = 1, G1 = 1 + 0.5 * 1 = 1.5, G0 = 1 + 0.5 * 1.5 = 1.75
    expect(Array.from(discountedEpisodeReturns([1, 1, 1], 0.5))).toEqual([1.75, 1.5, 1]);
    // gamma 0.9 with rewards 0, 0, 10: G = [8.1, 9, 10]
    const g = discountedEpisodeReturns([0, 0, 10], 0.9);
    [8.1, 9, 10].forEach((x, i) => expect(g[i]).toBeCloseTo(x, 5));
  });

  it('starts from finalValue at the cut of a truncated episode', () => {
    // gamma 0.5, rewards 1, 1, G_T = 4: G = [1 + 0.5 * 3, 1 + 0.5 * 4] = [2.5, 3]
    expect(Array.from(discountedEpisodeReturns([1, 1], 0.5, 4))).toEqual([2.5, 3]);
  });
});

describe('VPG at a time limit', () => {
  // no features; V(s) = s * Wv + bv with Wv = 1, bv = 0; logits zero; SGD lr 0.5; gamma 0.5;
  // one episode: state 1, reward 2, then done at state 2 (V(2) = 2); minBatchSize 1
  const run = (flags: { terminated?: boolean; truncated?: boolean }, bootstrapTruncated?: boolean) => {
    const v = new VNetwork(new Sequential([linear0(1, 1)]), { optimizer: 'sgd', lr: 0.5 });
    (v.model.variables[0] as unknown as { assign(t: unknown): void }).assign(tf.tensor2d([[1]]));
    const policy = new SoftmaxPolicy(new Sequential([linear0(1, 2)]), new Random(6), { optimizer: 'sgd', lr: 0.5 });
    const agent = new VPG(new Identity(), v, policy, { discountFactor: 0.5, minBatchSize: 1, bootstrapTruncated });
    agent.act(s(1));
    agent.act(s(2, 2, flags));
    const [wv, bv] = values(v);
    v.dispose();
    policy.dispose();
    return [wv![0]!, bv![0]!];
  };

  it('with bootstrapTruncated, bootstraps a truncated episode from V of the state it was cut at', () => {
    // G_0 = 2 + 0.5 * V(2) = 3, V(1) = 1: Wv = 1 + 0.5 * 2 * (3 - 1) * 1 = 3, bv = 0.5 * 2 * (3 - 1) = 2
    // (treated as terminated, as ALL and the default: G_0 = 2, so Wv = 2, bv = 1)
    const [wv, bv] = run({ truncated: true }, true);
    expect(wv).toBeCloseTo(3, 5);
    expect(bv).toBeCloseTo(2, 5);
  });

  it('does not bootstrap a terminated episode, nor a truncated one by default (as ALL)', () => {
    for (const [wv, bv] of [run({ terminated: true }, true), run({ truncated: true }), run({ truncated: true }, false)]) {
      expect(wv).toBeCloseTo(2, 5);
      expect(bv).toBeCloseTo(1, 5);
    }
  });
});

describe('VPG valueSteps', () => {
  // no features; V(s) = s * Wv + bv, logits zero; SGD lr 0.25; gamma 0.5; minBatchSize 1.
  // One episode: states 1 and 2, rewards 2 and 2, then terminated: returns G = [3, 2].
  const run = (valueSteps?: number) => {
    const v = new VNetwork(new Sequential([linear0(1, 1)]), { optimizer: 'sgd', lr: 0.25 });
    const policy = new SoftmaxPolicy(new Sequential([linear0(1, 2)]), new Random(6), { optimizer: 'sgd', lr: 0.25 });
    const agent = new VPG(new Identity(), v, policy, { discountFactor: 0.5, minBatchSize: 1, valueSteps });
    agent.act(s(1));
    agent.act(s(2, 2));
    agent.act(s(3, 2, { terminated: true }));
    const out = { v: values(v), policy: values(policy) };
    v.dispose();
    policy.dispose();
    return out;
  };

  it('takes valueSteps - 1 more steps of the value head alone toward the same returns', () => {
    // shared step at V = [0, 0]: dWv = mean 2 (V - G) x = (-6 - 8) / 2 = -7, dbv = (-6 - 4) / 2 = -5
    // -> Wv 1.75, bv 1.25 (the default, one step); second step: V = [3, 4.75], errors [0, 2.75]:
    // dWv = 2 * 2.75 * 2 / 2 = 5.5, dbv = 2.75 -> Wv 0.375, bv 0.5625
    const one = run();
    expect(one.v[0]![0]).toBeCloseTo(1.75, 5);
    expect(one.v[1]![0]).toBeCloseTo(1.25, 5);
    const two = run(2);
    expect(two.v[0]![0]).toBeCloseTo(0.375, 5);
    expect(two.v[1]![0]).toBeCloseTo(0.5625, 5);
    // the policy follows the advantages at the pre-update baseline either way
    expect(two.policy).toEqual(one.policy);
  });
});

describe('VPG updates', () => {
  it('updates once finished episodes hold minBatchSize states, on returns minus the baseline', () => {
    // no features; V(s) = s * Wv + bv and logits(s) = s * Wpi + bpi, all zero; SGD lr 0.5; gamma 0.5
    const v = new VNetwork(new Sequential([linear0(1, 1)]), { optimizer: 'sgd', lr: 0.5 });
    const policy = new SoftmaxPolicy(new Sequential([linear0(1, 2)]), new Random(6), { optimizer: 'sgd', lr: 0.5 });
    const agent = new VPG(new Identity(), v, policy, { discountFactor: 0.5, minBatchSize: 3 });
    // episode 1: states 1, 2; rewards 1, 1; terminated. Returns [1.5, 1]. 2 states < 3: no update.
    const a0 = agent.act(s(1));
    const a1 = agent.act(s(2, 1));
    agent.act(s(3, 1, { terminated: true }));
    expect(agent.pendingBatchSize).toBe(2);
    expect(values(v)).toEqual([[0], [0]]);
    // episode 2: state 1, reward 2, cut by a time limit; V = 0 so the bootstrap adds 0. Returns [2].
    const a2 = agent.act(s(1));
    agent.act(s(2, 2, { truncated: true }));
    expect(agent.pendingBatchSize).toBe(0);
    // one update on x = [1, 2, 1], G = [1.5, 1, 2], V = 0 so advantages = G:
    // value: dWv = (2/3) * -(1.5 * 1 + 1 * 2 + 2 * 1) = -11/3 -> Wv = 11/6; dbv = (2/3) * -4.5 = -3 -> bv = 1.5
    const [wv, bv] = values(v);
    expect(wv![0]).toBeCloseTo(11 / 6, 5);
    expect(bv![0]).toBeCloseTo(1.5, 5);
    // policy (pi uniform): Wpi[k] = 0.5 * mean_i G_i (1[k=a_i] - 1/2) x_i, bpi[k] likewise without x
    const acts = [a0, a1, a2];
    const x = [1, 2, 1];
    const G = [1.5, 1, 2];
    const [wpi, bpi] = values(policy);
    for (const k of [0, 1]) {
      const w = (0.5 / 3) * acts.reduce((sum, a, i) => sum + G[i]! * (ind(k, a) - 0.5) * x[i]!, 0);
      const b = (0.5 / 3) * acts.reduce((sum, a, i) => sum + G[i]! * (ind(k, a) - 0.5), 0);
      expect(wpi![k]).toBeCloseTo(w, 5);
      expect(bpi![k]).toBeCloseTo(b, 5);
    }
    v.dispose();
    policy.dispose();
  });
});

describe('vpg preset', () => {
  it('is a single-environment preset and acts on States', () => {
    const preset = vpg.env(makeEnvironment('CartPole-v0')).seed(1).build();
    expect(preset.parallel).toBe(false);
    expect(preset.nEnvs).toBe(1);
    expect(preset.parallelTestAgent()).toBeUndefined();
    expect(vpg.currentHyperparameters).toMatchObject({ discountFactor: 0.99, lrV: 5e-3, eps: 1.5e-4, clipGrad: 0.5, valueLossScaling: 0.25, minBatchSize: 500, hidden: 64, valueSteps: 30, bootstrapTruncated: true });
    const actions = drive(preset.agent() as VPG, makeEnvironment('CartPole-v0'), 100);
    expect(actions.every((a) => a === 0 || a === 1)).toBe(true);
    preset.dispose();
  });

  it('leaks no tensors over 5,000 steps', () => {
    const preset = vpg.env(makeEnvironment('CartPole-v0')).hyperparameters({ hidden: 16, minBatchSize: 100 }).seed(2).build();
    expectNoLeak(preset, 5000);
    preset.dispose();
  });

  it('saves and loads: the loaded test agent chooses the same actions', async () => {
    await expectSaveLoadRoundTrip(vpg, { hidden: 16, lrPi: 1e-2, minBatchSize: 50 }, 600);
  });
});
