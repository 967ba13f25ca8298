import { tf } from '../../lib/tf';
import type { Tensor } from '../../lib/tf';
import { ConfigError, ShapeError } from '../../lib/core/errors';
import { batchedIndex, huberLoss, l2Loss, mse, selectedMse, weightedMean } from '../../lib/functional';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectTensor, f32 } from './expect_close';

describe('l2Loss', () => {
  it('is 0.5 x^2 elementwise, against zero or a target', () => {
    // 0.5 * [1, 4, 9]
    expectTensor(l2Loss(f32([1, -2, 3])), [0.5, 2, 4.5]);
    // differences [1, -2, 2] -> 0.5 * [1, 4, 4]
    expectTensor(l2Loss(f32([1, -2, 3]), f32([0, 0, 1])), [0.5, 2, 2]);
  });

  it('has gradient (prediction - target)', () => {
    expectTensor(tf.grad((p: Tensor) => tf.sum(l2Loss(p, f32([0, 0, 1]))))(f32([1, -2, 3])), [1, -2, 2]);
  });
});

describe('mse', () => {
  it('is the mean squared difference with no 0.5', () => {
    // ([1, -2, 2]^2).mean = (1 + 4 + 4) / 3 = 3
    expectTensor(mse(f32([1, -2, 3]), f32([0, 0, 1])), 3);
    expectTensor(mse(f32([[1, 1], [3, 3]])), 5);
  });

  it('rejects mismatched shapes', () => {
    expect(() => mse(f32([1, 2]), f32([1, 2, 3]))).toThrow(ShapeError);
  });
});

describe('huberLoss', () => {
  it('is quadratic inside delta and linear outside (delta = 1)', () => {
    // |x| <= 1: 0.5 x^2 -> 0.5, 0.125, 0, 0.125;  |x| > 1: 0.5 + (|x| - 1) -> -3: 2.5, 2: 1.5
    expectTensor(huberLoss(f32([-3, -1, -0.5, 0, 0.5, 2])), [2.5, 0.5, 0.125, 0, 0.125, 1.5]);
  });

  it('scales with delta: delta = 2', () => {
    // x = 3: 0.5 * 2^2 + 2 * (3 - 2) = 4;  x = 1: 0.5
    expectTensor(huberLoss(f32([3, 1]), 2), [4, 0.5]);
  });

  it('has gradient x clipped to [-delta, delta]', () => {
    expectTensor(tf.grad((x: Tensor) => tf.sum(huberLoss(x)))(f32([-3, -0.5, 0.25, 2])), [-1, -0.5, 0.25, 1]);
  });

  it('rejects delta <= 0', () => {
    expect(() => huberLoss(f32([1]), 0)).toThrow(ConfigError);
  });
});

describe('weightedMean', () => {
  it('is mean(loss * weights), not divided by the weights sum', () => {
    // (1*1 + 2*0.5 + 3*0) / 3 = 2 / 3
    expectTensor(weightedMean(f32([1, 2, 3]), f32([1, 0.5, 0])), 2 / 3);
    expectTensor(weightedMean(f32([1, 2, 3]), tf.scalar(2)), 4);
  });

  it('rejects weights of another shape', () => {
    expect(() => weightedMean(f32([1, 2, 3]), f32([1, 2]))).toThrow(ShapeError);
  });
});

describe('selectedMse', () => {
  it('equals mean (q[a] - t)^2 with gradient (2/n) onehot(a) (q[a] - t), by hand', () => {
    // q = [[1, 2], [3, 5]], a = [1, 0], t = [0, 1]: q[a] = [2, 3], diff = [2, 2], loss = (4 + 4) / 2 = 4;
    // dL/dq = (2/2) * [[0, 2], [2, 0]]
    tf.tidy(() => {
      const q = tf.tensor2d([[1, 2], [3, 5]]);
      const a = tf.tensor1d([1, 0], 'int32');
      const t = tf.tensor1d([0, 1]);
      const { value, grad } = tf.valueAndGrad((x: Tensor) => selectedMse(x, a, t))(q);
      expect(value.dataSync()[0]).toBeCloseTo(4, 6);
      expect(Array.from(grad.dataSync())).toEqual([0, 2, 2, 0]);
    });
  });

  it('has the value and gradient of mse(batchedIndex(q, a), t) on a random batch', () => {
    tf.tidy(() => {
      const q = tf.randomNormal([5, 3], 0, 1, 'float32', 3);
      const a = tf.tensor1d([2, 0, 1, 1, 2], 'int32');
      const t = tf.randomNormal([5], 0, 1, 'float32', 4);
      const mine = tf.valueAndGrad((x: Tensor) => selectedMse(x, a, t))(q);
      const reference = tf.valueAndGrad((x: Tensor) => mse(batchedIndex(x, a), t))(q);
      expect(mine.value.dataSync()[0]).toBeCloseTo(reference.value.dataSync()[0]!, 5);
      Array.from(mine.grad.dataSync()).forEach((g, i) => expect(g).toBeCloseTo(reference.grad.dataSync()[i]!, 5));
    });
  });

  it('rejects float actions and a batch mismatch', () => {
    tf.tidy(() => {
      expect(() => selectedMse(tf.zeros([2, 2]), tf.tensor1d([0, 1]), tf.zeros([2]))).toThrow(ShapeError);
      expect(() => selectedMse(tf.zeros([2, 2]), tf.tensor1d([0, 1, 1], 'int32'), tf.zeros([2]))).toThrow(ShapeError);
    });
  });
});

describe('loss leaks', () => {
  it('no function leaves a tensor behind, called bare or inside tf.tidy', () => {
    const p = f32([1, -2, 3]);
    const t = f32([0, 0, 1]);
    const calls: Array<() => Tensor> = [
      () => l2Loss(p),
      () => l2Loss(p, t),
      () => mse(p, t),
      () => huberLoss(p, 1.5),
      () => weightedMean(p, t),
    ];
    for (const call of calls) {
      expectNoTensorLeak(() => call().dispose());
      expectNoTensorLeak(() => tf.tidy(() => { call(); }));
    }
  });
});
