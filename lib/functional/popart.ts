/**
 * PopArt: adaptive target normalization that preserves the outputs of the last linear layer.
 * Ports the semantics of rlax's `pop_art.py` (popart, art, pop, normalize, unnormalize,
 * unnormalize_linear, PopArtState), written from van Hasselt et al. 2016, "Learning values across
 * many orders of magnitude" (https://arxiv.org/abs/1602.07714), and Hessel et al. 2019,
 * "Multi-task Deep Reinforcement Learning with PopArt" (https://arxiv.org/abs/1809.04474).
 *
 * State is values: every function returns new tensors and never mutates its inputs; the caller
 * owns (and disposes) what is returned, e.g. with `disposePopArtState`. Deliberate difference:
 * no cross-replica aggregation (rlax's `axis_name`); tfjs has no device axes.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { ShapeError } from '../core/errors';
import { assertFloat, assertInt, assertNumber, assertRank, assertSameShape } from './checks';

/** PopArt statistics per output: shift (mean), scale (standard deviation), second moment; each float32 [O]. */
export interface PopArtState {
  shift: Tensor;
  scale: Tensor;
  secondMoment: Tensor;
}

/** Parameters of the linear layer whose outputs PopArt preserves: w [I, O], b [O]. */
export interface LinearParams {
  w: Tensor;
  b: Tensor;
}

/** Disposes the three tensors of a PopArt state. */
export function disposePopArtState(state: PopArtState): void {
  state.shift.dispose();
  state.scale.dispose();
  state.secondMoment.dispose();
}

function gather(stat: Tensor, indices: Tensor): Tensor {
  return tf.gather(stat, indices);
}

function checkIndices(fn: string, state: PopArtState, indices: Tensor, values: Tensor, valuesName: string): void {
  assertInt(fn, 'indices', indices);
  assertFloat(fn, valuesName, values);
  assertSameShape(fn, { [valuesName]: values, indices });
  assertRank(fn, 'state.shift', state.shift, 1);
}

/** (x - shift[i]) / scale[i]: normalizes values with the statistics of output `indices`. */
export function normalize(state: PopArtState, unnormalized: Tensor, indices: Tensor): Tensor {
  checkIndices('normalize', state, indices, unnormalized, 'unnormalized');
  return tf.tidy(() => tf.div(tf.sub(unnormalized, gather(state.shift, indices)), gather(state.scale, indices)));
}

/** scale[i] x + shift[i]: the inverse of `normalize`. */
export function unnormalize(state: PopArtState, normalized: Tensor, indices: Tensor): Tensor {
  checkIndices('unnormalize', state, indices, normalized, 'normalized');
  return tf.tidy(() => tf.add(tf.mul(gather(state.scale, indices), normalized), gather(state.shift, indices)));
}

/**
 * Selects output `indices` of a normalized linear layer's outputs and unnormalizes it.
 * @param inputs the linear layer's outputs, float32 [..., O].
 * @param indices int32, shape inputs.shape without the last axis.
 * @returns `{ normalized, unnormalized }`, each shaped like indices; the caller owns both.
 */
export function unnormalizeLinear(
  state: PopArtState,
  inputs: Tensor,
  indices: Tensor,
): { normalized: Tensor; unnormalized: Tensor } {
  const fn = 'unnormalizeLinear';
  assertFloat(fn, 'inputs', inputs);
  assertInt(fn, 'indices', indices);
  const lead = inputs.shape.slice(0, -1);
  if (lead.length !== indices.rank || lead.some((s, k) => indices.shape[k] !== s)) {
    throw new ShapeError(`${fn}: indices has shape [${indices.shape.join(', ')}] but must be inputs' without its last axis, [${lead.join(', ')}]`);
  }
  const numOutputs = inputs.shape[inputs.rank - 1] as number;
  const normalized = tf.tidy(() => {
    const mask = tf.reshape(tf.cast(tf.oneHot(tf.reshape(indices, [-1]) as tf.Tensor1D, numOutputs), 'float32'), inputs.shape);
    return tf.sum(tf.mul(inputs, mask), -1);
  });
  return { normalized, unnormalized: unnormalize(state, normalized, indices) };
}

