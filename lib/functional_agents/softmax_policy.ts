/**
 * What the explicit-state actor-critics (A2C, PPO) share: a softmax policy MLP and a value MLP as
 * values, sampling each environment's action from its own key, and the rollout's lambda-returns
 * (lib/functional's `lambdaReturns`) cut where a step is no transition (a reset). Ports no one
 * file; baselax repeats these pieces in each agent.
 */
import { lambdaReturns } from '../functional/multistep';
import { tf, type Tensor } from '../tf';
import type { RolloutBatch } from './base_agent';
import { observationRows } from './checks';
import { keyUniform, splitKey, type Key } from './key';
import { applyMlp, initMlp, type MlpParams } from './mlp';

/** An actor-critic's parameters. */
export type ActorCriticParams = { readonly policy: MlpParams; readonly value: MlpParams };

/** Fresh policy and value networks from `key`. */
export function initActorCritic(key: Key, observationSize: number, hidden: readonly number[], numActions: number): ActorCriticParams {
  const [kp, kv] = splitKey(key, 2);
  return {
    policy: initMlp(kp!, [observationSize, ...hidden, numActions]),
    value: initMlp(kv!, [observationSize, ...hidden, 1]),
  };
}

/**
 * Actions from softmax(policy(obs)): sampled, each row from its own split of `key`, or (evaluation)
 * the most probable.
 */
export function softmaxActions(
  fn: string,
  policy: MlpParams,
  obs: Float32Array,
  observationSize: number,
  numActions: number,
  key: Key,
  evaluation: boolean,
): { actions: Int32Array; probabilities: Float32Array } {
  const rows = observationRows(fn, obs, observationSize);
  const A = numActions;
  const p = tf.tidy(() => tf.softmax(applyMlp(policy, tf.tensor2d(obs, [rows, observationSize]))));
  const probabilities = (p.dataSync() as Float32Array).slice();
  p.dispose();
  const keys = splitKey(key, rows);
  const actions = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let a = 0;
    if (evaluation) {
      for (let b = 1; b < A; b++) if (probabilities[i * A + b]! > probabilities[i * A + a]!) a = b;
    } else {
      let u = keyUniform(keys[i]!);
      a = A - 1;
      for (let b = 0; b < A; b++) {
        u -= probabilities[i * A + b]!;
        if (u < 0) {
          a = b;
          break;
        }
      }
    }
    actions[i] = a;
  }
  return { actions, probabilities };
}

/**
 * Lambda-returns of a rollout and the values of its source states, [length * numEnvs] each
 * (time-major rows). G_t = r_t + discount_t ((1 - l_t) v_{t+1} + l_t G_{t+1}) with l_t = lambda
 * where step t + 1 is a transition and 0 where it is a reset (so G_t bootstraps from v_{t+1}).
 * Call inside tf.tidy.
 */
export function rolloutReturns(value: MlpParams, batch: RolloutBatch, observationSize: number, lambda: number): { returns: Tensor; values: Tensor; x: Tensor } {
  const T = batch.length;
  const n = batch.numEnvs;
  const rows = T * n;
  const l = new Float32Array(rows);
  for (let t = 0; t + 1 < T; t++) for (let i = 0; i < n; i++) l[t * n + i] = lambda * batch.valid[(t + 1) * n + i]!;
  const xAll = tf.tensor2d(batch.obs, [(T + 1) * n, observationSize]);
  const vAll = tf.reshape(applyMlp(value, xAll), [T + 1, n]);
  const returns = lambdaReturns(
    tf.tensor2d(batch.rewards, [T, n]),
    tf.tensor2d(batch.discounts, [T, n]),
    tf.slice(vAll, [1, 0], [T, n]),
    tf.tensor2d(l, [T, n]),
  );
  return {
    returns: tf.reshape(returns, [rows]),
    values: tf.reshape(tf.slice(vAll, [0, 0], [T, n]), [rows]),
    x: tf.slice(xAll, [0, 0], [rows, observationSize]),
  };
}
