/**
 * The rollout loop of ALL's A2C and PPO: parallel actors store each step in an advantage buffer;
 * when a rollout of `nSteps` steps of `nEnvs` environments is complete, the agent trains on its
 * valid rows, then samples the next actions from the policy over the features. Also the host
 * helpers these agents share: the rows of a rollout, action uploads, and the critic and policy
 * read-backs the buffers and PPO need.
 */
import { ShapeError } from '../../core/errors';
import type { Random } from '../../core/random';
import type { StateArray } from '../../core/state';
import type { Approximation } from '../../approximation/approximation';
import type { VNetwork } from '../../approximation/v_network';
import type { NStepAdvantageBuffer } from '../../memory/n_step_advantage';
import type { RolloutBatch, ValueFunction } from '../../memory/types';
import type { StochasticPolicy } from '../../policies/stochastic';
import { readFloats } from '../../read_back';
import { tf, type Tensor } from '../../tf';
import type { ParallelAgent } from '../agent';
import { gatherRows, keptRows, type Columns } from './rows';

/** Rows of a rollout (or a minibatch of them), each column row-major. */
export interface ValidRows {
  /** Number of rows. */
  count: number;
  stateShape: readonly number[];
  /** count * prod(stateShape) values. */
  states: Float32Array;
  /** Int32Array [count] for discrete actions, Float32Array [count * actionDim] for continuous ones. */
  actions: Int32Array | Float32Array;
  advantages: Float32Array;
  /** Value targets (returns). */
  returns: Float32Array;
  /** The critic's values of the states when the rollout was collected. */
  values: Float32Array;
}

/** Rows `indices` of `rows` (any extra columns included), gathered on the host into fresh arrays. */
export function selectRows<R extends ValidRows>(rows: R, indices: ArrayLike<number>): R {
  const { count, stateShape, ...columns } = rows;
  return { ...(gatherRows(columns as unknown as Columns, count, indices) as unknown as R), count: indices.length, stateShape };
}

/** Keeps the rows of `batch` whose `valid` flag is 1 (see RolloutBatch.valid). */
export function validRows(batch: RolloutBatch): ValidRows {
  const { states, actions, advantages, returns, values } = batch;
  const rows: ValidRows = { count: batch.size, stateShape: batch.stateShape, states, actions, advantages, returns, values };
  const kept = keptRows(batch.size, (i) => batch.valid[i] !== 0);
  return kept === undefined ? rows : selectRows(rows, kept);
}

/** Uploads actions: int32 [n] for discrete, float32 [n, D] for continuous. The caller owns the tensor. */
export function actionTensor(actions: Int32Array | Float32Array, n: number): Tensor {
  return actions instanceof Int32Array ? tf.tensor1d(actions, 'int32') : tf.tensor2d(actions, [n, actions.length / n]);
}

/** The ParallelAgent form of sampled actions: Int32Array as is, continuous rows split per environment. */
export function actionsForEnvs(actions: Int32Array | Float32Array, nEnvs: number): Int32Array | Float32Array[] {
  if (actions instanceof Int32Array) return actions.slice();
  const d = actions.length / nEnvs;
  return Array.from({ length: nEnvs }, (_, e) => actions.slice(e * d, (e + 1) * d));
}

/** V(s) of the shared-feature critic as the advantage buffers want it (typed arrays in and out). */
export function valueFunction(features: Approximation, v: VNetwork): ValueFunction {
  return (observations, count, stateShape) =>
    readFloats(() => {
      const x = tf.tensor(observations, [count, ...stateShape]);
      return tf.reshape(v.eval(features.eval(x)), [-1]);
    });
}

/** log pi(a | s) of every row under the current policy (PPO's "old" policy), read back. */
export function logProbabilities(features: Approximation, policy: StochasticPolicy, rows: ValidRows): Float32Array {
  return readFloats(() => {
    const x = tf.tensor(rows.states, [rows.count, ...rows.stateShape]);
    return policy.logProb(features.forward(x), actionTensor(rows.actions, rows.count));
  });
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates with the seeded generator). */
export function permutation(n: number, rng: Random): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/**
 * The row indices of `epochs` passes over `count` rows, each pass a fresh permutation split into
 * `minibatches` minibatches of sizes differing by at most one (empty ones skipped). Lazy: each
 * pass's permutation is drawn when its first minibatch is taken.
 */
export function* shuffledMinibatches(count: number, epochs: number, minibatches: number, rng: Random): Generator<Int32Array> {
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = permutation(count, rng);
    for (let m = 0; m < minibatches; m++) {
      const first = Math.floor((m * count) / minibatches);
      const last = Math.floor(((m + 1) * count) / minibatches);
      if (last > first) yield order.subarray(first, last);
    }
  }
}

/** What the rollout loop needs of an advantage buffer (NStepAdvantageBuffer, GeneralizedAdvantageBuffer). */
export type AdvantageBuffer = Pick<NStepAdvantageBuffer, 'store' | 'advantages' | 'length'>;

/**
 * The parallel rollout loop (see the file header): store the previous step, train when a rollout
 * is complete, then sample the next actions from the policy over the features.
 */
export abstract class RolloutAgent implements ParallelAgent {
  private states: StateArray | undefined;
  private actions: Int32Array | Float32Array | undefined;
  /** Frames seen, `nEnvs` per call to act. */
  protected frames = 0;

  /**
   * @param features shared feature layers (a FeatureNetwork, or an Identity)
   * @param v value head over the features
   * @param policy stochastic policy head over the features
   * @param buffer the advantage buffer that turns a rollout into rows
   * @param nEnvs environments stepped in parallel
   * @param nSteps steps per rollout
   */
  constructor(
    readonly features: Approximation,
    readonly v: VNetwork,
    readonly policy: StochasticPolicy,
    private readonly buffer: AdvantageBuffer,
    readonly nEnvs: number,
    readonly nSteps: number,
  ) {}

  act(states: StateArray): Int32Array | Float32Array[] {
    if (states.length !== this.nEnvs) {
      throw new ShapeError(`${this.constructor.name}.act received ${states.length} states; the agent was built for nEnvs = ${this.nEnvs} environments`);
    }
    if (this.states !== undefined) this.buffer.store(this.states, this.actions!, states.reward);
    this.frames += this.nEnvs;
    if (this.buffer.length >= this.nEnvs * this.nSteps) {
      const rows = validRows(this.buffer.advantages(states, valueFunction(this.features, this.v)));
      if (rows.count > 0) this.train(rows);
    }
    this.states = states;
    this.actions = tf.tidy(() => {
      const x = tf.tensor(states.observation, states.batchShape);
      return this.policy.sampleFrom(this.features.forward(x));
    });
    return actionsForEnvs(this.actions, this.nEnvs);
  }

  /** One update on the valid rows of a completed rollout. */
  protected abstract train(rows: ValidRows): void;
}
