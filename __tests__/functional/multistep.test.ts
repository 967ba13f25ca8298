import { tf } from '../../lib/tf';
import type { Tensor } from '../../lib/tf';
import { ConfigError, ShapeError } from '../../lib/core/errors';
import {
  discountedReturns,
  lambdaReturns,
  nStepBootstrappedReturns,
  truncatedGeneralizedAdvantageEstimation,
} from '../../lib/functional';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectTensor, f32, take } from './expect_close';

// A sequence of four steps; the second step ends in a true terminal (discount 0).
const R = [1, 2, 3, 4];
const D = [0.9, 0, 0.9, 0.9];
const V = [10, 20, 30, 40];

/** Stacks two [T] sequences into a time-major [T, 2] batch. */
function twoColumns(a: number[], b: number[]): Tensor {
  return f32(a.map((x, t) => [x, b[t]!]));
}

describe('lambdaReturns', () => {
  it('lambda = 0.5 across a terminal, by hand', () => {
    // G3 = 4 + 0.9 * 40 = 40
    // G2 = 3 + 0.9 * (0.5 * 30 + 0.5 * 40) = 34.5
    // G1 = 2 + 0 * (...) = 2              (terminal: nothing after it counts)
    // G0 = 1 + 0.9 * (0.5 * 10 + 0.5 * 2) = 6.4
    expectTensor(lambdaReturns(f32(R), f32(D), f32(V), 0.5), [6.4, 2, 34.5, 40]);
  });

  it('lambda = 1 is the discounted return bootstrapped at the end; lambda = 0 the one-step target', () => {
    // lambda 1: G3 = 40, G2 = 3 + 0.9 * 40 = 39, G1 = 2, G0 = 1 + 0.9 * 2 = 2.8
    expectTensor(lambdaReturns(f32(R), f32(D), f32(V), 1), [2.8, 2, 39, 40]);
    expectTensor(lambdaReturns(f32(R), f32(D), f32(V)), [2.8, 2, 39, 40]);
    // lambda 0: r + discount * v = [1 + 9, 2 + 0, 3 + 27, 4 + 36]
    expectTensor(lambdaReturns(f32(R), f32(D), f32(V), 0), [10, 2, 30, 40]);
  });

  it('a lambda tensor (per step or scalar) gives the same as the number', () => {
    expectTensor(lambdaReturns(f32(R), f32(D), f32(V), f32([0.5, 0.5, 0.5, 0.5])), [6.4, 2, 34.5, 40]);
    expectTensor(lambdaReturns(f32(R), f32(D), f32(V), tf.scalar(0.5)), [6.4, 2, 34.5, 40]);
    // per-step lambda [0, 1, 1, 1]: only G0 changes: 1 + 0.9 * (1 * 10 + 0 * 2) = 10
    expectTensor(lambdaReturns(f32(R), f32(D), f32(V), f32([0, 1, 1, 1])), [10, 2, 39, 40]);
  });

  it('a time-major [T, B] batch equals each column computed alone', () => {
    const r2 = [0, 1, 0, 1];
    const d2 = [0.5, 0.5, 0.5, 0];
    const v2 = [1, 2, 3, 4];
    const batched = take(lambdaReturns(twoColumns(R, r2), twoColumns(D, d2), twoColumns(V, v2), 0.7)) as number[][];
    const a = take(lambdaReturns(f32(R), f32(D), f32(V), 0.7)) as number[];
    const b = take(lambdaReturns(f32(r2), f32(d2), f32(v2), 0.7)) as number[];
    batched.forEach((row, t) => {
      expect(row[0]).toBeCloseTo(a[t]!, 5);
      expect(row[1]).toBeCloseTo(b[t]!, 5);
    });
  });

  it('is differentiable in the values: dG0/dv0 = gamma0 (1 - lambda)', () => {
    const g = tf.grad((v: Tensor) => tf.slice(lambdaReturns(f32(R), f32(D), v, 0.5), [0], [1]).sum())(f32(V));
    // G0 = 1 + 0.9 (0.5 v0 + 0.5 G1) and G1 does not depend on v (terminal): [0.45, 0, 0, 0]
    expectTensor(g, [0.45, 0, 0, 0]);
  });

  it('rejects a mismatched sequence and a lambda outside [0, 1]', () => {
    expect(() => lambdaReturns(f32(R), f32([1, 1, 1]), f32(V))).toThrow(ShapeError);
    expect(() => lambdaReturns(f32(R), f32(D), f32(V), 1.5)).toThrow(ConfigError);
    expect(() => lambdaReturns(f32([]), f32([]), f32([]))).toThrow(/empty/);
  });
});

