import { ShapeError } from '../../lib/core/errors';
import { qLambda, qLambdaTarget, transformedNStepQLearningTarget, transformedQLambdaTarget } from '../../lib/functional/q_lambda';
import { signedHyperbolic, signedHyperbolicPair, signedParabolic } from '../../lib/functional/transforms';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectTensor } from './expect_close';

// Hand-computed example (T = 3, A = 2): r = [1, 0, 2]; qT = [[1, 3], [2, 0], [5, 4]] so
// max_a qT = [3, 2, 5]; G_t = r_t + d_t ((1 - l) v_t + l G_{t+1}), G_{T-1} = r + d v.
const R = [1, 0, 2];
const QT = [
  [1, 3],
  [2, 0],
  [5, 4],
];
const SELECTOR = [
  [5, 0],
  [0, 1],
  [0, 1],
]; // greedy actions [0, 1, 1] -> double-Q values [1, 0, 4]

describe('value rescaling', () => {
  it('signedHyperbolic matches hand-computed values', () => {
    // h(3) = sqrt(4) - 1 + 0.003; h(-8) = -(3 - 1) - 0.008; h(0.5) = sqrt(1.5) - 1 + 0.0005
    expectTensor(signedHyperbolic(tf.tensor1d([0, 3, -8, 0.5])), [0, 1.003, -2.008, Math.sqrt(1.5) - 1 + 0.0005]);
    expectTensor(signedHyperbolic(tf.tensor1d([3, -8]), 0), [1, -2]);
  });
  it('signedParabolic inverts it (eps 0 by hand: (|x| + 1)^2 - 1)', () => {
    expectTensor(signedParabolic(tf.tensor1d([1, -2, 0]), 0), [3, -8, 0]);
    const xs = [-300, -8, -0.5, 0, 0.25, 3, 1000];
    const back = tf.tidy(() => signedParabolic(signedHyperbolic(tf.tensor1d(xs))));
    expectTensor(back, xs, 2);
    expectTensor(signedParabolic(tf.tensor1d([1.003, -2.008])), [3, -8], 3);
  });
});

