import { computeOnHost, HOST_MEMORY_BACKENDS, onHostMemoryBackend } from '../../lib/backend/host_memory';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';

describe('computeOnHost', () => {
  it('reads inputs and returns filled outputs with the requested shapes', () => {
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const b = tf.tensor1d([10, 20, 30, 40]);
    const [sum, first] = tf.tidy(() => {
      const outs = computeOnHost([a, b], [[2, 2], [1]], ([x, y], [s, f]) => {
        for (let i = 0; i < 4; i++) s![i] = x![i]! + y![i]!;
        f![0] = x![0]!;
      });
      return [Array.from(outs[0]!.dataSync()), outs[1]!.shape];
    });
    expect(sum).toEqual([11, 22, 33, 44]); // elementwise a + b, row-major
    expect(first).toEqual([1]);
    tf.dispose([a, b]);
  });

  it('gives outputs independent of the inputs and leaks nothing', () => {
    const a = tf.tensor1d([1, 2, 3]);
    const run = (): void =>
      tf.tidy(() => {
        const [out] = computeOnHost([a], [[3]], ([x], [o]) => o!.set(x!));
        out!.dispose();
      });
    expectNoTensorLeak(() => {
      for (let i = 0; i < 10; i++) run();
    }, run);
    const copy = computeOnHost([a], [[3]], ([x], [o]) => {
      for (let i = 0; i < 3; i++) o![i] = 2 * x![i]!;
    })[0]!;
    a.dispose();
    expect(Array.from(copy.dataSync())).toEqual([2, 4, 6]); // still readable after its input is gone
    copy.dispose();
  });

  it('allocates outputs before reading, so many large outputs do not detach the views', () => {
    // 8 outputs of 1M values each grow the wasm heap while the views of the input are in use
    const a = tf.fill([1000], 3);
    const outs = computeOnHost([a], Array.from({ length: 8 }, () => [1_000_000]), ([x], os) => {
      for (const o of os) o[999_999] = x![999]!;
    });
    expect(outs.map((o) => o.dataSync()[999_999])).toEqual(Array(8).fill(3));
    tf.dispose([a, ...outs]);
  });

  it('rejects non-float32 inputs, and says wasm is a host-memory backend', () => {
    const i = tf.tensor1d([1], 'int32');
    expect(() => computeOnHost([i], [[1]], () => {})).toThrow(/float32 tensors only; received int32/);
    i.dispose();
    expect(HOST_MEMORY_BACKENDS).toEqual(expect.arrayContaining(['wasm', 'cpu']));
    expect(onHostMemoryBackend()).toBe(tf.getBackend() === 'wasm' || tf.getBackend() === 'cpu');
  });

  it('works on the cpu backend through copies', async () => {
    const previous = tf.getBackend();
    await tf.setBackend('cpu');
    try {
      const a = tf.tensor1d([1, 2]);
      const [out] = computeOnHost([a], [[2]], ([x], [o]) => {
        o![0] = x![1]!;
        o![1] = x![0]!;
      });
      expect(Array.from(out!.dataSync())).toEqual([2, 1]);
      tf.dispose([a, out!]);
    } finally {
      await tf.setBackend(previous);
    }
  });
});
