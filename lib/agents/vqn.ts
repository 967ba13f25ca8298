/**
 * VQN: vanilla deep Q-learning on a batch of parallel environments (ALL's all/agents/vqn.py):
 * every step makes one online Q-learning update on the transitions the copies just made, with no
 * replay buffer and no target network. Q-learning: Watkins 1989, "Learning from Delayed Rewards"
 * (http://www.cs.rhul.ac.uk/~chrisw/new_thesis.pdf); Sutton and Barto section 6.5.
 *
 * Deliberate differences from ALL:
 * - Episode boundaries are explicit: the target is `r + gamma * mask * max_a Q(s', a)` (mask 0
 *   only on a true termination; lib/functional's qLearningTarget), and the "transition" out of a
 *   done state into the reset state of the next episode is not learned (ALL's agent has no such
 *   check and trains on whatever pair its vector environment returns there).
 * - The loss, ALL's mse between Q(s, a) and the target, is lib/functional's `selectedMse`: the
 *   same value and gradient, with the gradient written out to save kernels (the agent is
 *   overhead-bound).
 */
import type { StateArray } from '../core/state';
import type { QNetwork } from '../approximation/q_network';
import { selectedMse } from '../functional/losses';
import { qLearningTarget } from '../functional/value_learning';
import type { ParallelGreedyPolicy } from '../policies/greedy';
import { tf } from '../tf';
import { OnlineAgent, type OnlineBatch } from './loops/online_agent';

export { onlineBatch, type OnlineBatch } from './loops/online_agent';
export { GreedyTestAgent as VQNTestAgent, ParallelGreedyTestAgent as VQNParallelTestAgent } from './test_agents';

/** Settings of VQN (ALL's names in camelCase). */
export interface VQNOptions {
  /** Discount factor gamma, in [0, 1]. */
  discountFactor: number;
}

/** The VQN agent (parallel): one Q-learning update per step on the batch of transitions. */
export class VQN extends OnlineAgent {
  constructor(
    readonly q: QNetwork,
    readonly policy: ParallelGreedyPolicy,
    readonly options: VQNOptions,
  ) {
    super(options.discountFactor);
  }

  protected chooseActions(states: StateArray): Int32Array {
    return this.policy.act(states.observation, states.batchShape);
  }

  /** Q(s, a) toward r + gamma * mask * max_a' Q(s', a'), at the pre-update weights. */
  protected train(batch: OnlineBatch, shape: readonly number[]): void {
    tf.tidy(() => {
      const batchShape = [batch.size, ...shape];
      const targets = qLearningTarget(tf.tensor1d(batch.rewards), tf.tensor1d(batch.discounts), this.q.target(tf.tensor(batch.nextStates, batchShape)));
      const s = tf.tensor(batch.states, batchShape);
      const a = tf.tensor1d(batch.actions, 'int32');
      this.q.reinforce(() => selectedMse(this.q.forward(s), a, targets));
    });
  }
}
