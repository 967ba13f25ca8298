/**
 * rlax's property checks for the issue-15 families: batched (time-major [T, B]) equals
 * per-sequence, a zero discount cuts bootstrapping, lambda 0 gives the one-step target and
 * lambda 1 (on-policy) the Monte-Carlo return bootstrapped at the end. Hand-computed values
 * where short.
 */
import { tf } from '../../lib/tf';
import type { Tensor } from '../../lib/tf';
import {
  generalOffPolicyReturnsFromQAndV,
  lambdaReturns,
  quantileQLearning,
  quantileRegressionLoss,
  retrace,
  retraceContinuous,
  transformToTwoHot,
  vtrace,
  vtraceTdErrorAndAdvantage,
} from '../../lib/functional';
import { ShapeError } from '../../lib/core/errors';
import { expectTensor, f32, take } from './expect_close';

const V_TM1 = [0.5, -1, 2, 0.3, 1.1];
const V_T = [-1, 2, 0.3, 1.1, 0.7];
const R = [1, -0.5, 2, 0.25, -1];
const D = [0.9, 0.9, 0, 0.9, 0.8];
const RHO = [0.5, 1.7, 1, 0.2, 2.5];

const col = (xs: number[][], b: number): number[] => xs.map((row) => row[b] as number);
const cols = (...seqs: number[][]): number[][] => (seqs[0] as number[]).map((_, t) => seqs.map((s) => s[t] as number));

describe('vtrace properties', () => {
  it('batched [T, B] equals each sequence on its own', () => {
    const other = (xs: number[]): number[] => xs.map((x) => x * 0.7 - 0.2);
    const rhoB = RHO.map((x) => x * 0.6);
    const batched = take(
      vtrace(f32(cols(V_TM1, other(V_TM1))), f32(cols(V_T, other(V_T))), f32(cols(R, other(R))), f32(cols(D, D)), f32(cols(RHO, rhoB)), {
        lambda_: 0.9,
      }),
    ) as number[][];
    expectTensor(vtrace(f32(V_TM1), f32(V_T), f32(R), f32(D), f32(RHO), { lambda_: 0.9 }), col(batched, 0));
    expectTensor(vtrace(f32(other(V_TM1)), f32(other(V_T)), f32(other(R)), f32(D), f32(rhoB), { lambda_: 0.9 }), col(batched, 1));
  });

  it('on-policy (rho = 1): lambda 1 gives lambda-returns with lambda 1, lambda 0 the one-step TD error', () => {
    const ones = V_T.map(() => 1);
    const mc = take(lambdaReturns(f32(R), f32(D), f32(V_T), 1)) as number[];
    expectTensor(vtrace(f32(V_TM1), f32(V_T), f32(R), f32(D), f32(ones)), mc.map((g, t) => g - (V_TM1[t] as number)));
    const oneStep = R.map((r, t) => r + (D[t] as number) * (V_T[t] as number) - (V_TM1[t] as number));
    expectTensor(vtrace(f32(V_TM1), f32(V_T), f32(R), f32(D), f32(ones), { lambda_: 0 }), oneStep);
    const q = vtraceTdErrorAndAdvantage(f32(V_TM1), f32(V_T), f32(R), f32(D), f32(ones), { lambda_: 0 });
    expectTensor(q.qEstimate, R.map((r, t) => r + (D[t] as number) * (V_T[t] as number)));
    expectTensor(q.pgAdvantage, oneStep);
    q.errors.dispose();
  });

  it('a zero discount cuts the trace: later values do not reach earlier errors', () => {
    const changed = V_T.map((v, t) => (t >= 2 ? v + 100 : v));
    const changedTm1 = V_TM1.map((v, t) => (t >= 3 ? v + 100 : v));
    const a = take(vtrace(f32(V_TM1), f32(V_T), f32(R), f32(D), f32(RHO))) as number[];
    const b = take(vtrace(f32(changedTm1), f32(changed), f32(R), f32(D), f32(RHO))) as number[];
    for (let t = 0; t <= 2; t++) expect(b[t]).toBeCloseTo(a[t] as number, 5);
    // Step 2 ends in a terminal: its error is min(1, rho) (r - v), by hand 1 * (2 - 2) = 0.
    expect(a[2]).toBeCloseTo(0, 6);
    // And step 1, by hand: delta_1 = min(1, 1.7) (-0.5 + 0.9 * 2 + 1) = 2.3, c_1 = 1, so
    // error_1 = 2.3 + 0.9 * 1 * error_2 = 2.3.
    expect(a[1]).toBeCloseTo(2.3 + 0.9 * 1 * 0, 5);
  });

  it('rejects mismatched shapes with a ShapeError', () => {
    expect(() => vtrace(f32(V_TM1), f32(V_T.slice(1)), f32(R), f32(D), f32(RHO))).toThrow(ShapeError);
  });
});

