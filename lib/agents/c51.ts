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
 *   at the reward (split between the two atoms around it); ALL swaps in a point mass at the
 *   middle atom before shifting, which gives the same target on a symmetric support.
 * - The discount is gamma^steps per transition from the batch's `steps` (ALL's Rainbow preset
 *   passes gamma^n for every transition, also for the shorter ones flushed at an episode end).
 * - The loss is the cross entropy of the logits (no clamping), whose gradient equals that of
 *   ALL's clamped KL; the priorities are KL = cross entropy - entropy(target), as ALL's.
 * - Speed (classic-control networks are bound by kernel count, DESIGN section 7): the bootstrap
 *   distributions are read back once and projected in JS by `projectShiftedCategorical` (the
 *   same values as lib/functional's categoricalL2Project, which is tested against it, but O(B K)
 *   instead of a [B, K, K] broadcast that held C51 at 35 frames/s); the taken action's logits
 *   are picked by a one-hot mask (wasm has no kernel for a gather's gradient); greedy actions
 *   take the softmax expectations in JS; uniform replay skips the priorities (12,928 logarithms).
 * - Random choices come from the run's seeded generator; epsilon is a pure schedule of the
 *   decisions made once the buffer holds `replayStartSize` transitions (ALL's scheduler counts
 *   its own reads, which happen exactly then).
 * - `loss/q_mean` is the mean expected value of the bootstrap action at the batch's next states
 *   (already read back); ALL logs that of the taken action at the start states, which would
 *   cost an extra forward pass per update.
 */
import type { State } from '../core/state';
import { ConfigError, ShapeError } from '../core/errors';
import type { Random } from '../core/random';
import type { QDist } from '../approximation/q_dist';
import { categoricalCrossEntropy } from '../functional/distributions';
import { weightedMean } from '../functional/losses';
import type { Logger } from '../logging/logger';
import type { ReplayBuffer } from '../memory/types';
import { constantSchedule, type Schedule } from '../optim/schedules';
import { readAllFloats, readFloats } from '../read_back';
import { tf } from '../tf';
import type { Agent } from './agent';

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
  /** Receives `schedule/exploration` per decision and `loss/q_mean` per update. */
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
    return greedyAction(this.q, state, false);
  }

  private train(): void {
    this.framesSeen += 1;
    if (this.framesSeen <= this.options.replayStartSize || this.framesSeen % this.options.updateFrequency !== 0) return;
    const batch = this.replayBuffer.sample(this.options.minibatchSize);
    const n = batch.size;
    const { actions: nActions, atoms, support } = this.q;
    const discounts = new Float32Array(n);
    for (let i = 0; i < n; i++) discounts[i] = Math.pow(this.options.discountFactor, batch.steps[i]!) * batch.nextMasks[i]!;
    const shape = [n, ...batch.stateShape];
    // Double-Q bootstrap: the online network's greedy action, the target network's distribution.
    const [nextValues, nextProbs] = readAllFloats(() => {
      const nextStates = tf.tensor(batch.nextStates, shape);
      return [this.q.qValues(nextStates, 'forward'), tf.softmax(this.q.logits(nextStates, 'target'))];
    }) as [Float32Array, Float32Array];
    const selected = new Float32Array(n * atoms);
    let qMean = 0;
    for (let i = 0; i < n; i++) {
      const a = argMax(nextValues, i * nActions, nActions);
      qMean += nextValues[i * nActions + a]! / n;
      selected.set(nextProbs.subarray((i * nActions + a) * atoms, (i * nActions + a + 1) * atoms), i * atoms);
    }
    const projected = projectShiftedCategorical(selected, batch.rewards, discounts, support);
    const actions = batch.actions as Int32Array;
    // The logits of the action taken, selected by a one-hot mask over actions (wasm has no
    // kernel for the gradient of a gather); x * 1 + y * 0 = x, so the values are exact.
    const mask = new Float32Array(n * nActions);
    for (let i = 0; i < n; i++) mask[i * nActions + actions[i]!] = 1;
    const crossEntropy = readFloats(() => {
      const states = tf.tensor(batch.states, shape);
      const target = tf.tensor2d(projected, [n, atoms]);
      const w = tf.tensor1d(batch.weights);
      const taken = tf.tensor3d(mask, [n, nActions, 1]);
      let perRow: tf.Tensor | undefined;
      this.q.reinforce(() => {
        const logits = tf.sum(tf.mul(this.q.logits(states, 'forward'), taken), 1);
        // kept past the gradient tape's own tidy; this tidy releases it after the read
        perRow = tf.keep(categoricalCrossEntropy(target, logits, { constantLabels: true }));
        return weightedMean(perRow, w);
      });
      return perRow!;
    });
    this.options.logger?.addLoss('q_mean', qMean);
    if (this.replayBuffer.usesPriorities === false) return;
    // Priorities: KL(target || p) = cross entropy - entropy(target), as ALL's.
    const priorities = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let kl = crossEntropy[i]!;
      for (let k = i * atoms; k < (i + 1) * atoms; k++) {
        const m = projected[k]!;
        if (m > 0) kl += m * Math.log(m);
      }
      priorities[i] = kl;
    }
    this.replayBuffer.updatePriorities(batch.indices, priorities);
  }
}