describe('discountedReturns', () => {
  it('sums discounted rewards back from a bootstrap value, cut at a terminal', () => {
    // r = [1, 2, 3], discount = [0.5, 0, 0.5], bootstrap 10:
    // G2 = 3 + 0.5 * 10 = 8;  G1 = 2 + 0 * 8 = 2;  G0 = 1 + 0.5 * 2 = 2
    expectTensor(discountedReturns(f32([1, 2, 3]), f32([0.5, 0, 0.5]), 10), [2, 2, 8]);
    // no bootstrap (complete episode): G2 = 3, G1 = 2, G0 = 2
    expectTensor(discountedReturns(f32([1, 2, 3]), f32([0.5, 0, 0.5])), [2, 2, 3]);
    // a value sequence: only its last entry is used
    expectTensor(discountedReturns(f32([1, 2, 3]), f32([0.5, 0, 0.5]), f32([99, 99, 10])), [2, 2, 8]);
  });

  it('takes one bootstrap value per column for [T, B]', () => {
    // column 0 as above with bootstrap 10; column 1: r = [1, 1, 1], discount 1, bootstrap 0 -> [3, 2, 1]
    const r = twoColumns([1, 2, 3], [1, 1, 1]);
    const d = twoColumns([0.5, 0, 0.5], [1, 1, 1]);
    expectTensor(discountedReturns(r, d, f32([10, 0])), [[2, 3], [2, 2], [8, 1]]);
  });
});

describe('nStepBootstrappedReturns', () => {
  const r = [1, 2, 3, 4];
  const d = [0.5, 0.5, 0, 0.5];
  const v = [10, 20, 30, 40];

  it('n = 1 is the one-step target r + discount * v', () => {
    // [1 + 5, 2 + 10, 3 + 0, 4 + 20]
    expectTensor(nStepBootstrappedReturns(f32(r), f32(d), f32(v), 1), [6, 12, 3, 24]);
  });

  it('n = 2 accumulates two rewards, cut by the terminal, and uses v_T at the end', () => {
    // G0 = 1 + 0.5 * (2 + 0.5 * 20) = 7
    // G1 = 2 + 0.5 * (3 + 0 * 30) = 3.5
    // G2 = 3 + 0 * (...) = 3
    // G3 = 4 + 0.5 * 40 = 24 (only one step left: bootstrap from the last value)
    expectTensor(nStepBootstrappedReturns(f32(r), f32(d), f32(v), 2), [7, 3.5, 3, 24]);
  });

  it('n longer than the sequence gives the full discounted return bootstrapped at the end', () => {
    // G3 = 24, G2 = 3, G1 = 2 + 0.5 * 3 = 3.5, G0 = 1 + 0.5 * 3.5 = 2.75
    expectTensor(nStepBootstrappedReturns(f32(r), f32(d), f32(v), 10), [2.75, 3.5, 3, 24]);
    expectTensor(lambdaReturns(f32(r), f32(d), f32(v), 1), [2.75, 3.5, 3, 24]);
  });

  it('n = 2 with lambda = 0.5, by hand (number and tensor lambda agree)', () => {
    // first pass (bootstrap at t+2): [2 + 0.5 (0.5*20 + 0.5*20), 3 + 0, 4 + 0.5 * 40, 40] = [12, 3, 24, 40]
    // second pass: G0 = 1 + 0.5 (0.5*10 + 0.5*12) = 6.5;  G1 = 2 + 0.5 (0.5*20 + 0.5*3) = 7.75;
    //              G2 = 3;  G3 = 4 + 0.5 (0.5*40 + 0.5*40) = 24
    expectTensor(nStepBootstrappedReturns(f32(r), f32(d), f32(v), 2, 0.5), [6.5, 7.75, 3, 24]);
    expectTensor(nStepBootstrappedReturns(f32(r), f32(d), f32(v), 2, f32([0.5, 0.5, 0.5, 0.5])), [6.5, 7.75, 3, 24]);
  });

  it('a [T, B] batch equals each column alone', () => {
    const r2 = [0, 0, 1, 0];
    const d2 = [1, 1, 1, 1];
    const v2 = [5, 6, 7, 8];
    const batched = take(nStepBootstrappedReturns(twoColumns(r, r2), twoColumns(d, d2), twoColumns(v, v2), 3)) as number[][];
    const a = take(nStepBootstrappedReturns(f32(r), f32(d), f32(v), 3)) as number[];
    // column 1 by hand, n = 3, discount 1, G_t = r[t] + r[t+1] + r[t+2] + v[t+2] (v[3] past the end):
    // G0 = 0+0+1 + v[2]=7 -> 8;  G1 = 0+1+0 + v[3]=8 -> 9;  G2 = 1+0 + 8 = 9;  G3 = 0 + 8 = 8
    batched.forEach((row, t) => {
      expect(row[0]).toBeCloseTo(a[t]!, 5);
      expect(row[1]).toBeCloseTo([8, 9, 9, 8][t]!, 5);
    });
  });

  it('rejects n < 1 or fractional n', () => {
    expect(() => nStepBootstrappedReturns(f32(r), f32(d), f32(v), 0)).toThrow(ConfigError);
    expect(() => nStepBootstrappedReturns(f32(r), f32(d), f32(v), 1.5)).toThrow(/integer/);
  });
});