describe('retrace properties', () => {
  // T = 3, A = 2.
  const qTm1 = [[1, 2], [0, -1], [3, 0.5]];
  const qT = [[0.5, 1.5], [2, -2], [1, 1]];
  const aTm1 = [1, 0, 0];
  const aT = [0, 1, 1];
  const r = [1, 0.5, -1];
  const d = [0.9, 0.5, 0.9];
  const pi = [[0.25, 0.75], [0.5, 0.5], [0.1, 0.9]];
  const mu = [0.5, 0.25, 0.9];
  const call = (lam: number, disc = d): Tensor =>
    retrace(f32(qTm1), f32(qT), tf.tensor1d(aTm1, 'int32'), tf.tensor1d(aT, 'int32'), f32(r), f32(disc), f32(pi), f32(mu), lam);

  it('lambda 0 gives the one-step expected-SARSA error', () => {
    const expected = r.map((rt, t) => {
      const v = (pi[t] as number[]).reduce((s, p, a) => s + p * ((qT[t] as number[])[a] as number), 0);
      return rt + (d[t] as number) * v - ((qTm1[t] as number[])[aTm1[t] as number] as number);
    });
    expectTensor(call(0), expected);
  });

  it('lambda 1, by hand', () => {
    // v_t = E_pi q_t: [1.25, 0, 1]; q(a_t): [0.5, -2, 1]; c_t = min(1, pi(a_t)/mu_t): [0.5, 1, 1].
    // G2 = -1 + 0.9 * 1 = -0.1
    // G1 = 0.5 + 0.5 * (0 - 1 * -2 + 1 * -0.1) = 1.45
    // G0 = 1 + 0.9 * (1.25 - 0.5 * 0.5 + 0.5 * 1.45) = 2.5525
    // errors: G - q(s_t, a_t) = [2.5525 - 2, 1.45 - 0, -0.1 - 3]
    expectTensor(call(1), [0.5525, 1.45, -3.1], 4);
  });

  it('a zero discount cuts bootstrapping at that step', () => {
    const cut = take(call(1, [0.9, 0, 0.9])) as number[];
    expect(cut[1]).toBeCloseTo(0.5 - 0, 5);
    expect(cut[0]).toBeCloseTo(1 + 0.9 * (1.25 - 0.25 + 0.5 * 0.5) - 2, 5);
  });

  it('batched [T, B, A] equals each sequence on its own', () => {
    const twice = <X>(x: X[]): X[][] => x.map((e) => [e, e]);
    const r2 = r.map((x, t) => [x, x + t]);
    const batched = take(
      retrace(
        f32(twice(qTm1)), f32(twice(qT)), tf.tensor2d(twice(aTm1), undefined, 'int32'), tf.tensor2d(twice(aT), undefined, 'int32'),
        f32(r2), f32(twice(d)), f32(twice(pi)), f32(twice(mu)), 0.7,
      ),
    ) as number[][];
    expectTensor(call(0.7), col(batched, 0));
    const second = retrace(
      f32(qTm1), f32(qT), tf.tensor1d(aTm1, 'int32'), tf.tensor1d(aT, 'int32'), f32(col(r2, 1)), f32(d), f32(pi), f32(mu), 0.7,
    );
    expectTensor(second, col(batched, 1));
  });

  it('continuous: lambda 0 gives r + gamma v - q; c = 0 returns equal one-step targets', () => {
    const v = [1, 2, 3];
    expectTensor(
      retraceContinuous(f32([0, 1, 2]), f32([5, 5]), f32(v), f32(r), f32(d), f32([0, 0]), 0),
      [1 + 0.9 * 1 - 0, 0.5 + 0.5 * 2 - 1, -1 + 0.9 * 3 - 2],
    );
    expectTensor(generalOffPolicyReturnsFromQAndV(f32([5, 5]), f32(v), f32(r), f32(d), f32([0, 0])), [1.9, 1.5, 1.7]);
  });
});

