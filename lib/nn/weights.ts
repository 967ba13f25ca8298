/**
 * Copying, soft-updating and (de)serializing the variables of a Module. Serialized weights are
 * a manifest (name and shape of each variable) plus one little-endian float32 buffer, which is
 * what presets save and checkpointers write.
 *
 * Speed: on the backends whose tensors are host memory (lib/backend/host_memory.ts: wasm, cpu) the
 * Polyak update blends the variables in one JavaScript loop each (equal to the three-kernel
 * tensor version to float32 rounding, tested), instead of three kernels per variable.
 */
import { FileFormatError, ShapeError } from '../core/errors';
import { computeOnHost, onHostMemoryBackend } from '../backend/host_memory';
import { tf, type Variable } from '../tf';

/** dst <- src, variable by variable (same architecture). */
export function copyWeights(src: readonly Variable[], dst: readonly Variable[]): void {
  checkSameShapes(src, dst, 'copyWeights');
  tf.tidy(() => {
    src.forEach((v, i) => dst[i]!.assign(v));
  });
}

/** dst <- tau * src + (1 - tau) * dst (Polyak averaging). */
export function polyakUpdate(src: readonly Variable[], dst: readonly Variable[], tau: number): void {
  checkSameShapes(src, dst, 'polyakUpdate');
  if (onHostMemoryBackend()) {
    hostPolyak(src, dst, tau);
    return;
  }
  tf.tidy(() => {
    src.forEach((v, i) => {
      const d = dst[i]!;
      d.assign(tf.add(tf.mul(v, tau), tf.mul(d, 1 - tau)));
    });
  });
}

/** polyakUpdate on the host: d = s tau + d (1 - tau), in double precision stored as float32. */
function hostPolyak(src: readonly Variable[], dst: readonly Variable[], tau: number): void {
  tf.tidy(() => {
    const fresh = computeOnHost(
      [...src, ...dst],
      dst.map((d) => d.shape),
      (ins, outs) => {
        for (let i = 0; i < outs.length; i++) blend(ins[i]!, ins[outs.length + i]!, outs[i]!, tau);
      },
    );
    dst.forEach((d, i) => d.assign(fresh[i]!));
  });
}

function blend(s: Float32Array, d: Float32Array, out: Float32Array, tau: number): void {
  const keep = 1 - tau;
  for (let k = 0; k < out.length; k++) out[k] = s[k]! * tau + d[k]! * keep;
}

function checkSameShapes(src: readonly Variable[], dst: readonly Variable[], what: string): void {
  if (src.length !== dst.length) {
    throw new ShapeError(`${what}: source has ${src.length} variables, destination ${dst.length}; the networks differ`);
  }
  src.forEach((v, i) => {
    const d = dst[i]!;
    if (v.shape.join(',') !== d.shape.join(',')) {
      throw new ShapeError(`${what}: variable ${i} has shape [${v.shape}] in the source but [${d.shape}] in the destination`);
    }
  });
}

/** Serialized weights. */
export interface WeightData {
  manifest: { shape: number[] }[];
  data: Float32Array;
}

/** Reads every variable into one flat array. */
export function serializeWeights(variables: readonly Variable[]): WeightData {
  const total = variables.reduce((n, v) => n + v.size, 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const v of variables) {
    data.set(v.dataSync() as Float32Array, offset);
    offset += v.size;
  }
  return { manifest: variables.map((v) => ({ shape: [...v.shape] })), data };
}

/** Writes serialized weights into variables of the same architecture. */
export function loadWeights(variables: readonly Variable[], weights: WeightData, source = 'weights'): void {
  if (weights.manifest.length !== variables.length) {
    throw new FileFormatError(
      `${source} hold ${weights.manifest.length} variables but the network has ${variables.length}; ` +
        'they were saved from a different architecture or hyperparameters',
    );
  }
  let offset = 0;
  tf.tidy(() => {
    variables.forEach((v, i) => {
      const shape = weights.manifest[i]!.shape;
      if (shape.join(',') !== v.shape.join(',')) {
        throw new FileFormatError(`${source}: variable ${i} was saved with shape [${shape}] but the network needs [${v.shape}]`);
      }
      if (offset + v.size > weights.data.length) {
        throw new FileFormatError(`${source} are truncated: variable ${i} needs values past the end of the data`);
      }
      v.assign(tf.tensor(weights.data.subarray(offset, offset + v.size), v.shape));
      offset += v.size;
    });
  });
  if (offset !== weights.data.length) {
    throw new FileFormatError(`${source} have ${weights.data.length - offset} values more than the network uses`);
  }
}
