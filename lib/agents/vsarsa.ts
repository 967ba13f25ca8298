/**
 * VSarsa: vanilla deep Sarsa on a batch of parallel environments (ALL's all/agents/vsarsa.py):
 * choose the next actions epsilon-greedily, then make one on-policy update toward
 * `r + gamma * mask * Q(s', a')` with the actions just chosen; no replay, no target network.
 * Rummery and Niranjan 1994, "On-line Q-learning using connectionist systems" (Cambridge
 * University Engineering Department, CUED/F-INFENG/TR 166); Sutton and Barto section 6.4
 * (http://incompleteideas.net/book/the-book-2nd.html).
 *
 * Deliberate differences from ALL, as VQN: terminal masking is explicit (lib/functional's
 * sarsaTarget with discount 0 on a true termination) and the transition out of a done state into
 * the next episode's reset state is not learned; the loss is lib/functional's `selectedMse` (ALL's mse
 * with a hand-written gradient).
 */
import type { StateArray } from '../core/state';
import type { QNetwork } from '../approximation/q_network';
import { selectedMse } from '../functional/losses';
import { sarsaTarget } from '../functional/value_learning';
import type { ParallelGreedyPolicy } from '../policies/greedy';
import { tf } from '../tf';
import { OnlineAgent, type OnlineBatch } from './loops/online_agent';

export { GreedyTestAgent as VSarsaTestAgent, ParallelGreedyTestAgent as VSarsaParallelTestAgent } from './test_agents';

/** Settings of VSarsa (ALL's names in camelCase). */
export interface VSarsaOptions {
  /** Discount factor gamma, in [0, 1]. */
  discountFactor: number;
}

/** The VSarsa agent (parallel): one Sarsa update per step on the batch of transitions. */
export class VSarsa extends OnlineAgent {
  constructor(
    readonly q: QNetwork,
    readonly policy: ParallelGreedyPolicy,
    readonly options: VSarsaOptions,
  ) {
    super(options.discountFactor, 'act-then-train');
  }

  protected chooseActions(states: StateArray): Int32Array {
    return this.policy.act(states.observation, states.batchShape);
  }

  /** Q(s, a) toward r + gamma * mask * Q(s', a') with a' the actions just chosen. */
  protected train(batch: OnlineBatch, shape: readonly number[], nextActions?: Int32Array): void {
    const aNext = batch.size === nextActions!.length ? nextActions! : Int32Array.from(batch.rows, (r) => nextActions![r]!);
    tf.tidy(() => {
      const batchShape = [batch.size, ...shape];
      const targets = sarsaTarget(
        tf.tensor1d(batch.rewards),
        tf.tensor1d(batch.discounts),
        this.q.target(tf.tensor(batch.nextStates, batchShape)),
        tf.tensor1d(aNext, 'int32'),
      );
      const s = tf.tensor(batch.states, batchShape);
      const a = tf.tensor1d(batch.actions, 'int32');
      this.q.reinforce(() => selectedMse(this.q.forward(s), a, targets));
    });
  }
}