describe('qLambdaTarget (Peng), double Q, truncation and cuts', () => {
  const l = 0.5;
  it("Peng's Q(lambda) with max bootstrap, terminated at the end", () => {
    // G_2 = 2 + 0 * 5 = 2; G_1 = 0 + 0.9 (0.5 * 2 + 0.5 * 2) = 1.8; G_0 = 1 + 0.9 (0.5 * 3 + 0.5 * 1.8) = 3.16
    expectTensor(qLambdaTarget(tf.tensor1d(R), tf.tensor1d([0.9, 0.9, 0]), tf.tensor2d(QT), l), [3.16, 1.8, 2]);
  });
  it('a truncated end bootstraps (discount 0.9 instead of 0)', () => {
    // G_2 = 2 + 0.9 * 5 = 6.5; G_1 = 0.9 (1 + 3.25) = 3.825; G_0 = 1 + 0.9 (1.5 + 1.9125) = 4.07125
    expectTensor(qLambdaTarget(tf.tensor1d(R), tf.tensor1d([0.9, 0.9, 0.9]), tf.tensor2d(QT), l), [4.07125, 3.825, 6.5]);
  });
  it('lambda 0 at a step cuts the return there', () => {
    // lambda [0.5, 0, 0.5]: G_1 = 0.9 * v_1 = 1.8; G_0 = 1 + 0.9 (1.5 + 0.9) = 3.16
    expectTensor(qLambdaTarget(tf.tensor1d(R), tf.tensor1d([0.9, 0.9, 0.9]), tf.tensor2d(QT), tf.tensor1d([0.5, 0, 0.5])), [3.16, 1.8, 6.5]);
  });
  it('double Q bootstraps from qT at the selector argmax', () => {
    // v = [1, 0, 4]: G_2 = 2; G_1 = 0.9 (0 + 1) = 0.9; G_0 = 1 + 0.9 (0.5 + 0.45) = 1.855
    const t = qLambdaTarget(tf.tensor1d(R), tf.tensor1d([0.9, 0.9, 0]), tf.tensor2d(QT), l, { qSelectorT: tf.tensor2d(SELECTOR) });
    expectTensor(t, [1.855, 0.9, 2]);
  });
  it('batched [T, B, A] equals each sequence alone, and qLambda = target - q(a)', () => {
    const qT = tf.tensor3d([
      [[1, 3], [0, 0]],
      [[2, 0], [1, 1]],
      [[5, 4], [2, 7]],
    ]);
    const rT = tf.tensor2d([[1, 1], [0, 1], [2, 1]]);
    const dT = tf.tensor2d([[0.9, 0.5], [0.9, 0.5], [0, 0.5]]);
    // sequence 1: v = [0, 1, 7]; G_2 = 1 + 3.5 = 4.5; G_1 = 1 + 0.5 (0.5 + 2.25) = 2.375; G_0 = 1 + 0.5 (0 + 1.1875) = 1.59375
    expectTensor(qLambdaTarget(rT, dT, qT, l), [[3.16, 1.59375], [1.8, 2.375], [2, 4.5]]);
    const qTm1 = tf.tensor3d([
      [[0.5, 1], [2, 0]],
      [[0, 0], [0, 3]],
      [[1, 1], [1, 0]],
    ]);
    const aTm1 = tf.tensor2d([[1, 0], [0, 1], [0, 0]], undefined, 'int32');
    expectTensor(qLambda(qTm1, aTm1, rT, dT, qT, l), [[2.16, -0.40625], [1.8, -0.625], [1, 3.5]]);
    expect(() => qLambdaTarget(tf.tensor1d([1, 2]), dT, qT, l)).toThrow(ShapeError);
  });
  it('transformedQLambdaTarget = h(lambda-returns of h^-1(v)) (value rescaling, R2D2)', () => {
    const eps = 1e-3;
    const h = (x: number): number => Math.sign(x) * (Math.sqrt(Math.abs(x) + 1) - 1) + eps * x;
    const hInv = (x: number): number => Math.sign(x) * (((Math.sqrt(1 + 4 * eps * (Math.abs(x) + 1 + eps)) - 1) / (2 * eps)) ** 2 - 1);
    const v = [3, 2, 5].map(hInv);
    const d = [0.9, 0.9, 0];
    const g2 = R[2]! + d[2]! * v[2]!;
    const g1 = R[1]! + d[1]! * (0.5 * v[1]! + 0.5 * g2);
    const g0 = R[0]! + d[0]! * (0.5 * v[0]! + 0.5 * g1);
    const t = transformedQLambdaTarget(tf.tensor1d(R), tf.tensor1d(d), tf.tensor2d(QT), l, signedHyperbolicPair(eps));
    expectTensor(t, [h(g0), h(g1), h(g2)], 3);
  });
  it('n-step double-Q targets (n = 2) by hand, and no tensor leaks', () => {
    // v = qT at aT [0, 1, 1] = [1, 0, 4]; G_0 = 1 + 0.9 (0 + 0.9 * 0) = 1; G_1 = 0.9 (2 + 3.6) = 5.04; G_2 = 2 + 3.6 = 5.6
    const rT = tf.tensor1d(R);
    const dT = tf.tensor1d([0.9, 0.9, 0.9]);
    const qT = tf.tensor2d(QT);
    const aT = tf.tensor1d([0, 1, 1], 'int32');
    expectTensor(transformedNStepQLearningTarget(rT, dT, qT, aT, 2), [1, 5.04, 5.6]);
    expectNoTensorLeak(() => {
      tf.dispose([
        transformedNStepQLearningTarget(rT, dT, qT, aT, 2, signedHyperbolicPair()),
        qLambdaTarget(rT, dT, qT, 0.9, { qSelectorT: qT, tx: signedHyperbolicPair() }),
      ]);
    });
    tf.dispose([rT, dT, qT, aT]);
  });
});
