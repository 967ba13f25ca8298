/**
 * The training step of recurrent Q-learning on a batch of stored sequences, as R2D2
 * (Kapturowski et al. 2019, https://openreview.net/forum?id=r1lyTjAqYX) and jaxneurorl's
 * recurrent Q-learner compute it: both networks start from the stored recurrent state, the first
 * `burnIn` steps only warm the online state up (no gradient, no loss), targets are Peng's
 * Q(lambda) with a double-Q bootstrap (lib/functional/q_lambda.ts), optionally value-rescaled,
 * and each sequence's new priority is eta * max|delta| + (1 - eta) * mean|delta| over its valid
 * steps.
 *
 * Loss: per sequence, the mean of 0.5 delta^2 over its valid steps after burn-in, times its
 * importance weight, averaged over the batch (jaxneurorl: 0.5 * mean of squared TD errors).
 * A step whose next observation ends stored data or belongs to another episode cuts the
 * lambda-return there (lambda 0 at that step, so it bootstraps from its own next value);
 * terminations stop bootstrapping (discount 0), truncations do not.
 */
import type { Approximation } from '../approximation/approximation';
import type { SequenceBatch, StoredRecurrentState } from '../memory/types';
import type { RecurrentState } from '../nn/module';
import { qLambdaTarget } from '../functional/q_lambda';
import { signedHyperbolicPair, type TxPair } from '../functional/transforms';
import { nStepBootstrappedReturns } from '../functional/multistep';
import { stopGradient } from '../functional/gradients';
import { tf, type Tensor } from '../tf';
import { sequencePriority } from '../memory/sequence_replay';

/** Options of `recurrentQLoss`. */
export interface RecurrentQLossOptions {
  /** Discount gamma per environment step. */
  discount: number;
  /** Q(lambda)'s lambda in [0, 1]. */
  lambda: number;
  /** Apply R2D2's value rescaling h (eps 1e-3) to the targets. */
  valueRescaling: boolean;
  /** Priority mix eta of max and mean |delta|. Default 0.9 (R2D2). */
  priorityEta?: number;
  /**
   * Use n-step double-Q returns with this n instead of Q(lambda) (R2D2's own targets: n = 5);
   * `lambda` is then ignored. Default: Q(lambda).
   */
  nStep?: number;
}

/** What one update returns (host values only). */
export interface RecurrentQLossResult {
  /** The loss value. */
  loss: number;
  /** New priority per sequence (eta max|delta| + (1 - eta) mean|delta| over valid steps after burn-in). */
  priorities: Float32Array;
  /** TD errors after burn-in, time-major [(length - burnIn) * batchSize]; 0 on invalid steps. */
  tdErrors: Float32Array;
}

/**
 * n-step double-Q targets over [T, B]: bootstrap values qT at argmax selector, value-rescaled when
 * `tx` is given; `keepT` is 0 where the return must stop and bootstrap (end of stored episode data).
 */
function nStepDoubleQ(rT: Tensor, dT: Tensor, qT: Tensor, selector: Tensor, keepT: Tensor, n: number, tx: TxPair | undefined): Tensor {
  const A = qT.shape[2]!;
  const v = tf.sum(tf.mul(qT, tf.oneHot(tf.argMax(selector, -1), A).toFloat()), -1);
  const inv = tx === undefined ? v : tx.applyInv(v);
  const g = nStepBootstrappedReturns(rT, dT, inv, n, keepT);
  return tx === undefined ? g : tx.apply(g);
}

/** Uploads a stored recurrent state as tensors (inside the caller's tidy). */
export function uploadState(stored: StoredRecurrentState): RecurrentState {
  const out: Record<string, Tensor[]> = {};
  for (const [key, parts] of Object.entries(stored)) out[key] = parts.map((p) => tf.tensor(p.values, [...p.shape]));
  return out;
}

/**
 * One update of `q` (its model a recurrent Module taking `[time, batch, ...]` with resets) on a
 * batch of sequences. The model's target network supplies the bootstrap values.
 * @param q the recurrent Q approximation (online model + target network + optimizer)
 * @param batch sequences from a SequenceReplayBuffer
 * @param options discount, lambda, value rescaling and priority eta
 * @returns the loss, new priorities and TD errors
 */
