/**
 * Proximal Policy Optimization as an explicit-state agent (Schulman et al. 2017,
 * https://arxiv.org/abs/1707.06347): softmax policy and value MLPs; one `update` takes a rollout
 * and runs `epochs` passes of `minibatches` Adam steps on lib/functional's clipped surrogate
 * (`clippedSurrogatePgLoss`), a 0.5 squared value error and the entropy bonus, with GAE
 * advantages (lambda-returns minus values, lib/functional's `lambdaReturns`, cut at resets).
 *
 * Records: params `{ policy, value }`, policy state `{ predictCount }`, optim state `{ adam,
 * updateCount, key }`. Differs from baselax's PPO: the minibatch shuffling draws from a key kept in
 * the optimizer state (update takes no key in baselax's signature, so the key must be a value
 * there to keep update pure and repeatable); steps that are resets take no part in the loss.
 * Defaults as allts' classic-control PPO preset except the clip range (constant 0.2, the paper's).
 */
import { ConfigError } from '../core/errors';
import { clippedSurrogatePgLoss, entropyLoss } from '../functional/policy_gradients';
import { softmaxLogProb } from '../functional/distributions';
import { tf, type Tensor } from '../tf';
import { adamStep, initAdam, type AdamState } from './adam';
import { ConfiguredAgent } from './agent_settings';
import type { BaseAgent, Collection, RolloutBatch } from './base_agent';
import { checkRolloutBatch, numberIn, positiveInt } from './checks';
import { checkKey, keyRandom, splitKey, type Key } from './key';
import { applyMlp, mlpFromLeaves, mlpLeaves } from './mlp';
import { initActorCritic, rolloutReturns, softmaxActions, type ActorCriticParams } from './softmax_policy';

/** Options of FunctionalPPO. */
export interface FunctionalPPOOptions {
  /** Values per observation. Required. */
  observationSize: number;
  /** Number of discrete actions. Required. */
  numActions: number;
  /** Hidden widths of both networks. Default [64]. */
  hidden?: readonly number[];
  /** Discount factor. Default 0.99. */
  discount?: number;
  /** GAE lambda. Default 0.95. */
  lambda?: number;
  /** Adam learning rate. Default 1e-3. */
  lr?: number;
  /** Steps per rollout (one update every numEnvs x rolloutLength frames). Default 8. */
  rolloutLength?: number;
  /** Passes over each rollout. Default 4. */
  epochs?: number;
  /** Minibatches per pass. Default 4. */
  minibatches?: number;
  /** Clip range epsilon of the probability ratio. Default 0.2. */
  clip?: number;
  /** Weight of the value loss. Default 0.5. */
  valueCoef?: number;
  /** Weight of the entropy bonus. Default 0.01. */
  entropyCoef?: number;
  /** Clip the gradients' global norm. Default 0.5. */
  maxGradNorm?: number;
  /** Normalise the advantages of each rollout to mean 0, std 1. Default true. */
  normalizeAdvantages?: boolean;
}

/** PPO's parameters. */
export type PPOParams = ActorCriticParams;
/** PPO's policy state. */
export type PPOPolicyState = { readonly predictCount: number };
/** PPO's optimizer state: Adam's, the update count and the key of the next update's shuffling. */
export type PPOOptimState = { readonly adam: AdamState; readonly updateCount: number; readonly key: Key };
/** What PPO's predict reports. */
export type PPOPolicyOutput = { readonly actions: Int32Array; readonly probabilities: Float32Array };
/** What PPO's update reports (means over its minibatch steps). */
export type PPOOptimOutput = { readonly loss: number; readonly gradNorm: number; readonly clipFraction: number };

/** FunctionalPPO's defaults. */
export const FUNCTIONAL_PPO_DEFAULTS = {
  hidden: [64],
  discount: 0.99,
  lambda: 0.95,
  lr: 1e-3,
  rolloutLength: 8,
  epochs: 4,
  minibatches: 4,
  clip: 0.2,
  valueCoef: 0.5,
  entropyCoef: 0.01,
  maxGradNorm: 0.5,
  normalizeAdvantages: true,
} as const;

