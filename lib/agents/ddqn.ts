/**
 * Double DQN (van Hasselt et al. 2016, https://arxiv.org/abs/1509.06461) with prioritized replay
 * (Schaul et al. 2016, https://arxiv.org/abs/1511.05952), as ALL's all/agents/ddqn.py: the online
 * network selects the next action, the target network evaluates it, the squared TD errors are
 * weighted by the importance weights, and |TD error| becomes each transition's new priority.
 * The acting and storing loop is the shared replay loop (lib/agents/loops/replay_agent.ts).
 */
import type { QNetwork } from '../approximation/q_network';
import { weightedMean } from '../functional/losses';
import { doubleQLearningTarget } from '../functional/value_learning';
import type { ReplayBatch } from '../memory/types';
import { tf } from '../tf';
import { tdLossElements, type DQNOptions } from './dqn';
import { GreedyReplayAgent } from './loops/replay_agent';
import { batchTensors } from './replay_batch';

export { GreedyTestAgent as DDQNTestAgent } from './test_agents';

/** DDQN's settings: DQN's (ALL's names in camelCase; `loss` huber is ALL's weighted_smooth_l1_loss). */
export type DDQNOptions = DQNOptions;

/** The DDQN agent: trains inside `act`. */
export class DDQN extends GreedyReplayAgent<QNetwork, DDQNOptions> {
  /** Importance-weighted squared (or Huber) TD errors to the double-Q target; |TD error| as priorities. */
  trainOn(batch: ReplayBatch): void {
    let priorities: Float32Array = new Float32Array(0);
    tf.tidy(() => {
      const t = batchTensors(batch, this.options.discountFactor);
      const targets = doubleQLearningTarget(t.rewards, t.discounts, this.q.target(t.nextStates), this.q.forward(t.nextStates), t.nextLegal);
      priorities = this.q.reinforce(() => {
        const tdErrors = tf.sub(targets, this.q.forwardAt(t.states, t.actions));
        return { loss: weightedMean(tdLossElements(tdErrors, this.options.loss), t.weights), aux: { tdErrors: tf.abs(tdErrors) } };
      }).aux.tdErrors;
    });
    this.replayBuffer.updatePriorities(batch.indices, priorities);
  }
}
