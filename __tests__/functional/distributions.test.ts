import { tf } from '../../lib/tf';
import type { Tensor } from '../../lib/tf';
import { ShapeError } from '../../lib/core/errors';
import {
  categoricalCrossEntropy,
  deterministicAction,
  gaussianEntropy,
  gaussianLogProb,
  gaussianSample,
  klDivergence,
  softmaxEntropy,
  softmaxLogProb,
  squashAction,
  squashedGaussianLogProb,
  squashedGaussianSample,
} from '../../lib/functional';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectTensor, f32, i32, take } from './expect_close';

const LOG_2PI = Math.log(2 * Math.PI);

describe('softmax helpers', () => {
  const logits = (): Tensor => f32([[0, 0], [Math.log(3), 0]]); // probs [0.5, 0.5] and [0.75, 0.25]

  it('softmaxLogProb picks log softmax at the action', () => {
    expectTensor(softmaxLogProb(logits(), i32([1, 0])), [Math.log(0.5), Math.log(0.75)]);
  });

  it('softmaxEntropy is -sum p ln p', () => {
    expectTensor(softmaxEntropy(logits()), [Math.LN2, -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25))]);
  });

  it('klDivergence(p, q) = sum p ln(p / q), zero for equal logits and shift-invariant', () => {
    // p = [0.5, 0.5], q = [0.75, 0.25]: 0.5 ln(0.5 / 0.75) + 0.5 ln(0.5 / 0.25) = 0.143841
    const p = f32([[0, 0], [1, 2]]);
    const q = f32([[Math.log(3), 0], [11, 12]]); // second row: q = p shifted by 10
    expectTensor(klDivergence(p, q), [0.5 * Math.log(0.5 / 0.75) + 0.5 * Math.log(2), 0]);
  });

  it('categoricalCrossEntropy = -sum labels * log softmax(logits)', () => {
    // labels [0.2, 0.8] against probs [0.75, 0.25]: -(0.2 ln 0.75 + 0.8 ln 0.25)
    expectTensor(
      categoricalCrossEntropy(f32([[0.2, 0.8]]), f32([[Math.log(3), 0]])),
      [-(0.2 * Math.log(0.75) + 0.8 * Math.log(0.25))],
    );
  });
});

describe('diagonal Gaussian', () => {
  it('log-prob against the closed form, by hand', () => {
    // mean [0, 1], std [1, 2], x [1, 0]: z = [1, -0.5]
    // sum(-0.5 z^2 - ln std) - D/2 ln 2pi = -0.5 - 0.125 - ln 2 - ln 2pi
    expectTensor(gaussianLogProb(f32([[0, 1]]), f32([[0, Math.log(2)]]), f32([[1, 0]])), [-0.625 - Math.LN2 - LOG_2PI]);
  });

  it('log-prob of a batch with a shared [D] logStd equals the per-example [B, D] version and the closed form', () => {
    const mean = [[0.3, -1.2, 2], [1, 1, 1]];
    const logStd = [-0.5, 0.2, 1.1];
    const x = [[0, 0, 0], [2, -1, 1.5]];
    const shared = take(gaussianLogProb(f32(mean), f32(logStd), f32(x))) as number[];
    const perExample = take(gaussianLogProb(f32(mean), f32([logStd, logStd]), f32(x))) as number[];
    mean.forEach((m, b) => {
      let closed = 0;
      m.forEach((mu, d) => {
        const sigma = Math.exp(logStd[d]!);
        closed += Math.log(Math.exp(-0.5 * ((x[b]![d]! - mu) / sigma) ** 2) / (sigma * Math.sqrt(2 * Math.PI)));
      });
      expect(shared[b]).toBeCloseTo(closed, 4);
      expect(perExample[b]).toBeCloseTo(closed, 4);
    });
  });

  it('entropy is sum(logStd) + D/2 (1 + ln 2pi) = 0.5 ln((2 pi e)^D det Sigma)', () => {
    // std [1, 2]: 0.5 ln((2 pi e)^2 * 4) = ln(2 pi e) + ln 2
    expectTensor(gaussianEntropy(f32([[0, Math.log(2)]])), [LOG_2PI + 1 + Math.LN2]);
    expectTensor(gaussianEntropy(f32([0, Math.log(2)])), LOG_2PI + 1 + Math.LN2);
  });

  it('a reparameterized sample is mean + std * eps with d/dmean = 1 and d/dlogStd = std * eps', () => {
    expectTensor(gaussianSample(f32([[1, -1]]), f32([[0, Math.log(3)]]), f32([[0.5, -2]])), [[1.5, -7]]);
    const [gm, gs] = tf.grads((m: Tensor, s: Tensor) => tf.sum(gaussianSample(m, s, f32([[0.5, -2]]))))([
      f32([[1, -1]]),
      f32([[0, Math.log(3)]]),
    ]);
    expectTensor(gm as Tensor, [[1, 1]]);
    expectTensor(gs as Tensor, [[0.5, -6]]);
  });

  it('rejects a logStd of the wrong width', () => {
    expect(() => gaussianLogProb(f32([[0, 1]]), f32([0, 0, 0]), f32([[0, 0]]))).toThrow(ShapeError);
  });
});

