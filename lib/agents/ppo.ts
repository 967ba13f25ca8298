/**
 * PPO, proximal policy optimization with the clipped surrogate objective (Schulman et al. 2017,
 * https://arxiv.org/abs/1707.06347), as ALL's all/agents/ppo.py: parallel actors fill a
 * `GeneralizedAdvantageBuffer` (GAE, Schulman et al. 2016) for `nSteps` steps; the log-probabilities
 * of the actions taken are computed once per rollout (the "old" policy); then `epochs` passes over
 * `minibatches` shuffled minibatches each update the shared features, the value head (mse to the
 * lambda-returns) and the policy head (clipped surrogate plus an entropy bonus).
 *
 * The agent knows nothing of the action space: the policy is a `StochasticPolicy` (sampling,
 * log-probability and entropy of a batch), so the same agent runs a SoftmaxPolicy on discrete
 * actions and a GaussianPolicy on continuous ones.
 *
 * Deliberate differences from ALL:
 * - rows whose start state was done (`valid` 0 in the RolloutBatch: the environment resets and
 *   ignores the action) are left out; the remaining rows are split into `minibatches` minibatches
 *   of sizes differing by at most one (ALL drops the remainder of an uneven split);
 * - the value loss is weighted by `valueLossScaling` (ALL's preset passes it to the value network,
 *   but its PPO back-propagates the unscaled sum, so it has no effect there);
 * - the clip epsilon is a pure schedule of the number of minibatch updates made (ALL's
 *   LinearScheduler counts its own reads, one per minibatch: the same values);
 * - the shuffles come from the run's seeded generator, not torch's global one;
 * - diagnostics ALL does not log, as `metrics/*` once per update and only when the logger records
 *   them (verbose): `approx_kl` and `clip_fraction` (lib/functional's SurrogateStats, over every
 *   minibatch, each measured before its step), `entropy`, and `explained_variance` of the
 *   returns by the values the rollout was collected with.
 */
import { ConfigError } from '../core/errors';
import type { Random } from '../core/random';
import type { Approximation } from '../approximation/approximation';
import { reinforceShared } from '../approximation/feature_network';
import type { VNetwork } from '../approximation/v_network';
import { mse, SurrogateStats } from '../functional';
import { DummyLogger, recordsDiagnostics, type Logger } from '../logging/logger';
import { GeneralizedAdvantageBuffer } from '../memory/generalized_advantage';
import { constantSchedule, type Schedule } from '../optim/schedules';
import type { StochasticPolicy } from '../policies/stochastic';
import { tf, type Scalar } from '../tf';
import { explainedVariance } from './diagnostics';
import { RolloutAgent, actionTensor, logProbabilities, selectRows, shuffledMinibatches, type ValidRows } from './loops/rollout_agent';

export { StochasticTestAgent as PPOTestAgent } from './test_agents';

/** PPO's settings (ALL's names in camelCase). */
export interface PPOOptions {
  /** Discount factor gamma. */
  discountFactor: number;
  /** GAE lambda. */
  lam: number;
  /** Weight of the entropy loss in the policy loss. */
  entropyLossScaling: number;
  /** Weight of the value loss (mse) in the features' loss and the value head's step. */
  valueLossScaling: number;
  /** Passes over each rollout. */
  epochs: number;
  /** Minibatches per pass. */
  minibatches: number;
  /** Environments stepped in parallel. */
  nEnvs: number;
  /** Steps per rollout (`nEnvs * nSteps` frames between trainings). */
  nSteps: number;
  /** The clip range epsilon, or a schedule of the number of minibatch updates made so far. */
  epsilon: number | Schedule;
  /** Seeded generator for the minibatch shuffles. */
  rng: Random;
  /** Receives `schedule/clip`, and `metrics/*` when verbose. Default: dropped. */
  logger?: Logger;
}

/** A minibatch of PPO: rollout rows with the log-probabilities of the policy that collected them. */
type PPORows = ValidRows & { oldLogProbs: Float32Array };

/** The PPO agent: trains inside `act` once per rollout of `nEnvs * nSteps` frames. */
export class PPO extends RolloutAgent {
  private readonly epsilon: Schedule;
  private readonly logger: Logger;
  private updates = 0;

  /**
   * @param features shared feature layers (a FeatureNetwork, or an Identity)
   * @param v value head over the features
   * @param policy a stochastic policy head over the features (SoftmaxPolicy, GaussianPolicy, ...)
   * @param options discount, GAE lambda, loss weights, clip schedule, epochs, minibatches, rollout size
   */
  constructor(
    features: Approximation,
    v: VNetwork,
    policy: StochasticPolicy,
    readonly options: PPOOptions,
  ) {
    super(
      features,
      v,
      policy,
      new GeneralizedAdvantageBuffer(options.nSteps, options.nEnvs, { discount: options.discountFactor, lam: options.lam }),
      options.nEnvs,
      options.nSteps,
    );
    for (const key of ['epochs', 'minibatches'] as const) {
      const value = options[key];
      if (!Number.isInteger(value) || value < 1) throw new ConfigError(`PPO ${key} must be an integer >= 1; received ${value}`);
    }
    this.epsilon = typeof options.epsilon === 'number' ? constantSchedule(options.epsilon) : options.epsilon;
    this.logger = options.logger ?? new DummyLogger();
  }

  /** Minibatch updates made so far (the clip schedule's step). */
  get updateCount(): number {
    return this.updates;
  }

  /** `epochs` passes of shuffled minibatch steps against the policy that collected the rollout. */
  protected train(rows: ValidRows): void {
    const { epochs, minibatches, rng } = this.options;
    const all: PPORows = { ...rows, oldLogProbs: logProbabilities(this.features, this.policy, rows) };
    const stats = recordsDiagnostics(this.logger) ? new SurrogateStats() : undefined;
    for (const indices of shuffledMinibatches(rows.count, epochs, minibatches, rng)) {
      this.trainMinibatch(selectRows(all, indices), stats);
    }
    if (stats !== undefined) {
      const { approxKl, clipFraction, entropy } = stats.read();
      this.logger.addMetric('approx_kl', approxKl);
      this.logger.addMetric('clip_fraction', clipFraction);
      this.logger.addMetric('entropy', entropy);
      this.logger.addMetric('explained_variance', explainedVariance(rows.values, rows.returns));
    }
  }

  /** One step of the value head (mse to the lambda-returns) and of the policy (clipped surrogate, entropy bonus). */
  private trainMinibatch(rows: PPORows, stats: SurrogateStats | undefined): void {
    const { valueLossScaling, entropyLossScaling } = this.options;
    const epsilon = this.epsilon(this.updates);
    this.logger.addSchedule('clip', epsilon);
    this.updates += 1;
    tf.tidy(() => {
      const x = tf.tensor(rows.states, [rows.count, ...rows.stateShape]);
      const actions = actionTensor(rows.actions, rows.count);
      const advantages = tf.tensor1d(rows.advantages);
      const targets = tf.tensor1d(rows.returns);
      const old = tf.tensor1d(rows.oldLogProbs);
      reinforceShared(this.features, x, [
        { approximation: this.v, loss: (f) => tf.mul(mse(this.v.values(f), targets), valueLossScaling) as Scalar },
        { approximation: this.policy, loss: (f) => this.policy.clippedSurrogateLoss(f, { actions, oldLogProbs: old, advantages, epsilon, entropyScaling: entropyLossScaling }, stats) },
      ]);
    });
  }
}
