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
 */
import { ConfigError } from '../core/errors';
import type { StateArray } from '../core/state';
import { RolloutStorage } from './rollout_storage';
import type { RolloutBatch, ValueFunction } from './types';

/** Options of `GeneralizedAdvantageBuffer`. */
export interface GeneralizedAdvantageOptions {
  /** Discount factor gamma in [0, 1]. Default 1, as ALL. */
  discount?: number;
  /** GAE lambda in [0, 1]: 0 gives one-step TD errors, 1 gives n-step returns minus V. Default 1, as ALL. */
  lam?: number;
}

/** Collects a rollout of parallel environments and turns it into GAE advantages and lambda-returns. */
export class GeneralizedAdvantageBuffer {
  /** Discount factor gamma. */
  readonly discount: number;
  /** GAE lambda. */
  readonly lam: number;
  private readonly storage: RolloutStorage;

  /**
   * @param nSteps steps per rollout.
   * @param nEnvs environments stepped in parallel.
   * @param options discount and lambda.
   */
  constructor(nSteps: number, nEnvs: number, options: GeneralizedAdvantageOptions = {}) {
    this.discount = options.discount ?? 1;
    this.lam = options.lam ?? 1;
    for (const [name, v] of [['discount', this.discount], ['lam', this.lam]] as const) {
      if (!(v >= 0 && v <= 1)) {
        throw new ConfigError(`GeneralizedAdvantageBuffer ${name} must be in [0, 1]; received ${v}`);
      }
    }
    this.storage = new RolloutStorage(nSteps, nEnvs, 'GeneralizedAdvantageBuffer');
  }

  /** Steps per rollout. */
  get nSteps(): number {
    return this.storage.nSteps;
  }

  /** Environments per step. */
  get nEnvs(): number {
    return this.storage.nEnvs;
  }

  /** Transitions stored in the current rollout (`steps * nEnvs`, as ALL's `len`). */
  get length(): number {
    return this.storage.steps * this.storage.nEnvs;
  }

  /**
   * Stores one step of every environment (ALL's `store(states, actions, rewards)`).
   * At most `nSteps` stores per rollout; StateError beyond that.
   * @param states the `nEnvs` states the actions were taken in.
   * @param actions `nEnvs` integers (Int32Array or number[]) or a Float32Array of `nEnvs * actionDim`.
   * @param rewards `nEnvs` rewards received on arriving in the next states, usually `nextStates.reward`.
   */
  store(states: StateArray, actions: Int32Array | Float32Array | readonly number[], rewards: ArrayLike<number>): void {
    this.storage.store(states, actions, rewards);
  }

  /**
   * Completes the rollout with the states reached after the last step, computes GAE advantages and
   * lambda-returns, and empties the buffer. StateError unless `nSteps` steps were stored.
   * @param nextStates the `nEnvs` states after the last stored step.
   * @param valueFn V(s) for a batch of observations, called once with `(nSteps + 1) * nEnvs` rows.
   * @returns the rollout, rows time-major (`t * nEnvs + e`).
   */
  advantages(nextStates: StateArray, valueFn: ValueFunction): RolloutBatch {
    const r = this.storage.finish(nextStates, valueFn);
    const { nSteps, nEnvs } = this.storage;
    const gamma = this.discount;
    const decay = this.discount * this.lam;
    const rows = nSteps * nEnvs;
    const returns = new Float32Array(rows);
    const advantages = new Float32Array(rows);
    const valid = new Float32Array(rows);
    const v = r.values;
    for (let e = 0; e < nEnvs; e++) {
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
    return {
      size: rows,
      nSteps,
      nEnvs,
      stateShape: r.stateShape,
      states: r.observations.subarray(0, rows * r.stateSize),
      actions: r.actions,
      advantages,
      returns,
      values: v.slice(0, rows),
      valid,
    };
  }
}
