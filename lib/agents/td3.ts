/**
 * TD3, Twin Delayed DDPG (Fujimoto et al. 2018, "Addressing Function Approximation Error in
 * Actor-Critic Methods", https://arxiv.org/abs/1802.09477). ALL never shipped TD3; this follows
 * the paper's algorithm 1 and the authors' reference code, in the shape of ALL's DDPG agent:
 * - twin critics regress on `r + gamma * mask * min(Q1', Q2')(s', a~)` where the smoothed target
 *   action is a~ = clip(mu'(s') + clip(eps, -c, c), low, high), eps ~ N(0, sigma^2), with sigma and
 *   c given as fractions of half the action range (0.2 and 0.5 by default, as the paper with
 *   max_action scaling);
 * - every `policyUpdateFrequency` critic updates, the actor ascends Q1(s, mu(s)) (less an optional
 *   penalty on its pre-tanh outputs, `preActivationWeight`, default 0) and all three
 *   targets (actor, both critics) take a Polyak step;
 * - exploration adds N(0, (noise * halfRange)^2) to the actor's action, clipped to the Box.
 *
 * Deliberate difference: the smoothing noise is drawn on the host from the run's seeded `Random`
 * and clipped per dimension there, then applied by lib/functional's `td3TargetPolicySmoothing`.
 */
import type { Random } from '../core/random';
import type { QContinuous } from '../approximation/q_continuous';
import { PolyakTarget } from '../approximation/target/polyak';
import { deterministicActorLoss, td3TargetPolicySmoothing } from '../functional/continuous_actions';
import { mse } from '../functional/losses';
import { tdLearningTarget } from '../functional/value_learning';
import type { ReplayBatch, ReplayBuffer } from '../memory/types';
import type { DeterministicPolicy } from '../policies/deterministic';
import { tf, type Tensor } from '../tf';
import { ExploringDeterministicAgent, type ExplorationSettings } from './loops/exploring_replay_agent';
import { batchTensors, type BatchTensors } from './replay_batch';

/** TD3's test agent: the actor's action without noise, in evaluation mode. */
export { DeterministicTestAgent as TD3TestAgent } from './test_agents';

/** TD3's settings. */
export interface TD3Options extends ExplorationSettings {
  /** Discount factor gamma. */
  discountFactor: number;
  /** Target smoothing noise standard deviation sigma, as a fraction of half the action range. */
  policyNoise: number;
  /** Target smoothing noise clip c, as a fraction of half the action range. */
  noiseClip: number;
  /** Critic updates per actor (and target) update d. */
  policyUpdateFrequency: number;
  /** Weight of the actor's pre-tanh penalty (lib/functional's deterministicActorLoss); default 0, the paper's loss. */
  preActivationWeight?: number;
}

/**
 * A Polyak target that moves only when told (`step()`), not after every optimizer step: TD3's
 * critic targets follow the delayed actor updates, while the critics train on every update.
 */
export class DelayedPolyakTarget extends PolyakTarget {
  /** Ignored: the owner calls `step()` on its own schedule. */
  override update(): void {}
  /** One soft update target <- tau * online + (1 - tau) * target. */
  step(): void {
    super.update();
  }
}

/** The TD3 agent: trains inside `act`. */
export class TD3 extends ExploringDeterministicAgent {
  private criticUpdates = 0;
  private readonly halfRange: Float32Array;

  /**
   * @param q1 first critic; its target must be a DelayedPolyakTarget (stepped with the actor)
   * @param q2 second critic, likewise
   * @param policy the actor, with a Polyak target (it steps on each actor update)
   * @param q1Target the first critic's target strategy, stepped here after each actor update
   * @param q2Target the second critic's target strategy
   * @param replayBuffer transitions with Float32Array actions
   * @param rng generator of the exploration and smoothing noise
   * @param options settings
   */
  constructor(
    readonly q1: QContinuous,
    readonly q2: QContinuous,
    policy: DeterministicPolicy,
    private readonly q1Target: DelayedPolyakTarget,
    private readonly q2Target: DelayedPolyakTarget,
    replayBuffer: ReplayBuffer,
    rng: Random,
    readonly options: TD3Options,
  ) {
    super(policy, replayBuffer, rng, options);
    const { low, high } = policy.space;
    this.halfRange = Float32Array.from(low, (lo, i) => (high[i]! - lo) / 2);
  }

  /** Critic updates made so far (the actor has made floor(this / policyUpdateFrequency)). */
  get updates(): number {
    return this.criticUpdates;
  }

  /**
   * Target smoothing noise for `rows` actions, [rows * D] row-major: N(0, (policyNoise *
   * halfRange_d)^2) clipped to +-(noiseClip * halfRange_d) per dimension d.
   */
  sampleTargetNoise(rows: number): Float32Array {
    const d = this.halfRange.length;
    const out = new Float32Array(rows * d);
    for (let i = 0; i < out.length; i++) {
      const h = this.halfRange[i % d]!;
      const c = this.options.noiseClip * h;
      const v = this.rng.normal(0, this.options.policyNoise * h);
      out[i] = v < -c ? -c : v > c ? c : v;
    }
    return out;
  }

  /**
   * The critics' regression targets [B]: r + gamma * mask * min(Q1', Q2')(s', a~) with a~ the
   * smoothed target action for the given (already clipped) noise [B * D]. Call inside tf.tidy;
   * the caller owns the result.
   */
  criticTargets(t: BatchTensors, noise: Float32Array): Tensor {
    return tf.tidy(() => {
      const mu = this.policy.targetActions(t.nextStates);
      const maxClip = this.options.noiseClip * Math.max(...this.halfRange);
      const { low, high } = this.policy.space;
      // the noise is clipped per dimension already; this clip (by the widest bound) changes nothing
      const smoothed = td3TargetPolicySmoothing(mu, tf.tensor(noise, mu.shape), maxClip, low, high);
      const value = tf.minimum(this.q1.targetAt(t.nextStates, smoothed), this.q2.targetAt(t.nextStates, smoothed));
      return tdLearningTarget(t.rewards, t.discounts, value);
    });
  }

  /** One critic update of both critics; on every d-th, an actor update and the target steps. */
  trainOn(batch: ReplayBatch): void {
    tf.tidy(() => {
      const t = batchTensors(batch, this.options.discountFactor);
      const targets = this.criticTargets(t, this.sampleTargetNoise(batch.size));
      this.q1.reinforce(() => mse(this.q1.forwardAt(t.states, t.actions), targets));
      this.q2.reinforce(() => mse(this.q2.forwardAt(t.states, t.actions), targets));
      this.criticUpdates += 1;
      if (this.criticUpdates % this.options.policyUpdateFrequency === 0) {
        this.policy.reinforce(() => {
          const { actions, preActivations } = this.policy.actionsWithPreActivations(t.states);
          return deterministicActorLoss(this.q1.forwardAt(t.states, actions), preActivations, this.options.preActivationWeight ?? 0);
        });
        this.q1Target.step();
        this.q2Target.step();
      }
    });
  }
}

