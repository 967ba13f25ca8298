/**
 * Double DQN (van Hasselt et al. 2016, https://arxiv.org/abs/1509.06461) with prioritized replay
 * (Schaul et al. 2016, https://arxiv.org/abs/1511.05952), as ALL's all/agents/ddqn.py: the online
 * network selects the next action, the target network evaluates it, the squared TD errors are
 * weighted by the importance weights, and |TD error| becomes each transition's new priority.
 * The acting and storing loop is DQN's.
 */
import { weightedMean } from '../functional/losses';
import { doubleQLearningTarget } from '../functional/value_learning';
import type { ReplayBatch } from '../memory/types';
import { readFloats } from '../read_back';
import { tf } from '../tf';
import { DQN, type DQNOptions } from './dqn';
import { batchTensors } from './replay_batch';

export type DDQNOptions = DQNOptions;

/** The DDQN agent: trains inside `act`. */
export class DDQN extends DQN {
  protected override trainOn(batch: ReplayBatch): void {
    const tdErrors = readFloats(() => {
      const t = batchTensors(batch, this.options.discountFactor);
      const targets = doubleQLearningTarget(t.rewards, t.discounts, this.q.target(t.nextStates), this.q.forward(t.nextStates));
      let values: tf.Tensor | undefined;
      try {
        this.q.reinforce(() => {
          // kept past the gradient tape's own tidy, for the priorities; disposed below
          values = tf.keep(this.q.forwardAt(t.states, t.actions));
          return weightedMean(tf.square(tf.sub(values, targets)), t.weights);
        });
        return tf.abs(tf.sub(targets, values!));
      } finally {
        values?.dispose();
      }
    });
    this.replayBuffer.updatePriorities(batch.indices, tdErrors);
  }
}
