/**
 * Epsilon-greedy policies over a Q approximation (ALL's GreedyPolicy and ParallelGreedyPolicy).
 * Epsilon is a pure schedule of the number of decisions made (ALL's LinearScheduler advanced one
 * step per read), so reading it for logs or tests never moves it.
 */
import type { Random } from '../core/random';
import type { Approximation } from '../approximation/approximation';
import type { Logger } from '../logging/logger';
import { constantSchedule, type Schedule } from '../optim/schedules';
import { readInts } from '../read_back';
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
  /** One action for one observation of shape `shape`. */
  act(observation: Float32Array, shape: readonly number[]): number {
    const eps = this.nextEpsilon();
    if (eps > 0 && this.rng.random() < eps) return this.rng.int(this.nActions);
    return greedyActions(this.q, observation, [1, ...shape], this.options.evaluation ?? false)[0]!;
  }
}

/** Epsilon-greedy over a batch: each row independently random with probability epsilon. */
export class ParallelGreedyPolicy extends EpsilonGreedy {
  /** One action per row of `observations` ([n, ...shape] flattened). */
  act(observations: Float32Array, batchShape: readonly number[]): Int32Array {
    const eps = this.nextEpsilon();
    const actions = greedyActions(this.q, observations, batchShape, this.options.evaluation ?? false);
    if (eps > 0) {
      for (let i = 0; i < actions.length; i++) {
        if (this.rng.random() < eps) actions[i] = this.rng.int(this.nActions);
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
  return readInts(() => {
    const x = tf.tensor(observations, [...batchShape]);
    return tf.argMax(evaluation ? q.eval(x) : q.forward(x), 1);
  });
}
