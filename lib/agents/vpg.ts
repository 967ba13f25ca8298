/**
 * VPG: REINFORCE with a learned state-value baseline and shared features (ALL's
 * all/agents/vpg.py; Williams 1992, "Simple Statistical Gradient-Following Algorithms for
 * Connectionist Reinforcement Learning", https://link.springer.com/article/10.1007/BF00992696;
 * Sutton and Barto section 13.4). The agent plays whole episodes on one environment; once the
 * episodes collected since the last update hold at least `minBatchSize` states, it makes one
 * update on all of them: the value head moves toward the discounted returns, the softmax policy
 * head follows `-(G_t - V(s_t)) * log pi(a_t | s_t)`, and the shared features follow the sum.
 *
 * Deliberate differences from ALL:
 * - ALL keeps the features and log-probabilities computed while acting (with their graphs); tfjs
 *   takes gradients by closure, so the agent keeps the observations and actions (plain arrays)
 *   and recomputes everything at the update. The weights do not change between updates, so the
 *   values are the same.
 * - The discounted returns are computed on the host (a short backward loop per episode) rather
 *   than with one tensor kernel per time step.
 * - The update goes through lib/approximation's `reinforceShared`; the value head's own step
 *   scales its loss by its VNetwork's lossScaling (ALL bypasses loss_scaling in VPG).
 * By default (as ALL) an episode cut short by a time limit is treated like a terminated one: on
 * CartPole-v0 the last states of every 200-step episode get returns near 1 although nothing ends
 * there, and the observation does not show the time, so the baseline cannot predict it. With
 * `bootstrapTruncated` the returns of such an episode start from the value head's estimate of the
 * state it was cut at, G_{T-1} = r_T + gamma * V(s_T) (Pardo et al. 2018, "Time Limits in
 * Reinforcement Learning", https://arxiv.org/abs/1712.00378); that is right only once V is fitted.
 * With `valueSteps` (default 1, as ALL) the value head alone takes valueSteps - 1 more steps toward
 * the same returns after the shared update (the policy's advantages use the baseline from before
 * it, so the baseline never depends on the return it is subtracted from); with one Adam step per
 * batch the baseline trails the returns by tens on CartPole-v0 (presets/classic_control/vpg.ts).
 */
import { actionMaskOf } from '../policies/action_mask';
import type { State } from '../core/state';
import type { Approximation } from '../approximation/approximation';
import { reinforceShared } from '../approximation/feature_network';
import type { VNetwork } from '../approximation/v_network';
import { mse } from '../functional/losses';
import { policyGradientLoss } from '../functional/policy_gradients';
import type { SoftmaxPolicy } from '../policies/softmax';
import { tf } from '../tf';
import type { Agent } from './agent';

export { StochasticTestAgent as VPGTestAgent } from './test_agents';

/** VPG's settings (ALL's names in camelCase). */
export interface VPGOptions {
  /** Discount factor gamma, in [0, 1]. */
  discountFactor: number;
  /** Update once the finished episodes since the last update hold at least this many states. */
  minBatchSize: number;
  /**
   * Bootstrap the returns of an episode cut by a time limit from V of the state it was cut at;
   * false (the default, as ALL) treats it as terminated.
   */
  bootstrapTruncated?: boolean;
  /** Value-head steps per batch: the shared step plus valueSteps - 1 steps of the head alone. Default 1. */
  valueSteps?: number;
}

/**
 * Discounted returns of one episode: G_t = r_{t+1} + gamma * G_{t+1}, G_T = finalValue.
 * @param rewards r_1..r_T, the reward received after each action
 * @param discountFactor gamma
 * @param finalValue G_T: 0 for a terminated episode, V(s_T) for one cut by a time limit
 * @returns G_0..G_{T-1}
 */