/** Index of the largest of values[offset .. offset + count) (the first on ties, as tf.argMax). */
function argMax(values: Float32Array, offset: number, count: number): number {
  let best = 0;
  for (let a = 1; a < count; a++) if (values[offset + a]! > values[offset + best]!) best = a;
  return best;
}

/**
 * argmax_a E[Z(s, a)] for one state, from one forward pass: the logits are read back and the
 * softmax expectations taken in JS (fewer kernels than QDist.greedyActions, same choice up to
 * float rounding of exact ties).
 * @param q the distributional Q function
 * @param state the state to act in
 * @param evaluation evaluation mode (noise off)
 */
export function greedyAction(q: QDist, state: State, evaluation: boolean): number {
  const logits = readFloats(() => {
    const x = tf.tensor(state.observation, [1, ...state.shape]);
    return evaluation ? q.eval(x) : q.forward(x);
  });
  const { actions, atoms, support } = q;
  if (logits.length !== actions * atoms) {
    throw new ShapeError(`${q.name}: the model returned ${logits.length} logits but QDist needs ${actions} actions x ${atoms} atoms`);
  }
  let best = 0;
  let bestValue = -Infinity;
  for (let a = 0; a < actions; a++) {
    const row = a * atoms;
    let max = -Infinity;
    for (let k = 0; k < atoms; k++) max = Math.max(max, logits[row + k]!);
    let mass = 0;
    let value = 0;
    for (let k = 0; k < atoms; k++) {
      const e = Math.exp(logits[row + k]! - max);
      mass += e;
      value += e * support[k]!;
    }
    if (value / mass > bestValue) {
      bestValue = value / mass;
      best = a;
    }
  }
  return best;
}

/**
 * The categorical L2 (Cramer) projection of C51 (Bellemare et al. 2017, algorithm 1,
 * https://arxiv.org/abs/1707.06887) on plain arrays, for targets built from a replay batch:
 * row b's distribution with mass probs[b, j] at atom rewards[b] + discounts[b] * support[j]
 * (clipped to the support's ends) is split between the two support atoms around each shifted
 * atom in proportion to closeness (all of it onto an atom it coincides with). Same values as
 * lib/functional's `categoricalL2Project` with zP = r + discount * support and zQ = support, in
 * O(B * K) instead of its O(B * K^2) broadcast, which dominated a C51 update on wasm (35 frames/s).
 * @param probs source probabilities, row-major [B, K]
 * @param rewards r per row [B]
 * @param discounts gamma^steps * mask per row [B], each >= 0 (0: all mass at the reward)
 * @param support strictly increasing atoms [K], K >= 2 (any spacing)
 * @returns projected probabilities, a new Float32Array [B, K]; each row keeps the mass of `probs`
 */
export function projectShiftedCategorical(
  probs: Float32Array,
  rewards: ArrayLike<number>,
  discounts: ArrayLike<number>,
  support: Float32Array,
): Float32Array {
  const k = support.length;
  const batch = rewards.length;
  if (k < 2 || probs.length !== batch * k || discounts.length !== batch) {
    throw new ShapeError(
      `projectShiftedCategorical: expected probs of ${batch} x ${k} values and ${batch} discounts for ${batch} rewards ` +
        `and a support of ${k} >= 2 atoms; received ${probs.length} probabilities, ${discounts.length} discounts`,
    );
  }
  const out = new Float32Array(batch * k);
  const lo = support[0]!;
  const hi = support[k - 1]!;
  for (let b = 0; b < batch; b++) {
    const r = rewards[b]!;
    const d = discounts[b]!;
    if (!(d >= 0)) throw new ShapeError(`projectShiftedCategorical: discounts must be >= 0; received ${d} at row ${b}`);
    const row = b * k;
    let i = 0; // support[i] <= x < support[i + 1]; x grows with j since d >= 0
    for (let j = 0; j < k; j++) {
      const p = probs[row + j]!;
      const x = Math.min(Math.max(r + d * support[j]!, lo), hi);
      while (i < k - 2 && x >= support[i + 1]!) i++;
      const left = support[i]!;
      const frac = (x - left) / (support[i + 1]! - left);
      out[row + i] = out[row + i]! + p * (1 - frac);
      out[row + i + 1] = out[row + i + 1]! + p * frac;
    }
  }
  return out;
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
    return greedyAction(this.q, state, true);
  }
}
