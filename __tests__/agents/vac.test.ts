/**
 * VAC (lib/agents/vac.ts) and its classic-control preset: a hand-computed sequence of one-step
 * actor-critic updates (TD(0) target, advantage at the pre-update values, the transition out of a
 * done state skipped), and the preset smoke checks (act, leak, test agents, save/load).
 */
import { VAC } from '../../lib/agents/vac';
import { Identity } from '../../lib/approximation/identity';
import { VNetwork } from '../../lib/approximation/v_network';
import { Random } from '../../lib/core/random';
import { linear0, Sequential } from '../../lib/nn/module';
import { SoftmaxPolicy } from '../../lib/policies/softmax';
import { makeEnvironment } from '../../environments/registry';
import { vac } from '../../presets/classic_control/vac';
import { driveParallel, expectNoLeak, expectSaveLoadRoundTrip, states1d } from './on_policy_helpers';

const values = (a: { model: { variables: readonly { dataSync(): ArrayLike<number> }[] } }) => a.model.variables.map((v) => Array.from(v.dataSync()));
const ind = (k: number, a: number) => (k === a ? 1 : 0);

describe('VAC updates', () => {
  it('follows the one-step actor-critic gradients, skipping transitions out of done states', () => {
    // no features; V(s) = s * Wv + bv and logits(s) = s * Wpi + bpi, all zero; SGD lr 0.5; gamma 0.9
    const v = new VNetwork(new Sequential([linear0(1, 1)]), { optimizer: 'sgd', lr: 0.5 });
    const policy = new SoftmaxPolicy(new Sequential([linear0(1, 2)]), new Random(4), { optimizer: 'sgd', lr: 0.5 });
    const agent = new VAC(new Identity(), v, policy, { discountFactor: 0.9 });

    const a = Array.from(agent.act(states1d([1, 2], [0, 0])));
    // step 2: rewards 1, 2; row 1 terminates. V = 0, so targets = advantages = [1, 2].
    // value: dWv = mean_i 2 (0 - t_i) x_i = (-2 - 8) / 2 = -5, dbv = (-2 - 4) / 2 = -3 -> Wv 2.5, bv 1.5.
    // policy (pi uniform): d(-adv log pi(a))/dlogit_k = -adv (1[k=a] - 1/2), so after SGD 0.5
    // Wpi[k] = 0.25 * (1 * (1[k=a0] - 1/2) * 1 + 2 * (1[k=a1] - 1/2) * 2), bpi[k] likewise without x.
    const a2 = Array.from(agent.act(states1d([3, 4], [1, 2], [0, 1])));
    let [wv, bv] = values(v);
    expect(wv![0]).toBeCloseTo(2.5, 5);
    expect(bv![0]).toBeCloseTo(1.5, 5);
    const [wpi, bpi] = values(policy);
    for (const k of [0, 1]) {
      expect(wpi![k]).toBeCloseTo(0.25 * (ind(k, a[0]!) - 0.5 + 4 * (ind(k, a[1]!) - 0.5)), 5);
      expect(bpi![k]).toBeCloseTo(0.25 * (ind(k, a[0]!) - 0.5 + 2 * (ind(k, a[1]!) - 0.5)), 5);
    }

    // step 3: row 1 was done, so only row 0 (s = 3 -> s' = 5, r = 1) is learned, as a batch of one.
    // V(3) = 9, V(5) = 14: target 1 + 0.9 * 14 = 13.6, advantage 4.6.
    // value: dWv = 2 (9 - 13.6) 3 = -27.6 -> Wv = 2.5 + 13.8 = 16.3; dbv = -9.2 -> bv = 1.5 + 4.6 = 6.1.
    // policy: logits at s = 3 from step 2's weights; Wpi[k] += 0.5 * 4.6 * (1[k=a] - pi_k) * 3.
    const logits = [0, 1].map((k) => 3 * wpi![k]! + bpi![k]!);
    const z = Math.exp(logits[0]!) + Math.exp(logits[1]!);
    agent.act(states1d([5, 6], [1, 0]));
    [wv, bv] = values(v);
    expect(wv![0]).toBeCloseTo(16.3, 4);
    expect(bv![0]).toBeCloseTo(6.1, 4);
    const [wpi3, bpi3] = values(policy);
    for (const k of [0, 1]) {
      const g = 4.6 * (ind(k, a2[0]!) - Math.exp(logits[k]!) / z);
      expect(wpi3![k]).toBeCloseTo(wpi![k]! + 0.5 * g * 3, 4);
      expect(bpi3![k]).toBeCloseTo(bpi![k]! + 0.5 * g, 4);
    }
    v.dispose();
    policy.dispose();
  });
});

describe('VAC valueSteps', () => {
  it('takes valueSteps - 1 more steps of the value head alone toward the same TD targets', () => {
    // as above with valueSteps 2: the shared step gives Wv 2.5, bv 1.5 (targets [1, 2] at states
    // [1, 2]); the second step: V = [4, 6.5], errors [3, 4.5], dWv = (2*3*1 + 2*4.5*2) / 2 = 12,
    // dbv = (6 + 9) / 2 = 7.5 -> Wv 2.5 - 6 = -3.5, bv 1.5 - 3.75 = -2.25. The policy's step is unchanged.
    const run = (valueSteps?: number) => {
      const v = new VNetwork(new Sequential([linear0(1, 1)]), { optimizer: 'sgd', lr: 0.5 });
      const policy = new SoftmaxPolicy(new Sequential([linear0(1, 2)]), new Random(4), { optimizer: 'sgd', lr: 0.5 });
      const agent = new VAC(new Identity(), v, policy, { discountFactor: 0.9, valueSteps });
      agent.act(states1d([1, 2], [0, 0]));
      agent.act(states1d([3, 4], [1, 2], [0, 1]));
      const out = { v: values(v), policy: values(policy) };
      v.dispose();
      policy.dispose();
      return out;
    };
    const one = run();
    const two = run(2);
    expect(one.v[0]![0]).toBeCloseTo(2.5, 5);
    expect(two.v[0]![0]).toBeCloseTo(-3.5, 5);
    expect(two.v[1]![0]).toBeCloseTo(-2.25, 5);
    expect(two.policy).toEqual(one.policy);
  });
});

describe('vac preset', () => {
  it('is parallel and acts on a StateArray', () => {
    const preset = vac.env(makeEnvironment('CartPole-v0')).seed(1).build();
    expect(preset.parallel).toBe(true);
    expect(preset.nEnvs).toBe(16);
    expect(vac.currentHyperparameters).toMatchObject({ discountFactor: 0.99, eps: 1.5e-4, clipGrad: 0, lrPi: 1e-3, lrV: 1e-2, valueLossScaling: 0.25, hidden: 64, valueSteps: 4 });
    expect(driveParallel(preset.agent() as VAC, 16, 20)).toHaveLength(320);
    preset.dispose();
  });

  it('leaks no tensors over 5,000 steps', () => {
    const preset = vac.env(makeEnvironment('CartPole-v0')).hyperparameters({ nEnvs: 1, hidden: 16 }).seed(2).build();
    expectNoLeak(preset, 5000);
    preset.dispose();
  });

  it('saves and loads: the loaded test agents choose the same actions', async () => {
    // sampling test agents: a greedy one over a barely trained Linear0 head would always pick action 0
    await expectSaveLoadRoundTrip(vac, { hidden: 16, lrPi: 1e-2, nEnvs: 4, testGreedy: false }, 300);
  });
});
