/**
 * DQN as an explicit-state agent (baselax's `DQN`; Mnih et al. 2015,
 * https://www.nature.com/articles/nature14236, with the double-Q target of van Hasselt et al.
 * 2016, https://arxiv.org/abs/1509.06461). baselax's defaults: discount 0.99, epsilon polynomial
 * (power 1) from 0.9 to 0.05 over 50,000 predict calls, target synchronised every 50 updates,
 * double Q-learning loss (0.5 squared TD error, rlax's l2_loss).
 *
 * Records: params `{ online, target }` (MLP parameters), policy state `{ predictCount }`, optim
 * state `{ adam, updateCount }`. The loss is lib/functional's `doubleQLearning`.
 *
 * Deliberate differences from baselax (its known slips): each environment of a batch draws its
 * exploration from its own key (split from the call's key), not one shared draw; the target is
 * copied from the parameters *after* the update that completes a period, not from the ones before.
 */
import { tf, type Tensor } from '../tf';
import { doubleQLearning } from '../functional/value_learning';
import { huberLoss, l2Loss } from '../functional/losses';
import { polynomialSchedule, type Schedule } from '../optim/schedules';
import { ConfigError } from '../core/errors';
import { ConfiguredAgent } from './agent_settings';
import type { BaseAgent, Collection, TransitionBatch } from './base_agent';
import { adamStep, initAdam, type AdamState } from './adam';
import { expectLength, numberIn, observationRows, positiveInt } from './checks';
import { keyUniform, splitKey, type Key } from './key';
import { applyMlp, initMlp, mlpFromLeaves, mlpLeaves, type MlpParams } from './mlp';
import { cloneRecord } from './records';

/** Options of FunctionalDQN; every default is baselax's unless said otherwise. */
export interface FunctionalDQNOptions {
  /** Values per observation. Required. */
  observationSize: number;
  /** Number of discrete actions. Required. */
  numActions: number;
  /** Hidden layer widths. Default [64] (ALL's classic-control Q network). */
  hidden?: readonly number[];
  /** Discount factor gamma. Default 0.99. */
  discount?: number;
  /** Adam learning rate. Default 1e-3. */
  lr?: number;
  /** Epsilon at the first predict call. Default 0.9. */
  epsilonInitial?: number;
  /** Epsilon after `epsilonSteps` predict calls. Default 0.05. */
  epsilonFinal?: number;
  /** Training predict calls (each one step of every environment) over which epsilon decays. Default 50,000. */
  epsilonSteps?: number;
  /** Power of the polynomial decay. Default 1 (linear). */
  epsilonPower?: number;
  /** Epsilon of evaluation predicts. Default 0 (greedy). */
  evaluationEpsilon?: number;
  /** Updates between copies of the online parameters into the target. Default 50. */
  targetPeriod?: number;
  /** Loss of the TD error: 'l2' (0.5 x^2, rlax's l2_loss) or 'huber' (delta 1). Default 'l2'. */
  loss?: 'l2' | 'huber';
  /** Clip the gradients' global norm. Default Infinity (no clipping). */
  maxGradNorm?: number;
  /** Transitions per update. Default 64. */
  batchSize?: number;
  /** Replay capacity in transitions. Default 10,000. */
  replayCapacity?: number;
  /** Transitions stored before the first update. Default 1,000. */
  replayStartSize?: number;
  /** Predict calls between updates. Default 1. */
  updateEvery?: number;
}

/** DQN's parameters: the online network and its target copy. */
export type DQNParams = { readonly online: MlpParams; readonly target: MlpParams };
/** DQN's policy state: training predict calls so far (the epsilon schedule's step). */
export type DQNPolicyState = { readonly predictCount: number };
/** DQN's optimizer state. */
export type DQNOptimState = { readonly adam: AdamState; readonly updateCount: number };
/** What DQN's predict reports. */
export type DQNPolicyOutput = { readonly actions: Int32Array; readonly epsilon: number; readonly qValues: Float32Array };
/** What DQN's update reports. */
export type DQNOptimOutput = { readonly loss: number; readonly gradNorm: number; readonly targetSynced: boolean };

