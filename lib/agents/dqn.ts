/**
 * DQN (Mnih et al. 2015, https://www.nature.com/articles/nature14236), as ALL's all/agents/dqn.py:
 * store the last transition, train if due, then choose the next action epsilon-greedily.
 * Differs from ALL only in making terminal handling explicit: the target is
 * `r + discount * mask * max_a Q_target(s', a)` (lib/functional's qLearningTarget); when the
 * replayed states carry action masks (turn-based games), the max is over the legal actions of s'.
 */
import type { QNetwork } from '../approximation/q_network';
import { huberLoss, mse } from '../functional/losses';
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
  /**
   * The regression loss on the TD error: `mse` (ALL's classic-control default) or `huber`
   * (torch's smooth_l1_loss, delta 1: ALL's Atari presets and MinAtar's DQN). Default mse.
   */
  loss?: TDLoss;
}

/** The losses DQN-style agents regress their TD errors with. */
export type TDLoss = 'mse' | 'huber';

/**
 * The elementwise loss of TD errors `errors` for `kind`: squared for mse, Huber (delta 1) for huber.
 * Callers take the (weighted) mean.
 */
export function tdLossElements(errors: tf.Tensor, kind: TDLoss = 'mse'): tf.Tensor {
  return kind === 'huber' ? huberLoss(errors) : tf.square(errors);
}

/** The DQN agent: trains inside `act`. */
export class DQN extends GreedyReplayAgent<QNetwork, DQNOptions> {
  /** One update on a sampled batch: the loss between Q(s, a) and the fixed-target Q-learning target. */
  trainOn(batch: ReplayBatch): void {
    tf.tidy(() => {
      const t = batchTensors(batch, this.options.discountFactor);
      const targets = qLearningTarget(t.rewards, t.discounts, this.q.target(t.nextStates), t.nextLegal);
      const loss = this.options.loss ?? 'mse';
      this.q.reinforce(() => {
        const q = this.q.forwardAt(t.states, t.actions);
        return loss === 'mse' ? mse(q, targets) : (tf.mean(tdLossElements(tf.sub(q, targets), loss)) as tf.Scalar);
      });
    });
  }
}
