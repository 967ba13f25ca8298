/**
 * The diagnostics the actor-critic agents log as metrics (lib/agents/diagnostics.ts, PPO's and
 * A2C's metrics/*): values checked by hand on a two-environment rollout of one step, recorded only
 * when the logger records them, and without changing the update.
 */
import { A2C } from '../../lib/agents/a2c';
import { explainedVariance } from '../../lib/agents/diagnostics';
import { PPO } from '../../lib/agents/ppo';
import { Identity } from '../../lib/approximation/identity';
import { VNetwork } from '../../lib/approximation/v_network';
import { Random } from '../../lib/core/random';
import { Box } from '../../lib/core/spaces';
import { DummyLogger, recordsDiagnostics, type Logger } from '../../lib/logging/logger';
import { linear0 } from '../../lib/nn/module';
import { GaussianPolicy, WithLogStd } from '../../lib/policies/gaussian';
import { SoftmaxPolicy } from '../../lib/policies/softmax';
import type { StochasticPolicy } from '../../lib/policies/stochastic';
import { tf } from '../../lib/tf';
import { stateArrayOf } from '../helpers/drive';
import { LossRecorder } from './continuous_smoke';

describe('explainedVariance', () => {
  it('is 1 - Var(targets - predictions) / Var(targets), by hand', () => {
    expect(explainedVariance([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(explainedVariance([0, 0, 0], [1, 2, 3])).toBe(0);
    // residuals [1.5, -0.05] against targets [2, 1.45]: 1 - (1.55 / 0.55)^2
    expect(explainedVariance([0.5, 1.5], [2, 1.45])).toBeCloseTo(1 - (1.55 / 0.55) ** 2, 5);
    expect(explainedVariance([1, 2], [3, 3])).toBeNaN();
  });
});

describe('recordsDiagnostics', () => {
  it('is false for no logger and the DummyLogger, true for a logger without the flag', () => {
    expect(recordsDiagnostics(undefined)).toBe(false);
    expect(recordsDiagnostics(new DummyLogger())).toBe(false);
    expect(recordsDiagnostics(new LossRecorder())).toBe(true);
  });
});

/**
 * V(s) = 0.5 s_0 (V = [0.5, 1.5] at the start states [[1, 2], [3, 3]], [0, 0.5] at the next states
 * [[0, 1], [1, 1]]); rewards [2, 1], gamma 0.9, one step: advantages r + 0.9 V(s') - V(s) =
 * [1.5, -0.05] (GAE and n-step agree on one step), returns [2, 1.45]: explained variance
 * 1 - (1.55 / 0.55)^2. The policy head is zero, so every action is equally likely.
 */
function rollout(agent: { act: (s: ReturnType<typeof stateArrayOf>) => unknown }): void {
  agent.act(stateArrayOf([[1, 2], [3, 3]], [0, 0]));
  agent.act(stateArrayOf([[0, 1], [1, 1]], [2, 1]));
}

function critic(): VNetwork {
  const v = new VNetwork(linear0(2, 1), { optimizer: 'sgd', lr: 0.1 });
  v.model.variables[0]!.assign(tf.tensor2d([[0.5], [0]]));
  return v;
}

const EXPLAINED = 1 - (1.55 / 0.55) ** 2;

function ppoOn(policy: StochasticPolicy, v: VNetwork, logger: Logger, epochs = 1, epsilon = 0.2): PPO {
  return new PPO(new Identity(), v, policy, {
    discountFactor: 0.9,
    lam: 0.95,
    entropyLossScaling: 0.5,
    valueLossScaling: 0.5,
    epochs,
    minibatches: 1,
    nEnvs: 2,
    nSteps: 1,
    epsilon,
    rng: new Random(0),
    logger,
  });
}

describe('PPO metrics', () => {
  it('first epoch, softmax (fused loss): approx_kl 0 and clip_fraction 0 (policy = old policy), entropy log 2, explained variance by hand', () => {
    const logger = new LossRecorder();
    const v = critic();
    const policy = new SoftmaxPolicy(linear0(2, 2), new Random(0), { optimizer: 'sgd', lr: 0.1 });
    rollout(ppoOn(policy, v, logger));
    expect(logger.metrics['approx_kl']).toEqual([expect.closeTo(0, 6)]);
    expect(logger.metrics['clip_fraction']).toEqual([0]);
    expect(logger.metrics['entropy']).toEqual([expect.closeTo(Math.log(2), 6)]);
    expect(logger.metrics['explained_variance']).toEqual([expect.closeTo(EXPLAINED, 4)]);
    v.dispose();
    policy.dispose();
  });

  it('first epoch, Gaussian (composed loss, sums on the device): approx_kl 0, clip_fraction 0, entropy 0.5 log(2 pi e)', () => {
    const logger = new LossRecorder();
    const v = critic();
    // mean 0, log-std 0 on the box [-1, 1] (half range 1): std 1
    const policy = new GaussianPolicy(new WithLogStd(linear0(2, 1), 1), new Box(-1, 1, [1]), new Random(0), { optimizer: 'sgd', lr: 0.1, parameterization: 'logStd' });
    const agent = ppoOn(policy, v, logger);
    rollout(agent);
    const before = tf.memory().numTensors; // after the first update's lazy allocations
    agent.act(stateArrayOf([[1, 1], [2, 2]], [0, 0])); // a second update
    expect(tf.memory().numTensors).toBe(before); // the kept sums are released after the read
    expect(logger.metrics['approx_kl']![0]).toBeCloseTo(0, 6);
    expect(logger.metrics['clip_fraction']![0]).toBe(0);
    expect(logger.metrics['entropy']![0]).toBeCloseTo(0.5 * Math.log(2 * Math.PI * Math.E), 5);
    expect(logger.metrics['explained_variance']![0]).toBeCloseTo(EXPLAINED, 4);
    v.dispose();
    policy.dispose();
  });

  it('later epochs move the policy: approx_kl > 0 and rows clipped (large steps, a tight clip range)', () => {
    const logger = new LossRecorder();
    const v = critic();
    const policy = new SoftmaxPolicy(linear0(2, 2), new Random(0), { optimizer: 'sgd', lr: 5 });
    rollout(ppoOn(policy, v, logger, 4, 0.01));
    expect(logger.metrics['approx_kl']![0]).toBeGreaterThan(1e-4);
    expect(logger.metrics['clip_fraction']![0]).toBeGreaterThan(0);
    v.dispose();
    policy.dispose();
  });

  it('are not computed for a logger that drops them, and recording them leaves the update unchanged', () => {
    const weightsAfter = (logger: Logger) => {
      const v = critic();
      const policy = new SoftmaxPolicy(linear0(2, 2), new Random(0), { optimizer: 'sgd', lr: 1 });
      rollout(ppoOn(policy, v, logger, 3));
      const out = [...v.model.variables, ...policy.model.variables].map((w) => Array.from(w.dataSync()));
      v.dispose();
      policy.dispose();
      return out;
    };
    const dropped = Object.assign(new DummyLogger(), { addMetric: jest.fn() });
    expect(weightsAfter(new LossRecorder())).toEqual(weightsAfter(dropped));
    expect(dropped.addMetric).not.toHaveBeenCalled();
  });
});

describe('A2C metrics', () => {
  it('entropy log 2 at a zero policy head, explained variance by hand', () => {
    const logger = new LossRecorder();
    const v = critic();
    const policy = new SoftmaxPolicy(linear0(2, 2), new Random(0), { optimizer: 'sgd', lr: 0.1 });
    const agent = new A2C(new Identity(), v, policy, { discountFactor: 0.9, entropyLossScaling: 0.5, valueLossScaling: 0.5, nEnvs: 2, nSteps: 1, logger });
    rollout(agent);
    const before = tf.memory().numTensors; // after the first update's lazy allocations
    agent.act(stateArrayOf([[1, 1], [2, 2]], [0, 0])); // a second update
    expect(tf.memory().numTensors).toBe(before);
    expect(logger.metrics['entropy']![0]).toBeCloseTo(Math.log(2), 6);
    expect(logger.metrics['explained_variance']![0]).toBeCloseTo(EXPLAINED, 4);
    v.dispose();
    policy.dispose();
  });
});
