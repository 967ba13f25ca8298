import { ShapeError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { dense, denseForward, denseRelu, denseReluForward, plainDense } from '../../lib/nn/fast_dense';
import { Linear } from '../../lib/nn/module';
import { tf, type Tensor } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectClose, take } from './fixed_linear';

function randomTensor(rng: Random, shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.normal();
  return tf.tensor(v, shape);
}

/** Value of sum(f(x, w, b) * r) and its gradients wrt x, w and b. */
function valueAndGrads(f: typeof plainDense, x: Tensor, w: Tensor, b: Tensor, r: Tensor): number[][] {
  return tf.tidy(() => {
    const loss = (xx: Tensor, ww: Tensor, bb: Tensor): Tensor => tf.sum(tf.mul(f(xx, ww, bb), r));
    const y = f(x, w, b);
    const grads = tf.grads(loss as (...args: Tensor[]) => Tensor)([x, w, b]);
    return [Array.from(y.dataSync()), ...grads.map((g) => Array.from(g.dataSync()))];
  });
}

describe('fast dense layer', () => {
  // [batch, in, out]: covers batch 1 (naive dx path), out 1 (naive dW / vector reshapes),
  // in 1, wide layers (transpose(x) . dy), a tall narrow layer ((dy^T x)^T), and the ones-row
  // bias gradient.
  const shapes: [number, number, number][] = [
    [1, 3, 4],
    [1, 40, 30],
    [5, 4, 3],
    [7, 1, 6],
    [8, 6, 1],
    [64, 64, 2],
    [16, 30, 40],
    [256, 30, 1],
    [33, 50, 70],
    [3, 70, 50],
    [256, 300, 8],
  ];
  it.each(shapes)('equals plain autodiff in value and gradients at batch %i, %i -> %i', (batch, inF, outF) => {
    const rng = new Random(batch * 1000 + inF * 10 + outF);
    const x = randomTensor(rng, [batch, inF]);
    const w = randomTensor(rng, [inF, outF]);
    const b = randomTensor(rng, [outF]);
    const r = randomTensor(rng, [batch, outF]);
    const want = valueAndGrads(plainDense, x, w, b, r);
    const got = valueAndGrads(denseForward, x, w, b, r);
    const names = ['value', 'dx', 'dW', 'db'];
    want.forEach((wv, i) => {
      const scale = Math.max(1, ...wv.map(Math.abs));
      try {
        expectClose(got[i]!, wv, 1e-5 * scale);
      } catch (e) {
        throw new Error(`${names[i]}: ${(e as Error).message}`);
      }
    });
    tf.dispose([x, w, b, r]);
  });

  it.each([
    [32, 1024, 128], // (W . dy^T)^T: the batch is smaller than the layer
    [100, 400, 300],
    [256, 400, 300], // transpose(W) then dy . W^T
  ])('computes dx bit for bit as dy . transpose(W) at batch %i, %i -> %i, whichever form it picks', (batch, inF, outF) => {
    const rng = new Random(batch + inF + outF);
    const x = randomTensor(rng, [batch, inF]);
    const w = randomTensor(rng, [inF, outF]);
    const b = randomTensor(rng, [outF]);
    const dy = randomTensor(rng, [batch, outF]);
    const [got, want] = tf.tidy(() => {
      const dx = tf.grad((xx: Tensor) => tf.sum(tf.mul(denseForward(xx, w, b), dy)))(x);
      return [Array.from(dx.dataSync()), Array.from(tf.matMul(dy as tf.Tensor2D, tf.transpose(w) as tf.Tensor2D).dataSync())];
    });
    expect(got).toEqual(want);
    tf.dispose([x, w, b, dy]);
  });

  it('gives variable gradients equal to autodiff when only the weights are differentiated', () => {
    // The input is not a variable, so its gradient is never requested (the lazy dx is skipped).
    const rng = new Random(3);
    const w = tf.variable(randomTensor(rng, [5, 4]));
    const b = tf.variable(randomTensor(rng, [4]));
    const x = randomTensor(rng, [6, 5]);
    const gradsOf = (f: typeof plainDense): number[][] =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.sum(tf.square(f(x, w, b))) as tf.Scalar, [w, b]);
        return [Array.from(grads[w.name]!.dataSync()), Array.from(grads[b.name]!.dataSync())];
      });
    const want = gradsOf(plainDense);
    const got = gradsOf(denseForward);
    expectClose(got[0]!, want[0]!, 1e-4);
    expectClose(got[1]!, want[1]!, 1e-4);
    tf.dispose([w, b, x]);
  });

  it('handles inputs with extra leading dimensions', () => {
    const rng = new Random(4);
    const x = randomTensor(rng, [2, 3, 4]);
    const w = randomTensor(rng, [4, 5]);
    const b = randomTensor(rng, [5]);
    const y = denseForward(x, w, b);
    expect(y.shape).toEqual([2, 3, 5]);
    expectClose(take(y), take(plainDense(x, w, b)), 1e-5);
    tf.dispose([x, w, b]);
  });

  it('is what Linear.apply uses, with the same values as x W + b', () => {
    const layer = new Linear(3, 2, new Random(1));
    const x = tf.tensor2d([
      [1, 2, 3],
      [-1, 0, 0.5],
    ]);
    const want = take(tf.add(tf.matMul(x, layer.weight), layer.bias));
    expectClose(take(layer.apply(x)), want, 1e-6);
    expectClose(take(dense(x, layer.weight, layer.bias)), want, 1e-6);
    layer.dispose();
    x.dispose();
  });

  it('rejects mismatched shapes with a ShapeError naming both shapes', () => {
    const x = tf.zeros([2, 3]);
    const w = tf.zeros([4, 2]);
    const b = tf.zeros([2]);
    expect(() => denseForward(x, w, b)).toThrow(ShapeError);
    expect(() => denseForward(x, w, b)).toThrow(/\[2, 3\].*\[4, 2\]/);
    expect(() => denseForward(tf.zeros([2, 4]), w, tf.zeros([3]))).toThrow(ShapeError);
    tf.dispose([x, w, b]);
  });

  it('leaks no tensors over many forward and backward passes', () => {
    const rng = new Random(5);
    const w1 = tf.variable(randomTensor(rng, [8, 6]));
    const b1 = tf.variable(randomTensor(rng, [6]));
    const w = tf.variable(randomTensor(rng, [6, 3]));
    const b = tf.variable(randomTensor(rng, [3]));
    const x0 = randomTensor(rng, [4, 8]);
    // Two layers, so the second one's input gradient (dx) is requested too.
    const net = (): Tensor => denseForward(tf.relu(denseForward(x0, w1, b1)), w, b);
    const step = (): void =>
      tf.tidy(() => {
        tf.variableGrads(() => tf.sum(net()) as tf.Scalar, [w1, b1, w, b]);
        net().dataSync();
      });
    expectNoTensorLeak(() => {
      for (let i = 0; i < 50; i++) step();
    }, step);
    tf.dispose([w1, b1, w, b, x0]);
  });

  // relu(x W + b) fused: same shapes as above, plus the 400-300 layer of the continuous critics.
  const reluPlain = (x: Tensor, w: Tensor, b: Tensor): Tensor => tf.relu(plainDense(x, w, b));
  it.each([...shapes, [256, 400, 300] as [number, number, number]])(
    'denseReluForward equals relu(plainDense) in value and gradients at batch %i, %i -> %i',
    (batch, inF, outF) => {
      const rng = new Random(batch * 7 + inF * 3 + outF);
      const x = randomTensor(rng, [batch, inF]);
      const w = randomTensor(rng, [inF, outF]);
      const b = randomTensor(rng, [outF]);
      const r = randomTensor(rng, [batch, outF]);
      const want = valueAndGrads(reluPlain, x, w, b, r);
      const got = valueAndGrads(denseReluForward, x, w, b, r);
      // the ReLU really cut some values (else this would only test denseForward again)
      if (batch * outF >= 8) expect(want[0]!.some((v) => v === 0) && want[0]!.some((v) => v > 0)).toBe(true);
      ['value', 'dx', 'dW', 'db'].forEach((name, i) => {
        const scale = Math.max(1, ...want[i]!.map(Math.abs));
        try {
          expectClose(got[i]!, want[i]!, 1e-5 * scale);
        } catch (e) {
          throw new Error(`${name}: ${(e as Error).message}`);
        }
      });
      tf.dispose([x, w, b, r]);
    },
  );

  it('denseRelu uses the current bias even when the weight is unchanged (no stale fused operator)', () => {
    // x W = 1 * 2 = 2 for the one input; bias 0 -> relu(2) = 2; bias -5 -> relu(-3) = 0; bias 1 -> 3
    const x = tf.tensor2d([[1]]);
    const w = tf.tensor2d([[2]]);
    const out = [0, -5, 1].map((bv) => tf.tidy(() => denseRelu(x, w, tf.tensor1d([bv])).dataSync()[0]!));
    expect(out).toEqual([2, 0, 3]);
    tf.dispose([x, w]);
  });

  it('denseReluForward keeps extra leading dimensions, rejects bad shapes and leaks nothing', () => {
    const rng = new Random(8);
    const x = randomTensor(rng, [2, 3, 4]);
    const w = tf.variable(randomTensor(rng, [4, 5]));
    const b = tf.variable(randomTensor(rng, [5]));
    const y = denseReluForward(x, w, b);
    expect(y.shape).toEqual([2, 3, 5]);
    expectClose(take(y), take(reluPlain(x, w, b)), 1e-5);
    expect(() => denseReluForward(tf.zeros([2, 3]), w, b)).toThrow(ShapeError);
    const step = (): void =>
      tf.tidy(() => {
        tf.variableGrads(() => tf.sum(denseReluForward(x, w, b)) as tf.Scalar, [w, b]);
      });
    expectNoTensorLeak(() => {
      for (let i = 0; i < 20; i++) step();
    }, step);
    tf.dispose([x, w, b]);
  });
});
