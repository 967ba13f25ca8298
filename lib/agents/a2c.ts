/**
 * A2C, advantage actor-critic with synchronous parallel actors (Mnih et al. 2016,
 * https://arxiv.org/abs/1602.01783), as ALL's all/agents/a2c.py: the agent steps `nEnvs`
 * environments together, collects `nSteps` steps in an `NStepAdvantageBuffer`, then makes one
 * update of shared features, a value head (mse to the n-step returns) and a softmax policy head
 * (policy gradient with an entropy bonus), and samples the next actions.
 *
 * Deliberate differences from ALL:
 * - the value loss is multiplied by `valueLossScaling` in the loss the features follow and in the
 *   value head's own step (ALL's preset lists value_loss_scaling but its A2C back-propagates the
 *   unscaled sum, so the setting has no effect there);
 * - rows of the rollout whose start state was done (the environment resets there and ignores the
 *   action: `valid` 0 in lib/memory's RolloutBatch) are left out of the update; ALL trains on them
 *   with an advantage that spans the reset;
 * - the update goes through lib/approximation's `reinforceShared` (gradients by closure, every
 *   gradient at the pre-update parameters, as ALL's single backward pass);
 * - ALL's `add_info` figures (entropy, normalized value error) are not logged: the Logger has no
 *   info channel; the heads' losses are logged as `loss/v` and `loss/policy`.
 */
import { ShapeError } from '../core/errors';
import { StateArray, type State } from '../core/state';
import type { Approximation } from '../approximation/approximation';
import { reinforceShared } from '../approximation/feature_network';
import type { VNetwork } from '../approximation/v_network';
import { entropyLoss, mse, policyGradientLoss } from '../functional';
import { NStepAdvantageBuffer } from '../memory/n_step_advantage';
import type { RolloutBatch, ValueFunction } from '../memory/types';
import type { SoftmaxPolicy } from '../policies/softmax';
import { readFloats } from '../read_back';
import { tf, type Scalar, type Tensor } from '../tf';
import type { Action } from '../core/action';
import type { Agent, ParallelAgent } from './agent';

/**
 * A stochastic policy head as the actor-critic agents use it: sampling for a batch of inputs
 * (features), and the log-probability and entropy of a batch inside loss closures. SoftmaxPolicy
 * (discrete) and GaussianPolicy (continuous) both fit: everything specific to the action space
 * stays in the policy.
 */
export interface StochasticPolicy extends Approximation {
  /** One action per row of `x`: an Int32Array of n indices, or a Float32Array of n * actionDim values. */
  sampleFrom(x: Tensor, options?: { evaluation?: boolean; greedy?: boolean }): Int32Array | Float32Array;
  /** log pi(a | x) [B], training mode; actions int32 [B] or float32 [B, D]. The caller owns it. */
  logProb(x: Tensor, actions: Tensor): Tensor;
  /** Entropy of pi(. | x) in nats [B], training mode. The caller owns it. */
  entropy(x: Tensor): Tensor;
  /** Optional: both of the above from one forward pass (fewer kernels in PPO's loss). The caller owns both. */
  logProbAndEntropy?(x: Tensor, actions: Tensor): { logProb: Tensor; entropy: Tensor };
  /**
   * Optional: PPO's whole policy loss, clipped surrogate minus entropyScaling * mean entropy,
   * from one forward pass in fewer kernels (SoftmaxPolicy's is fused). Same value and gradient as
   * PPO's composition of logProb and entropy. The caller owns the result.
   */
  clippedSurrogateLoss?(x: Tensor, actions: Tensor, oldLogProbs: Tensor, advantages: Tensor, epsilon: number, entropyScaling: number): Scalar;
}

/** A2C's settings (ALL's names in camelCase). */
export interface A2COptions {
  /** Discount factor gamma. */
  discountFactor: number;
  /** Weight of the entropy loss in the policy loss. */
  entropyLossScaling: number;
  /** Weight of the value loss (mse) in the features' loss and the value head's step. */
  valueLossScaling: number;
  /** Environments stepped in parallel. */
  nEnvs: number;
  /** Steps per rollout; one update per rollout (`nEnvs * nSteps` frames). */
  nSteps: number;
}

/** The rows of a rollout that are real transitions, gathered on the host. */
export interface ValidRows {
  /** Number of valid rows. */
  count: number;
  stateShape: readonly number[];
  /** count * prod(stateShape) values. */
  states: Float32Array;
  /** Int32Array [count] for discrete actions, Float32Array [count * actionDim] for continuous ones. */
  actions: Int32Array | Float32Array;
  advantages: Float32Array;
  /** Value targets (returns). */
  returns: Float32Array;
}

