/**
 * C51, categorical DQN (Bellemare et al. 2017, "A Distributional Perspective on Reinforcement
 * Learning", https://arxiv.org/abs/1707.06887), as ALL's all/agents/c51.py: store the last
 * transition, train if due, then act epsilon-greedily on the expected values of the return
 * distributions. Training projects r + gamma^steps * z onto the support (lib/functional's
 * categorical double-Q target: the online network picks the bootstrap action, the target network
 * gives its distribution, as ALL does) and minimizes the importance-weighted cross entropy; each
 * transition's new priority is its KL divergence (a no-op for uniform replay).
 *
 * Deliberate differences from ALL:
 * - Terminal handling is explicit: a true terminal has discountT = 0, so the whole target mass
 *   sits at the reward (split between the two atoms around it); ALL swaps in a point mass at the
 *   middle atom before shifting, which gives the same target on a symmetric support.
 * - The discount is gamma^steps per transition from the batch's `steps` (ALL's Rainbow preset
 *   passes gamma^n for every transition, also for the shorter ones flushed at an episode end).
 * - The loss is the cross entropy of the logits (logSoftmax, no clamping), whose gradient equals
 *   that of ALL's clamped KL; the priorities are KL = cross entropy - entropy(target), as ALL's.
 * - Random choices come from the run's seeded generator; epsilon is a pure schedule of the
 *   decisions made once the buffer holds `replayStartSize` transitions (ALL's scheduler counts
 *   its own reads, which happen exactly then).
 * - ALL logs the mean expected value of the trained distributions as `loss/q_mean`; here that is
 *   done only when a logger is given (it costs a read-back).
 */
import type { State } from '../core/state';
import { ConfigError } from '../core/errors';
import type { Random } from '../core/random';
import type { QDist } from '../approximation/q_dist';
import { categoricalDoubleQLearningTarget } from '../functional/distributional';
import { categoricalCrossEntropy } from '../functional/distributions';
import { batchedIndex } from '../functional/base';
import { weightedMean } from '../functional/losses';
import type { Logger } from '../logging/logger';
import type { ReplayBuffer } from '../memory/types';
import { constantSchedule, type Schedule } from '../optim/schedules';
import { tf } from '../tf';
import type { Agent } from './agent';
import { batchTensors } from './replay_batch';

/** C51's settings (ALL's names in camelCase). */
export interface C51Options {
  /** Discount factor gamma per environment step; a transition of m steps bootstraps with gamma^m. */
  discountFactor: number;
  /** Transitions per training update. */
  minibatchSize: number;
  /** Transitions stored before the first update; until then every action is random (as ALL). */
  replayStartSize: number;
  /** Frames between updates. */
  updateFrequency: number;
  /**
   * Probability of a random action, or a schedule of the number of decisions made since the
   * buffer reached `replayStartSize` transitions. Default 0.
   */
  exploration?: number | Schedule;
  /** Logs `schedule/exploration` and `loss/q_mean` when given. */
  logger?: Logger;
}

/** The C51 agent: trains inside `act`. */
export class C51 implements Agent {
  private lastState: State | undefined;
  private lastAction: number | undefined;
  private framesSeen = 0;
  private decisions = 0;
  private readonly epsilon: Schedule;

  /**
   * @param q the distributional Q function (its target network supplies the bootstrap distributions)
   * @param replayBuffer where transitions go (uniform, prioritized, or n-step over either)
   * @param rng seeded generator for exploration
   * @param options see C51Options
   */
  constructor(
    readonly q: QDist,
    readonly replayBuffer: ReplayBuffer,
    private readonly rng: Random,
    readonly options: C51Options,
  ) {
    for (const key of ['minibatchSize', 'updateFrequency'] as const) {
      if (!Number.isInteger(options[key]) || options[key] < 1) {
        throw new ConfigError(`C51 option ${key} must be a positive integer; received ${options[key]}`);
      }
    }
    if (!(options.discountFactor >= 0 && options.discountFactor <= 1)) {
      throw new ConfigError(`C51 option discountFactor must be in [0, 1]; received ${options.discountFactor}`);
    }
    const e = options.exploration ?? 0;
    this.epsilon = typeof e === 'number' ? constantSchedule(e) : e;
  }