/** Sums `updates` into one slot per index: out[o] = sum over k with indices[k] = o of updates[k]. */
function scatterAdd(source: Tensor, indices: Tensor, updates: Tensor): Tensor {
  const numOutputs = source.shape[0] as number;
  const oh = tf.cast(tf.oneHot(tf.reshape(indices, [-1]) as tf.Tensor1D, numOutputs), 'float32');
  return tf.add(source, tf.sum(tf.mul(tf.reshape(updates, [-1, 1]), oh), 0));
}

/**
 * ART, adaptively rescaling targets: moves shift and second moment of each target's output
 * towards the target by `stepSize` (the updates of a batch are summed), then sets
 * scale = sqrt(clip(secondMoment - shift^2, scaleLb^2, scaleUb^2)). van Hasselt et al. 2016,
 * algorithm 1.
 * @param targets float32, any shape; @param indices int32, same shape (which output each target is for).
 * @param stepSize beta in (0, 1]; @param scaleLb lower bound of the scale (> 0); @param scaleUb upper bound.
 * @returns a new state; the caller owns it. The input state is unchanged.
 */
export function art(
  state: PopArtState,
  targets: Tensor,
  indices: Tensor,
  stepSize: number,
  scaleLb: number,
  scaleUb: number,
): PopArtState {
  const fn = 'art';
  checkIndices(fn, state, indices, targets, 'targets');
  assertNumber(fn, 'stepSize', stepSize, { min: 0, max: 1 });
  assertNumber(fn, 'scaleLb', scaleLb, { min: 0 });
  assertNumber(fn, 'scaleUb', scaleUb, { min: scaleLb });
  const [shift, scale, secondMoment] = tf.tidy(() => {
    const shiftNew = scatterAdd(state.shift, indices, tf.mul(tf.sub(targets, gather(state.shift, indices)), stepSize));
    const smNew = scatterAdd(
      state.secondMoment,
      indices,
      tf.mul(tf.sub(tf.square(targets), gather(state.secondMoment, indices)), stepSize),
    );
    const scaleSq = tf.clipByValue(tf.sub(smNew, tf.square(shiftNew)), scaleLb ** 2, scaleUb ** 2);
    return [shiftNew, tf.sqrt(scaleSq), smNew];
  });
  return { shift: shift as Tensor, scale: scale as Tensor, secondMoment: secondMoment as Tensor };
}

/**
 * POP, preserving outputs precisely: rescales the last linear layer so that unnormalized outputs
 * under the new statistics equal those under the old: w' = w old.scale / new.scale,
 * b' = (old.scale b + old.shift - new.shift) / new.scale. van Hasselt et al. 2016, section 2.
 * @returns new parameters; the caller owns them. The inputs are unchanged.
 */
export function pop(params: LinearParams, old: PopArtState, next: PopArtState): LinearParams {
  const fn = 'pop';
  assertRank(fn, 'params.w', params.w, 2);
  assertRank(fn, 'params.b', params.b, 1);
  const [w, b] = tf.tidy(() => [
    tf.mul(params.w, tf.div(old.scale, next.scale)),
    tf.div(tf.sub(tf.add(tf.mul(old.scale, params.b), old.shift), next.shift), next.scale),
  ]);
  return { w: w as Tensor, b: b as Tensor };
}

/**
 * PopArt for a linear layer with `numOutputs` outputs: returns `initialState()` (shift 0, scale
 * 1, second moment 1) and `update(params, state, targets, indices)`, which applies ART then POP
 * and returns `{ params, state }` (new tensors the caller owns). van Hasselt et al. 2016.
 */
export function popart(
  numOutputs: number,
  stepSize: number,
  scaleLb: number,
  scaleUb: number,
): {
  initialState: () => PopArtState;
  update: (params: LinearParams, state: PopArtState, targets: Tensor, indices: Tensor) => { params: LinearParams; state: PopArtState };
} {
  assertNumber('popart', 'numOutputs', numOutputs, { min: 1, integer: true });
  return {
    initialState: () => ({ shift: tf.zeros([numOutputs]), scale: tf.ones([numOutputs]), secondMoment: tf.ones([numOutputs]) }),
    update: (params, state, targets, indices) => {
      const next = art(state, targets, indices, stepSize, scaleLb, scaleUb);
      return { params: pop(params, state, next), state: next };
    },
  };
}
