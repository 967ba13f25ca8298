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
 * - ALL's `add_info` figures (entropy, normalized value error) are not logged (no info channel).
 */
import { ConfigError } from '../core/errors';
import type { Random } from '../core/random';
import type { Approximation } from '../approximation/approximation';
import { reinforceShared } from '../approximation/feature_network';
import type { VNetwork } from '../approximation/v_network';
import { clippedSurrogatePgLoss, mse } from '../functional';
import { DummyLogger, type Logger } from '../logging/logger';
import { GeneralizedAdvantageBuffer } from '../memory/generalized_advantage';
import { constantSchedule, type Schedule } from '../optim/schedules';
import { readFloats } from '../read_back';
import { tf, type Scalar } from '../tf';
import { A2CTestAgent, RolloutAgent, actionTensor, type StochasticPolicy, type ValidRows } from './a2c';

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
  /** Receives `schedule/clip`. Default: dropped. */
  logger?: Logger;
}

/** Rows `indices` of `rows`, gathered on the host into fresh arrays. */
export function gatherRows(rows: ValidRows, indices: ArrayLike<number>, extra: Float32Array): { rows: ValidRows; extra: Float32Array } {
  const n = indices.length;
  const stateSize = rows.states.length / rows.count;
  const actionDim = rows.actions.length / rows.count;
  const states = new Float32Array(n * stateSize);
  const actions = rows.actions instanceof Int32Array ? new Int32Array(n) : new Float32Array(n * actionDim);
  const advantages = new Float32Array(n);
  const returns = new Float32Array(n);
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    states.set(rows.states.subarray(i * stateSize, (i + 1) * stateSize), k * stateSize);
    if (actionDim === 1) actions[k] = rows.actions[i]!;
    else actions.set(rows.actions.subarray(i * actionDim, (i + 1) * actionDim), k * actionDim);
    advantages[k] = rows.advantages[i]!;
    returns[k] = rows.returns[i]!;
    out[k] = extra[i]!;
  }
  return { rows: { count: n, stateShape: rows.stateShape, states, actions, advantages, returns }, extra: out };
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates with the seeded generator). */
export function permutation(n: number, rng: Random): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

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

  protected train(rows: ValidRows): void {
    const { epochs, minibatches, rng } = this.options;
    const oldLogProbs = readFloats(() => {
      const x = tf.tensor(rows.states, [rows.count, ...rows.stateShape]);
      return this.policy.logProb(this.features.forward(x), actionTensor(rows.actions, rows.count));
    });
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = permutation(rows.count, rng);
      for (let m = 0; m < minibatches; m++) {
        const first = Math.floor((m * rows.count) / minibatches);
        const last = Math.floor(((m + 1) * rows.count) / minibatches);
        if (last === first) continue;
        const batch = gatherRows(rows, order.subarray(first, last), oldLogProbs);
        this.trainMinibatch(batch.rows, batch.extra);
      }
    }
  }

  private trainMinibatch(rows: ValidRows, oldLogProbs: Float32Array): void {
    const { valueLossScaling, entropyLossScaling } = this.options;
    const epsilon = this.epsilon(this.updates);
    this.logger.addSchedule('clip', epsilon);
    this.updates += 1;
    tf.tidy(() => {
      const x = tf.tensor(rows.states, [rows.count, ...rows.stateShape]);
      const actions = actionTensor(rows.actions, rows.count);
      const advantages = tf.tensor1d(rows.advantages);
      const targets = tf.tensor1d(rows.returns);
      const old = tf.tensor1d(oldLogProbs);
      reinforceShared(this.features, x, [
        { approximation: this.v, loss: (f) => tf.mul(mse(this.v.values(f), targets), valueLossScaling) as Scalar },
        {
          approximation: this.policy,
          loss: (f) => {
            if (this.policy.clippedSurrogateLoss !== undefined) {
              return this.policy.clippedSurrogateLoss(f, actions, old, advantages, epsilon, entropyLossScaling);
            }
            const { logProb, entropy } = this.policy.logProbAndEntropy?.(f, actions) ?? {
              logProb: this.policy.logProb(f, actions),
              entropy: this.policy.entropy(f),
            };
            const ratios = tf.exp(tf.sub(logProb, old));
            return tf.sub(clippedSurrogatePgLoss(ratios, advantages, epsilon), tf.mul(tf.mean(entropy), entropyLossScaling)) as Scalar;
          },
        },
      ]);
    });
  }
}

/** PPO's test agent is A2C's (ALL: `PPOTestAgent = A2CTestAgent`). */
export const PPOTestAgent = A2CTestAgent;
/** PPO's test agent type. */
export type PPOTestAgent = A2CTestAgent;
