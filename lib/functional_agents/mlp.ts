/**
 * A multilayer perceptron as values: parameters are a record `{ layers: [{ w, b }, ...] }` of
 * tensors, the forward pass a pure function of them. Initialised like torch.nn.Linear (the
 * initialiser ALL's networks get, U(-1/sqrt(in), 1/sqrt(in)) for weights and biases), drawn from
 * an explicit key. The forward pass uses lib/nn/fast_dense.ts (wasm's fast dense gradient).
 *
 * Differs from lib/nn/module.ts: no tf.Variables, so the same function serves every copy of the
 * parameters (online, target, a fork) and gradients are taken with respect to plain tensors.
 */
import { ConfigError, ShapeError } from '../core/errors';
import { dense, denseRelu } from '../nn/fast_dense';
import { tf, type Tensor } from '../tf';
import { keyRandom, type Key } from './key';

/** One dense layer's parameters: `w` [in, out], `b` [out]. */
export type DenseParams = { readonly w: Tensor; readonly b: Tensor };

/** An MLP's parameters. */
export type MlpParams = { readonly layers: readonly DenseParams[] };

/**
 * Fresh MLP parameters.
 * @param key random key of the initialisation
 * @param sizes layer widths, input first, output last (e.g. [4, 64, 2])
 */
export function initMlp(key: Key, sizes: readonly number[]): MlpParams {
  if (sizes.length < 2 || !sizes.every((s) => Number.isInteger(s) && s > 0)) {
    throw new ConfigError(`initMlp needs at least two positive integer widths (input, ..., output); received [${sizes.join(', ')}]`);
  }
  const rng = keyRandom(key);
  const layers: DenseParams[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]!;
    const fanOut = sizes[l + 1]!;
    const bound = 1 / Math.sqrt(fanIn);
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-bound, bound);
    const b = new Float32Array(fanOut);
    for (let i = 0; i < b.length; i++) b[i] = rng.uniform(-bound, bound);
    layers.push({ w: tf.tensor2d(w, [fanIn, fanOut]), b: tf.tensor1d(b) });
  }
  return { layers };
}

/** The parameters' tensors in a fixed order (w0, b0, w1, b1, ...). */
export function mlpLeaves(params: MlpParams): Tensor[] {
  return params.layers.flatMap((l) => [l.w, l.b]);
}

/** MLP parameters from tensors in `mlpLeaves` order (takes them over, no copy). */
export function mlpFromLeaves(leaves: readonly Tensor[]): MlpParams {
  if (leaves.length % 2 !== 0 || leaves.length === 0) {
    throw new ShapeError(`mlpFromLeaves needs pairs of (w, b) tensors; received ${leaves.length} tensors`);
  }
  const layers: DenseParams[] = [];
  for (let i = 0; i < leaves.length; i += 2) layers.push({ w: leaves[i]!, b: leaves[i + 1]! });
  return { layers };
}

/**
 * The forward pass: ReLU between layers, linear output. Call inside tf.tidy.
 * @param params the MLP's parameters
 * @param x inputs [B, in]
 * @returns [B, out]
 */
export function applyMlp(params: MlpParams, x: Tensor): Tensor {
  const n = params.layers.length;
  const inWidth = params.layers[0]!.w.shape[0];
  if (x.rank !== 2 || x.shape[1] !== inWidth) {
    throw new ShapeError(`applyMlp: the network takes inputs [batch, ${inWidth}]; received [${x.shape.join(', ')}]`);
  }
  let h = x;
  for (let l = 0; l < n; l++) {
    const { w, b } = params.layers[l]!;
    h = l + 1 < n ? denseRelu(h, w, b) : dense(h, w, b);
  }
  return h;
}
