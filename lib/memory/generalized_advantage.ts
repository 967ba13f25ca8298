/**
 * Generalized advantage estimation (Schulman et al. 2016, https://arxiv.org/abs/1506.02438) for
 * parallel actor-critic agents such as PPO: with TD errors
 * delta_t = r_{t+1} + gamma m_{t+1} V(s_{t+1}) - V(s_t) (m = 0 after a true termination),
 * A_t = delta_t + gamma lambda A_{t+1}, the sum cut at the first done state of each environment
 * and at the end of the rollout.
 *
 * Ports ALL's `GeneralizedAdvantageBuffer` (all/memory/generalized_advantage.py). Differences,
 * deliberate:
 * - the value function is an agent callback over typed arrays (`ValueFunction`), evaluated once on
 *   all `(nSteps + 1) * nEnvs` states (ALL: `v.target` in chunks of `compute_batch_size`);
 * - terminal values are zeroed here from the termination flags (ALL relies on `State.apply`
 *   masking network outputs), and a truncated state bootstraps with its own value while the
 *   accumulation stops there; ALL's mask is 1 at a truncation, so its sum runs on into the next
 *   episode and the TD error uses the reset state's value;
 * - rows whose start state is done (the environment resets and ignores the action) get advantage 0
 *   and `valid` 0; ALL computes a TD error for them;
 * - the result is a `RolloutBatch` whose `returns` are the lambda-returns `advantages + values`.
 *
 * The storage and the packing of the result are shared with NStepAdvantageBuffer through
 * `RolloutAdvantageBuffer` (rollout_advantage_buffer.ts); the GAE recursion is this file's.
 */
import { ConfigError } from '../core/errors';
import { RolloutAdvantageBuffer, type AdvantageOutputs } from './rollout_advantage_buffer';
import type { Rollout } from './rollout_storage';

/** Options of `GeneralizedAdvantageBuffer`. */
export interface GeneralizedAdvantageOptions {
  /** Discount factor gamma in [0, 1]. Default 1, as ALL. */
  discount?: number;
  /** GAE lambda in [0, 1]: 0 gives one-step TD errors, 1 gives n-step returns minus V. Default 1, as ALL. */
  lam?: number;
}

/** Collects a rollout of parallel environments and turns it into GAE advantages and lambda-returns. */
export class GeneralizedAdvantageBuffer extends RolloutAdvantageBuffer {
  /** Discount factor gamma. */
  readonly discount: number;
  /** GAE lambda. */
  readonly lam: number;

  /**
   * @param nSteps steps per rollout.
   * @param nEnvs environments stepped in parallel.
   * @param options discount and lambda.
   */
  constructor(nSteps: number, nEnvs: number, options: GeneralizedAdvantageOptions = {}) {
    const discount = options.discount ?? 1;
    const lam = options.lam ?? 1;
    for (const [name, v] of [['discount', discount], ['lam', lam]] as const) {
      if (!(v >= 0 && v <= 1)) {
        throw new ConfigError(`GeneralizedAdvantageBuffer ${name} must be in [0, 1]; received ${v}`);
      }
    }
    super(nSteps, nEnvs, 'GeneralizedAdvantageBuffer');
    this.discount = discount;
    this.lam = lam;
  }

  /**
   * GAE for one environment, backwards from the end of the rollout: A_t = delta_t + gamma lambda
   * A_{t+1}, cut at done states and at the rollout's end; returns A_t + V(s_t).
   */
  protected fillEnvironment(r: Rollout, e: number, { returns, advantages, valid }: AdvantageOutputs): void {
    const { nSteps, nEnvs } = this;
    const gamma = this.discount;
    const decay = this.discount * this.lam;
    const v = r.values;
    let a = 0; // the advantage of row (t + 1) * nEnvs + e, 0 when there is nothing to continue
    for (let t = nSteps - 1; t >= 0; t--) {
      const i = t * nEnvs + e;
      const j = i + nEnvs;
      if (r.done[i]) {
        returns[i] = v[i]!;
        a = 0;
        continue;
      }
      const delta = r.rewards[i]! + gamma * (r.terminated[j] ? 0 : v[j]!) - v[i]!;
      const carry = r.done[j] || t === nSteps - 1 ? 0 : a;
      a = delta + decay * carry;
      advantages[i] = a;
      returns[i] = a + v[i]!;
      valid[i] = 1;
    }
  }
}
