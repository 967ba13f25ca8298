/**
 * Proportional prioritized experience replay (Schaul et al. 2016, https://arxiv.org/abs/1511.05952):
 * transition i is sampled with probability P(i) = p_i^alpha / sum_k p_k^alpha and weighted by
 * w_i = (N * P(i))^-beta / max_j w_j.
 *
 * Ports ALL's `PrioritizedReplayBuffer` (all/memory/replay_buffer.py). Differences, deliberate:
 * - `updatePriorities(indices, priorities)` takes the batch's slot indices instead of caching the
 *   last sample's, and stores `(|p| + epsilon)^alpha` (ALL: `max(p, epsilon)^alpha`), so a signed
 *   TD error may be passed directly; the tracked max priority is `|p| + epsilon`.
 * - Stratified sampling splits the *whole* mass into `batchSize` segments; ALL (like OpenAI
 *   baselines) sums only slots `[0, len - 2]` there, which under-samples the newest slot.
 * - `beta` may be a number or a `Schedule` of the number of batches sampled so far (ALL's
 *   `Schedulable` beta, read once per `sample`); Schaul et al. and Rainbow (Hessel et al. 2018)
 *   anneal it linearly to 1 over training, ALL's presets pass a constant.
 */
import { ConfigError, NumericError, ShapeError, StateError } from '../core/errors';
import type { Schedule } from '../optim/schedules';
import { ExperienceReplayBuffer, type ExperienceReplayOptions, checkBatchSize } from './experience_replay';
import { MinSegmentTree, SumSegmentTree } from './segment_tree';
import type { ObservedTransition, ReplayBatch } from './types';

/** Options of `PrioritizedReplayBuffer`. */
export interface PrioritizedReplayOptions extends ExperienceReplayOptions {
  /** Prioritization exponent alpha >= 0 (0: uniform). ALL's presets use 0.5 to 0.6. */
  alpha: number;
  /**
   * Importance-sampling exponent beta >= 0 (0: no correction, 1: full), or a schedule of it over
   * the number of batches sampled so far (0 for the first). ALL's presets use 0.5 to 0.6, constant.
   */
  beta: number | Schedule;
  /** Added to |priority| so no transition has zero probability. Default 1e-5, as ALL. */
  epsilon?: number;
}

function checkNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigError(`PrioritizedReplayBuffer option ${name} must be a finite number >= 0; received ${value}`);
  }
}

/** A replay buffer sampling transitions in proportion to priority^alpha, with importance weights. */
export class PrioritizedReplayBuffer extends ExperienceReplayBuffer {
  /** Prioritization exponent. */
  readonly alpha: number;
  private betaSchedule: Schedule;
  /** Batches sampled so far (the step of the beta schedule). */
  private batchesSampled = 0;
  /** Added to |priority| on update. */
  readonly epsilon: number;
  private readonly sums: SumSegmentTree;
  private readonly mins: MinSegmentTree;
  /** Largest `|p| + epsilon` seen so far (initially 1); new transitions get it. */
  private maxPriority = 1;

  /**
   * @param capacity maximum number of transitions kept (positive integer).
   * @param options alpha, beta, epsilon and the random generator.
   */
  constructor(capacity: number, options: PrioritizedReplayOptions) {
    super(capacity, options);
    checkNonNegative('alpha', options.alpha);
    if (typeof options.beta === 'number') checkNonNegative('beta', options.beta);
    const epsilon = options.epsilon ?? 1e-5;
    checkNonNegative('epsilon', epsilon);
    this.alpha = options.alpha;
    const beta = options.beta;
    this.betaSchedule = typeof beta === 'number' ? () => beta : beta;
    this.epsilon = epsilon;
    this.sums = new SumSegmentTree(capacity);
    this.mins = new MinSegmentTree(capacity);
  }

  /** The importance-sampling exponent the next `sample` uses. */
  get beta(): number {
    return this.betaSchedule(this.batchesSampled);
  }

