/**
 * Double DQN (van Hasselt et al. 2016, https://arxiv.org/abs/1509.06461) with prioritized replay
 * (Schaul et al. 2016, https://arxiv.org/abs/1511.05952), as ALL's all/agents/ddqn.py: the online
 * network selects the next action, the target network evaluates it, the squared TD errors are
 * weighted by the importance weights, and |TD error| becomes each transition's new priority.
 */
import type { State } from '../core/state';
import type { QNetwork } from '../approximation/q_network';
import { weightedMean } from '../functional/losses';
import { doubleQLearningTarget } from '../functional/value_learning';
import type { ReplayBuffer } from '../memory/types';
import type { GreedyPolicy } from '../policies/greedy';
import { tf } from '../tf';
import type { Agent } from './agent';
import type { DQNOptions } from './dqn';
import { batchTensors } from './replay_batch';

export type DDQNOptions = DQNOptions;

/** The DDQN agent: trains inside `act`. */
export class DDQN implements Agent {
  private lastState: State | undefined;
  private lastAction: number | undefined;
  private framesSeen = 0;

  constructor(
    readonly q: QNetwork,
    readonly policy: GreedyPolicy,
    readonly replayBuffer: ReplayBuffer,
    readonly options: DDQNOptions,
  ) {}

  act(state: State): number {
    if (this.lastState !== undefined) this.replayBuffer.store(this.lastState, this.lastAction!, state);
    this.train();
    this.lastState = state;
    this.lastAction = this.policy.act(state.observation, state.shape);
    return this.lastAction;
  }

  private train(): void {
    this.framesSeen += 1;
    if (this.framesSeen <= this.options.replayStartSize || this.framesSeen % this.options.updateFrequency !== 0) return;
    const batch = this.replayBuffer.sample(this.options.minibatchSize);
    const tdErrors = tf.tidy(() => {
      const t = batchTensors(batch, this.options.discountFactor);
      const targets = doubleQLearningTarget(t.rewards, t.discounts, this.q.target(t.nextStates), this.q.forward(t.nextStates));
      let values: tf.Tensor | undefined;
      this.q.reinforce(() => {
        // kept past the gradient tape's own tidy, for the priorities; disposed below
        values = tf.keep(this.q.forwardAt(t.states, t.actions));
        return weightedMean(tf.square(tf.sub(values, targets)), t.weights);
      });
      const errors = tf.abs(tf.sub(targets, values!)).dataSync() as Float32Array;
      values!.dispose();
      return errors;
    });
    this.replayBuffer.updatePriorities(batch.indices, tdErrors);
  }
}
