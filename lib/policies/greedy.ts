/**
 * Epsilon-greedy policies over a Q approximation (ALL's GreedyPolicy and ParallelGreedyPolicy).
 * Epsilon is a pure schedule of the number of decisions made (ALL's LinearScheduler advanced one
 * step per read), so reading it for logs or tests never moves it.
 * Difference from ALL: an optional action mask (lib/policies/action_mask.ts) restricts both the
 * random and the greedy choice to legal actions; without one, the choice is ALL's, draw for draw.
 */
import { ShapeError } from '../core/errors';
import type { Random } from '../core/random';
import type { Approximation } from '../approximation/approximation';
import type { Logger } from '../logging/logger';
import { constantSchedule, type Schedule } from '../optim/schedules';
import { readFloats, readInts } from '../read_back';
import { checkActionMask, maskedArgmax, randomLegalAction } from './action_mask';
import { hostForward } from '../nn/host_forward';
import { tf } from '../tf';

/** Options shared by the greedy policies. */
export interface GreedyOptions {
  /** Probability of a uniformly random action, or a schedule of the decision count. Default 0. */
  epsilon?: number | Schedule;
  /** Use the approximation in evaluation mode (noise off); default false (training mode). */
  evaluation?: boolean;
  /** Logs `schedule/exploration` each decision when given. */
  logger?: Logger;
}

/** What both greedy policies share: the Q function, the epsilon schedule and the decision count. */
abstract class EpsilonGreedy {
  private readonly epsilon: Schedule;
  private decisions = 0;

  constructor(
    protected readonly q: Approximation,
    readonly nActions: number,
    protected readonly rng: Random,
    protected readonly options: GreedyOptions = {},
  ) {
    const e = options.epsilon ?? 0;
    this.epsilon = typeof e === 'number' ? constantSchedule(e) : e;
  }

  /** The epsilon the next decision will use. */
  get currentEpsilon(): number {
    return this.epsilon(this.decisions);
  }

  /** The epsilon of this decision (advances the count and logs it). */
  protected nextEpsilon(): number {
    const eps = this.epsilon(this.decisions);
    this.decisions += 1;
    this.options.logger?.addSchedule('exploration', eps);
    return eps;
  }
}

/** Chooses argmax_a Q(s, a), or a random action with probability epsilon. */
export class GreedyPolicy extends EpsilonGreedy {
  /**
   * One action for one observation of shape `shape`.
   * @param mask legal actions (1) and illegal ones (0); omitted, every action is legal
   * @throws StateError when the mask allows no action
   */
  act(observation: Float32Array, shape: readonly number[], mask?: Uint8Array): number {
    if (mask !== undefined) checkActionMask(mask, this.nActions, 'GreedyPolicy');
    const eps = this.nextEpsilon();
    if (eps > 0 && this.rng.random() < eps) return mask === undefined ? this.rng.int(this.nActions) : randomLegalAction(mask, 0, this.nActions, this.rng);
    if (mask !== undefined) return maskedGreedyActions(this.q, observation, [1, ...shape], this.options.evaluation ?? false, mask)[0]!;
    return greedyActions(this.q, observation, [1, ...shape], this.options.evaluation ?? false)[0]!;
  }
}

/** Epsilon-greedy over a batch: each row independently random with probability epsilon. */
export class ParallelGreedyPolicy extends EpsilonGreedy {
  /**
   * One action per row of `observations` ([n, ...shape] flattened).
   * @param masks legal actions per row, `n * nActions` 0/1 values; omitted, every action is legal
   */
  act(observations: Float32Array, batchShape: readonly number[], masks?: Uint8Array): Int32Array {
    if (masks !== undefined) checkActionMask(masks, this.nActions, 'ParallelGreedyPolicy');
    const eps = this.nextEpsilon();
    const evaluation = this.options.evaluation ?? false;
    const actions = masks === undefined
      ? greedyActions(this.q, observations, batchShape, evaluation)
      : maskedGreedyActions(this.q, observations, batchShape, evaluation, masks);
    if (eps > 0) {
      for (let i = 0; i < actions.length; i++) {
        if (this.rng.random() < eps) actions[i] = masks === undefined ? this.rng.int(this.nActions) : randomLegalAction(masks, i, this.nActions, this.rng);
      }
    }
    return actions;
  }
}

/** argmax_a Q(s, a) for each row, as plain integers. */
export function greedyActions(
  q: Approximation,
  observations: Float32Array,
  batchShape: readonly number[],
  evaluation: boolean,
): Int32Array {
  // small networks and few rows: on the host, no tensors (lib/nn/host_forward.ts; the same values)
  const rows = batchShape[0]!;
  const values = hostForward(q.model, observations, rows);
  if (values !== undefined) return rowArgmax(values, rows);
  return readInts(() => {
    const x = tf.tensor(observations, [...batchShape]);
    return tf.argMax(evaluation ? q.eval(x) : q.forward(x), 1);
  });
}

/** The first index of each row's largest value, as tf.argMax picks it. */
function rowArgmax(values: Float32Array, rows: number): Int32Array {
  const width = values.length / rows;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < width; j++) if (values[r * width + j]! > values[r * width + best]!) best = j;
    out[r] = best;
  }
  return out;
}

/**
 * argmax over the legal actions of Q(s, .) for each row: the values are read back and the masked
 * argmax taken on the host (lowest index among equal values, as tf.argMax).
 * @param masks 0/1 per action and row, `rows * actions` values
 */
export function maskedGreedyActions(
  q: Approximation,
  observations: Float32Array,
  batchShape: readonly number[],
  evaluation: boolean,
  masks: Uint8Array,
): Int32Array {
  const values = readFloats(() => {
    const x = tf.tensor(observations, [...batchShape]);
    return evaluation ? q.eval(x) : q.forward(x);
  });
  const rows = batchShape[0]!;
  const nActions = values.length / rows;
  if (masks.length !== values.length) {
    throw new ShapeError(
      `maskedGreedyActions: ${masks.length} mask entries for ${rows} states of ${nActions} actions; pass ${values.length} (one per action per state)`,
    );
  }
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) out[i] = maskedArgmax(values, masks, i, nActions);
  return out;
}