/** The change of variables computed directly in float64: log N(u) - sum log |d action / d u|, derivative by central differences. */
function directSquashedLogProb(mean: number[], logStd: number[], u: number[], low: number[], high: number[]): number {
  let logp = 0;
  u.forEach((ud, d) => {
    const sigma = Math.exp(logStd[d]!);
    logp += -0.5 * ((ud - mean[d]!) / sigma) ** 2 - Math.log(sigma) - 0.5 * LOG_2PI;
    const action = (x: number): number => low[d]! + ((Math.tanh(x) + 1) / 2) * (high[d]! - low[d]!);
    const h = 1e-5;
    const slope = (action(ud + h) - action(ud - h)) / (2 * h);
    logp -= Math.log(Math.abs(slope));
  });
  return logp;
}

describe('squashed Gaussian', () => {
  const low = [-2, 0, -1];
  const high = [3, 0.5, 1];

  it('squashAction / deterministicAction map tanh into [low, high]', () => {
    // u = 0 -> midpoint;  u = 100 -> high;  u = -100 -> low;  u = 0.5 on [0, 4] -> 4 (tanh 0.5 + 1) / 2
    expectTensor(deterministicAction(f32([[0, 100, -100]]), [-1, 0, -2], [1, 4, 2]), [[0, 4, -2]]);
    expectTensor(squashAction(f32([[0.5]]), 0, 4), [[2 * (Math.tanh(0.5) + 1)]]);
    expectTensor(squashAction(f32([0.5, 0.5]), f32([0, -1]), f32([4, 1])), [2 * (Math.tanh(0.5) + 1), Math.tanh(0.5)]);
  });

  it('log-prob equals the direct change of variables, including the scaling, in float64', () => {
    const mean = [[0.3, -0.4, 1.2], [-1, 0.5, 0]];
    const logStd = [[-0.3, 0.1, 0.4], [0.2, -1, 0]];
    const u = [[1.1, -2.5, 0.2], [-0.7, 0.9, 2.8]];
    const got = take(squashedGaussianLogProb(f32(mean), f32(logStd), f32(u), low, high)) as number[];
    got.forEach((g, b) => expect(g).toBeCloseTo(directSquashedLogProb(mean[b]!, logStd[b]!, u[b]!, low, high), 3));
  });

  it('stays finite and exact where tanh(u) rounds to +-1 in float32 (|u| = 20)', () => {
    // log(1 - tanh(u)^2) = -2 ln cosh(u) exactly; float32 tanh(20) == 1 would make the naive form -Infinity
    const u = [20, -20];
    const got = take(squashedGaussianLogProb(f32([[0, 0]]), f32([[0, 0]]), f32([u]), [-1, -1], [1, 1])) as number[];
    const expected = u.reduce((s, x) => s - 0.5 * x * x - 0.5 * LOG_2PI + 2 * Math.log(Math.cosh(x)), 0);
    expect(Number.isFinite(got[0]!)).toBe(true);
    expect(got[0]).toBeCloseTo(expected, 3);
  });

  it('is a density on [low, high]: it integrates to 1 over the actions', () => {
    // 1-D, box [-2, 3]; integrate exp(logp(a)) da over a midpoint grid, u = atanh(2 (a - low) / (high - low) - 1).
    // Without the log((high - low) / 2) term the integral would be 2.5; without the tanh term far from 1.
    const n = 4000;
    const [lo, hi] = [-2, 3];
    const da = (hi - lo) / n;
    const us = Array.from({ length: n }, (_, i) => {
      const a = lo + (i + 0.5) * da;
      return [Math.atanh((2 * (a - lo)) / (hi - lo) - 1)];
    });
    const logp = take(
      squashedGaussianLogProb(tf.fill([n, 1], 0.3), f32([Math.log(0.8)]), f32(us), [lo], [hi]),
    ) as number[];
    const integral = logp.reduce((s, l) => s + Math.exp(l) * da, 0);
    expect(integral).toBeCloseTo(1, 3);
  });

  it('sample: action = squash(mean + std * eps), logProb matches, and both differentiate in mean', () => {
    const mean = f32([[0.2, -0.1, 0.5]]);
    const logStd = f32([Math.log(0.5), 0, Math.log(2)]);
    const eps = f32([[1, -1, 0.25]]);
    const s = squashedGaussianSample(mean, logStd, eps, low, high);
    // u = [0.2 + 0.5, -0.1 - 1, 0.5 + 0.5] = [0.7, -1.1, 1]
    const u = [0.7, -1.1, 1];
    expectTensor(s.preTanh, [u]);
    expectTensor(s.action, [u.map((x, d) => low[d]! + ((Math.tanh(x) + 1) / 2) * (high[d]! - low[d]!))]);
    expectTensor(s.logProb, [directSquashedLogProb([0.2, -0.1, 0.5], [Math.log(0.5), 0, Math.log(2)], u, low, high)], 3);
    const g = tf.grad((m: Tensor) => tf.sum(squashedGaussianSample(m, logStd, eps, low, high).action))(mean);
    // d action / d mean = (high - low) / 2 * (1 - tanh(u)^2)
    expectTensor(g, [u.map((x, d) => ((high[d]! - low[d]!) / 2) * (1 - Math.tanh(x) ** 2))], 4);
  });

  it('rejects an empty box and a bound list of the wrong length', () => {
    expect(() => squashAction(f32([[0, 0]]), [0, 1], [1, 1])).toThrow(/high must exceed low/);
    expect(() => squashAction(f32([[0, 0]]), [0, 0, 0], [1, 1, 1])).toThrow(/2 dimensions/);
  });
});

