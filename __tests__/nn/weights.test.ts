import { ShapeError } from '../../lib/core/errors';
import { HOST_MEMORY_BACKENDS } from '../../lib/backend/host_memory';
import { copyWeights, polyakUpdate } from '../../lib/nn/weights';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';

describe('polyakUpdate', () => {
  it('blends by hand: dst <- tau * src + (1 - tau) * dst', () => {
    // tau 0.25: 0.25 * 4 + 0.75 * 0 = 1; 0.25 * -8 + 0.75 * 4 = 1; 0.25 * 2 + 0.75 * 2 = 2
    const src = [tf.variable(tf.tensor2d([[4, -8]])), tf.variable(tf.tensor1d([2]))];
    const dst = [tf.variable(tf.tensor2d([[0, 4]])), tf.variable(tf.tensor1d([2]))];
    polyakUpdate(src, dst, 0.25);
    expect(Array.from(dst[0]!.dataSync())).toEqual([1, 1]);
    expect(Array.from(dst[1]!.dataSync())).toEqual([2]);
    expect(Array.from(src[0]!.dataSync())).toEqual([4, -8]); // the source is untouched
    tf.dispose([...src, ...dst]);
  });

  it('gives the same values on the host as with tensor kernels, and leaks nothing', () => {
    const make = (seed: number): tf.Variable[] => [[30, 20], [20]].map((sh, i) => tf.variable(tf.randomNormal(sh, 0, 1, 'float32', seed + i)));
    const src = make(1);
    const host = make(10);
    const tensors = make(10);
    const saved = [...HOST_MEMORY_BACKENDS];
    for (let i = 0; i < 5; i++) {
      polyakUpdate(src, host, 0.005);
      HOST_MEMORY_BACKENDS.length = 0;
      polyakUpdate(src, tensors, 0.005);
      HOST_MEMORY_BACKENDS.push(...saved);
    }
    host.forEach((v, i) => {
      const got = v.dataSync();
      const want = tensors[i]!.dataSync();
      for (let k = 0; k < got.length; k++) expect(Math.abs(got[k]! - want[k]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want[k]!)));
    });
    expectNoTensorLeak(() => polyakUpdate(src, host, 0.5));
    tf.dispose([...src, ...host, ...tensors]);
  });

  it('rejects networks that differ', () => {
    const a = [tf.variable(tf.zeros([2, 3]))];
    const b = [tf.variable(tf.zeros([3, 2]))];
    expect(() => polyakUpdate(a, b, 0.5)).toThrow(ShapeError);
    expect(() => polyakUpdate(a, [], 0.5)).toThrow(/source has 1 variables, destination 0/);
    expect(() => copyWeights(a, b)).toThrow(/variable 0 has shape \[2,3\] in the source but \[3,2\]/);
    tf.dispose([...a, ...b]);
  });
});
