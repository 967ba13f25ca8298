/**
 * Adam (Kingma & Ba 2015, https://arxiv.org/abs/1412.6980) as a pure function, in the style of
 * optax's `adam`: `initAdam(leaves)` gives the state (first and second moments, step count),
 * `adamStep(leaves, grads, state, options)` returns new parameter tensors and a new state, and
 * leaves its inputs untouched. Optional clipping by global norm comes first (optax's
 * `clip_by_global_norm` chained before `adam`).
 *
 * Differs from lib/optim/flat_adam.ts (which updates tf.Variables in place): the moments are
 * typed arrays in the returned record, the arithmetic runs on the host in double precision and is
 * stored as float32 (tiny networks are kernel-overhead bound on wasm: one host loop replaces
 * about ten kernels per parameter tensor). Bias corrections as torch.optim.Adam.
 */
import { NumericError, ShapeError } from '../core/errors';
import { tf, type Tensor } from '../tf';

/** Adam's state: one first and one second moment per parameter tensor, and the step count. */
export type AdamState = { readonly m: readonly Float32Array[]; readonly v: readonly Float32Array[]; readonly count: number };

/** Options of `adamStep`. */
export interface AdamOptions {
  /** Step size. */
  lr: number;
  /** First-moment decay. Default 0.9. */
  beta1?: number;
  /** Second-moment decay. Default 0.999. */
  beta2?: number;
  /** Added to the root of the second moment. Default 1e-8 (torch, optax). */
  eps?: number;
  /** Clip the gradients' global L2 norm to this first. Default Infinity (no clipping). */
  maxGradNorm?: number;
}

/** Zero moments for parameters of the shapes of `leaves`. */
export function initAdam(leaves: readonly Tensor[]): AdamState {
  return { m: leaves.map((t) => new Float32Array(t.size)), v: leaves.map((t) => new Float32Array(t.size)), count: 0 };
}

/**
 * One Adam step.
 * @param leaves current parameters (read, not disposed)
 * @param grads gradients in the same order (read, not disposed)
 * @param state the optimizer state (not changed)
 * @returns new parameter tensors (the caller owns them), the new state and the gradients' global
 *   norm before clipping
 * @throws ShapeError when the lists do not fit; NumericError on a non-finite gradient norm
 */
export function adamStep(
  leaves: readonly Tensor[],
  grads: readonly Tensor[],
  state: AdamState,
  options: AdamOptions,
): { leaves: Tensor[]; state: AdamState; gradNorm: number } {
  const { lr, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, maxGradNorm = Infinity } = options;
  if (grads.length !== leaves.length || state.m.length !== leaves.length) {
    throw new ShapeError(`adamStep: ${leaves.length} parameter tensors need as many gradients and moments; received ${grads.length} gradients, ${state.m.length} moments`);
  }
  const g = grads.map((t) => t.dataSync() as Float32Array);
  let sq = 0;
  for (const gi of g) for (let k = 0; k < gi.length; k++) sq += gi[k]! * gi[k]!;
  const gradNorm = Math.sqrt(sq);
  if (!Number.isFinite(gradNorm)) {
    throw new NumericError(`adamStep: the gradients' global norm is ${gradNorm} at step ${state.count + 1}; lower the learning rate or check the loss for NaN inputs`);
  }
  const scale = gradNorm > maxGradNorm ? maxGradNorm / gradNorm : 1;
  const t = state.count + 1;
  const c1 = 1 - Math.pow(beta1, t);
  const c2 = Math.sqrt(1 - Math.pow(beta2, t));
  const step = (lr * c2) / c1;
  const epsHat = eps * c2;
  const m: Float32Array[] = [];
  const v: Float32Array[] = [];
  const out: Tensor[] = [];
  for (let i = 0; i < leaves.length; i++) {
    const p = leaves[i]!.dataSync() as Float32Array;
    const gi = g[i]!;
    if (gi.length !== p.length || state.m[i]!.length !== p.length) {
      throw new ShapeError(`adamStep: parameter ${i} has ${p.length} values but its gradient has ${gi.length} and its moment ${state.m[i]!.length}`);
    }
    const mi = new Float32Array(p.length);
    const vi = new Float32Array(p.length);
    const pi = new Float32Array(p.length);
    const m0 = state.m[i]!;
    const v0 = state.v[i]!;
    for (let k = 0; k < p.length; k++) {
      const gk = gi[k]! * scale;
      const mk = beta1 * m0[k]! + (1 - beta1) * gk;
      const vk = beta2 * v0[k]! + (1 - beta2) * gk * gk;
      mi[k] = mk;
      vi[k] = vk;
      pi[k] = p[k]! - (step * mk) / (Math.sqrt(vk) + epsHat);
    }
    m.push(mi);
    v.push(vi);
    out.push(tf.tensor(pi, leaves[i]!.shape, 'float32'));
  }
  return { leaves: out, state: { m, v, count: t }, gradNorm };
}
