/**
 * Soft Actor-Critic (Haarnoja et al. 2018, https://arxiv.org/abs/1801.01290, with the automatic
 * temperature of https://arxiv.org/abs/1812.05905), as ALL's all/agents/sac.py: twin critics
 * regress on `r + gamma * (min(Q1', Q2')(s', a') - alpha * log pi(a'|s'))` with a' sampled from
 * the current policy; the policy minimizes `alpha * log pi(a|s) - Q1(s, a)` on reparameterized
 * samples; the temperature alpha follows the gap between the policy's entropy and its target.
 *
 * Deliberate differences from ALL:
 * - The temperature lives in log space: log(alpha) += lrTemperature * mean(log pi + entropyTarget).
 *   ALL's step alpha += lr * alpha * mean(log pi + target), clamped at 0, is the same to first
 *   order, but ours can never reach 0 (where ALL's rule would stay forever) or go negative.
 * - Terminal handling is explicit: the whole soft value, entropy term included, is multiplied by
 *   gamma * mask (ALL subtracts the entropy term even after a true terminal).
 * - Sampling noise comes from the run's seeded `Random`.
 * - Speed: the agent samples through `SquashedSampler` below, about 20 tensor kernels per sample
 *   instead of the ~40 of the policy's general `sample` (whose backward pass costs twice as many
 *   more): same values (tested against lib/functional's `squashedGaussianSample`), with the
 *   Gaussian's standardized noise and the box's log-Jacobian folded into one per-row constant
 *   computed on the host.
 */
import type { Random } from '../core/random';
import type { State } from '../core/state';
import type { QContinuous } from '../approximation/q_continuous';
import type { Logger } from '../logging/logger';
import { DummyLogger } from '../logging/logger';
import { mse } from '../functional/losses';
import { tdLearningTarget } from '../functional/value_learning';
import type { ReplayBatch, ReplayBuffer } from '../memory/types';
import { clipRows } from '../policies/deterministic';
import type { SoftDeterministicPolicy } from '../policies/soft_deterministic';
import { readFloats } from '../read_back';
import { tf, type Tensor } from '../tf';
import type { Agent } from './agent';
import { UpdateClock } from './ddpg';
import { batchTensors, type BatchTensors } from './replay_batch';

/** SAC's settings (ALL's names in camelCase). */
export interface SACOptions {
  /** Discount factor gamma. */
  discountFactor: number;
  /** Subtract the temperature-weighted log-density in the critics' targets (ALL: true). */
  entropyBackups: boolean;
  /** Desired policy entropy in nats; usually -(action dimensions). */
  entropyTarget: number;
  /** Step size of the log-temperature update (per update). */
  lrTemperature: number;
  /** Transitions per training update. */
  minibatchSize: number;
  /** Environment frames seen before the first update. */
  replayStartSize: number;
  /** Initial temperature alpha (> 0). */
  temperatureInitial: number;
  /** Environment frames between updates. */
  updateFrequency: number;
  /** Where the temperature and entropy go (as schedules); default: dropped. */
  logger?: Logger;
}

const LOG_2 = Math.log(2);
const LOG_2PI = Math.log(2 * Math.PI);

/** A reparameterized sample of the squashed Gaussian: actions [B, D] and log-densities [B] (or none). */
export interface SquashedDraw {
  action: Tensor;
  logProb?: Tensor;
}

/**
 * Samples a SoftDeterministicPolicy's tanh-squashed Gaussian with few kernels:
 * u = mean + exp(logStd) * eps, action = center + halfRange * tanh(u), and
 * log pi = sum_d [-eps_d^2 / 2 - log(2 pi) / 2 - log halfRange_d] - sum_d [logStd_d + log(1 - tanh(u_d)^2)]
 * with log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u)) (Haarnoja et al. 2018, appendix C). The first
 * sum depends only on the noise and the box, so it is computed on the host. Differentiable in
 * the policy's variables.
 */
export class SquashedSampler {
  private readonly center: Float32Array;
  private readonly halfRange: Float32Array;
  private readonly unitBox: boolean;
  private readonly logHalfRangeSum: number;

  /**
   * @param policy the policy whose `distribution` is sampled
   * @param rng the seeded generator of the noise
   */
  constructor(
    readonly policy: SoftDeterministicPolicy,
    private readonly rng: Random,
  ) {
    const { low, high } = policy.space;
    this.center = Float32Array.from(low, (lo, i) => (high[i]! + lo) / 2);
    this.halfRange = Float32Array.from(low, (lo, i) => (high[i]! - lo) / 2);
    this.unitBox = this.center.every((c) => c === 0) && this.halfRange.every((h) => h === 1);
    this.logHalfRangeSum = Array.from(this.halfRange).reduce((a, h) => a + Math.log(h), 0);
  }

