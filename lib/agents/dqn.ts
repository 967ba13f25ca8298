/**
 * DQN (Mnih et al. 2015, https://www.nature.com/articles/nature14236), as ALL's all/agents/dqn.py:
 * store the last transition, train if due, then choose the next action epsilon-greedily.
 * Differs from ALL only in making terminal handling explicit: the target is
 * `r + discount * mask * max_a Q_target(s', a)` (lib/functional's qLearningTarget).
 */
import type { QNetwork } from '../approximation/q_network';
import { mse } from '../functional/losses';
import { qLearningTarget } from '../functional/value_learning';
import type { ReplayBatch } from '../memory/types';
import { tf } from '../tf';
import { GreedyReplayAgent, type ReplaySettings } from './loops/replay_agent';
import { batchTensors } from './replay_batch';

export { GreedyTestAgent as DQNTestAgent } from './test_agents';

/** DQN's settings (ALL's names in camelCase). */
export interface DQNOptions extends ReplaySettings {
  /** Discount factor gamma. */
  discountFactor: number;
}

/** The DQN agent: trains inside `act`. */
export class DQN extends GreedyReplayAgent<QNetwork, DQNOptions> {
  /** One update on a sampled batch: mse between Q(s, a) and the fixed-target Q-learning target. */
  trainOn(batch: ReplayBatch): void {
    tf.tidy(() => {
      const t = batchTensors(batch, this.options.discountFactor);
      const targets = qLearningTarget(t.rewards, t.discounts, this.q.target(t.nextStates));
      this.q.reinforce(() => mse(this.q.forwardAt(t.states, t.actions), targets));
    });
  }
}