describe('distribution leaks', () => {
  it('no function leaves a tensor behind, called bare or inside tf.tidy', () => {
    const logits = f32([[0, 1], [2, 0]]);
    const mean = f32([[0.1, 0.2]]);
    const logStd = f32([0.3, -0.2]);
    const x = f32([[0.5, -0.5]]);
    const low = f32([-1, -2]);
    const calls: Array<() => tf.TensorContainer> = [
      () => softmaxLogProb(logits, i32([0, 1])),
      () => softmaxEntropy(logits),
      () => klDivergence(logits, logits),
      () => categoricalCrossEntropy(f32([[0.5, 0.5], [1, 0]]), logits),
      () => gaussianLogProb(mean, logStd, x),
      () => gaussianEntropy(logStd),
      () => gaussianSample(mean, logStd, x),
      () => squashAction(x, low, 2),
      () => deterministicAction(x, [-1, -1], [1, 1]),
      () => squashedGaussianLogProb(mean, logStd, x, -1, 1),
      () => squashedGaussianSample(mean, logStd, x, [-1, -2], [1, 2]) as unknown as tf.TensorContainer,
    ];
    for (const call of calls) {
      expectNoTensorLeak(() => tf.tidy(() => { call(); }));
    }
    // bare calls: inputs made outside the checked body
    const a = i32([0, 1]);
    expectNoTensorLeak(() => softmaxLogProb(logits, a).dispose());
    expectNoTensorLeak(() => gaussianLogProb(mean, logStd, x).dispose());
    expectNoTensorLeak(() => squashAction(x, low, 2).dispose());
    expectNoTensorLeak(() => squashedGaussianLogProb(mean, logStd, x, [-1, -1], [1, 1]).dispose());
    expectNoTensorLeak(() => {
      const s = squashedGaussianSample(mean, logStd, x, low, 2);
      tf.dispose([s.action, s.preTanh, s.logProb]);
    });
  });
});
