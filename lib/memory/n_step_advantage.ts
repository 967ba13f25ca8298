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
 *
 * The storage and the packing of the result are shared with GeneralizedAdvantageBuffer through
 * `RolloutAdvantageBuffer` (rollout_advantage_buffer.ts); the n-step recursion is this file's.
 */
import { ConfigError } from '../core/errors';
import { RolloutAdvantageBuffer, type AdvantageOutputs } from './rollout_advantage_buffer';
import type { Rollout } from './rollout_storage';

/** Options of `NStepAdvantageBuffer`. */
export interface NStepAdvantageOptions {
  /** Discount factor gamma in [0, 1]. Default 1, as ALL. */
  discount?: number;
}

/** Collects a rollout of parallel environments and turns it into n-step returns and advantages. */
export class NStepAdvantageBuffer extends RolloutAdvantageBuffer {
  /** Discount factor gamma. */
  readonly discount: number;

  /**
   * @param nSteps steps per rollout (the largest n of the n-step returns).
   * @param nEnvs environments stepped in parallel.
   * @param options the discount factor.
   */
  constructor(nSteps: number, nEnvs: number, options: NStepAdvantageOptions = {}) {
    const discount = options.discount ?? 1;
    if (!(discount >= 0 && discount <= 1)) {
      throw new ConfigError(`NStepAdvantageBuffer discount must be in [0, 1]; received ${options.discount}`);
    }
    super(nSteps, nEnvs, 'NStepAdvantageBuffer');
    this.discount = discount;
  }

  /**
   * N-step returns for one environment, backwards from the end of the rollout: R_t = r_{t+1} +
   * gamma R_{t+1}, bootstrapped where the return ends (a done next state or the rollout's end);
   * advantages R_t - V(s_t).
   */
  protected fillEnvironment(r: Rollout, e: number, { returns, advantages, valid }: AdvantageOutputs): void {
    const { nSteps, nEnvs } = this;
    const gamma = this.discount;
    const v = r.values;
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
}
