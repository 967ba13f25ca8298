/**
 * VQN (lib/agents/vqn.ts) and its classic-control preset: the batch of online transitions (rows
 * out of a done state are dropped, discount 0 only on termination), one hand-computed Q-learning
 * update sequence, and the preset smoke checks (act, leak, test agents, save/load).
 */
import { onlineBatch, VQN } from '../../lib/agents/vqn';
import { QNetwork } from '../../lib/approximation/q_network';
import { ShapeError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { StateArray } from '../../lib/core/state';
import { linear0, Sequential } from '../../lib/nn/module';
import { ParallelGreedyPolicy } from '../../lib/policies/greedy';
import { makeEnvironment } from '../../environments/registry';
import { vqn } from '../../presets/classic_control/vqn';
import { driveParallel, expectNoLeak, expectSaveLoadRoundTrip, states1d } from './on_policy_helpers';

describe('onlineBatch', () => {
  it('keeps rows whose previous state was not done; discount 0 only on termination', () => {
    const states = new StateArray({
      observation: Float32Array.from([7, 8, 9, 10, 11, 12]),
      shape: [2],
      reward: Float32Array.from([0.5, 1, 2]),
      terminated: Uint8Array.from([1, 0, 0]),
      truncated: Uint8Array.from([0, 0, 1]),
    });
    const b = onlineBatch(Float32Array.from([1, 2, 3, 4, 5, 6]), Int32Array.from([1, 0, 1]), Uint8Array.from([0, 1, 0]), states, 0.99);
    // row 1 was done at the previous step: its "transition" is the reset, dropped
    expect(b.size).toBe(2);
    expect(Array.from(b.rows)).toEqual([0, 2]);
    expect(Array.from(b.states)).toEqual([1, 2, 5, 6]);
    expect(Array.from(b.nextStates)).toEqual([7, 8, 11, 12]);
    expect(Array.from(b.actions)).toEqual([1, 1]);
    expect(Array.from(b.rewards)).toEqual([0.5, 2]);
    // row 0 terminated: 0; row 2 was truncated by a time limit: it still bootstraps with gamma
    expect(b.discounts[0]).toBe(0);
    expect(b.discounts[1]).toBeCloseTo(0.99, 6);
  });

  it('rejects a batch of another size', () => {
    expect(() => onlineBatch(new Float32Array(2), new Int32Array(2), new Uint8Array(2), states1d([1, 2, 3], [0, 0, 0]), 0.9)).toThrow(ShapeError);
  });
});

describe('VQN updates', () => {
  it('makes one Q-learning step per batch, skipping transitions out of done states', () => {
    // Q(s) = s * W + b with W [1, 2] and b [2] at zero; plain SGD with lr 0.5; greedy (epsilon 0)
    const q = new QNetwork(new Sequential([linear0(1, 2)]), { optimizer: 'sgd', lr: 0.5 });
    const policy = new ParallelGreedyPolicy(q, 2, new Random(0), { epsilon: 0 });
    const agent = new VQN(q, policy, { discountFactor: 0.9 });
    const weights = () => q.model.variables.map((v) => Array.from(v.dataSync()));

    // step 1: nothing to learn; all values 0, argmax picks action 0
    expect(Array.from(agent.act(states1d([1, 2, 3], [0, 0, 0])))).toEqual([0, 0, 0]);
    expect(weights()).toEqual([[0, 0], [0, 0]]);

    // step 2: rewards 1, 2, 3; row 1 terminated, row 2 truncated. Q = 0 so targets = rewards.
    // loss = mean_i (Q(s_i, 0) - t_i)^2 over 3 rows: dL/dW00 = (2/3) * -(1*1 + 2*2 + 3*3) = -28/3,
    // dL/db0 = (2/3) * -(1 + 2 + 3) = -4; SGD 0.5: W00 = 14/3, b0 = 2.
    agent.act(states1d([0.5, 1, 2], [1, 2, 3], [0, 1, 0], [0, 0, 1]));
    let [w, b] = weights();
    expect(w![0]).toBeCloseTo(14 / 3, 4);
    expect(b![0]).toBeCloseTo(2, 4);
    expect(w![1]).toBe(0);
    expect(b![1]).toBe(0);

    // step 3: rows 1 and 2 were done, so only row 0 learns (a mean over one row, not three).
    // target = 1 + 0.9 * max_a Q(1) = 1 + 0.9 * (14/3 + 2) = 7; Q(0.5, 0) = 14/3 * 0.5 + 2 = 13/3.
    // dL/dW00 = 2 * (13/3 - 7) * 0.5 = -8/3, dL/db0 = 2 * (13/3 - 7) = -16/3; SGD 0.5:
    // W00 = 14/3 + 4/3 = 6, b0 = 2 + 8/3 = 14/3.
    agent.act(states1d([1, 7, 7], [1, 0, 0]));
    [w, b] = weights();
    expect(w![0]).toBeCloseTo(6, 4);
    expect(b![0]).toBeCloseTo(14 / 3, 4);
    expect(w![1]).toBe(0);
    q.dispose();
  });
});

describe('vqn preset', () => {
  const small = { hidden: 16 };

  it('is parallel with its defaults and acts on a StateArray', () => {
    const preset = vqn.env(makeEnvironment('CartPole-v0')).hyperparameters(small).seed(1).build();
    expect(preset.parallel).toBe(true);
    expect(preset.nEnvs).toBe(8);
    // ALL's defaults except the longer exploration (issue 10; presets/classic_control/vqn.ts)
    expect(vqn.currentHyperparameters).toMatchObject({ lr: 1e-2, eps: 1.5e-4, nEnvs: 8, hidden: 256, finalExplorationStep: 30000 });
    expect(driveParallel(preset.agent() as VQN, 8, 20)).toHaveLength(160);
    preset.dispose();
  });

  it('leaks no tensors over 5,000 steps', () => {
    const preset = vqn.env(makeEnvironment('CartPole-v0')).hyperparameters({ ...small, nEnvs: 1 }).seed(2).build();
    expectNoLeak(preset, 5000);
    preset.dispose();
  });

  it('saves and loads: the loaded test agents choose the same actions', async () => {
    // ALL's shorter exploration, so that 200 steps of training move the greedy actions measurably
    await expectSaveLoadRoundTrip(vqn, { hidden: 16, testExploration: 0, finalExplorationStep: 10000 }, 200);
  });
});
