/**
 * C51, categorical DQN (Bellemare et al. 2017, "A Distributional Perspective on Reinforcement
 * Learning", https://arxiv.org/abs/1707.06887), as ALL's all/agents/c51.py: store the last
 * transition, train if due, then act epsilon-greedily on the expected values of the return
 * distributions. Training builds the double-Q categorical target (the online network picks the
 * bootstrap action by expected value, the target network gives its distribution, as ALL does),
 * projects r + gamma^steps * z onto the support, and minimizes the importance-weighted cross
 * entropy (lib/functional's categoricalCrossEntropy and weightedMean); each transition's new
 * priority is its KL divergence (a no-op for uniform replay).
 *
 * Deliberate differences from ALL:
 * - Terminal handling is explicit: a true terminal has discount 0, so the whole target mass sits
 *   at the reward (split between the two atoms around it). ALL swaps in a point mass at the
 *   middle atom before shifting, and its projection as written loses the mass of any shifted atom
 *   that lands exactly on a support atom: on CartPole (r = 1) its targets sum to about 0.986, and
 *   a terminal reward that falls on an atom gives an all-zero target. Ours keeps that mass on the
 *   atom (every target sums to 1), as rlax's categorical_l2_project does.
 * - The discount is gamma^steps per transition from the batch's `steps` (ALL's Rainbow preset
 *   passes gamma^n for every transition, also for the shorter ones flushed at an episode end).
 * - The loss is the cross entropy of the logits (no clamping). Its gradient equals that of ALL's
 *   KL while every predicted probability is above ALL's clamp (log(clamp(p, 1e-5))): where an
 *   atom's predicted probability falls below 1e-5, ALL's gradient through that atom's log is
 *   zero and ours still pulls it up by its target mass. The priorities are KL = cross entropy -
 *   entropy(target), as ALL's.
 * - Speed (classic-control networks are bound by kernel count, DESIGN section 7) lives in the
 *   pieces: lib/functional's categoricalDoubleQLearningTarget projects on the host on wasm and
 *   cpu (O(B K) instead of a [B, K, K] broadcast that held C51 at 35 frames/s); greedy actions
 *   take the softmax expectations on the host (lib/policies/categorical_greedy.ts); uniform
 *   replay skips the priorities (12,928 logarithms).
 * - Random choices come from the run's seeded generator; epsilon is a pure schedule of the
 *   decisions made once the buffer holds `replayStartSize` transitions (ALL's scheduler counts
 *   its own reads, which happen exactly then).
 * - `loss/q_mean` is the mean expected value of the bootstrap action at the batch's next states
 *   (read back only when the logger records it); ALL logs that of the taken action at the start
 *   states, which would cost an extra forward pass per update.
 */
import type { State } from '../core/state';
import { ConfigError } from '../core/errors';
import type { Random } from '../core/random';
import type { QDist } from '../approximation/q_dist';
import { batchedIndex, categoricalCrossEntropy, categoricalDoubleQLearningTarget, weightedMean } from '../functional';
import { klFromCrossEntropy } from '../functional/categorical_host';
import { withIllegalSunk } from '../functional/value_learning';
import { recordsDiagnostics, type Logger } from '../logging/logger';
import type { ReplayBatch, ReplayBuffer } from '../memory/types';
import { constantSchedule, type Schedule } from '../optim/schedules';
import { actionMaskOf, randomLegalAction } from '../policies/action_mask';
import { greedyAction } from '../policies/categorical_greedy';
import { readAllFloats } from '../read_back';
import { tf } from '../tf';
import type { Agent } from './agent';
import { batchTensors } from './replay_batch';
import { ReplayAgent, type ReplaySettings } from './loops/replay_agent';

export { greedyAction } from '../policies/categorical_greedy';

/** C51's settings (ALL's names in camelCase). */
export interface C51Options extends ReplaySettings {
  /** Discount factor gamma per environment step; a transition of m steps bootstraps with gamma^m. */
  discountFactor: number;
  /** Transitions stored before the first update; until then every action is random (as ALL). */
  replayStartSize: number;
  /**
   * Probability of a random action, or a schedule of the number of decisions made since the
   * buffer reached `replayStartSize` transitions. Default 0.
   */
  exploration?: number | Schedule;
  /** Receives `schedule/exploration` per decision and `loss/q_mean` per update. */
  logger?: Logger;
}

/** The C51 agent: trains inside `act`. */
export class C51 extends ReplayAgent<number> {
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
    replayBuffer: ReplayBuffer,
    private readonly rng: Random,
    readonly options: C51Options,
  ) {
    super(replayBuffer, options);
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

  /** The epsilon the next decision will use once replay has started. */
  get currentEpsilon(): number {
    return this.epsilon(this.decisions);
  }

  protected chooseAction(state: State): number {
    const mask = actionMaskOf(state);
    const random = (): number => (mask === undefined ? this.rng.int(this.q.actions) : randomLegalAction(mask, 0, this.q.actions, this.rng));
    if (this.replayBuffer.length < this.options.replayStartSize) return random();
    const eps = this.epsilon(this.decisions);
    this.decisions += 1;
    this.options.logger?.addSchedule('exploration', eps);
    if (eps > 0 && this.rng.random() < eps) return random();
    return greedyAction(this.q, state, false);
  }

  /** Cross entropy to the double-Q categorical target, importance-weighted; KL priorities. */
  protected trainOn(batch: ReplayBatch): void {
    const logQMean = recordsDiagnostics(this.options.logger);
    let crossEntropy: Float32Array = new Float32Array(0);
    const [target, qMean] = readAllFloats(() => {
      const t = batchTensors(batch, this.options.discountFactor);
      const z = this.q.supportTensor();
      // double Q: the online network picks the bootstrap action, the target network gives its distribution
      const nextValues = this.q.qValues(t.nextStates, 'forward');
      // with action masks (turn-based games) the online network picks among legal next actions only
      const selector = t.nextLegal === undefined ? nextValues : withIllegalSunk(nextValues, t.nextLegal);
      const target = categoricalDoubleQLearningTarget(z, t.rewards, t.discounts, z, this.q.logits(t.nextStates, 'target'), selector);
      crossEntropy = this.q.reinforce(() => {
        const perRow = categoricalCrossEntropy(target, batchedIndex(this.q.logits(t.states, 'forward'), t.actions), { constantLabels: true });
        return { loss: weightedMean(perRow, t.weights), aux: { crossEntropy: perRow } };
      }).aux.crossEntropy;
      return logQMean ? [target, tf.mean(tf.max(nextValues, 1))] : [target];
    });
    if (qMean !== undefined) this.options.logger!.addLoss('q_mean', qMean[0]!);
    if (this.replayBuffer.usesPriorities !== false) this.replayBuffer.updatePriorities(batch.indices, klFromCrossEntropy(crossEntropy, target!));
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
    if (this.exploration > 0 && this.rng.random() < this.exploration) {
      const mask = actionMaskOf(state);
      return mask === undefined ? this.rng.int(this.q.actions) : randomLegalAction(mask, 0, this.q.actions, this.rng);
    }
    return greedyAction(this.q, state, true);
  }
}
