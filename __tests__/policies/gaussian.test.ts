import { Box } from '../../lib/core/spaces';
import { ConfigError, ShapeError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { GaussianPolicy, WithLogStd } from '../../lib/policies/gaussian';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectClose, fixedLinear, take } from '../nn/fixed_linear';

const LOG_2PI = Math.log(2 * Math.PI);
// Box [-2, 2] x [0, 10]: center [0, 5], half-range [2, 5].
const space = new Box([-2, 0], [2, 10]);
// Model output at x = 1: means [0.5, -1], second half [ln 0.25, 0.2].
const out = [0.5, -1, Math.log(0.25), 0.2];
const model = (): ReturnType<typeof fixedLinear> => fixedLinear([out], [0, 0, 0, 0]);

function gaussLogProb(a: number[], mu: number[], logStd: number[]): number {
  return a.reduce((s, ai, d) => {
    const z = (ai - mu[d]!) / Math.exp(logStd[d]!);
    return s - 0.5 * z * z - logStd[d]! - 0.5 * LOG_2PI;
  }, 0);
}

describe('GaussianPolicy', () => {
  it('reads log-variances by default (ALL) and shifts the mean / scales the std to the box', () => {
    // logStd = 0.5 * [ln 0.25, 0.2] + ln [2, 5] = [ln 0.5 + ln 2, 0.1 + ln 5] = [0, 0.1 + ln 5]
    // mean = [0.5, -1] + [0, 5] = [0.5, 4]
    const policy = new GaussianPolicy(model(), space, new Random(1));
    const x = tf.tensor2d([[1]]);
    const { mean, logStd } = policy.distribution(x);
    const mu = take(mean);
    const ls = take(logStd);
    expectClose(mu, [0.5, 4], 1e-6);
    expectClose(ls, [0, 0.1 + Math.log(5)], 1e-6);
    const a = [1.0, 6.5];
    expectClose(take(policy.logProb(x, tf.tensor2d([a]))), [gaussLogProb(a, mu, ls)], 1e-5);
    // Entropy of a diagonal Gaussian: sum_d logStd_d + 0.5 D (1 + ln 2 pi).
    expectClose(take(policy.entropy(x)), [ls[0]! + ls[1]! + (1 + LOG_2PI)], 1e-5);
    x.dispose();
    policy.dispose();
  });

  it("reads log-stds with parameterization 'logStd'", () => {
    const policy = new GaussianPolicy(model(), space, new Random(1), { parameterization: 'logStd' });
    const x = tf.tensor2d([[1]]);
    expectClose(take(policy.distribution(x).logStd), [Math.log(0.25) + Math.log(2), 0.2 + Math.log(5)], 1e-6);
    x.dispose();
    policy.dispose();
  });

  it('samples with the distribution mean and std (seeded) and returns the mean when deterministic', () => {
    const policy = new GaussianPolicy(model(), space, new Random(7));
    const n = 8000;
    const samples = policy.actBatch(new Float32Array(n).fill(1), [n, 1]);
    expect(samples).toHaveLength(2 * n);
    const wantStd = [1, 5 * Math.exp(0.1)];
    const wantMean = [0.5, 4];
    for (let d = 0; d < 2; d++) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        s += samples[2 * i + d]!;
        s2 += samples[2 * i + d]! ** 2;
      }
      const m = s / n;
      const sd = Math.sqrt(s2 / n - m * m);
      expect(Math.abs(m - wantMean[d]!)).toBeLessThan((4 * wantStd[d]!) / Math.sqrt(n));
      expect(Math.abs(sd / wantStd[d]! - 1)).toBeLessThan(0.05);
    }
    const again = new GaussianPolicy(model(), space, new Random(7));
    expect(Array.from(again.act(Float32Array.of(1), [1]))).toEqual(Array.from(samples.subarray(0, 2)));
    expectClose(policy.act(Float32Array.of(1), [1], { deterministic: true }), [0.5, 4], 1e-6);
    policy.dispose();
    again.dispose();
  });

  it('rejects unbounded boxes and wrong model widths', () => {
    expect(() => new GaussianPolicy(model(), new Box([-Infinity], [1]), new Random(1))).toThrow(ConfigError);
    const policy = new GaussianPolicy(fixedLinear([[1, 2, 3]], [0, 0, 0]), space, new Random(1));
    const x = tf.tensor2d([[1]]);
    expect(() => policy.distribution(x)).toThrow(ShapeError);
    x.dispose();
  });

  it('WithLogStd appends a trainable state-independent log-scale (ALL fc_policy)', () => {
    const m = new WithLogStd(fixedLinear([[1, 2]], [0, 0]), 2, 0.3);
    const x = tf.tensor2d([[1], [2]]);
    expectClose(take(m.apply(x)), [1, 2, 0.3, 0.3, 2, 4, 0.3, 0.3], 1e-6);
    expect(m.variables).toHaveLength(3);
    const g = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(m.apply(x)) as tf.Scalar, m.variables as tf.Variable[]);
      return Array.from(grads[m.logScale.name]!.dataSync());
    });
    expectClose(g, [2, 2], 1e-6); // each log-scale appears once per row
    const copy = m.clone();
    copy.logScale.assign(tf.zeros([2]));
    expectClose(m.logScale.dataSync(), [0.3, 0.3], 1e-6);
    x.dispose();
    m.dispose();
    copy.dispose();
  });

  it('leaks no tensors', () => {
    const policy = new GaussianPolicy(new WithLogStd(fixedLinear([[1, 2]], [0, 0]), 2), space, new Random(3));
    const x = tf.tensor2d([[1]]);
    const a = tf.tensor2d([[0, 5]]);
    const step = (): void => {
      policy.act(Float32Array.of(0.5), [1]);
      policy.reinforce(() => tf.neg(tf.mean(policy.logProb(x, a))) as tf.Scalar);
      tf.tidy(() => policy.entropy(x).dataSync());
    };
    expectNoTensorLeak(() => {
      for (let i = 0; i < 20; i++) step();
    }, step);
    tf.dispose([x, a]);
    policy.dispose();
  });
});
