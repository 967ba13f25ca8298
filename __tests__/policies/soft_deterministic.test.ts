import { Box } from '../../lib/core/spaces';
import { ConfigError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { SoftDeterministicPolicy } from '../../lib/policies/soft_deterministic';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectClose, fixedLinear, take } from '../nn/fixed_linear';

const LOG_2PI = Math.log(2 * Math.PI);
// Box [-2, 2] x [0, 1]: half-ranges [2, 0.5].
const space = new Box([-2, 0], [2, 1]);
// Output at x = 1: means [0.3, -0.4], raw log-stds [-1, 0.6] -> logStd = 0.5 * raw = [-0.5, 0.3].
const model = (): ReturnType<typeof fixedLinear> => fixedLinear([[0.3, -0.4, -1, 0.6]], [0, 0, 0, 0]);

describe('SoftDeterministicPolicy', () => {
  it('samples u = mean + std * eps from the seeded generator and gives the squashed log-density in closed form', () => {
    const policy = new SoftDeterministicPolicy(model(), space, new Random(5));
    const x = tf.tensor2d([[1], [1]]);
    const s = policy.sample(x);
    const action = take(s.action);
    const logProb = take(s.logProb);
    take(s.preTanh);
    // Replay the generator: 2 rows x 2 dims of standard normals, row-major.
    const replay = new Random(5);
    const mean = [0.3, -0.4];
    const logStd = [-0.5, 0.3];
    const low = [-2, 0];
    const half = [2, 0.5];
    for (let row = 0; row < 2; row++) {
      let lp = 0;
      for (let d = 0; d < 2; d++) {
        const eps = replay.normal();
        const u = mean[d]! + Math.exp(logStd[d]!) * eps;
        const t = Math.tanh(u);
        expect(action[row * 2 + d]).toBeCloseTo(low[d]! + (t + 1) * half[d]!, 5);
        // log N(u) - log(1 - tanh(u)^2) - log(halfRange)
        lp += -0.5 * eps * eps - logStd[d]! - 0.5 * LOG_2PI - Math.log(1 - t * t) - Math.log(half[d]!);
      }
      expect(logProb[row]).toBeCloseTo(lp, 4);
    }
    x.dispose();
    policy.dispose();
  });

  it('clips the scaled log-std to [logStdMin, logStdMax]', () => {
    const policy = new SoftDeterministicPolicy(fixedLinear([[0, 0, 100, -100]], [0, 0, 0, 0]), space, new Random(1));
    const x = tf.tensor2d([[1]]);
    expectClose(take(policy.distribution(x).logStd), [4, -20], 1e-6); // 0.5 * +-100 clipped
    x.dispose();
    expect(() => new SoftDeterministicPolicy(model(), space, new Random(1), { logStdMin: 1, logStdMax: 0 })).toThrow(ConfigError);
  });

  it('is differentiable through the sample (reparameterization) for the SAC policy loss', () => {
    const policy = new SoftDeterministicPolicy(model(), space, new Random(2));
    const x = tf.tensor2d([[1]]);
    const gradNorm = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const s = policy.sample(x);
        return tf.add(tf.sum(s.action), tf.sum(s.logProb)) as tf.Scalar;
      }, policy.model.variables as tf.Variable[]);
      return Object.values(grads).reduce((n, g) => n + tf.sum(tf.abs(g)).dataSync()[0]!, 0);
    });
    expect(gradNorm).toBeGreaterThan(0);
    x.dispose();
    policy.dispose();
  });

  it('acts inside the box, and deterministically squashes the mean on request', () => {
    const policy = new SoftDeterministicPolicy(fixedLinear([[5, -5, 8, 8]], [0, 0, 0, 0]), space, new Random(3));
    const n = 500;
    const actions = policy.actBatch(new Float32Array(n).fill(1), [n, 1]);
    for (let i = 0; i < n; i++) {
      expect(actions[2 * i]!).toBeGreaterThanOrEqual(-2);
      expect(actions[2 * i]!).toBeLessThanOrEqual(2);
      expect(actions[2 * i + 1]!).toBeGreaterThanOrEqual(0);
      expect(actions[2 * i + 1]!).toBeLessThanOrEqual(1);
    }
    const det = policy.act(Float32Array.of(0.1), [1], { deterministic: true, evaluation: true });
    expectClose(det, [-2 + (Math.tanh(0.5) + 1) * 2, (Math.tanh(-0.5) + 1) / 2], 1e-6);
    policy.dispose();
  });

  it('leaks no tensors', () => {
    const policy = new SoftDeterministicPolicy(model(), space, new Random(4));
    const x = tf.tensor2d([[1], [0.5]]);
    const step = (): void => {
      policy.act(Float32Array.of(0.4), [1]);
      policy.reinforce(() => tf.mean(policy.sample(x).logProb) as tf.Scalar);
      tf.tidy(() => policy.sample(x, 'eval').action.dataSync());
    };
    expectNoTensorLeak(() => {
      for (let i = 0; i < 20; i++) step();
    }, step);
    x.dispose();
    policy.dispose();
  });
});
