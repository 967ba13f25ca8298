import { ShapeError } from '../lib/core/errors';
import { readAllFloats, readFloats, readInts } from '../lib/read_back';
import { tf } from '../lib/tf';
import { expectNoTensorLeak } from './helpers/leak_check';

describe('read_back', () => {
  it('reads the tensor a tidy builds, and releases every tensor of it', () => {
    expectNoTensorLeak(() => {
      expect(Array.from(readFloats(() => tf.mul(tf.tensor1d([1, 2, 3]), 2)))).toEqual([2, 4, 6]);
      expect(Array.from(readInts(() => tf.argMax(tf.tensor2d([[0, 5], [7, 1]]), 1)))).toEqual([1, 0]);
      const [a, b] = readAllFloats(() => [tf.tensor1d([0.5]), tf.neg(tf.tensor2d([[1, 2]]))]);
      expect(Array.from(a!)).toEqual([0.5]);
      expect(Array.from(b!)).toEqual([-1, -2]);
    });
  });

  it('hands out arrays the caller owns: writing to one leaves the tensor it came from as it was', () => {
    const kept = tf.tensor1d([1, 2]);
    const values = readFloats(() => tf.reshape(kept, [2])); // shares the kept tensor's data
    values[0] = 99;
    expect(Array.from(kept.dataSync())).toEqual([1, 2]);
    expect(kept.isDisposed).toBe(false);
    kept.dispose();
  });

  it('rejects a tensor of the other dtype with a ShapeError naming it', () => {
    expect(() => readFloats(() => tf.tensor1d([1], 'int32'))).toThrow(ShapeError);
    expect(() => readInts(() => tf.tensor1d([1.5]))).toThrow(/expected a tensor of dtype int32 to read back .*received float32/);
  });
});
