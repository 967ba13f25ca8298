/**
 * DDPG (Lillicrap et al. 2016, "Continuous control with deep reinforcement learning",
 * https://arxiv.org/abs/1509.02971), as ALL's all/agents/ddpg.py: store the last transition,
 * train if due (a critic step on `r + gamma * Q'(s', mu'(s'))`, then an actor step ascending
 * Q(s, mu(s))), then act with the policy plus Gaussian noise scaled to the action range and
 * clipped to the Box.
 *
 * Deliberate differences from ALL: terminal handling is explicit in the target
 * (`r + gamma * mask * Q'`, through lib/functional's `tdLearningTarget`) instead of hidden in the
 * critic; exploration noise is drawn on the host from the run's seeded `Random`.
 */
import type { Random } from '../core/random';
import type { QContinuous } from '../approximation/q_continuous';
import { mse } from '../functional/losses';
import { tdLearningTarget } from '../functional/value_learning';
import type { ReplayBatch, ReplayBuffer } from '../memory/types';
import type { DeterministicPolicy } from '../policies/deterministic';
import { tf } from '../tf';
import { ExploringDeterministicAgent, type ExplorationSettings } from './loops/exploring_replay_agent';
import { batchTensors } from './replay_batch';

export { addExplorationNoise } from '../policies/deterministic';
export { DeterministicTestAgent as DDPGTestAgent } from './test_agents';

/** DDPG's settings (ALL's names in camelCase). */
export interface DDPGOptions extends ExplorationSettings {
  /** Discount factor gamma. */
  discountFactor: number;
}

/** The DDPG agent: trains inside `act`. */
export class DDPG extends ExploringDeterministicAgent {
  /**
   * @param q the critic Q(s, a), with a Polyak target
   * @param policy the actor mu(s), with a Polyak target
   * @param replayBuffer transitions with Float32Array actions
   * @param rng generator of the exploration noise
   * @param options settings
   */
  constructor(
    readonly q: QContinuous,
    policy: DeterministicPolicy,
    replayBuffer: ReplayBuffer,
    rng: Random,
    readonly options: DDPGOptions,
  ) {
    super(policy, replayBuffer, rng, options);
  }

  /** One critic update and one actor update on a batch. */
  trainOn(batch: ReplayBatch): void {
    tf.tidy(() => {
      const t = batchTensors(batch, this.options.discountFactor);
      const targets = tdLearningTarget(t.rewards, t.discounts, this.q.targetAt(t.nextStates, this.policy.targetActions(t.nextStates)));
      this.q.reinforce(() => mse(this.q.forwardAt(t.states, t.actions), targets));
      this.policy.reinforce(() => tf.neg(tf.mean(this.q.forwardAt(t.states, this.policy.actions(t.states)))));
    });
  }
}
