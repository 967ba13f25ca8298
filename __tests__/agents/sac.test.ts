import { SAC, SquashedSampler } from '../../lib/agents/sac';
import { squashedGaussianSample } from '../../lib/functional/distributions';
import { batchTensors } from '../../lib/agents/replay_batch';
import { QContinuous } from '../../lib/approximation/q_continuous';
import { PolyakTarget } from '../../lib/approximation/target';
import { Random } from '../../lib/core/random';
import { Box } from '../../lib/core/spaces';
import { ExperienceReplayBuffer } from '../../lib/memory/experience_replay';
import { SoftDeterministicPolicy } from '../../lib/policies/soft_deterministic';
import { tf } from '../../lib/tf';
import { expectClose, fixedLinear, take } from '../nn/fixed_linear';
import { continuousSmokeTests, LossRecorder, oneTransition } from './continuous_smoke';

describe('sac preset', () => continuousSmokeTests('sac'));

/**
 * A SAC agent on 1-D observations and actions in [-1, 1]: Q1(s, a) = s + 2a + 0.5,
 * Q2(s, a) = s + a, and a policy with mean 0.5 s and raw log-std 0 (std 1); gamma 0.9.
 */
function makeAgent(options: { entropyBackups?: boolean; lrTemperature?: number; temperatureInitial?: number; entropyTarget?: number; logger?: LossRecorder } = {}): SAC {
  const space = new Box(-1, 1, [1]);
  const q1 = new QContinuous(fixedLinear([[1], [2]], [0.5]), { name: 'q1', target: new PolyakTarget(0.005) });
  const q2 = new QContinuous(fixedLinear([[1], [1]], [0]), { name: 'q2', target: new PolyakTarget(0.005) });
  const policy = new SoftDeterministicPolicy(fixedLinear([[0.5, 0]], [0, 0]), space, new Random(3), { lr: 1e-3 });
  return new SAC(policy, q1, q2, new ExperienceReplayBuffer(10, { rng: new Random(0) }), new Random(3), {
    discountFactor: 0.9,
    entropyBackups: options.entropyBackups ?? true,
    entropyTarget: options.entropyTarget ?? -1,
    lrTemperature: options.lrTemperature ?? 0.01,
    minibatchSize: 1,
    replayStartSize: 0,
    temperatureInitial: options.temperatureInitial ?? 0.5,
    updateFrequency: 1,
    logger: options.logger,
  });
}

function dispose(agent: SAC): void {
  agent.q1.dispose();
  agent.q2.dispose();
  agent.policy.dispose();
}

describe('SAC temperature', () => {
  it('steps log(alpha) by lr * (mean log pi + target): up when the entropy is below the target, down when above', () => {
    const agent = makeAgent({ temperatureInitial: 0.5, lrTemperature: 0.01, entropyTarget: -1 });
    // entropy = -meanLogProb = -2 < target -1: log(alpha) = log 0.5 + 0.01 * (2 - 1) -> alpha = 0.5 e^0.01
    agent.updateTemperature(2);
    expect(agent.temperature).toBeCloseTo(0.5 * Math.exp(0.01), 10);
    // entropy 3 > -1: log(alpha) += 0.01 * (-3 - 1) -> alpha = 0.5 e^(0.01 - 0.04)
    agent.updateTemperature(-3);
    expect(agent.temperature).toBeCloseTo(0.5 * Math.exp(-0.03), 10);
    dispose(agent);
  });

  it('logs metrics/temperature and metrics/entropy after each update', () => {
    const logger = new LossRecorder();
    const agent = makeAgent({ temperatureInitial: 0.5, lrTemperature: 0.01, entropyTarget: -1, logger });
    agent.updateTemperature(2); // alpha = 0.5 e^0.01, entropy estimate -2
    agent.trainOn(oneTransition(0.3, 0.2, -1, 0.4, 1));
    expect(logger.metrics['temperature']).toEqual([expect.closeTo(0.5 * Math.exp(0.01), 10), expect.closeTo(agent.temperature, 10)]);
    expect(logger.metrics['entropy']).toEqual([-2, -agent.lastMeanLogProb]);
    dispose(agent);
  });

  it('stays positive where an additive step would cross zero', () => {
    const agent = makeAgent({ temperatureInitial: 0.1, lrTemperature: 1, entropyTarget: -1 });
    // ALL's rule alpha += lr * alpha * (meanLogProb + target) = 0.1 * (1 - 5) = -0.4 would clamp to 0 and stay there
    for (let i = 0; i < 50; i++) agent.updateTemperature(-4);
    expect(agent.temperature).toBeGreaterThan(0);
    expect(agent.temperature).toBeCloseTo(0.1 * Math.exp(-250), 120);
    // and it recovers: log space keeps every step proportional
    agent.updateTemperature(6); // += 1 * (6 - 1)
    expect(Math.log(agent.temperature)).toBeCloseTo(Math.log(0.1) - 250 + 5, 6);
    dispose(agent);
  });

  it('moves with the policy entropy during training', () => {
    // One sample's entropy estimate -log pi = 0.92 + (u - mean)^2 / 2 - 2 log cosh(u) lies in about [0.3, 5]
    // for |u| < 5 (std 1 on [-1, 1]): below a target of 10, so alpha must rise; above -10, so it must fall.
    for (const [target, direction] of [
      [10, 1],
      [-10, -1],
    ] as const) {
      const agent = makeAgent({ temperatureInitial: 0.5, lrTemperature: 0.01, entropyTarget: target });
      const before = agent.temperature;
      agent.trainOn(oneTransition(0.3, 0.2, -1, 0.4, 1));
      const entropy = -agent.lastMeanLogProb;
      expect(Math.sign(target - entropy)).toBe(direction);
      expect(Math.sign(agent.temperature - before)).toBe(direction);
      expectClose([Math.log(agent.temperature)], [Math.log(0.5) + 0.01 * (agent.lastMeanLogProb + target)], 1e-9);
      dispose(agent);
    }
  });
});

