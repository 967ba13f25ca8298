/**
 * The diagonal and tanh-squashed Gaussian functions of distributions.ts against the real rlax
 * 0.1.9 (`gaussian_diagonal`, `squashed_gaussian`; fixtures/rlax_gaussian.json, written by
 * scripts/rlax/export_fixtures.py). rlax draws its sample as mu + sigma eps with
 * eps = jax.random.normal(key, shape) (the script checks this), so allts's reparameterized samplers
 * get the same eps. rlax's squashed Gaussian activates its parameters (mean tanh(mu), log-std
 * -4 + 2 (tanh(sigma) + 1)); allts takes the activated values, so the test applies the
 * activations first. Tolerance: float32 (absolute 1e-4 plus relative 1e-5).
 */
import { tf } from '../../lib/tf';
import type { Tensor } from '../../lib/tf';
import {
  gaussianEntropy,
  gaussianLogProb,
  gaussianSample,
  multivariateNormalKlDivergence,
  squashAction,
  squashedGaussianLogProb,
  squashedGaussianSample,
} from '../../lib/functional';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectGolden, f, loadRlaxCases, type Case } from '../helpers/rlax_fixtures';

const c = loadRlaxCases('gaussian', /^rlax 0\.1\.9/)[0] as Case;

/** rlax's squashed_gaussian activations: mean tanh(mu), log-std sigmaMin + (sigmaMax - sigmaMin) (tanh(sigma) + 1) / 2. */
function activated(): { mean: Tensor; logStd: Tensor } {
  return {
    mean: tf.tanh(f(c.rawMu)),
    logStd: tf.add(c.sigmaMin, tf.mul(0.5 * (c.sigmaMax - c.sigmaMin), tf.add(tf.tanh(f(c.rawSigma)), 1))),
  };
}

describe('diagonal Gaussian against rlax gaussian_diagonal', () => {
  it('gaussianLogProb, gaussianEntropy, and the KL to a standard normal', () => {
    tf.tidy(() => {
      expectGolden(gaussianLogProb(f(c.mean), f(c.logStd), f(c.x)), c.logProb, 'logProb');
      expectGolden(gaussianEntropy(f(c.logStd)), c.entropy, 'entropy');
      const mean = f(c.mean);
      expectGolden(
        multivariateNormalKlDivergence(mean, tf.exp(f(c.logStd)), tf.zerosLike(mean), tf.onesLike(mean)),
        c.klToStandardNormal,
        'klToStandardNormal',
      );
    });
  });

  it('gradients of sum(log-prob) with respect to the mean and the log-std', () => {
    tf.tidy(() => {
      const [gm, gs] = tf.grads((m: Tensor, s: Tensor) => tf.sum(gaussianLogProb(m, s, f(c.x))))([f(c.mean), f(c.logStd)]);
      expectGolden(gm as Tensor, c.logProbGradMean, 'd/d mean');
      expectGolden(gs as Tensor, c.logProbGradLogStd, 'd/d logStd');
    });
  });

  it("gaussianSample with rlax's standard-normal draw gives rlax's sample", () => {
    tf.tidy(() => expectGolden(gaussianSample(f(c.mean), f(c.logStd), f(c.eps)), c.sample, 'sample'));
  });
});

describe('tanh-squashed Gaussian against rlax squashed_gaussian (distrax Tanh and affine bijectors)', () => {
  it("squashedGaussianSample's action, with rlax's draw, is rlax's sample, in the box and in (-1, 1)", () => {
    tf.tidy(() => {
      const { mean, logStd } = activated();
      const s = squashedGaussianSample(mean, logStd, f(c.eps), c.low, c.high);
      expectGolden(s.action, c.squashedSample, 'action in [low, high]');
      expectGolden(squashAction(s.preTanh, -1, 1), c.squashedSampleUnit, 'action in (-1, 1)');
    });
  });

  it("the log-density (tanh and rescaling Jacobians) equals rlax's log_prob of the same action", () => {
    tf.tidy(() => {
      const { mean, logStd } = activated();
      const s = squashedGaussianSample(mean, logStd, f(c.eps), c.low, c.high);
      expectGolden(s.logProb, c.squashedLogProb, 'logProb in [low, high]');
      expectGolden(squashedGaussianLogProb(mean, logStd, s.preTanh, -1, 1), c.squashedLogProbUnit, 'logProb in (-1, 1)');
    });
  });

  it("rlax's squashed entropy is the pre-tanh Gaussian's: gaussianEntropy of the activated log-std", () => {
    tf.tidy(() => expectGolden(gaussianEntropy(activated().logStd), c.squashedEntropy, 'entropy'));
  });

  it('leaks no tensor', () => {
    const body = (): void => {
      tf.tidy(() => {
        const { mean, logStd } = activated();
        squashedGaussianSample(mean, logStd, f(c.eps), c.low, c.high);
      });
    };
    expectNoTensorLeak(body, body);
  });
});