/** Keeps the rows of `batch` whose `valid` flag is 1 (see RolloutBatch.valid). */
export function validRows(batch: RolloutBatch): ValidRows {
  const stateSize = batch.states.length / batch.size;
  const actionDim = batch.actions.length / batch.size;
  let count = 0;
  for (let i = 0; i < batch.size; i++) if (batch.valid[i]) count++;
  if (count === batch.size) {
    return { count, stateShape: batch.stateShape, states: batch.states, actions: batch.actions, advantages: batch.advantages, returns: batch.returns };
  }
  const states = new Float32Array(count * stateSize);
  const actions = batch.actions instanceof Int32Array ? new Int32Array(count) : new Float32Array(count * actionDim);
  const advantages = new Float32Array(count);
  const returns = new Float32Array(count);
  let k = 0;
  for (let i = 0; i < batch.size; i++) {
    if (!batch.valid[i]) continue;
    states.set(batch.states.subarray(i * stateSize, (i + 1) * stateSize), k * stateSize);
    actions.set(batch.actions.subarray(i * actionDim, (i + 1) * actionDim), k * actionDim);
    advantages[k] = batch.advantages[i]!;
    returns[k] = batch.returns[i]!;
    k++;
  }
  return { count, stateShape: batch.stateShape, states, actions, advantages, returns };
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
  return (observations, count) =>
    readFloats(() => {
      const x = tf.tensor(observations, [count, observations.length / count]);
      return tf.reshape(v.eval(features.eval(x)), [-1]);
    });
}

/** What the rollout loop needs of an advantage buffer (NStepAdvantageBuffer, GeneralizedAdvantageBuffer). */
export type AdvantageBuffer = Pick<NStepAdvantageBuffer, 'store' | 'advantages' | 'length'>;

/**
 * The parallel rollout loop of ALL's A2C and PPO: store the previous step, train when a rollout
 * is complete, then sample the next actions from the policy over the features.
 */
export abstract class RolloutAgent implements ParallelAgent {
  private states: StateArray | undefined;
  private actions: Int32Array | Float32Array | undefined;
  /** Frames seen, `nEnvs` per call to act. */
  protected frames = 0;

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
      const batch = this.buffer.advantages(states, valueFunction(this.features, this.v));
      const rows = validRows(batch);
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

/** The A2C agent: trains inside `act` once per rollout of `nEnvs * nSteps` frames. */
export class A2C extends RolloutAgent {
  /**
   * @param features shared feature layers (a FeatureNetwork, or an Identity)
   * @param v value head over the features
   * @param policy softmax policy head over the features
   * @param options discount, loss weights and rollout size
   */
  constructor(
    features: Approximation,
    v: VNetwork,
    override readonly policy: SoftmaxPolicy,
    readonly options: A2COptions,
  ) {
    super(features, v, policy, new NStepAdvantageBuffer(options.nSteps, options.nEnvs, { discount: options.discountFactor }), options.nEnvs, options.nSteps);
  }

  protected train(rows: ValidRows): void {
    const { valueLossScaling, entropyLossScaling } = this.options;
    tf.tidy(() => {
      const x = tf.tensor(rows.states, [rows.count, ...rows.stateShape]);
      const actions = actionTensor(rows.actions, rows.count);
      const advantages = tf.tensor1d(rows.advantages);
      const targets = tf.tensor1d(rows.returns);
      reinforceShared(this.features, x, [
        { approximation: this.v, loss: (f) => tf.mul(mse(this.v.values(f), targets), valueLossScaling) as Scalar },
        {
          approximation: this.policy,
          loss: (f) => {
            const logits = this.policy.logits(f);
            return tf.add(policyGradientLoss(logits, actions, advantages), tf.mul(entropyLoss(logits), entropyLossScaling)) as Scalar;
          },
        },
      ]);
    });
  }
}

/**
 * The test agent of A2C and PPO (ALL's A2CTestAgent): samples from the policy over the features
 * in evaluation mode; acts on one State or on a StateArray (one action per state).
 */
export class A2CTestAgent implements Agent, ParallelAgent {
  /**
   * @param features copies of the feature layers
   * @param policy a policy over copies of the head
   */
  constructor(
    readonly features: Approximation,
    readonly policy: StochasticPolicy,
    /** Act with the most probable action instead of a sample (see the presets' `testGreedy`). */
    readonly greedy = false,
  ) {}

  act(state: State): Action;
  act(states: StateArray): Int32Array | Float32Array[];
  act(s: State | StateArray): Action | Int32Array | Float32Array[] {
    const batched = s instanceof StateArray;
    const shape = batched ? s.batchShape : [1, ...s.shape];
    const actions = tf.tidy(() => {
      const x = tf.tensor(s.observation, shape);
      return this.policy.sampleFrom(this.features.eval(x), { evaluation: true, greedy: this.greedy });
    });
    if (batched) return actionsForEnvs(actions, shape[0]!);
    return actions instanceof Int32Array ? actions[0]! : actions;
  }
}