  /** Sets a constant importance-sampling exponent (replacing any schedule). */
  set beta(value: number) {
    checkNonNegative('beta', value);
    this.betaSchedule = () => value;
  }

  /** New transitions enter at the largest priority seen so far, so each is sampled at least once soon. */
  protected override place(t: ObservedTransition): number {
    const slot = super.place(t);
    this.setMass(slot, this.maxPriority ** this.alpha);
    return slot;
  }

  /**
   * Stratified proportional sampling: the total mass is split into `batchSize` equal segments and
   * one mass is drawn uniformly in each. Weights are `(N P(i))^-beta` divided by the largest
   * possible weight, that of the minimum-priority transition, so they lie in (0, 1].
   */
  override sample(batchSize: number): ReplayBatch {
    checkBatchSize(batchSize, this.length, 'PrioritizedReplayBuffer');
    const beta = this.beta;
    checkNonNegative(`beta (batch ${this.batchesSampled} of its schedule)`, beta);
    this.batchesSampled += 1;
    const n = this.length;
    const total = this.sums.sum();
    const segment = total / batchSize;
    const slots = new Int32Array(batchSize);
    const weights = new Float32Array(batchSize);
    // w_i / w_max = ((N P(i)) / (N P_min))^-beta = (mass_i / mass_min)^-beta.
    // A zero minimum mass (possible only with epsilon = 0) would make w_max infinite; the batch's
    // largest weight normalizes instead.
    const minMass = this.mins.min();
    let largest = 0;
    for (let i = 0; i < batchSize; i++) {
      const mass = Math.min((i + this.rng.random()) * segment, total);
      const slot = Math.min(this.sums.findPrefixSum(mass), n - 1);
      slots[i] = slot;
      const w = minMass > 0 ? (this.sums.get(slot) / minMass) ** -beta : this.sums.get(slot) ** -beta;
      weights[i] = w;
      if (w > largest) largest = w;
    }
    if (!(minMass > 0)) for (let i = 0; i < batchSize; i++) weights[i] = weights[i]! / largest;
    return this.gather(slots, weights);
  }

  /** True: sampling follows the priorities. */
  override get usesPriorities(): boolean {
    return true;
  }

  /**
   * Sets the priority of each slot in `indices` to `(|priorities[i]| + epsilon)^alpha` and raises
   * the running max priority. Later duplicates of an index win.
   * @param indices slots from a batch's `indices`.
   * @param priorities one per index, typically the TD errors (sign ignored).
   */

  override updatePriorities(indices: Int32Array | readonly number[], priorities: ArrayLike<number>): void {
    if (indices.length !== priorities.length) {
      throw new ShapeError(
        `updatePriorities received ${indices.length} indices but ${priorities.length} priorities; pass one priority per index`,
      );
    }
    for (let i = 0; i < indices.length; i++) {
      const slot = indices[i]!;
      if (!Number.isInteger(slot) || slot < 0 || slot >= this.length) {
        throw new StateError(
          `updatePriorities: index ${slot} is not a stored slot (the buffer holds ${this.length}); ` +
            'pass the indices of a batch sampled from this buffer',
        );
      }
      const p = Math.abs(priorities[i]!) + this.epsilon;
      if (!Number.isFinite(p)) {
        throw new NumericError(`updatePriorities: priority ${priorities[i]} for index ${slot} is not finite`);
      }
      this.setMass(slot, p ** this.alpha);
      if (p > this.maxPriority) this.maxPriority = p;
    }
  }

  /** The sampling mass `priority^alpha` currently stored for `slot`. */
  priority(slot: number): number {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.length) {
      throw new StateError(`priority: index ${slot} is not a stored slot (the buffer holds ${this.length})`);
    }
    return this.sums.get(slot);
  }

  private setMass(slot: number, mass: number): void {
    this.sums.set(slot, mass);
    this.mins.set(slot, mass);
  }
}
