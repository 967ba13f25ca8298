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
 * - Speed: the agent samples through lib/policies' `SquashedSampler`, about 20 tensor kernels
 *   per sample instead of the ~40 of the policy's general `sample`, with the same values.
 * - The temperature and the entropy estimate are logged as `metrics/temperature` and
 *   `metrics/entropy` (ALL's `add_info`).
 */
import type { Random } from '../core/random';
import type { State } from '../core/state';
import type { QContinuous } from '../approximation/q_continuous';
import type { Logger } from '../logging/logger';
import { DummyLogger } from '../logging/logger';
import { mse } from '../functional/losses';
import { tdLearningTarget } from '../functional/value_learning';
import type { ReplayBatch, ReplayBuffer } from '../memory/types';
import { SquashedSampler, type SoftDeterministicPolicy } from '../policies/soft_deterministic';
import { tf, type Tensor } from '../tf';
import type { Agent } from './agent';
import { ReplayAgent, type ReplaySettings } from './loops/replay_agent';
import { batchTensors, type BatchTensors } from './replay_batch';

export { SquashedSampler, type SquashedDraw } from '../policies/soft_deterministic';

/** SAC's settings (ALL's names in camelCase). */
export interface SACOptions extends ReplaySettings {
  /** Discount factor gamma. */
  discountFactor: number;
  /** Subtract the temperature-weighted log-density in the critics' targets (ALL: true). */
  entropyBackups: boolean;
  /** Desired policy entropy in nats; usually -(action dimensions). */
  entropyTarget: number;
  /** Step size of the log-temperature update (per update). */
  lrTemperature: number;
  /** Initial temperature alpha (> 0). */
  temperatureInitial: number;
  /** Where the temperature and entropy go (as metrics); default: dropped. */
  logger?: Logger;
}

/** The SAC agent: trains inside `act`. */
export class SAC extends ReplayAgent<Float32Array> {
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
    replayBuffer: ReplayBuffer,
    rng: Random,
    readonly options: SACOptions,
  ) {
    super(replayBuffer, options);
    this.sampler = new SquashedSampler(policy, rng);
    this.logTemperature = Math.log(options.temperatureInitial);
    this.logger = options.logger ?? new DummyLogger();
  }

  /** The current temperature alpha, always > 0. */
  get temperature(): number {
    return Math.exp(this.logTemperature);
  }

  protected chooseAction(state: State): Float32Array {
    return this.sampler.act(state.observation, state.shape);
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
      return this.sampler.reinforce(t.states, (s, a) => this.q1.forwardAt(s, a), this.temperature);
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
    this.logger.addMetric('temperature', this.temperature);
    this.logger.addMetric('entropy', -meanLogProb);
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
