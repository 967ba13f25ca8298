/**
 * Advantage actor-critic as an explicit-state agent (Mnih et al. 2016,
 * https://arxiv.org/abs/1602.01783, the synchronous variant): a softmax policy network and a
 * value network (separate MLPs), one Adam step per rollout on
 *   policyGradientLoss(logits, a, G - v) + valueCoef * 0.5 (G - v)^2 + entropyCoef * entropyLoss,
 * with G the rollout's n-step returns from lib/functional's `lambdaReturns` (lambda 1, cut to a
 * one-step bootstrap where the next step is no transition). baselax ships an A2C of this shape.
 *
 * Records: params `{ policy, value }`, policy state `{ predictCount }`, optim state `{ adam,
 * updateCount }`. Differs from lib/agents/a2c.ts: no shared feature network, state as values.
 */
import { entropyLoss, policyGradientLoss } from '../functional/policy_gradients';
import { tf, type Tensor } from '../tf';
import { adamStep, initAdam, type AdamState } from './adam';
import { ConfiguredAgent } from './agent_settings';
import type { BaseAgent, Collection, RolloutBatch } from './base_agent';
import { checkRolloutBatch, numberIn, positiveInt } from './checks';
import type { Key } from './key';
import { applyMlp, mlpFromLeaves, mlpLeaves, type MlpParams } from './mlp';
import { initActorCritic, rolloutReturns, softmaxActions } from './softmax_policy';

/** Options of FunctionalA2C. */
export interface FunctionalA2COptions {
  /** Values per observation. Required. */
  observationSize: number;
  /** Number of discrete actions. Required. */
  numActions: number;
  /** Hidden widths of both networks. Default [64]. */
  hidden?: readonly number[];
  /** Discount factor. Default 0.99. */
  discount?: number;
  /** Adam learning rate. Default 3e-3 (allts' classic-control A2C preset). */
  lr?: number;
  /** Steps per rollout (one update every numEnvs x rolloutLength frames). Default 8. */
  rolloutLength?: number;
  /** Weight of the value loss. Default 0.5. */
  valueCoef?: number;
  /** Weight of the entropy bonus. Default 0.01. */
  entropyCoef?: number;
  /** Clip the gradients' global norm. Default 0.5. */
  maxGradNorm?: number;
}

/** A2C's parameters. */
export type A2CParams = { readonly policy: MlpParams; readonly value: MlpParams };
/** A2C's policy state. */
export type A2CPolicyState = { readonly predictCount: number };
/** A2C's optimizer state. */
export type A2COptimState = { readonly adam: AdamState; readonly updateCount: number };
/** What A2C's predict reports. */
export type A2CPolicyOutput = { readonly actions: Int32Array; readonly probabilities: Float32Array };
/** What A2C's update reports. */
export type A2COptimOutput = { readonly loss: number; readonly gradNorm: number };

/** FunctionalA2C's defaults. */
export const FUNCTIONAL_A2C_DEFAULTS = {
  hidden: [64],
  discount: 0.99,
  lr: 3e-3,
  rolloutLength: 8,
  valueCoef: 0.5,
  entropyCoef: 0.01,
  maxGradNorm: 0.5,
} as const;

/** The explicit-state A2C. Its fields are configuration only. */
export class FunctionalA2C
  extends ConfiguredAgent<Required<FunctionalA2COptions>>
  implements BaseAgent<A2CParams, A2CPolicyState, A2COptimState, RolloutBatch, A2CPolicyOutput, A2COptimOutput>
{
  readonly name = 'functional_a2c';
  readonly collection: Collection;

  constructor(options: FunctionalA2COptions) {
    const fn = 'FunctionalA2C';
    super(fn, FUNCTIONAL_A2C_DEFAULTS, options);
    const s = this.settings;
    positiveInt(fn, 'rolloutLength', s.rolloutLength);
    numberIn(fn, 'valueCoef', s.valueCoef, 0, Infinity);
    numberIn(fn, 'entropyCoef', s.entropyCoef, 0, Infinity);
    this.collection = Object.freeze({ kind: 'rollout', length: s.rolloutLength });
  }

  initParams(key: Key): A2CParams {
    const s = this.settings;
    return initActorCritic(key, s.observationSize, s.hidden, s.numActions);
  }

  initPolicy(_key: Key): A2CPolicyState {
    return { predictCount: 0 };
  }

  initOptimizer(params: A2CParams, _key: Key): A2COptimState {
    return { adam: initAdam([...mlpLeaves(params.policy), ...mlpLeaves(params.value)]), updateCount: 0 };
  }

  /** Samples from the softmax policy (each environment from its own key); evaluation takes the most probable action. */
  predict(params: A2CParams, policyState: A2CPolicyState, obs: Float32Array, key: Key, evaluation: boolean): { output: A2CPolicyOutput; policyState: A2CPolicyState } {
    const output = softmaxActions('FunctionalA2C.predict', params.policy, obs, this.observationSize, this.numActions, key, evaluation);
    return { output, policyState: { predictCount: policyState.predictCount + (evaluation ? 0 : 1) } };
  }

  /** One Adam step on a rollout. */
  update(params: A2CParams, optimState: A2COptimState, batch: RolloutBatch): { output: A2COptimOutput; params: A2CParams; optimState: A2COptimState } {
    const { T, n } = checkRolloutBatch('FunctionalA2C.update', batch, this.observationSize, this.numActions);
    const d = this.observationSize;
    const { valueCoef, entropyCoef } = this.settings;
    const rows = T * n;
    let validCount = 0;
    for (let i = 0; i < rows; i++) validCount += batch.valid[i]!;
    const weights = new Float32Array(rows);
    for (let i = 0; i < rows; i++) weights[i] = validCount === 0 ? 0 : (batch.valid[i]! * rows) / validCount;
    const nPolicy = params.policy.layers.length * 2;
    const leaves = [...mlpLeaves(params.policy), ...mlpLeaves(params.value)];
    const { value, grads } = tf.tidy(() => {
      // n-step returns: lambda 1, cut to a one-step bootstrap before a reset
      const { returns, values, x: xT } = rolloutReturns(params.value, batch, d, 1);
      const advantages = tf.sub(returns, values);
      const actions = tf.tensor1d(batch.actions, 'int32');
      const w = tf.tensor1d(weights);
      const lossOf = (...ls: Tensor[]): tf.Scalar => {
        const logits = applyMlp(mlpFromLeaves(ls.slice(0, nPolicy)), xT);
        const v = tf.reshape(applyMlp(mlpFromLeaves(ls.slice(nPolicy)), xT), [rows]);
        const valueLoss = tf.mean(tf.mul(w, tf.mul(tf.square(tf.sub(returns, v)), 0.5)));
        const policyLoss = policyGradientLoss(logits, actions, advantages, w);
        return tf.addN([policyLoss, tf.mul(valueLoss, valueCoef), tf.mul(entropyLoss(logits, w), entropyCoef)]) as tf.Scalar;
      };
      return tf.valueAndGrads(lossOf)(leaves);
    });
    try {
      const loss = value.dataSync()[0]!;
      const step = adamStep(leaves, grads, optimState.adam, { lr: this.settings.lr, maxGradNorm: this.settings.maxGradNorm });
      return {
        output: { loss, gradNorm: step.gradNorm },
        params: { policy: mlpFromLeaves(step.leaves.slice(0, nPolicy)), value: mlpFromLeaves(step.leaves.slice(nPolicy)) },
        optimState: { adam: step.state, updateCount: optimState.updateCount + 1 },
      };
    } finally {
      value.dispose();
      for (const g of grads) g.dispose();
    }
  }
}