/** Resolved options. */
export type DQNSettings = Required<FunctionalDQNOptions>;

/** baselax's DQN defaults (and ALL's classic-control network and replay sizes where baselax has none). */
export const FUNCTIONAL_DQN_DEFAULTS = {
  hidden: [64],
  discount: 0.99,
  lr: 1e-3,
  epsilonInitial: 0.9,
  epsilonFinal: 0.05,
  epsilonSteps: 50_000,
  epsilonPower: 1,
  evaluationEpsilon: 0,
  targetPeriod: 50,
  loss: 'l2',
  maxGradNorm: Infinity,
  batchSize: 64,
  replayCapacity: 10_000,
  replayStartSize: 1_000,
  updateEvery: 1,
} as const satisfies Omit<DQNSettings, 'observationSize' | 'numActions'>;

/** The explicit-state DQN. Its fields are configuration only; all state lives in the records. */
export class FunctionalDQN
  extends ConfiguredAgent<DQNSettings>
  implements BaseAgent<DQNParams, DQNPolicyState, DQNOptimState, TransitionBatch, DQNPolicyOutput, DQNOptimOutput>
{
  readonly name = 'functional_dqn';
  readonly collection: Collection;
  /** epsilon as a function of training predict calls. */
  readonly epsilon: Schedule;

  constructor(options: FunctionalDQNOptions) {
    const fn = 'FunctionalDQN';
    super(fn, FUNCTIONAL_DQN_DEFAULTS, options);
    const s = this.settings;
    numberIn(fn, 'epsilonInitial', s.epsilonInitial, 0, 1);
    numberIn(fn, 'epsilonFinal', s.epsilonFinal, 0, 1);
    numberIn(fn, 'evaluationEpsilon', s.evaluationEpsilon, 0, 1);
    positiveInt(fn, 'epsilonSteps', s.epsilonSteps);
    positiveInt(fn, 'targetPeriod', s.targetPeriod);
    positiveInt(fn, 'batchSize', s.batchSize);
    positiveInt(fn, 'replayCapacity', s.replayCapacity);
    positiveInt(fn, 'updateEvery', s.updateEvery);
    numberIn(fn, 'replayStartSize', s.replayStartSize, s.batchSize, s.replayCapacity);
    if (s.loss !== 'l2' && s.loss !== 'huber') throw new ConfigError(`${fn}: loss must be 'l2' or 'huber'; received ${String(s.loss)}`);
    this.epsilon = polynomialSchedule(s.epsilonInitial, s.epsilonSteps, s.epsilonFinal, s.epsilonPower);
    this.collection = Object.freeze({
      kind: 'replay',
      batchSize: s.batchSize,
      capacity: s.replayCapacity,
      startSize: s.replayStartSize,
      updateEvery: s.updateEvery,
    });
  }

  /** Online parameters from `key`; the target starts as a copy of them. */
  initParams(key: Key): DQNParams {
    const s = this.settings;
    const online = initMlp(key, [s.observationSize, ...s.hidden, s.numActions]);
    return { online, target: cloneRecord(online) };
  }

  initPolicy(_key: Key): DQNPolicyState {
    return { predictCount: 0 };
  }

  initOptimizer(params: DQNParams, _key: Key): DQNOptimState {
    return { adam: initAdam(mlpLeaves(params.online)), updateCount: 0 };
  }

  /** Epsilon-greedy actions; environment i draws from its own key (the i-th split of `key`). */
  predict(params: DQNParams, policyState: DQNPolicyState, obs: Float32Array, key: Key, evaluation: boolean): { output: DQNPolicyOutput; policyState: DQNPolicyState } {
    const rows = observationRows('FunctionalDQN.predict', obs, this.observationSize);
    const A = this.numActions;
    const q = tf.tidy(() => applyMlp(params.online, tf.tensor2d(obs, [rows, this.observationSize])));
    const qValues = (q.dataSync() as Float32Array).slice();
    q.dispose();
    const epsilon = evaluation ? this.settings.evaluationEpsilon : this.epsilon(policyState.predictCount);
    const keys = splitKey(key, rows);
    const actions = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const [explore, pick] = splitKey(keys[i]!, 2);
      if (epsilon > 0 && keyUniform(explore!) < epsilon) {
        actions[i] = Math.min(A - 1, Math.floor(keyUniform(pick!) * A));
      } else {
        let best = 0;
        for (let a = 1; a < A; a++) if (qValues[i * A + a]! > qValues[i * A + best]!) best = a;
        actions[i] = best;
      }
    }
    const next = { predictCount: policyState.predictCount + (evaluation ? 0 : 1) };
    return { output: { actions, epsilon, qValues }, policyState: next };
  }

  /** One double-Q step of Adam on `batch`; the target is synchronised after every `targetPeriod`-th update. */
  update(params: DQNParams, optimState: DQNOptimState, batch: TransitionBatch): { output: DQNOptimOutput; params: DQNParams; optimState: DQNOptimState } {
    const fn = 'FunctionalDQN.update';
    const n = this.checkBatch(fn, batch);
    const d = this.observationSize;
    const lossKind = this.settings.loss;
    const online = params.online;
    const { value, grads } = tf.tidy(() => {
      const xTm1 = tf.tensor2d(batch.obsTm1, [n, d]);
      const xT = tf.tensor2d(batch.obsT, [n, d]);
      const aTm1 = tf.tensor1d(batch.aTm1, 'int32');
      const rT = tf.tensor1d(batch.rT);
      const discountT = tf.tensor1d(batch.discountT);
      // Targets outside the differentiated closure (tfjs has no stop-gradient).
      const qTValue = applyMlp(params.target, xT);
      const qTSelector = applyMlp(online, xT);
      const lossOf = (...leaves: Tensor[]): tf.Scalar => {
        const qTm1 = applyMlp(mlpFromLeaves(leaves), xTm1);
        const td = doubleQLearning(qTm1, aTm1, rT, discountT, qTValue, qTSelector);
        return tf.mean(lossKind === 'l2' ? l2Loss(td) : huberLoss(td)) as tf.Scalar;
      };
      const r = tf.valueAndGrads(lossOf)(mlpLeaves(online));
      return { value: r.value, grads: r.grads };
    });
    try {
      const loss = value.dataSync()[0]!;
      const step = adamStep(mlpLeaves(online), grads, optimState.adam, { lr: this.settings.lr, maxGradNorm: this.settings.maxGradNorm });
      const newOnline = mlpFromLeaves(step.leaves);
      const updateCount = optimState.updateCount + 1;
      const targetSynced = updateCount % this.settings.targetPeriod === 0;
      // The fix of baselax's slip: the target copies the parameters after this update.
      const target = cloneRecord(targetSynced ? newOnline : params.target);
      return {
        output: { loss, gradNorm: step.gradNorm, targetSynced },
        params: { online: newOnline, target },
        optimState: { adam: step.state, updateCount },
      };
    } finally {
      value.dispose();
      for (const g of grads) g.dispose();
    }
  }

  private checkBatch(fn: string, batch: TransitionBatch): number {
    if (batch === null || typeof batch !== 'object') throw new ConfigError(`${fn} needs a TransitionBatch { obsTm1, aTm1, rT, discountT, obsT }; received ${String(batch)}`);
    expectLength(fn, 'aTm1', batch.aTm1, (batch.aTm1 as Int32Array | undefined)?.length ?? -1, 'Int32Array');
    const n = batch.aTm1.length;
    if (n === 0) throw new ConfigError(`${fn}: the batch is empty; pass at least one transition`);
    expectLength(fn, 'obsTm1', batch.obsTm1, n * this.observationSize, 'Float32Array');
    expectLength(fn, 'obsT', batch.obsT, n * this.observationSize, 'Float32Array');
    expectLength(fn, 'rT', batch.rT, n, 'Float32Array');
    expectLength(fn, 'discountT', batch.discountT, n, 'Float32Array');
    for (let i = 0; i < n; i++) {
      const a = batch.aTm1[i]!;
      if (a < 0 || a >= this.numActions) throw new ConfigError(`${fn}: aTm1[${i}] = ${a} is not an action of 0..${this.numActions - 1}`);
    }
    return n;
  }
}
