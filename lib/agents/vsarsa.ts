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
 * the next episode's reset state is not learned; the loss is VQN's `selectedMse` (ALL's mse with a
 * hand-written gradient).
 */
import type { StateArray } from '../core/state';
import type { QNetwork } from '../approximation/q_network';
import { sarsaTarget } from '../functional/value_learning';
import type { ParallelGreedyPolicy } from '../policies/greedy';
import { tf } from '../tf';
import type { ParallelAgent } from './agent';
import { onlineBatch, oneHotMask, selectedMse, type OnlineBatch, type PreviousStep, type VQNOptions } from './vqn';

export { VQNTestAgent as VSarsaTestAgent, VQNParallelTestAgent as VSarsaParallelTestAgent } from './vqn';

/** Settings of VSarsa (ALL's names in camelCase). */
export type VSarsaOptions = VQNOptions;

/** The VSarsa agent (parallel): one Sarsa update per step on the batch of transitions. */
export class VSarsa implements ParallelAgent {
  private previous: PreviousStep | undefined;

  constructor(
    readonly q: QNetwork,
    readonly policy: ParallelGreedyPolicy,
    readonly options: VSarsaOptions,
  ) {}

  act(states: StateArray): Int32Array {
    const actions = this.policy.act(states.observation, states.batchShape);
    const prev = this.previous;
    if (prev !== undefined) {
      const batch = onlineBatch(prev.states, prev.actions, prev.done, states, this.options.discountFactor);
      if (batch.size > 0) this.train(batch, states.shape, actions);
    }
    this.previous = { states: states.observation.slice(), actions, done: states.done };
    return actions;
  }

  private train(batch: OnlineBatch, shape: readonly number[], nextActions: Int32Array): void {
    const aNext = batch.size === nextActions.length ? nextActions : Int32Array.from(batch.rows, (r) => nextActions[r]!);
    tf.tidy(() => {
      const batchShape = [batch.size, ...shape];
      const targets = sarsaTarget(
        tf.tensor1d(batch.rewards),
        tf.tensor1d(batch.discounts),
        this.q.target(tf.tensor(batch.nextStates, batchShape)),
        tf.tensor1d(aNext, 'int32'),
      );
      const s = tf.tensor(batch.states, batchShape);
      const k = this.policy.nActions;
      const mask = tf.tensor2d(oneHotMask(batch.actions, k), [batch.size, k]);
      this.q.reinforce(() => selectedMse(this.q.forward(s), mask, targets));
    });
  }
}