  /** Stores the transition that ended in `state`, trains if due, and returns the next action. */
  act(state: State): number {
    if (this.lastState !== undefined) this.replayBuffer.store(this.lastState, this.lastAction!, state);
    this.train();
    this.lastState = state;
    this.lastAction = this.chooseAction(state);
    return this.lastAction;
  }

  /** The epsilon the next decision will use once replay has started. */
  get currentEpsilon(): number {
    return this.epsilon(this.decisions);
  }

  private chooseAction(state: State): number {
    if (this.replayBuffer.length < this.options.replayStartSize) return this.rng.int(this.q.actions);
    const eps = this.epsilon(this.decisions);
    this.decisions += 1;
    this.options.logger?.addSchedule('exploration', eps);
    if (eps > 0 && this.rng.random() < eps) return this.rng.int(this.q.actions);
    return this.q.greedyActions(state.observation, [1, ...state.shape])[0]!;
  }

  private train(): void {
    this.framesSeen += 1;
    if (this.framesSeen <= this.options.replayStartSize || this.framesSeen % this.options.updateFrequency !== 0) return;
    const batch = this.replayBuffer.sample(this.options.minibatchSize);
    const logQMean = this.options.logger !== undefined;
    const stats = tf.tidy(() => {
      const t = batchTensors(batch, this.options.discountFactor);
      const support = this.q.supportTensor();
      const target = categoricalDoubleQLearningTarget(
        support,
        t.rewards,
        t.discounts,
        support,
        this.q.logits(t.nextStates, 'target'),
        this.q.qValues(t.nextStates, 'forward'),
      );
      let crossEntropy: tf.Tensor | undefined;
      let logits: tf.Tensor | undefined;
      this.q.reinforce(() => {
        // kept past the gradient tape's own tidy for the priorities; released by the outer tidy
        logits = tf.keep(batchedIndex(this.q.logits(t.states, 'forward'), t.actions));
        crossEntropy = tf.keep(categoricalCrossEntropy(target, logits));
        return weightedMean(crossEntropy, t.weights);
      });
      // kept tensors outlive every tidy: hand them to this one
      const ce = tf.clone(crossEntropy!);
      const taken = tf.clone(logits!);
      crossEntropy!.dispose();
      logits!.dispose();
      // KL(target || p) = cross entropy - entropy(target); 0 * log(0) counts as 0
      const negEntropy = tf.sum(tf.mul(target, tf.log(tf.maximum(target, 1e-30))), 1);
      const kl = tf.add(ce, negEntropy);
      if (!logQMean) return kl.dataSync() as Float32Array;
      const qMean = tf.mean(tf.sum(tf.mul(tf.softmax(taken), support), 1));
      return tf.concat([kl, tf.reshape(qMean, [1])]).dataSync() as Float32Array;
    });
    const priorities = logQMean ? stats.subarray(0, batch.size) : stats;
    if (logQMean) this.options.logger!.addLoss('q_mean', stats[batch.size]!);
    this.replayBuffer.updatePriorities(batch.indices, priorities);
  }
}

/**
 * C51's test agent (ALL's C51TestAgent): greedy on expected values, with probability
 * `exploration` of a random action, the network in evaluation mode (noise off).
 */
export class C51TestAgent implements Agent {
  /**
   * @param q a QDist over a copy of the trained model
   * @param rng seeded generator for the test exploration
   * @param exploration probability of a random action (the preset's testExploration)
   */
  constructor(
    readonly q: QDist,
    private readonly rng: Random,
    readonly exploration = 0,
  ) {}

  act(state: State): number {
    if (this.exploration > 0 && this.rng.random() < this.exploration) return this.rng.int(this.q.actions);
    return this.q.greedyActions(state.observation, [1, ...state.shape], true)[0]!;
  }
}
