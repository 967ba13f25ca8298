/**
 * DQN (Mnih et al. 2015, https://www.nature.com/articles/nature14236), as ALL's all/agents/dqn.py:
 * store the last transition, train if due, then choose the next action epsilon-greedily.
 * Differs from ALL only in making terminal handling explicit: the target is
 * `r + discount * mask * max_a Q_target(s', a)` (lib/functional's qLearningTarget).
 */
import type { State } from '../core/state';
import type { QNetwork } from '../approximation/q_network';
import { mse } from '../functional/losses';
import { qLearningTarget } from '../functional/value_learning';
import type { ReplayBatch, ReplayBuffer } from '../memory/types';
import type { GreedyPolicy } from '../policies/greedy';
import { tf } from '../tf';
import type { Agent } from './agent';
import { batchTensors } from './replay_batch';

/** DQN's settings (ALL's names in camelCase). */
export interface DQNOptions {
  /** Discount factor gamma. */
  discountFactor: number;
  /** Transitions per training update. */
  minibatchSize: number;
  /** Frames seen before the first update. */
  replayStartSize: number;
  /** Frames between updates. */
  updateFrequency: number;
}

/** The DQN agent: trains inside `act`. Subclasses change the update by overriding `trainOn`. */
export class DQN implements Agent {
  private lastState: State | undefined;
  private lastAction: number | undefined;
  private framesSeen = 0;

  constructor(
    readonly q: QNetwork,
    readonly policy: GreedyPolicy,
    readonly replayBuffer: ReplayBuffer,
    readonly options: DQNOptions,
  ) {}

  act(state: State): number {
    if (this.lastState !== undefined) this.replayBuffer.store(this.lastState, this.lastAction!, state);
    this.framesSeen += 1;
    if (this.framesSeen > this.options.replayStartSize && this.framesSeen % this.options.updateFrequency === 0) {
      this.trainOn(this.replayBuffer.sample(this.options.minibatchSize));
    }
    this.lastState = state;
    this.lastAction = this.policy.act(state.observation, state.shape);
    return this.lastAction;
  }

  /** One update on a sampled batch: mse between Q(s, a) and the fixed-target Q-learning target. */
  protected trainOn(batch: ReplayBatch): void {
    tf.tidy(() => {
      const t = batchTensors(batch, this.options.discountFactor);
      const targets = qLearningTarget(t.rewards, t.discounts, this.q.target(t.nextStates));
      this.q.reinforce(() => mse(this.q.forwardAt(t.states, t.actions), targets));
    });
  }
}

/** DQN's test agent: greedy (with the preset's small test exploration) in evaluation mode. */
export class DQNTestAgent implements Agent {
  constructor(readonly policy: GreedyPolicy) {}
  act(state: State): number {
    return this.policy.act(state.observation, state.shape);
  }
}
