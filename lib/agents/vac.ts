/**
 * VAC: vanilla one-step actor-critic on a batch of parallel environments (ALL's
 * all/agents/vac.py; Konda and Tsitsiklis 2000, "Actor-Critic Algorithms",
 * https://papers.nips.cc/paper/1786-actor-critic-algorithms.pdf; Sutton and Barto section 13.5).
 * Every step makes one update on the transitions the copies just made: the value head moves
 * toward the TD(0) target `r + gamma * mask * V(s')`, the softmax policy head follows
 * `-(target - V(s)) * log pi(a | s)`, and the shared feature layer follows the sum of both losses.
 *
 * Deliberate differences from ALL:
 * - episode boundaries are explicit: the target's discount is 0 on a true termination
 *   (lib/functional's tdLearningTarget) and the transition out of a done state into the reset state
 *   of the next episode is not learned (ALL's agent has no such check);
 * - the update goes through lib/approximation's `reinforceShared` (gradients by closure, each at
 *   the pre-update parameters, as ALL's single backward pass); the values of s and s' come from one
 *   forward pass over both batches;
 * - the value head's own step scales its loss by its VNetwork's lossScaling (the preset's
 *   valueLossScaling); ALL passes loss_scaling too, but bypasses it by calling step() directly.
 *   The features follow the unscaled sum of the two losses, as in ALL.
 * - `valueSteps` (default 1, as ALL): after the shared update the value head alone takes
 *   valueSteps - 1 more steps toward the same TD targets (computed once, before the update), on the
 *   features after the shared step. One step per 16-transition batch leaves the critic trailing,
 *   and the TD advantages mostly critic error (presets/classic_control/vac.ts has the figures).
 */
import type { StateArray } from '../core/state';
import type { Approximation } from '../approximation/approximation';
import { reinforceShared } from '../approximation/feature_network';
import type { VNetwork } from '../approximation/v_network';
import { mse } from '../functional/losses';
import { policyGradientLoss } from '../functional/policy_gradients';
import { tdLearningTarget } from '../functional/value_learning';
import type { SoftmaxPolicy } from '../policies/softmax';
import { tf } from '../tf';
import { OnlineAgent, type OnlineBatch } from './loops/online_agent';

export { StochasticTestAgent as VACTestAgent } from './test_agents';

/** VAC's settings (ALL's names in camelCase). */
export interface VACOptions {
  /** Discount factor gamma, in [0, 1]. */
  discountFactor: number;
  /** Value-head steps per update: the shared step plus valueSteps - 1 steps of the head alone. Default 1. */
  valueSteps?: number;
}

/** The VAC agent (parallel): one actor-critic update per step. */
export class VAC extends OnlineAgent {
  /**
   * @param features shared feature layers (an `Identity` for none)
   * @param v value head over the features
   * @param policy softmax policy head over the features
   */
  constructor(
    readonly features: Approximation,
    readonly v: VNetwork,
    readonly policy: SoftmaxPolicy,
    readonly options: VACOptions,
  ) {
    super(options.discountFactor);
  }

  protected chooseActions(states: StateArray): Int32Array {
    return tf.tidy(() => this.policy.sampleFrom(this.features.forward(tf.tensor(states.observation, states.batchShape))));
  }

  /** V(s) toward the TD(0) target; the policy up the TD-error-weighted log-likelihood. */
  protected train(batch: OnlineBatch, shape: readonly number[]): void {
    const n = batch.size;
    // s and s' in one batch: their values at the pre-update weights in a single forward pass
    const both = new Float32Array(batch.states.length * 2);
    both.set(batch.states, 0);
    both.set(batch.nextStates, batch.states.length);
    tf.tidy(() => {
      const values = tf.reshape(this.v.target(this.features.target(tf.tensor(both, [2 * n, ...shape]))), [2 * n]);
      const [vS, vNext] = tf.split(values, 2);
      const targets = tdLearningTarget(tf.tensor1d(batch.rewards), tf.tensor1d(batch.discounts), vNext!);
      const advantages = tf.sub(targets, vS!);
      const s = tf.tensor(batch.states, [n, ...shape]);
      const a = tf.tensor1d(batch.actions, 'int32');
      reinforceShared(this.features, s, [
        { approximation: this.v, loss: (f) => mse(this.v.values(f), targets) },
        { approximation: this.policy, loss: (f) => policyGradientLoss(this.policy.logits(f), a, advantages) },
      ]);
      const extra = (this.options.valueSteps ?? 1) - 1;
      if (extra > 0) {
        const f = this.features.target(s);
        for (let i = 0; i < extra; i++) this.v.reinforce(() => mse(this.v.values(f), targets));
      }
    });
  }
}
