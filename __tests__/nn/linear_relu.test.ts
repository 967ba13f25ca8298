import { ShapeError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { LinearRelu } from '../../lib/nn/linear_relu';
import { Activation, Linear, Sequential } from '../../lib/nn/module';
import { tf } from '../../lib/tf';
import { expectClose, fixedLinear, take } from './fixed_linear';

describe('LinearRelu', () => {
  it('computes relu(x W + b) by hand', () => {
    // W = [[1, -1], [2, 0]], b = [0.5, 1]; x = [1, 1]: x W + b = [3.5, 0] -> [3.5, 0];
    // x = [-1, 0]: x W + b = [-0.5, 2] -> [0, 2]
    const layer = new LinearRelu(fixedLinear([[1, -1], [2, 0]], [0.5, 1]));
    const y = layer.apply(tf.tensor2d([[1, 1], [-1, 0]]));
    expect(Array.from(y.dataSync())).toEqual([3.5, 0, 0, 2]);
    layer.dispose();
  });

  it('equals Linear then ReLU in values and gradients, with the Linear\'s variables', () => {
    const linear = new Linear(6, 5, new Random(2));
    const fused = new LinearRelu(linear);
    const unfused = new Sequential([linear, new Activation('relu')]);
    expect(fused.variables).toEqual([linear.weight, linear.bias]);
    const x = tf.randomNormal([9, 6], 0, 1, 'float32', 3);
    const gradsOf = (m: LinearRelu | Sequential): number[][] =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(m.apply(x))) as tf.Scalar, [linear.weight, linear.bias]);
        return [[value.dataSync()[0]!], Array.from(grads[linear.weight.name]!.dataSync()), Array.from(grads[linear.bias.name]!.dataSync())];
      });
    const want = gradsOf(unfused);
    const got = gradsOf(fused);
    want.forEach((w, i) => expectClose(got[i]!, w, 1e-4 * Math.max(1, ...w.map(Math.abs))));
    x.dispose();
    linear.dispose();
  });

  it('clones into independent variables and rejects a wrong input width', () => {
    const layer = new LinearRelu(fixedLinear([[1], [1]], [0]));
    const copy = layer.clone();
    layer.linear.weight.assign(tf.tensor2d([[-1], [-1]]));
    const x = tf.tensor2d([[1, 2]]);
    expect(take(copy.apply(x))).toEqual([3]); // the copy keeps W = [1, 1]
    expect(take(layer.apply(x))).toEqual([0]); // relu(-3)
    expect(() => layer.apply(tf.zeros([1, 3]))).toThrow(ShapeError);
    expect(() => layer.apply(tf.zeros([1, 3]))).toThrow(/LinearRelu\(2, 1\).*\[1, 3\]/);
    layer.dispose();
    copy.dispose();
    x.dispose();
  });
});
