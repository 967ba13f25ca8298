/**
 * Uploads a replay batch to tensors (inside the caller's tf.tidy). `discounts` is
 * discount^steps * nextMask: gamma times continuation, 0 at a true terminal, as lib/functional expects.
 */
import type { ReplayBatch } from '../memory/types';
import { tf, type Tensor } from '../tf';

/** The tensors of a replay batch. */
export interface BatchTensors {
  states: Tensor;
  actions: Tensor;
  rewards: Tensor;
  nextStates: Tensor;
  /** gamma^steps * mask, [B]. */
  discounts: Tensor;
  weights: Tensor;
  /** Legal actions at the next states, float32 0/1 [B, A], when the batch carries action masks. */
  nextLegal?: Tensor;
}

export function batchTensors(batch: ReplayBatch, discountFactor: number): BatchTensors {
  const shape = [batch.size, ...batch.stateShape];
  const discounts = new Float32Array(batch.size);
  for (let i = 0; i < batch.size; i++) discounts[i] = Math.pow(discountFactor, batch.steps[i]!) * batch.nextMasks[i]!;
  const actionDim = batch.actions.length / batch.size;
  return {
    states: tf.tensor(batch.states, shape),
    actions:
      batch.actions instanceof Int32Array
        ? tf.tensor1d(batch.actions, 'int32')
        : tf.tensor2d(batch.actions, [batch.size, actionDim]),
    rewards: tf.tensor1d(batch.rewards),
    nextStates: tf.tensor(batch.nextStates, shape),
    discounts: tf.tensor1d(discounts),
    weights: tf.tensor1d(batch.weights),
    ...(batch.nextActionMasks === undefined
      ? {}
      : { nextLegal: tf.tensor2d(Float32Array.from(batch.nextActionMasks), [batch.size, batch.nextActionMasks.length / batch.size]) }),
  };
}
