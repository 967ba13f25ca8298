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
 * - The loss, ALL's mse between Q(s, a) and the target, is `selectedMse` below: the same value and
 *   gradient, with the gradient written out to save kernels (the agent is overhead-bound).
 */
import type { StateArray } from '../core/state';
import type { QNetwork } from '../approximation/q_network';
import { ShapeError } from '../core/errors';
import { qLearningTarget } from '../functional/value_learning';
import type { GreedyPolicy, ParallelGreedyPolicy } from '../policies/greedy';
import { tf, type Scalar, type Tensor } from '../tf';
import type { Agent, ParallelAgent } from './agent';
import type { State } from '../core/state';

/** Settings of VQN and VSarsa (ALL's names in camelCase). */
export interface VQNOptions {
  /** Discount factor gamma, in [0, 1]. */
  discountFactor: number;
}

/** The transitions one parallel step produced, restricted to rows that are real transitions. */
export interface OnlineBatch {
  /** Observations the previous actions were taken in, [n, ...shape] flattened. */
  states: Float32Array;
  /** Actions taken there, [n]. */
  actions: Int32Array;
  /** Rewards on arriving, [n]. */
  rewards: Float32Array;
  /** gamma * mask of the arrival state (0 on a true termination), [n]. */
  discounts: Float32Array;
  /** Observations arrived in, [n, ...shape] flattened. */
  nextStates: Float32Array;
  /** Row of each kept transition in the StateArray. */
  rows: Int32Array;
  /** Number of kept transitions. */
  size: number;
}

/**
 * Pairs the previous step of a parallel agent with the states just received, dropping the rows
 * whose previous state was done (their action was ignored and the copy was reset, so the row is
 * the first state of a new episode, not a transition).
 * @param prevStates observations of the previous step, [n, ...shape] flattened
 * @param prevActions actions sent at the previous step, [n]
 * @param prevDone 1 where the previous state was done (terminated or truncated), [n]
 * @param states the states just received
 * @param discountFactor gamma
 */
export function onlineBatch(
  prevStates: Float32Array,
  prevActions: Int32Array,
  prevDone: Uint8Array,
  states: StateArray,
  discountFactor: number,
): OnlineBatch {
  const n = states.length;
  const size = prevStates.length / Math.max(1, prevActions.length);
  if (prevActions.length !== n || prevDone.length !== n || prevStates.length !== states.observation.length) {
    throw new ShapeError(
      `The agent acted on ${prevActions.length} environments but received a StateArray of ${n} states ` +
        `(${states.observation.length} observation values, ${prevStates.length} before); a parallel agent ` +
        'must always see the same number of environment copies',
    );
  }
  let kept = 0;
  for (let i = 0; i < n; i++) if (!prevDone[i]) kept += 1;
  if (kept === n) {
    const discounts = new Float32Array(n);
    for (let i = 0; i < n; i++) discounts[i] = states.terminated[i] ? 0 : discountFactor;
    return {
      states: prevStates,
      actions: prevActions,
      rewards: states.reward,
      discounts,
      nextStates: states.observation,
      rows: Int32Array.from({ length: n }, (_, i) => i),
      size: n,
    };
  }
  const out: OnlineBatch = {
    states: new Float32Array(kept * size),
    actions: new Int32Array(kept),
    rewards: new Float32Array(kept),
    discounts: new Float32Array(kept),
    nextStates: new Float32Array(kept * size),
    rows: new Int32Array(kept),
    size: kept,
  };
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (prevDone[i]) continue;
    out.states.set(prevStates.subarray(i * size, (i + 1) * size), j * size);
    out.nextStates.set(states.observation.subarray(i * size, (i + 1) * size), j * size);
    out.actions[j] = prevActions[i]!;
    out.rewards[j] = states.reward[i]!;
    out.discounts[j] = states.terminated[i] ? 0 : discountFactor;
    out.rows[j] = i;
    j += 1;
  }
  return out;
}

