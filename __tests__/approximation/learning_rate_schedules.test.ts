import { Approximation, type ApproximationOptions } from '../../lib/approximation/approximation';
import { Linear, Sequential } from '../../lib/nn/module';
import { TfjsOptimizer } from '../../lib/optim/tfjs_optimizer';
import { tf } from '../../lib/tf';

/**
 * Every optimizer follows the learning-rate schedule. The model is y = w x + b with w = 1, b = 0
 * and the loss is its output at x = 2, so dloss/dw = 2 at every step whatever w is: each step's
 * change of w is a hand-computable function of that step's rate.
 * The schedule halves the rate at every update: lr(k) = 0.1 * 0.5^k for update k + 1.
 */
const X = 2;
const lrAt = (k: number): number => 0.1 * Math.pow(0.5, k);

/** The changes of w over three updates. */
function stepsOfW(optimizer: ApproximationOptions['optimizer']): number[] {
  const model = new Sequential([new Linear(1, 1, { weight: tf.tensor2d([[1]]), bias: tf.tensor1d([0]) })]);
  const a = new Approximation(model, { optimizer, lr: lrAt });
  const x = tf.tensor2d([[X]]);
  const w = (): number => a.model.variables[0]!.dataSync()[0]!;
  const steps: number[] = [];
  for (let k = 0; k < 3; k++) {
    const before = w();
    a.reinforce(() => tf.sum(a.forward(x)) as tf.Scalar);
    steps.push(w() - before);
  }
  expect(a.learningRate).toBeCloseTo(lrAt(3), 12);
  x.dispose();
  a.dispose();
  return steps;
}

function expectSteps(got: number[], want: number[], digits = 6): void {
  expect(got).toHaveLength(want.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, digits));
}

describe('learning-rate schedules reach every optimizer', () => {
  it('SGD: step k is -lr(k) * g (tfjs caches -lr; a schedule used to be ignored)', () => {
    // g = 2: -0.2, -0.1, -0.05 (with the rate stuck at 0.1 the last two would be -0.2)
    expectSteps(stepsOfW('sgd'), [-0.2, -0.1, -0.05]);
  });

  it('Momentum (another rate-caching tfjs optimizer) through TfjsOptimizer: step k is -lr(k) * a_k', () => {
    // accumulation a_k = 0.9 a_(k-1) + g: 2, 3.8, 5.42
    const steps = stepsOfW((vars, lr) => new TfjsOptimizer(vars, tf.train.momentum(lr, 0.9)));
    expectSteps(steps, [-0.1 * 2, -0.05 * 3.8, -0.025 * 5.42]);
  });

  it('RMSprop (torch): step k is -lr(k) * g / (sqrt(ms_k) + eps), ms_k = (1 - 0.99^k) g^2', () => {
    const g = X;
    const want = [1, 2, 3].map((k) => (-lrAt(k - 1) * g) / (Math.sqrt((1 - Math.pow(0.99, k)) * g * g) + 1e-8));
    // about -1, -0.709, -0.580: ten times SGD's first step, since ms starts at zero
    expect(want[0]).toBeCloseTo(-1, 5);
    expectSteps(stepsOfW('rmsprop'), want);
  });

  it("tfjs's Adam through TfjsOptimizer: step k is -lr(k) (a constant gradient's bias-corrected step)", () => {
    // 5 digits: tfjs's Adam keeps its bias corrections (1 - beta^t) in float32 (relative error ~1e-5)
    expectSteps(
      stepsOfW((vars, lr) => new TfjsOptimizer(vars, tf.train.adam(lr, 0.9, 0.999, 1e-8))),
      [-0.1, -0.05, -0.025],
      5,
    );
  });

  it("allts's default Adam (FlatAdam): step k is -lr(k)", () => {
    expectSteps(stepsOfW('adam'), [-0.1, -0.05, -0.025]);
  });
});
