import { tf } from '../../lib/tf';
import type { Tensor } from '../../lib/tf';
import { ShapeError } from '../../lib/core/errors';
import {
  batchedIndex,
  doubleQLearning,
  doubleQLearningTarget,
  expectedSarsa,
  expectedSarsaTarget,
  qLearning,
  qLearningTarget,
  sarsa,
  sarsaTarget,
  tdLambda,
  tdLearning,
  tdLearningTarget,
} from '../../lib/functional';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectTensor, f32, i32, take } from './expect_close';

// A batch of three transitions; the third ends in a true terminal (discount 0).
const Q_TM1 = [[1, 2, 3], [4, 5, 6], [0, 0, 7]];
const A_TM1 = [0, 2, 1]; // so qTm1[a] = [1, 6, 0]
const R_T = [1, -1, 2];
const DISCOUNT_T = [0.5, 0.9, 0];
const Q_T = [[2, 8, 4], [10, 0, 0], [100, 100, 100]];

const qTm1 = (): Tensor => f32(Q_TM1);
const aTm1 = (): Tensor => i32(A_TM1);
const rT = (): Tensor => f32(R_T);
const discountT = (): Tensor => f32(DISCOUNT_T);
const qT = (): Tensor => f32(Q_T);

describe('batchedIndex', () => {
  it('selects values[b, a[b]] for [B, A] and rows for [B, A, K]', () => {
    expectTensor(batchedIndex(qTm1(), aTm1()), [1, 6, 0]);
    const logits = f32([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
    expectTensor(batchedIndex(logits, i32([1, 0])), [[3, 4], [5, 6]]);
  });

  it('routes the gradient only to the selected entries', () => {
    const g = tf.grad((q: Tensor) => tf.sum(batchedIndex(q, aTm1())))(qTm1());
    expectTensor(g, [[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
  });

  it('rejects float actions and a batch mismatch with a ShapeError', () => {
    expect(() => batchedIndex(qTm1(), f32([0, 1, 2]))).toThrow(/int32/);
    expect(() => batchedIndex(qTm1(), i32([0, 1]))).toThrow(ShapeError);
  });
});

describe('qLearning', () => {
  it('target is r + discount * max_a qT', () => {
    // 1 + 0.5 * 8 = 5;  -1 + 0.9 * 10 = 8;  2 + 0 * 100 = 2 (terminal: no bootstrap)
    expectTensor(qLearningTarget(rT(), discountT(), qT()), [5, 8, 2]);
  });

  it('TD error is target - qTm1[aTm1]', () => {
    // [5 - 1, 8 - 6, 2 - 0]
    expectTensor(qLearning(qTm1(), aTm1(), rT(), discountT(), qT()), [4, 2, 2]);
  });

  it('differentiates only through qTm1 by default', () => {
    const [gQtm1, gQt] = tf.grads((a: Tensor, b: Tensor) => tf.sum(qLearning(a, aTm1(), rT(), discountT(), b)))([
      qTm1(),
      qT(),
    ]);
    // d(target - q[a]) / dq = -onehot(a); the target is stopped, so d/dqT = 0.
    expectTensor(gQtm1 as Tensor, [[-1, 0, 0], [0, 0, -1], [0, -1, 0]]);
    expectTensor(gQt as Tensor, [[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
  });

  it('with stopTargetGradients false the target carries discount * d max / dqT', () => {
    const qt = f32([[2, 8, 4], [10, 0, 0], [1, 2, 3]]);
    const g = tf.grad((b: Tensor) =>
      tf.sum(qLearning(qTm1(), aTm1(), rT(), discountT(), b, { stopTargetGradients: false })),
    )(qt);
    // argmax per row: 1, 0, 2; scaled by the discounts 0.5, 0.9, 0.
    expectTensor(g, [[0, 0.5, 0], [0.9, 0, 0], [0, 0, 0]]);
  });

  it('the batched result equals the per-example results', () => {
    const batched = take(qLearning(qTm1(), aTm1(), rT(), discountT(), qT())) as number[];
    for (let b = 0; b < 3; b++) {
      const one = take(
        qLearning(f32([Q_TM1[b]!]), i32([A_TM1[b]!]), f32([R_T[b]!]), f32([DISCOUNT_T[b]!]), f32([Q_T[b]!])),
      ) as number[];
      expect(one[0]).toBeCloseTo(batched[b]!, 6);
    }
  });

  it('rejects mismatched shapes, ranks and dtypes with clear ShapeErrors', () => {
    expect(() => qLearning(qTm1(), aTm1(), f32([1, 2]), discountT(), qT())).toThrow(/rT.*dimension 0 must be 3/);
    expect(() => qLearning(qTm1(), aTm1(), rT(), discountT(), f32([[1, 2], [3, 4], [5, 6]]))).toThrow(ShapeError);
    expect(() => qLearning(f32([1, 2, 3]), aTm1(), rT(), discountT(), qT())).toThrow(/rank 2/);
    expect(() => qLearning(qTm1(), f32([0, 2, 1]), rT(), discountT(), qT())).toThrow(/aTm1 must be int32/);
    expect(() => qLearningTarget(tf.tensor1d([1, 2, 3], 'int32'), discountT(), qT())).toThrow(/rT must be float32/);
  });
});

describe('doubleQLearning', () => {
  const selector = (): Tensor => f32([[9, 0, 0], [0, 0, 1], [0, 1, 0]]); // argmax 0, 2, 1

  it('target evaluates qTValue at argmax of qTSelector', () => {
    // 1 + 0.5 * qT[0][0]=2 -> 2;  -1 + 0.9 * qT[1][2]=0 -> -1;  2 + 0 * 100 -> 2
    expectTensor(doubleQLearningTarget(rT(), discountT(), qT(), selector()), [2, -1, 2]);
  });

  it('TD error subtracts qTm1[aTm1]', () => {
    // [2 - 1, -1 - 6, 2 - 0]
    expectTensor(doubleQLearning(qTm1(), aTm1(), rT(), discountT(), qT(), selector()), [1, -7, 2]);
  });

  it('with the selector equal to the values it equals Q-learning', () => {
    const a = take(doubleQLearning(qTm1(), aTm1(), rT(), discountT(), qT(), f32([[2, 8, 4], [10, 0, 0], [0, 0, 1]])));
    expect(a).toEqual(take(qLearning(qTm1(), aTm1(), rT(), discountT(), qT())));
  });

  it('gives no gradient to the selector or the evaluated values', () => {
    const [gv, gs] = tf.grads((v: Tensor, s: Tensor) => tf.sum(doubleQLearning(qTm1(), aTm1(), rT(), discountT(), v, s)))([
      qT(),
      selector(),
    ]);
    expectTensor(gv as Tensor, [[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    expectTensor(gs as Tensor, [[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
  });
});

describe('sarsa and expectedSarsa', () => {
  it('sarsa bootstraps from qT[aT]', () => {
    const aT = i32([2, 1, 0]);
    // 1 + 0.5 * 4 = 3;  -1 + 0.9 * 0 = -1;  2 + 0 = 2
    expectTensor(sarsaTarget(rT(), discountT(), qT(), aT), [3, -1, 2]);
    // [3 - 1, -1 - 6, 2 - 0]
    expectTensor(sarsa(qTm1(), aTm1(), rT(), discountT(), qT(), aT), [2, -7, 2]);
  });

  it('expected sarsa bootstraps from sum_a pi(a) qT[a]', () => {
    const probs = f32([[0.5, 0.5, 0], [0.1, 0.9, 0], [1 / 3, 1 / 3, 1 / 3]]);
    // E[qT] = 0.5*2 + 0.5*8 = 5 -> 1 + 2.5 = 3.5;  0.1*10 = 1 -> -1 + 0.9 = -0.1;  terminal -> 2
    expectTensor(expectedSarsaTarget(rT(), discountT(), qT(), probs), [3.5, -0.1, 2]);
    // [3.5 - 1, -0.1 - 6, 2 - 0]
    expectTensor(expectedSarsa(qTm1(), aTm1(), rT(), discountT(), qT(), probs), [2.5, -6.1, 2]);
  });

  it('expected sarsa under the greedy policy equals Q-learning', () => {
    const greedy = f32([[0, 1, 0], [1, 0, 0], [1, 0, 0]]);
    const a = take(expectedSarsa(qTm1(), aTm1(), rT(), discountT(), qT(), greedy)) as number[];
    const b = take(qLearning(qTm1(), aTm1(), rT(), discountT(), qT())) as number[];
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 6));
  });
});

describe('tdLearning and tdLambda', () => {
  it('TD(0): r + discount * vT - vTm1', () => {
    const vT = f32([4, 10, 100]);
    // targets 1 + 0.5*4 = 3, -1 + 0.9*10 = 8, 2 + 0 = 2
    expectTensor(tdLearningTarget(rT(), discountT(), vT), [3, 8, 2]);
    // errors [3 - 1, 8 - 2, 2 - 3]
    expectTensor(tdLearning(f32([1, 2, 3]), rT(), discountT(), vT), [2, 6, -1]);
  });

  it('TD(0) gradient is -1 on vTm1 and 0 on vT', () => {
    const [gm1, gt] = tf.grads((a: Tensor, b: Tensor) => tf.sum(tdLearning(a, rT(), discountT(), b)))([
      f32([1, 2, 3]),
      f32([4, 10, 100]),
    ]);
    expectTensor(gm1 as Tensor, [-1, -1, -1]);
    expectTensor(gt as Tensor, [0, 0, 0]);
  });

  it('TD(lambda) over a sequence, by hand', () => {
    // r = 1, discount = 0.5, vT = [2, 4, 6], lambda = 0.5:
    // G2 = 1 + 0.5 * 6 = 4;  G1 = 1 + 0.5 * (0.5*4 + 0.5*4) = 3;  G0 = 1 + 0.5 * (0.5*2 + 0.5*3) = 2.25
    const err = tdLambda(f32([1, 1, 1]), f32([1, 1, 1]), f32([0.5, 0.5, 0.5]), f32([2, 4, 6]), 0.5);
    expectTensor(err, [1.25, 2, 3]);
  });
});

describe('value learning leaks', () => {
  it('no function leaves a tensor behind, called bare or inside tf.tidy', () => {
    const [q1, a1, r, d, q2] = [qTm1(), aTm1(), rT(), discountT(), qT()];
    const probs = f32([[0.5, 0.5, 0], [0.1, 0.9, 0], [1, 0, 0]]);
    const v = f32([1, 2, 3]);
    const calls: Array<() => Tensor> = [
      () => batchedIndex(q1, a1),
      () => qLearningTarget(r, d, q2),
      () => qLearning(q1, a1, r, d, q2),
      () => doubleQLearningTarget(r, d, q2, q1),
      () => doubleQLearning(q1, a1, r, d, q2, q1),
      () => sarsaTarget(r, d, q2, a1),
      () => sarsa(q1, a1, r, d, q2, a1),
      () => expectedSarsaTarget(r, d, q2, probs),
      () => expectedSarsa(q1, a1, r, d, q2, probs),
      () => tdLearningTarget(r, d, v),
      () => tdLearning(v, r, d, v),
      () => tdLambda(v, r, d, v, 0.9),
    ];
    for (const call of calls) {
      expectNoTensorLeak(() => call().dispose());
      expectNoTensorLeak(() => tf.tidy(() => { call(); }));
    }
    // and through a gradient tape
    const w = tf.variable(f32(Q_TM1), true, 'vl_leak_w');
    expectNoTensorLeak(() => {
      const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(qLearning(w, a1, r, d, q2))) as tf.Scalar);
      tf.dispose([value, grads]);
    });
    w.dispose();
  });
});