describe('SAC critic targets', () => {
  it('are r + gamma * mask * (min(Q1\', Q2\') - alpha log pi) with a\' sampled from the policy (by hand)', () => {
    const batch = oneTransition(0.3, 0.2, -1, 0.4, 1);
    for (const entropyBackups of [true, false]) {
      const agent = makeAgent({ temperatureInitial: 0.5, entropyBackups });
      const [target] = tf.tidy(() => take(agent.criticTargets(batchTensors(batch, 0.9))));
      // The agent's generator (Random(3)) draws eps first: u = 0.5 * 0.4 + 1 * eps, a' = tanh(u) (box [-1, 1]),
      // log pi = -eps^2 / 2 - log(2 pi) / 2 - log(1 - tanh(u)^2) - log 1;
      // Q1' = 0.4 + 2a' + 0.5, Q2' = 0.4 + a'; target = -1 + 0.9 * (min - 0.5 log pi).
      const eps = new Random(3).normal();
      const u = 0.2 + eps;
      const a = Math.tanh(u);
      const logPi = -0.5 * eps * eps - 0.5 * Math.log(2 * Math.PI) - Math.log(1 - a * a);
      const minQ = Math.min(0.4 + 2 * a + 0.5, 0.4 + a);
      expectClose([target!], [-1 + 0.9 * (minQ - (entropyBackups ? 0.5 * logPi : 0))], 1e-4);
      dispose(agent);
    }
  });

  it('do not bootstrap, nor add the entropy term, after a true terminal', () => {
    const agent = makeAgent({ temperatureInitial: 5 });
    const [target] = tf.tidy(() => take(agent.criticTargets(batchTensors(oneTransition(0.3, 0.2, -1, 0.4, 0), 0.9))));
    expect(target).toBeCloseTo(-1, 6);
    dispose(agent);
  });
});

describe('SquashedSampler', () => {
  it('equals lib/functional squashedGaussianSample (actions and log-densities) on a scaled, shifted box', () => {
    // box [-1, 3] x [0, 0.5]; policy output = x W: means (0.3x, -0.2x), raw log-stds (0.4x, -x) -> logStd 0.2x, -0.5x
    const space = new Box([-1, 0], [3, 0.5]);
    const policy = new SoftDeterministicPolicy(fixedLinear([[0.3, -0.2, 0.4, -1]], [0, 0, 0, 0]), space, new Random(1));
    const sampler = new SquashedSampler(policy, new Random(8));
    const x = tf.tensor2d([[1], [-2], [0.5]]);
    const eps = Float32Array.of(0.1, -1.2, 2.5, 0.3, -0.7, 0.05);
    const ours = tf.tidy(() => {
      const d = sampler.sample(x, true, eps);
      return { action: take(d.action), logProb: take(d.logProb!) };
    });
    const reference = tf.tidy(() => {
      const { mean, logStd } = policy.distribution(x);
      const s = squashedGaussianSample(mean, logStd, tf.tensor2d(eps, [3, 2]), space.low, space.high);
      return { action: take(s.action), logProb: take(s.logProb) };
    });
    expectClose(ours.action, reference.action, 1e-5);
    expectClose(ours.logProb, reference.logProb, 1e-4);
    x.dispose();
    policy.dispose();
  });
});
