/**
 * Gradient helpers: a stop-gradient, the global norm of a set of gradients, and clipping by that
 * norm. Ports `jax.lax.stop_gradient` (used throughout rlax) and the global-norm clipping of
 * `torch.nn.utils.clip_grad_norm_` that ALL's Approximation applies after every backward pass
 * (Pascanu et al. 2013, https://arxiv.org/abs/1211.5063).
 *
 * Deliberate differences: tfjs records gradients on a tape rather than a graph, so
 * `stopGradient` is a `tf.customGrad` identity whose backward pass returns zeros; it only matters
 * when its input was computed inside the gradient closure. Clipping returns new tensors (tfjs
 * tensors are immutable) and takes an optional precomputed norm so a caller that already checked
 * the norm for finiteness need not compute it twice.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { assertNumber } from './checks';

const stopGradientOp = tf.customGrad((...args) => {
  const x = args[0] as Tensor;
  return {
    value: tf.clone(x),
    gradFunc: (dy: Tensor | Tensor[]) => [tf.zerosLike(Array.isArray(dy) ? (dy[0] as Tensor) : dy)],
  };
});

/**
 * Identity in the forward pass, zero gradient in the backward pass (`jax.lax.stop_gradient`).
 * Use it on bootstrap targets computed inside a gradient closure so the loss does not push the
 * target towards the prediction.
 * @param x any tensor; not modified.
 * @returns a new tensor equal to `x`; the caller owns it.
 */
export function stopGradient<T extends Tensor>(x: T): T {
  return stopGradientOp(x) as T;
}

/** A list of gradients, or the name-keyed map `tf.variableGrads` returns. */
export type Gradients = Tensor[] | tf.NamedTensorMap;

function values(grads: Gradients): Tensor[] {
  return Array.isArray(grads) ? grads : Object.values(grads);
}

/**
 * The global L2 norm of a set of tensors: sqrt(sum over all tensors and elements of g^2).
 * @param grads gradients as a list or a `NamedTensorMap` (e.g. `tf.variableGrads(f).grads`).
 * @returns a float32 scalar; 0 for an empty set; the caller owns it. It is non-finite when any
 *   gradient is, which callers should check before applying the gradients.
 */
export function globalNorm(grads: Gradients): tf.Scalar {
  return tf.tidy(() => {
    const list = values(grads);
    if (list.length === 0) return tf.scalar(0);
    const squares = list.map((g) => tf.sum(tf.square(g)));
    const total = squares.length === 1 ? (squares[0] as Tensor) : tf.addN(squares);
    return tf.sqrt(total) as tf.Scalar;
  });
}

/**
 * Scales a set of gradients so their global norm is at most `maxNorm`: each g becomes
 * g * maxNorm / max(norm, maxNorm), so gradients already within the bound are unchanged.
 * @param grads gradients as a list or a `NamedTensorMap`; not modified or disposed.
 * @param maxNorm the largest allowed global norm, > 0 (Infinity returns copies).
 * @param norm the precomputed `globalNorm(grads)`, if the caller has it; not disposed.
 * @returns new tensors in the same structure (list or map, same keys); the caller owns them.
 */
export function clipByGlobalNorm(grads: Tensor[], maxNorm: number, norm?: tf.Scalar): Tensor[];
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number, norm?: tf.Scalar): tf.NamedTensorMap;
export function clipByGlobalNorm(grads: Gradients, maxNorm: number, norm?: tf.Scalar): Gradients {
  assertNumber('clipByGlobalNorm', 'maxNorm', maxNorm, { min: Number.MIN_VALUE });
  return tf.tidy(() => {
    const n = norm ?? globalNorm(grads);
    const scale = maxNorm === Infinity ? tf.scalar(1) : tf.div(maxNorm, tf.maximum(n, maxNorm));
    if (Array.isArray(grads)) return grads.map((g) => tf.mul(g, scale));
    const out: tf.NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) out[name] = tf.mul(g, scale);
    return out;
  });
}