/** The explicit-state PPO. Its fields are configuration only. */
export class FunctionalPPO
  extends ConfiguredAgent<Required<FunctionalPPOOptions>>
  implements BaseAgent<PPOParams, PPOPolicyState, PPOOptimState, RolloutBatch, PPOPolicyOutput, PPOOptimOutput>
{
  readonly name = 'functional_ppo';
  readonly collection: Collection;

  constructor(options: FunctionalPPOOptions) {
    const fn = 'FunctionalPPO';
    super(fn, FUNCTIONAL_PPO_DEFAULTS, options);
    const s = this.settings;
    numberIn(fn, 'lambda', s.lambda, 0, 1);
    positiveInt(fn, 'rolloutLength', s.rolloutLength);
    positiveInt(fn, 'epochs', s.epochs);
    positiveInt(fn, 'minibatches', s.minibatches);
    numberIn(fn, 'clip', s.clip, 0, 1 - Number.EPSILON);
    numberIn(fn, 'valueCoef', s.valueCoef, 0, Infinity);
    numberIn(fn, 'entropyCoef', s.entropyCoef, 0, Infinity);
    if (typeof s.normalizeAdvantages !== 'boolean') throw new ConfigError(`${fn}: normalizeAdvantages must be true or false; received ${String(s.normalizeAdvantages)}`);
    this.collection = Object.freeze({ kind: 'rollout', length: s.rolloutLength });
  }

  initParams(key: Key): PPOParams {
    const s = this.settings;
    return initActorCritic(key, s.observationSize, s.hidden, s.numActions);
  }

  initPolicy(_key: Key): PPOPolicyState {
    return { predictCount: 0 };
  }

  /** Zero Adam moments; `key` seeds the minibatch shuffling of the updates. */
  initOptimizer(params: PPOParams, key: Key): PPOOptimState {
    checkKey('FunctionalPPO.initOptimizer', key);
    return { adam: initAdam([...mlpLeaves(params.policy), ...mlpLeaves(params.value)]), updateCount: 0, key: [key[0], key[1]] };
  }

  /** Samples from the softmax policy (each environment from its own key); evaluation takes the most probable action. */
  predict(params: PPOParams, policyState: PPOPolicyState, obs: Float32Array, key: Key, evaluation: boolean): { output: PPOPolicyOutput; policyState: PPOPolicyState } {
    const output = softmaxActions('FunctionalPPO.predict', params.policy, obs, this.observationSize, this.numActions, key, evaluation);
    return { output, policyState: { predictCount: policyState.predictCount + (evaluation ? 0 : 1) } };
  }

  /** `epochs` x `minibatches` Adam steps on one rollout. */
  update(params: PPOParams, optimState: PPOOptimState, batch: RolloutBatch): { output: PPOOptimOutput; params: PPOParams; optimState: PPOOptimState } {
    const fn = 'FunctionalPPO.update';
    const { T, n } = checkRolloutBatch(fn, batch, this.observationSize, this.numActions);
    checkKey(fn, optimState.key);
    const s = this.settings;
    const d = this.observationSize;
    const rows = T * n;
    const valid: number[] = [];
    for (let i = 0; i < rows; i++) if (batch.valid[i]) valid.push(i);
    const [shuffleKey, nextKey] = splitKey(optimState.key, 2);
    if (valid.length === 0) {
      // nothing to learn from: the same values, as fresh records
      const leaves = [...mlpLeaves(params.policy), ...mlpLeaves(params.value)].map((t) => tf.clone(t));
      return {
        output: { loss: 0, gradNorm: 0, clipFraction: 0 },
        params: this.split(leaves, params),
        optimState: { adam: { m: optimState.adam.m.map((m) => m.slice()), v: optimState.adam.v.map((v) => v.slice()), count: optimState.adam.count }, updateCount: optimState.updateCount + 1, key: nextKey! },
      };
    }
    const fixed = tf.tidy(() => {
      const { returns, values, x } = rolloutReturns(params.value, batch, d, s.lambda);
      const actions = tf.tensor1d(batch.actions, 'int32');
      const oldLogProb = softmaxLogProb(applyMlp(params.policy, x), actions);
      return { returns, advantages: tf.sub(returns, values), x, actions, oldLogProb };
    });
    const advHost = (fixed.advantages.dataSync() as Float32Array).slice();
    if (s.normalizeAdvantages) {
      let mean = 0;
      for (const i of valid) mean += advHost[i]!;
      mean /= valid.length;
      let sq = 0;
      for (const i of valid) sq += (advHost[i]! - mean) ** 2;
      const std = Math.sqrt(sq / valid.length) + 1e-8;
      for (let i = 0; i < rows; i++) advHost[i] = (advHost[i]! - mean) / std;
    }
    const advantages = tf.tensor1d(advHost);
    const nPolicy = params.policy.layers.length * 2;
    const inputLeaves = [...mlpLeaves(params.policy), ...mlpLeaves(params.value)];
    let leaves = inputLeaves;
    let adam = optimState.adam;
    const rng = keyRandom(shuffleKey!);
    const size = Math.max(1, Math.floor(valid.length / s.minibatches));
    let lossSum = 0;
    let normSum = 0;
    let clipSum = 0;
    let steps = 0;
    try {
      for (let epoch = 0; epoch < s.epochs; epoch++) {
        const order = valid.slice();
        for (let i = order.length - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        for (let m = 0; m < s.minibatches && m * size < order.length; m++) {
          const chosen = order.slice(m * size, m === s.minibatches - 1 ? order.length : (m + 1) * size);
          const { value, grads, clipped } = tf.tidy(() => {
            const idx = tf.tensor1d(Int32Array.from(chosen), 'int32');
            const x = tf.gather(fixed.x, idx);
            const a = tf.gather(fixed.actions, idx);
            const adv = tf.gather(advantages, idx);
            const ret = tf.gather(fixed.returns, idx);
            const old = tf.gather(fixed.oldLogProb, idx);
            // clip fraction at the parameters this step starts from
            const ratioNow = tf.exp(tf.sub(softmaxLogProb(applyMlp(mlpFromLeaves(leaves.slice(0, nPolicy)), x), a), old));
            const outside = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratioNow, 1)), s.clip), 'float32'));
            const lossOf = (...ls: Tensor[]): tf.Scalar => {
              const logits = applyMlp(mlpFromLeaves(ls.slice(0, nPolicy)), x);
              const v = tf.reshape(applyMlp(mlpFromLeaves(ls.slice(nPolicy)), x), [chosen.length]);
              const ratio = tf.exp(tf.sub(softmaxLogProb(logits, a), old));
              const valueLoss = tf.mean(tf.mul(tf.square(tf.sub(ret, v)), 0.5));
              return tf.addN([clippedSurrogatePgLoss(ratio, adv, s.clip), tf.mul(valueLoss, s.valueCoef), tf.mul(entropyLoss(logits), s.entropyCoef)]) as tf.Scalar;
            };
            const r = tf.valueAndGrads(lossOf)(leaves);
            return { value: r.value, grads: r.grads, clipped: outside };
          });
          lossSum += value.dataSync()[0]!;
          clipSum += clipped.dataSync()[0]!;
          let step: ReturnType<typeof adamStep>;
          try {
            step = adamStep(leaves, grads, adam, { lr: s.lr, maxGradNorm: s.maxGradNorm });
          } finally {
            value.dispose();
            clipped.dispose();
            for (const g of grads) g.dispose();
          }
          if (leaves !== inputLeaves) for (const t of leaves) t.dispose();
          leaves = step.leaves;
          adam = step.state;
          normSum += step.gradNorm;
          steps += 1;
        }
      }
    } catch (e) {
      if (leaves !== inputLeaves) for (const t of leaves) t.dispose();
      throw e;
    } finally {
      advantages.dispose();
      tf.dispose(fixed as unknown as tf.TensorContainer);
    }
    return {
      output: { loss: lossSum / steps, gradNorm: normSum / steps, clipFraction: clipSum / steps },
      params: this.split(leaves, params),
      optimState: { adam, updateCount: optimState.updateCount + 1, key: nextKey! },
    };
  }

  private split(leaves: Tensor[], like: PPOParams): PPOParams {
    const nPolicy = like.policy.layers.length * 2;
    return { policy: mlpFromLeaves(leaves.slice(0, nPolicy)), value: mlpFromLeaves(leaves.slice(nPolicy)) };
  }
}
