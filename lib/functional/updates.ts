/**
 * Parameter-update helpers and exponential moving moments from rlax's `nested_updates.py`
 * (periodic_update, conditional_update) and `moving_averages.py` (create_ema, EmaState,
 * EmaMoments). rlax maps them over pytrees; here they take a list or a name-keyed map of tensors.
 * Values in, values out: inputs are never mutated, and the caller owns what is returned.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { ShapeError } from '../core/errors';
import { assertNumber } from './checks';

/** A list of tensors, or a name-keyed map of them (e.g. a model's weights). */
export type TensorTree = Tensor[] | Record<string, Tensor>;

function mapTrees<T extends TensorTree>(fn: string, a: T, b: T, f: (x: Tensor, y: Tensor) => Tensor): T {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) {
    throw new ShapeError(`${fn}: the two sets of tensors differ in their keys [${ka.join(', ')}] vs [${kb.join(', ')}]`);
  }
  const out = (Array.isArray(a) ? [] : {}) as Record<string, Tensor>;
  for (const k of ka) out[k] = f((a as Record<string, Tensor>)[k] as Tensor, (b as Record<string, Tensor>)[k] as Tensor);
  return out as unknown as T;
}

/**
 * Returns copies of `newTensors` when `isTime`, else copies of `oldTensors`. As rlax's
 * conditional_update (which optax now supersedes).
 */
export function conditionalUpdate<T extends TensorTree>(newTensors: T, oldTensors: T, isTime: boolean): T {
  return mapTrees('conditionalUpdate', newTensors, oldTensors, (n, o) => tf.clone(isTime ? n : o));
}

/**
 * Returns copies of `newTensors` every `updatePeriod` steps (when steps % updatePeriod == 0),
 * else copies of `oldTensors`: the periodic target-network update of Mnih et al. 2015, "Human-level
 * control through deep reinforcement learning" (https://www.nature.com/articles/nature14236).
 * @param steps the step counter (an integer >= 0); @param updatePeriod an integer >= 1.
 */
export function periodicUpdate<T extends TensorTree>(newTensors: T, oldTensors: T, steps: number, updatePeriod: number): T {
  assertNumber('periodicUpdate', 'steps', steps, { min: 0, integer: true });
  assertNumber('periodicUpdate', 'updatePeriod', updatePeriod, { min: 1, integer: true });
  return conditionalUpdate(newTensors, oldTensors, steps % updatePeriod === 0);
}

/** Exponential moving first and second moments of the mean of each tensor, and the decay product. */
export interface EmaState {
  /** EMA of mean(x) per tensor (float32 scalars). */
  mu: Tensor[];
  /** EMA of mean(x^2) per tensor. */
  nu: Tensor[];
  /** decay^(number of updates); 1 initially. */
  decayProduct: number;
}

/** Debiased moments (as Adam's): mean = mu / (1 - decay^n), variance = max(0, nu / (1 - decay^n) - mean^2). */
export interface EmaMoments {
  mean: Tensor[];
  variance: Tensor[];
}

/**
 * Exponential moving average of the mean and second moment of each tensor in a list, debiased as
 * in Adam (Kingma and Ba 2015, https://arxiv.org/abs/1412.6980); as rlax's create_ema.
 * @param decay in [0, 1). Default 0.999 (rlax's).
 * @returns `initState(count)` (zeros for `count` tensors) and `updateMoments(tensors, state)`,
 *   which returns `{ moments, state }`: new tensors the caller owns.
 */
export function createEma(decay = 0.999): {
  initState: (count: number) => EmaState;
  updateMoments: (tensors: Tensor[], state: EmaState) => { moments: EmaMoments; state: EmaState };
} {
  assertNumber('createEma', 'decay', decay, { min: 0, max: 1 });
  return {
    initState: (count) => ({
      mu: Array.from({ length: count }, () => tf.scalar(0)),
      nu: Array.from({ length: count }, () => tf.scalar(0)),
      decayProduct: 1,
    }),
    updateMoments: (tensors, state) => {
      if (tensors.length !== state.mu.length) {
        throw new ShapeError(`createEma.updateMoments: received ${tensors.length} tensors but the state tracks ${state.mu.length}`);
      }
      const decayProduct = Math.fround(state.decayProduct * decay);
      const debias = 1 / Math.max(1 - decayProduct, 1.1754943508222875e-38);
      const mu = tensors.map((x, k) => tf.tidy(() => tf.add(tf.mul(state.mu[k] as Tensor, decay), tf.mul(tf.mean(x), 1 - decay))));
      const nu = tensors.map((x, k) =>
        tf.tidy(() => tf.add(tf.mul(state.nu[k] as Tensor, decay), tf.mul(tf.mean(tf.square(x)), 1 - decay))),
      );
      const mean = mu.map((m) => tf.mul(m, debias));
      const variance = nu.map((n, k) => tf.tidy(() => tf.relu(tf.sub(tf.mul(n, debias), tf.square(mean[k] as Tensor)))));
      return { moments: { mean, variance }, state: { mu, nu, decayProduct } };
    },
  };
}
