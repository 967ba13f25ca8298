/**
 * N-step advantages for synchronous parallel actor-critic (A2C; Mnih et al. 2016,
 * https://arxiv.org/abs/1602.01783): each step of a rollout of `nSteps` steps of `nEnvs`
 * environments gets the bootstrapped return from there to the end of the rollout,
 * R_t = r_{t+1} + gamma r_{t+2} + ... + gamma^{m-1} r_{t+m} + gamma^m V(s_{t+m}),
 * cut at the first done state s_{t+m} of its environment, and the advantage R_t - V(s_t).
 *
 * Ports ALL's `NStepAdvantageBuffer` (all/memory/advantage.py). Differences, deliberate:
 * - the agent passes its value function as a callback over typed arrays (`ValueFunction`),
 *   evaluated once on all `(nSteps + 1) * nEnvs` states; ALL calls `v.target` on next states and
 *   `v.eval` on states itself (the same network in ALL's A2C, which has no target network);
 * - a return stops at *any* done state: after a termination it bootstraps 0, after a truncation
 *   it bootstraps V of the truncated state's observation. ALL only stops at terminations
 *   (mask 0), so after a time limit its returns run on into the next episode;
 * - rows whose start state is done (the environment resets there and ignores the action) get
 *   advantage 0 and `valid` 0; ALL gives them advantage r + gamma^m V(next) - 0;
 * - the result is a `RolloutBatch` that also carries `returns` and `values`.
 */
import { ConfigError } from '../core/errors';
import type { StateArray } from '../core/state';
import { RolloutStorage } from './rollout_storage';
import type { RolloutBatch, ValueFunction } from './types';

/** Options of `NStepAdvantageBuffer`. */
export interface NStepAdvantageOptions {
  /** Discount factor gamma in [0, 1]. Default 1, as ALL. */
  discount?: number;
}

/** Collects a rollout of parallel environments and turns it into n-step returns and advantages. */
export class NStepAdvantageBuffer {
  /** Discount factor gamma. */
  readonly discount: number;
  private readonly storage: RolloutStorage;

  /**
   * @param nSteps steps per rollout (the largest n of the n-step returns).
   * @param nEnvs environments stepped in parallel.
   * @param options the discount factor.
   */
  constructor(nSteps: number, nEnvs: number, options: NStepAdvantageOptions = {}) {
    this.discount = options.discount ?? 1;
    if (!(this.discount >= 0 && this.discount <= 1)) {
      throw new ConfigError(`NStepAdvantageBuffer discount must be in [0, 1]; received ${options.discount}`);
    }
    this.storage = new RolloutStorage(nSteps, nEnvs, 'NStepAdvantageBuffer');
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
   * Stores one step of every environment: the states acted in, the actions taken there and the
   * rewards received on arriving in the next states (ALL's `store(states, actions, rewards)`).
   * At most `nSteps` stores per rollout; StateError beyond that.
   * @param states the `nEnvs` states the actions were taken in.
   * @param actions `nEnvs` integers (Int32Array or number[]) or a Float32Array of `nEnvs * actionDim`.
   * @param rewards `nEnvs` rewards, usually `nextStates.reward`.
   */
  store(states: StateArray, actions: Int32Array | Float32Array | readonly number[], rewards: ArrayLike<number>): void {
    this.storage.store(states, actions, rewards);
  }

  /**
   * Completes the rollout with the states reached after the last step, computes returns and
   * advantages, and empties the buffer. StateError unless `nSteps` steps were stored.
   * @param nextStates the `nEnvs` states after the last stored step.
   * @param valueFn V(s) for a batch of observations, called once with `(nSteps + 1) * nEnvs` rows.
   * @returns the rollout, rows time-major (`t * nEnvs + e`).
   */
  advantages(nextStates: StateArray, valueFn: ValueFunction): RolloutBatch {
    const r = this.storage.finish(nextStates, valueFn);
    const { nSteps, nEnvs } = this.storage;
    const gamma = this.discount;
    const rows = nSteps * nEnvs;
    const returns = new Float32Array(rows);
    const advantages = new Float32Array(rows);
    const valid = new Float32Array(rows);
    const v = r.values;
    for (let e = 0; e < nEnvs; e++) {
      let g = 0; // the return of row (t + 1) * nEnvs + e, when that row is a real transition
      for (let t = nSteps - 1; t >= 0; t--) {
        const i = t * nEnvs + e;
        const j = i + nEnvs;
        if (r.done[i]) {
          returns[i] = v[i]!;
          continue;
        }
        if (r.done[j] || t === nSteps - 1) {
          // the return ends at s_{t+1}: bootstrap from it unless it is a true termination
          g = r.rewards[i]! + gamma * (r.terminated[j] ? 0 : v[j]!);
        } else {
          g = r.rewards[i]! + gamma * g;
        }
        returns[i] = g;
        advantages[i] = g - v[i]!;
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
