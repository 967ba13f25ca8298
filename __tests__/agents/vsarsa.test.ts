/**
 * VSarsa (lib/agents/vsarsa.ts) and its classic-control preset: a hand-computed Sarsa update
 * sequence showing that the target uses the action actually chosen at the next state (not the
 * greedy one, as VQN would), and the preset smoke checks (act, leak, test agents, save/load).
 */
import { VSarsa } from '../../lib/agents/vsarsa';
import { QNetwork } from '../../lib/approximation/q_network';
import { Random } from '../../lib/core/random';
import { linear0, Sequential } from '../../lib/nn/module';
import { ParallelGreedyPolicy } from '../../lib/policies/greedy';
import { makeEnvironment } from '../../environments/registry';
import { vsarsa } from '../../presets/classic_control/vsarsa';
import { driveParallel, expectNoLeak, expectSaveLoadRoundTrip, states1d } from './on_policy_helpers';

describe('VSarsa updates', () => {
  /** Three steps on one environment with uniformly random actions (epsilon 1). */
  function run(seed: number) {
    // Q(s) = s * W + b, W [1, 2] and b [2] at zero; SGD lr 0.5; gamma 0.9
    const q = new QNetwork(new Sequential([linear0(1, 2)]), { optimizer: 'sgd', lr: 0.5 });
    const agent = new VSarsa(q, new ParallelGreedyPolicy(q, 2, new Random(seed), { epsilon: 1 }), { discountFactor: 0.9 });
    const a1 = agent.act(states1d([1], [0]))[0]!;
    const a2 = agent.act(states1d([2], [1]))[0]!;
    const afterStep2 = q.model.variables.map((v) => Array.from(v.dataSync()));
    const a3 = agent.act(states1d([3], [0]))[0]!;
    const afterStep3 = q.model.variables.map((v) => Array.from(v.dataSync()));
    q.dispose();
    return { a1, a2, a3, afterStep2, afterStep3 };
  }

  it('bootstraps from Q(s\', a\') of the action it chose', () => {
    // find a seed where the third action differs from the first, so Sarsa and Q-learning differ
    let r = run(0);
    for (let seed = 1; seed < 50 && r.a3 === r.a1; seed++) r = run(seed);
    expect(r.a3).not.toBe(r.a1);
    const { a1, a2 } = r;
    // step 2: target = 1 + 0.9 * Q(2, a2) = 1 (Q = 0); Q(1, a1) = 0; loss (0 - 1)^2:
    // dW[a1] = 2 * (0 - 1) * 1 = -2, db[a1] = -2; SGD 0.5: W[a1] = 1, b[a1] = 1.
    expect(r.afterStep2[0]![a1]).toBeCloseTo(1, 5);
    expect(r.afterStep2[1]![a1]).toBeCloseTo(1, 5);
    expect(r.afterStep2[0]![1 - a1]).toBe(0);
    // step 3: target = 0 + 0.9 * Q(3, a3) = 0, since a3 != a1 and Q(., a3) is still 0
    // (Q-learning would use max_a Q(3, a) = 3 * 1 + 1 = 4, a target of 3.6).
    // prediction Q(2, a2) = 2 * 1 + 1 = 3 if a2 == a1, else 0; gradient 2 * (pred - 0) * 2 on W[a2]
    // and 2 * pred on b[a2]; SGD 0.5 subtracts half of it.
    const pred = a2 === a1 ? 3 : 0;
    const w = [...r.afterStep2[0]!];
    const b = [...r.afterStep2[1]!];
    w[a2]! -= 0.5 * 2 * pred * 2;
    b[a2]! -= 0.5 * 2 * pred;
    expect(r.afterStep3[0]![0]).toBeCloseTo(w[0]!, 5);
    expect(r.afterStep3[0]![1]).toBeCloseTo(w[1]!, 5);
    expect(r.afterStep3[1]![0]).toBeCloseTo(b[0]!, 5);
    expect(r.afterStep3[1]![1]).toBeCloseTo(b[1]!, 5);
  });
});

describe('vsarsa preset', () => {
  it('is parallel with ALL defaults and acts on a StateArray', () => {
    const preset = vsarsa.env(makeEnvironment('CartPole-v0')).hyperparameters({ hidden: 16 }).seed(1).build();
    expect(preset.parallel).toBe(true);
    expect(preset.nEnvs).toBe(8);
    expect(vsarsa.currentHyperparameters).toMatchObject({ lr: 1e-2, eps: 1.5e-4, nEnvs: 8, hidden: 64, testExploration: 0.001 }); // hidden: ALL 256 (preset header)
    expect(driveParallel(preset.agent() as VSarsa, 8, 20)).toHaveLength(160);
    preset.dispose();
  });

  it('leaks no tensors over 5,000 steps', () => {
    const preset = vsarsa.env(makeEnvironment('CartPole-v0')).hyperparameters({ hidden: 16, nEnvs: 1 }).seed(2).build();
    expectNoLeak(preset, 5000);
    preset.dispose();
  });

  it('saves and loads: the loaded test agents choose the same actions', async () => {
    await expectSaveLoadRoundTrip(vsarsa, { hidden: 16, testExploration: 0 }, 200);
  });
});