describe('quantile properties', () => {
  it('one quantile at tau 0.5 against one sample is half the absolute error; Huber below the threshold is half the squared error times the weight', () => {
    expectTensor(quantileRegressionLoss(f32([[1], [0]]), f32([[0.5], [0.5]]), f32([[3], [-0.5]])), [1, 0.25]);
    // delta = 0.5 < kappa = 1: 0.5 * 0.25 * |0.25 - 0| = 0.03125 (positive error, tau 0.25)
    expectTensor(quantileRegressionLoss(f32([[0]]), f32([[0.25]]), f32([[0.5]]), 1), [0.03125]);
  });

  it('a zero discount makes the target the reward alone', () => {
    const dist = f32([[[1, 9], [2, 8]]]); // [B=1, N=2, A=2]
    const tau = f32([[0.25, 0.75]]);
    const big = f32([[[100, -100], [100, -100]]]);
    const loss = quantileQLearning(dist, tau, tf.tensor1d([0], 'int32'), f32([1.5]), f32([0]), big, big);
    // src [1, 2], target [1.5, 1.5]: (0.25 * 0.5 + 0.75 * 0.5)... per src i: mean_j |tau_i - 1[delta<0]| |delta|
    // i=0: delta 0.5, weight 0.25 -> 0.125; i=1: delta -0.5, weight |0.75 - 1| = 0.25 -> 0.125.
    expectTensor(loss, [0.25]);
  });
});

describe('two-hot property', () => {
  it('puts all mass on a bin when the scalar is on it, and splits it linearly between bins', () => {
    expectTensor(transformToTwoHot(f32([0, 2.5, 5]), 0, 5, 3), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expectTensor(transformToTwoHot(f32([1, 99]), 0, 5, 3), [[0.6, 0.4, 0], [0, 0, 1]]);
  });
});

describe('no tensor leaks (issue-15 functions)', () => {
  it('each call leaves only its result, which disposes cleanly', () => {
    const keep = [
      f32(V_TM1), f32(V_T), f32(R), f32(D), f32(RHO),
      f32([[1, 2], [0, -1], [3, 0.5]]), tf.tensor1d([1, 0, 0], 'int32'), f32([[0.25, 0.75], [0.5, 0.5], [0.1, 0.9]]),
      f32([0.5, 0.25, 0.9]), f32([1, 0.5, -1]), f32([0.9, 0.5, 0.9]), f32([1, 2]), f32([0, -1]),
    ] as const;
    const [vTm1, vT, r, d, rho, q, a, pi, mu, r3, d3, q2, logRhos] = keep;
    const calls: Array<() => Tensor> = [
      () => vtrace(vTm1, vT, r, d, rho, { lambda_: 0.9 }),
      () => retrace(q, q, a, a, r3, d3, pi, mu, 0.8),
      () => retraceContinuous(r3, q2, d3, r3, d3, logRhos, 0.5),
      () => quantileRegressionLoss(q, pi, q, 1),
      () => transformToTwoHot(r, -2, 2, 5),
    ];
    for (const call of calls) {
      const before = tf.memory().numTensors;
      const out = call();
      expect(tf.memory().numTensors).toBe(before + 1);
      out.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    tf.dispose([...keep]);
  });
});