describe('truncatedGeneralizedAdvantageEstimation', () => {
  // r = [1, 2, 3], discount = [0.9, 0, 0.9] (terminal after step 1), values v0..v3 = [1, 5, 3, 4]
  const r = [1, 2, 3];
  const d = [0.9, 0, 0.9];
  const values = [1, 5, 3, 4];

  it('lambda = 0.5 across a terminal, by hand', () => {
    // deltas: d0 = 1 + 0.9*5 - 1 = 4.5;  d1 = 2 + 0*3 - 5 = -3;  d2 = 3 + 0.9*4 - 3 = 3.6
    // A2 = 3.6;  A1 = -3 + 0 * 0.5 * 3.6 = -3 (cut);  A0 = 4.5 + 0.9 * 0.5 * (-3) = 3.15
    expectTensor(truncatedGeneralizedAdvantageEstimation(f32(r), f32(d), 0.5, f32(values)), [3.15, -3, 3.6]);
  });

  it('lambda = 0 gives the one-step TD errors', () => {
    expectTensor(truncatedGeneralizedAdvantageEstimation(f32(r), f32(d), 0, f32(values)), [4.5, -3, 3.6]);
  });

  it('lambda = 1: advantages + values are the discounted returns bootstrapped from the last value', () => {
    const adv = take(truncatedGeneralizedAdvantageEstimation(f32(r), f32(d), 1, f32(values))) as number[];
    // returns: G2 = 3 + 0.9 * 4 = 6.6;  G1 = 2;  G0 = 1 + 0.9 * 2 = 2.8
    [2.8, 2, 6.6].forEach((g, t) => expect(adv[t]! + values[t]!).toBeCloseTo(g, 5));
  });

  it('a [T + 1, B] batch of values gives [T, B] advantages equal to each column alone', () => {
    const r2 = [0, 0, 1];
    const d2 = [0.5, 0.5, 0.5];
    const v2 = [0, 0, 0, 2];
    const batched = take(
      truncatedGeneralizedAdvantageEstimation(twoColumns(r, r2), twoColumns(d, d2), 0.5, twoColumns(values, v2)),
    ) as number[][];
    // column 1: deltas [0, 0, 1 + 0.5*2 = 2]; A2 = 2, A1 = 0 + 0.25 * 2 = 0.5, A0 = 0 + 0.25 * 0.5 = 0.125
    batched.forEach((row, t) => {
      expect(row[0]).toBeCloseTo([3.15, -3, 3.6][t]!, 5);
      expect(row[1]).toBeCloseTo([0.125, 0.5, 2][t]!, 5);
    });
  });

  it('requires one more value than rewards', () => {
    expect(() => truncatedGeneralizedAdvantageEstimation(f32(r), f32(d), 0.5, f32([1, 2, 3]))).toThrow(/one more time step/);
  });
});

describe('multistep leaks', () => {
  it('no function leaves a tensor behind, called bare or inside tf.tidy', () => {
    const [r, d, v, lam] = [f32([1, 2, 3]), f32([0.9, 0, 0.9]), f32([1, 2, 3]), f32([0.5, 0.6, 0.7])];
    const values = f32([1, 2, 3, 4]);
    const calls: Array<() => Tensor> = [
      () => lambdaReturns(r, d, v, 0.5),
      () => lambdaReturns(r, d, v, lam),
      () => discountedReturns(r, d, 3),
      () => discountedReturns(r, d, v),
      () => nStepBootstrappedReturns(r, d, v, 2),
      () => nStepBootstrappedReturns(r, d, v, 5, lam),
      () => truncatedGeneralizedAdvantageEstimation(r, d, 0.95, values),
    ];
    for (const call of calls) {
      expectNoTensorLeak(() => call().dispose());
      expectNoTensorLeak(() => tf.tidy(() => { call(); }));
    }
  });
});