export function recurrentQLoss(q: Approximation, batch: SequenceBatch, options: RecurrentQLossOptions): RecurrentQLossResult {
  const { batchSize: B, length: L, burnIn } = batch;
  const T = L - burnIn;
  const eta = options.priorityEta ?? 0.9;
  const obsSize = batch.stateShape.reduce((a, b) => a * b, 1);
  const tx = options.valueRescaling ? signedHyperbolicPair(1e-3) : undefined;
  // host-side slices after burn-in: actions, rewards, discounts, lambdas, validity
  const actions = new Int32Array(T * B);
  const rewards = new Float32Array(T * B);
  const discounts = new Float32Array(T * B);
  const lambdas = new Float32Array(T * B);
  const valid = new Float32Array(T * B);
  const cuts = new Uint8Array(T * B);
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const src = (t + burnIn) * B + b;
      const dst = t * B + b;
      actions[dst] = batch.actions[src]!;
      rewards[dst] = batch.rewards[src]!;
      discounts[dst] = options.discount * batch.masks[src]!;
      valid[dst] = batch.valid[src]!;
      // cut the lambda-return where the next step is not a valid continuation of this episode
      const nextValid = t + burnIn + 1 < L ? batch.valid[src + B]! : 1;
      lambdas[dst] = options.lambda * nextValid;
      cuts[dst] = nextValid === 0 ? 1 : 0;
    }
  }
  let result: { loss: number; aux: { td: Float32Array } } | undefined;
  tf.tidy(() => {
    // flat observations [L + 1, B, prod(stateShape)]: recurrent Q models start with a dense layer
    const obsFlat = tf.tensor(batch.observations, [L + 1, B, obsSize]);
    const resets = tf.tensor2d(Float32Array.from(batch.resets), [L + 1, B]);
    const initial = uploadState(batch.initialState);
    const targetQ = q.target(obsFlat, { training: false, state: initial, resets });
    const qT = tf.slice(targetQ, [burnIn + 1], [T]);
    let startState: RecurrentState = initial;
    if (burnIn > 0) {
      const next: Record<string, readonly Tensor[]> = {};
      q.model.apply(tf.slice(obsFlat, [0], [burnIn]), { training: true, state: initial, resets: tf.slice(resets, [0], [burnIn]), nextState: next });
      startState = next;
    }
    const learnObs = tf.slice(obsFlat, [burnIn], [T + 1]);
    const learnResets = tf.slice(resets, [burnIn], [T + 1]);
    const aT = tf.tensor2d(actions, [T, B], 'int32');
    const rT = tf.tensor2d(rewards, [T, B]);
    const dT = tf.tensor2d(discounts, [T, B]);
    const lT = tf.tensor2d(lambdas, [T, B]);
    const cutT = options.nStep === undefined ? lT : tf.tensor2d(Float32Array.from(lambdas, (l, i) => (cuts[i] ? 0 : 1)), [T, B]);
    const validT = tf.tensor2d(valid, [T, B]);
    const weights = tf.tensor1d(batch.weights);
    const counts = tf.maximum(tf.sum(validT, 0), 1);
    result = q.reinforce(() => {
      const qAll = q.model.apply(learnObs, { training: true, state: startState, resets: learnResets });
      const qTm1 = tf.slice(qAll, [0], [T]);
      const selector = stopGradient(tf.slice(qAll, [1], [T]));
      const target = stopGradient(
        options.nStep === undefined
          ? qLambdaTarget(rT, dT, qT, lT, { qSelectorT: selector, ...(tx === undefined ? {} : { tx }) })
          : nStepDoubleQ(rT, dT, qT, selector, cutT, options.nStep, tx),
      );
      const A = qTm1.shape[2]!;
      const qa = tf.sum(tf.mul(qTm1, tf.oneHot(aT, A).toFloat()), -1);
      const td = tf.mul(tf.sub(target, qa), validT);
      const perSequence = tf.div(tf.sum(tf.mul(tf.square(td), 0.5), 0), counts);
      const loss = tf.mean(tf.mul(perSequence, weights)) as tf.Scalar;
      return { loss, aux: { td } };
    });
  });
  const td = result!.aux.td;
  const priorities = sequencePriority(td, valid, B, eta);
  return { loss: result!.loss, priorities, tdErrors: td };
}
