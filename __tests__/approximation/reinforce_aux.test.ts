import { Approximation } from '../../lib/approximation/approximation';
import { NumericError, ShapeError } from '../../lib/core/errors';
import { Linear, Sequential } from '../../lib/nn/module';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';

/** y = w x + b with w = 1, b = 0, trained by SGD at lr 0.1. */
function linear(options: { lossScaling?: number; clipGrad?: number } = {}): Approximation {
  const model = new Sequential([new Linear(1, 1, { weight: tf.tensor2d([[1]]), bias: tf.tensor1d([0]) })]);
  return new Approximation(model, { optimizer: 'sgd', lr: 0.1, ...options });
}

describe('Approximation.reinforce with auxiliary values', () => {
  it('returns the loss and the aux values of the forward pass (before the update), as Float32Arrays', () => {
    // inputs x = [1, 3], targets 0: predictions [1, 3], loss = mean(p^2) = 5,
    // dloss/dw = mean(2 p x) = (2 + 18) / 2 = 10, dloss/db = mean(2 p) = 4 -> w = 0, b = -0.4
    const a = linear();
    const x = tf.tensor2d([[1], [3]]);
    const out = a.reinforce(() => {
      const predictions = a.forward(x);
      return { loss: tf.mean(tf.square(predictions)) as tf.Scalar, aux: { predictions, errors: tf.neg(predictions) } };
    });
    expect(out.loss).toBeCloseTo(5, 6);
    expect(out.aux.predictions).toBeInstanceOf(Float32Array);
    expect(Array.from(out.aux.predictions)).toEqual([1, 3]);
    expect(Array.from(out.aux.errors)).toEqual([-1, -3]);
    expect(a.model.variables[0]!.dataSync()[0]).toBeCloseTo(0, 6);
    expect(a.model.variables[1]!.dataSync()[0]).toBeCloseTo(-0.4, 6);
    expect(a.updates).toBe(1);
    x.dispose();
    a.dispose();
  });

  it('keeps the plain form: a closure returning the loss gets a number', () => {
    const a = linear();
    const x = tf.tensor2d([[2]]);
    const loss = a.reinforce(() => tf.sum(tf.square(a.forward(x))) as tf.Scalar);
    expect(typeof loss).toBe('number');
    expect(loss).toBeCloseTo(4, 6);
    x.dispose();
    a.dispose();
  });

  it('reports the unscaled loss with lossScaling and clipping, and the aux values unchanged by either', () => {
    const a = linear({ lossScaling: 3, clipGrad: 0.5 });
    const x = tf.tensor2d([[2]]);
    const out = a.reinforce(() => {
      const p = a.forward(x);
      return { loss: tf.sum(tf.square(p)) as tf.Scalar, aux: { p } };
    });
    expect(out.loss).toBeCloseTo(4, 6);
    expect(Array.from(out.aux.p)).toEqual([2]);
    // scaled gradient (3 * [8, 4]) clipped to norm 0.5: w moves by 0.1 * 0.5 * 8 / sqrt(80)
    expect(a.model.variables[0]!.dataSync()[0]).toBeCloseTo(1 - (0.1 * 0.5 * 8) / Math.sqrt(80), 6);
    x.dispose();
    a.dispose();
  });

  it('accepts an aux tensor made outside the closure and leaves it alive for the caller', () => {
    const a = linear();
    const x = tf.tensor2d([[1]]);
    const targets = tf.tensor1d([0.5, 0.25]);
    const out = a.reinforce(() => ({ loss: tf.sum(a.forward(x)) as tf.Scalar, aux: { targets } }));
    expect(Array.from(out.aux.targets)).toEqual([0.5, 0.25]);
    expect(targets.isDisposed).toBe(false);
    expect(Array.from(targets.dataSync())).toEqual([0.5, 0.25]);
    out.aux.targets[0] = 9; // a copy, not the tensor's storage
    expect(targets.dataSync()[0]).toBe(0.5);
    tf.dispose([x, targets]);
    a.dispose();
  });

  it('leaks no tensors over many steps with aux', () => {
    const a = linear();
    const x = tf.tensor2d([[1], [2]]);
    const step = (): void => {
      a.reinforce(() => {
        const p = a.forward(x);
        return { loss: tf.mean(tf.square(p)) as tf.Scalar, aux: { tdErrors: tf.abs(p), p } };
      });
    };
    expectNoTensorLeak(() => {
      for (let i = 0; i < 20; i++) step();
    }, step);
    x.dispose();
    a.dispose();
  });

  it('rejects a non-float32 aux clearly, naming the approximation, before stepping', () => {
    const a = new Approximation(new Sequential([new Linear(1, 1, { weight: tf.tensor2d([[1]]), bias: tf.tensor1d([0]) })]), { name: 'critic', optimizer: 'sgd', lr: 0.1 });
    const x = tf.tensor2d([[1]]);
    const before = tf.memory().numTensors;
    const bad = (): unknown => a.reinforce(() => ({ loss: tf.sum(a.forward(x)) as tf.Scalar, aux: { actions: tf.tensor1d([1, 2], 'int32') } }));
    expect(bad).toThrow(ShapeError);
    expect(bad).toThrow(/critic: reinforce's aux "actions" must be a float32 tensor; received a int32 tensor of shape \[2\]/);
    expect(a.updates).toBe(0);
    expect(a.model.variables[0]!.dataSync()[0]).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    a.dispose();
  });

  it('still throws NumericError on a non-finite loss and leaks nothing then', () => {
    const a = linear();
    const x = tf.tensor2d([[1]]);
    const before = tf.memory().numTensors;
    expect(() => a.reinforce(() => ({ loss: tf.mul(tf.sum(a.forward(x)), NaN) as tf.Scalar, aux: { p: a.forward(x) } }))).toThrow(NumericError);
    expect(tf.memory().numTensors).toBe(before);
    expect(a.updates).toBe(0);
    x.dispose();
    a.dispose();
  });
});