  /**
   * Draws one action per row of x (training mode), with log-densities when `withLogProb`.
   * Call inside tf.tidy or a loss closure; the caller owns the tensors.
   * @param eps optional standard-normal noise [B * D] row-major (default: drawn from the generator)
   */
  sample(x: Tensor, withLogProb: boolean, eps?: Float32Array): SquashedDraw {
    return tf.tidy(() => {
      const { mean, logStd } = this.policy.distribution(x);
      const [rows, dims] = mean.shape as [number, number];
      const noise = eps ?? new Float32Array(rows * dims);
      if (eps === undefined) for (let i = 0; i < noise.length; i++) noise[i] = this.rng.normal();
      const u = tf.add(mean, tf.mul(tf.exp(logStd), tf.tensor2d(noise, [rows, dims])));
      const t = tf.tanh(u);
      const action = this.unitBox ? t : tf.add(tf.mul(t, tf.tensor1d(this.halfRange)), tf.tensor1d(this.center));
      if (!withLogProb) return { action };
      const constant = new Float32Array(rows);
      const perRow = -dims * (0.5 * LOG_2PI + 2 * LOG_2) - this.logHalfRangeSum;
      for (let r = 0; r < rows; r++) {
        let sq = 0;
        for (let d = 0; d < dims; d++) sq += noise[r * dims + d]! ** 2;
        constant[r] = perRow - 0.5 * sq;
      }
      // logStd + log(1 - tanh(u)^2) - 2 log 2 = logStd - 2 (u + softplus(-2u))
      const perDim = tf.sub(logStd, tf.mul(tf.add(u, tf.softplus(tf.mul(u, -2))), 2));
      return { action, logProb: tf.sub(tf.tensor1d(constant), tf.sum(perDim, 1)) };
    });
  }
}

/** The SAC agent: trains inside `act`. */
export class SAC implements Agent {
  private lastState: State | undefined;
  private lastAction: Float32Array | undefined;
  private readonly clock: UpdateClock;
  private logTemperature: number;
  private readonly logger: Logger;
  private readonly sampler: SquashedSampler;
  /** Mean log pi(a|s) of the last policy update's samples (the entropy estimate is its negative). */
  lastMeanLogProb = NaN;

  /**
   * @param policy the squashed Gaussian policy (no target)
   * @param q1 first critic, with a Polyak target
   * @param q2 second critic, with a Polyak target
   * @param replayBuffer transitions with Float32Array actions
   * @param rng generator of the policy's sampling noise
   * @param options settings
   */
  constructor(
    readonly policy: SoftDeterministicPolicy,
    readonly q1: QContinuous,
    readonly q2: QContinuous,
    readonly replayBuffer: ReplayBuffer,
    rng: Random,
    readonly options: SACOptions,
  ) {
    this.sampler = new SquashedSampler(policy, rng);
    this.clock = new UpdateClock(options.replayStartSize, options.updateFrequency);
    this.logTemperature = Math.log(options.temperatureInitial);
    this.logger = options.logger ?? new DummyLogger();
  }

  /** The current temperature alpha, always > 0. */
  get temperature(): number {
    return Math.exp(this.logTemperature);
  }

  act(state: State): Float32Array {
    if (this.lastState !== undefined) this.replayBuffer.store(this.lastState, this.lastAction!, state);
    if (this.clock.tick()) this.trainOn(this.replayBuffer.sample(this.options.minibatchSize));
    this.lastState = state;
    this.lastAction = readFloats(() => {
      const x = tf.tensor(state.observation, [1, ...state.shape]);
      return this.sampler.sample(x, false).action;
    });
    clipRows(this.lastAction, this.policy.space);
    return Float32Array.from(this.lastAction);
  }

  /**
   * The critics' regression targets [B] for a batch: r + gamma * mask * (min(Q1', Q2')(s', a') -
   * alpha * log pi(a'|s')) with a' ~ pi(.|s') (the entropy term only if `entropyBackups`).
   * Call inside tf.tidy; the caller owns the result.
   */
  criticTargets(t: BatchTensors): Tensor {
    return tf.tidy(() => {
      const next = this.sampler.sample(t.nextStates, this.options.entropyBackups);
      let value = tf.minimum(this.q1.targetAt(t.nextStates, next.action), this.q2.targetAt(t.nextStates, next.action));
      if (next.logProb !== undefined) value = tf.sub(value, tf.mul(next.logProb, this.temperature));
      return tdLearningTarget(t.rewards, t.discounts, value);
    });
  }

  /** One update of both critics, the policy and the temperature on a batch. */
  trainOn(batch: ReplayBatch): void {
    const meanLogProb = tf.tidy(() => {
      const t = batchTensors(batch, this.options.discountFactor);
      const targets = this.criticTargets(t);
      this.q1.reinforce(() => mse(this.q1.forwardAt(t.states, t.actions), targets));
      this.q2.reinforce(() => mse(this.q2.forwardAt(t.states, t.actions), targets));
      const alpha = this.temperature;
      let logProbMean: Tensor | undefined;
      this.policy.reinforce(() => {
        const s = this.sampler.sample(t.states, true);
        logProbMean = tf.keep(tf.mean(s.logProb!)); // read below for the temperature step
        return tf.mean(tf.sub(tf.mul(s.logProb!, alpha), this.q1.forwardAt(t.states, s.action)));
      });
      const value = logProbMean!.dataSync()[0]!;
      logProbMean!.dispose();
      return value;
    });
    this.updateTemperature(meanLogProb);
  }

  /**
   * One temperature step from the mean log-density of the policy's samples: up when the entropy
   * (-meanLogProb) is below the target, down when above.
   */
  updateTemperature(meanLogProb: number): void {
    this.lastMeanLogProb = meanLogProb;
    this.logTemperature += this.options.lrTemperature * (meanLogProb + this.options.entropyTarget);
    this.logger.addSchedule('temperature', this.temperature);
    this.logger.addSchedule('entropy', -meanLogProb);
  }
}

/**
 * SAC's test agent: the squashed mean action in evaluation mode (ALL's test agent samples; we
 * act deterministically, as the Preset contract says test agents explore no more).
 */
export class SACTestAgent implements Agent {
  constructor(readonly policy: SoftDeterministicPolicy) {}
  act(state: State): Float32Array {
    return this.policy.act(state.observation, state.shape, { evaluation: true, deterministic: true });
  }
}