/**
 * The Q-learning / Sarsa loss mean_i (q[i, a_i] - t_i)^2 with its gradient written out,
 * dL/dq = (2 / n) * onehot(a) * (q[i, a_i] - t_i): a handful of kernels instead of the ~20 that
 * autodiff of batchedIndex + mse issues (these agents are bound by per-kernel overhead).
 * Use inside a gradient closure.
 * @param q action values [n, A] (differentiated)
 * @param mask one-hot of the actions taken, float32 [n, A]
 * @param targets targets [n] (not differentiated)
 * @returns a scalar; the caller owns it
 */
export function selectedMse(q: Tensor, mask: Tensor, targets: Tensor): Scalar {
  const n = q.shape[0]!;
  const op = tf.customGrad((x, save) => {
    const diff = tf.sub(tf.sum(tf.mul(x as Tensor, mask), 1), targets);
    (save as tf.GradSaveFunc)([diff]);
    return {
      value: tf.mean(tf.square(diff)),
      gradFunc: (dy: Tensor, saved: Tensor[]) => tf.mul(mask, tf.reshape(tf.mul(saved[0]!, tf.mul(dy, 2 / n)), [n, 1])),
    };
  });
  return op(q) as Scalar;
}

/** One-hot rows of `actions` as float32 [n, k], built on the host. */
export function oneHotMask(actions: Int32Array, k: number): Float32Array {
  const out = new Float32Array(actions.length * k);
  for (let i = 0; i < actions.length; i++) out[i * k + actions[i]!] = 1;
  return out;
}

/** Where a parallel value-based agent was at its previous step. */
export interface PreviousStep {
  /** Observations acted on, [n, ...shape] flattened (a copy). */
  states: Float32Array;
  /** Actions sent, [n]. */
  actions: Int32Array;
  /** 1 where that state was done (its action was ignored and the copy reset), [n]. */
  done: Uint8Array;
}

/**
 * The step of the parallel online agents that learn before they act (VQN, VAC): train on the
 * transitions the copies just made (`onlineBatch`), then choose the next actions with the updated
 * networks and remember them. Subclasses supply `train` and `chooseActions`.
 */
export abstract class TrainThenActAgent implements ParallelAgent {
  private previous: PreviousStep | undefined;

  /** @param discountFactor gamma of the online batches' discounts */
  constructor(private readonly discountFactor: number) {}

  act(states: StateArray): Int32Array {
    const prev = this.previous;
    if (prev !== undefined) {
      const batch = onlineBatch(prev.states, prev.actions, prev.done, states, this.discountFactor);
      if (batch.size > 0) this.train(batch, states.shape);
    }
    const actions = this.chooseActions(states);
    this.previous = { states: states.observation.slice(), actions, done: states.done };
    return actions;
  }

  /** One update on the kept transitions; `shape` is one observation's shape. */
  protected abstract train(batch: OnlineBatch, shape: readonly number[]): void;

  /** One action per environment copy. */
  protected abstract chooseActions(states: StateArray): Int32Array;
}

/** The VQN agent (parallel): one Q-learning update per step on the batch of transitions. */
export class VQN extends TrainThenActAgent {
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

  protected train(batch: OnlineBatch, shape: readonly number[]): void {
    tf.tidy(() => {
      const batchShape = [batch.size, ...shape];
      // bootstrap values at the pre-update weights, outside the gradient closure
      const targets = qLearningTarget(
        tf.tensor1d(batch.rewards),
        tf.tensor1d(batch.discounts),
        this.q.target(tf.tensor(batch.nextStates, batchShape)),
      );
      const s = tf.tensor(batch.states, batchShape);
      const k = this.policy.nActions;
      const mask = tf.tensor2d(oneHotMask(batch.actions, k), [batch.size, k]);
      this.q.reinforce(() => selectedMse(this.q.forward(s), mask, targets));
    });
  }
}

/** The test agent of VQN and VSarsa on one environment: epsilon-greedy with the test exploration. */
export class VQNTestAgent implements Agent {
  constructor(readonly policy: GreedyPolicy) {}
  act(state: State): number {
    return this.policy.act(state.observation, state.shape);
  }
}

/** The parallel test agent of VQN and VSarsa. */
export class VQNParallelTestAgent implements ParallelAgent {
  constructor(readonly policy: ParallelGreedyPolicy) {}
  act(states: StateArray): Int32Array {
    return this.policy.act(states.observation, states.batchShape);
  }
}