export function discountedEpisodeReturns(rewards: ArrayLike<number>, discountFactor: number, finalValue = 0): Float32Array {
  const out = new Float32Array(rewards.length);
  let g = finalValue;
  for (let t = rewards.length - 1; t >= 0; t--) {
    g = rewards[t]! + discountFactor * g;
    out[t] = g;
  }
  return out;
}

/** The VPG agent (one environment): collects episodes, then updates on a batch of them. */
export class VPG implements Agent {
  private shape: readonly number[] = [];
  // the episode being played: observations and actions of its states, rewards received so far
  private episodeStates: Float32Array[] = [];
  private episodeActions: number[] = [];
  private episodeRewards: number[] = [];
  // finished episodes since the last update
  private batchStates: Float32Array[] = [];
  private batchActions: number[] = [];
  private batchReturns: number[] = [];

  /**
   * @param features shared feature layers (an `Identity` for none)
   * @param v value head over the features
   * @param policy softmax policy head over the features
   */
  constructor(
    readonly features: Approximation,
    readonly v: VNetwork,
    readonly policy: SoftmaxPolicy,
    readonly options: VPGOptions,
  ) {}

  /** States collected since the last update (finished episodes only). */
  get pendingBatchSize(): number {
    return this.batchActions.length;
  }

  act(state: State): number {
    this.shape = state.shape;
    if (this.episodeStates.length > 0) this.episodeRewards.push(state.reward);
    if (state.done && this.episodeStates.length > 0) {
      this.finishEpisode(state.mask !== 0 && this.options.bootstrapTruncated === true ? this.value(state) : 0);
      if (this.batchActions.length >= this.options.minBatchSize) this.train();
      // the environment resets next; this action is ignored (ALL samples one too)
      return this.sample(state);
    }
    const action = this.sample(state);
    this.episodeStates.push(state.observation.slice());
    this.episodeActions.push(action);
    return action;
  }

  private sample(state: State): number {
    return tf.tidy(() => this.policy.sampleFrom(this.features.forward(tf.tensor(state.observation, [1, ...state.shape])), { mask: actionMaskOf(state) }))[0]!;
  }

  /** V(s) at the current weights (the update that may follow uses the same weights). */
  private value(state: State): number {
    return tf.tidy(() => this.v.target(this.features.target(tf.tensor(state.observation, [1, ...state.shape]))).dataSync()[0]!);
  }

  private finishEpisode(finalValue: number): void {
    const returns = discountedEpisodeReturns(this.episodeRewards, this.options.discountFactor, finalValue);
    for (let t = 0; t < returns.length; t++) this.batchReturns.push(returns[t]!);
    this.batchStates.push(...this.episodeStates);
    this.batchActions.push(...this.episodeActions);
    this.episodeStates = [];
    this.episodeActions = [];
    this.episodeRewards = [];
  }

  private train(): void {
    const n = this.batchActions.length;
    const size = this.batchStates[0]!.length;
    const obs = new Float32Array(n * size);
    this.batchStates.forEach((o, i) => obs.set(o, i * size));
    tf.tidy(() => {
      const s = tf.tensor(obs, [n, ...this.shape]);
      const a = tf.tensor1d(Int32Array.from(this.batchActions), 'int32');
      const returns = tf.tensor1d(Float32Array.from(this.batchReturns));
      // the baseline at the pre-update weights, outside the gradient closures
      const advantages = tf.sub(returns, tf.reshape(this.v.target(this.features.target(s)), [n]));
      reinforceShared(this.features, s, [
        { approximation: this.v, loss: (f) => mse(this.v.values(f), returns) },
        { approximation: this.policy, loss: (f) => policyGradientLoss(this.policy.logits(f), a, advantages) },
      ]);
      const extra = (this.options.valueSteps ?? 1) - 1;
      if (extra > 0) {
        const f = this.features.target(s);
        for (let i = 0; i < extra; i++) this.v.reinforce(() => mse(this.v.values(f), returns));
      }
    });
    this.batchStates = [];
    this.batchActions = [];
    this.batchReturns = [];
  }
}
