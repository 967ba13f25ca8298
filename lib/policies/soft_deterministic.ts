/**
 * SoftDeterministicPolicy: SAC's tanh-squashed Gaussian policy over a Box (ALL's
 * all/policies/soft_deterministic.py; Haarnoja et al. 2018, "Soft Actor-Critic", appendix C,
 * https://arxiv.org/abs/1801.01290). The model outputs [B, 2D]: means, then raw log-stds;
 * logStd = clip(raw * logStdScale, logStdMin, logStdMax) (ALL: scale 0.5, clip [-20, 4]);
 * u = mean + exp(logStd) * eps, action = low + (tanh(u) + 1) / 2 * (high - low).
 *
 * Deliberate differences from ALL: the log-density comes from lib/functional's
 * `squashedGaussianLogProb` / `squashedGaussianSample`, which write log(1 - tanh(u)^2) in a form
 * that stays finite (ALL adds 1e-6 inside the log, which biases it slightly) and include the
 * log-Jacobian of the box scaling as ALL does; the noise eps comes from the run's seeded `Random`
 * (drawn on the host and uploaded), so sampling is reproducible; acting returns typed arrays.
 */
import { ConfigError, ShapeError } from '../core/errors';
import type { Random } from '../core/random';
import type { Box } from '../core/spaces';
import { Approximation, type ApproximationOptions } from '../approximation/approximation';
import { deterministicAction, squashedGaussianSample } from '../functional';
import type { Module } from '../nn/module';
import { readFloats } from '../read_back';
import { tf, type Tensor } from '../tf';
import { clipRows } from './deterministic';
import { boxAffine } from './gaussian';

/** Options of a SoftDeterministicPolicy. */
export interface SoftDeterministicPolicyOptions extends ApproximationOptions {
  /** Lower clip of the log-std. Default -20 (ALL). */
  logStdMin?: number;
  /** Upper clip of the log-std. Default 4 (ALL). */
  logStdMax?: number;
  /** Multiplies the model's raw log-std output before clipping. Default 0.5 (ALL). */
  logStdScale?: number;
}

/** Options of acting. */
export interface SoftDeterministicActOptions {
  /** Use evaluation mode (noise layers off); default false. ALL's test agent still samples. */
  evaluation?: boolean;
  /** Return tanh(mean) squashed into the box instead of a sample; default false. */
  deterministic?: boolean;
}

/** A reparameterized sample: actions in the box, their pre-tanh values and log-densities. */
export interface SoftSample {
  /** Actions [B, D] in [low, high]. */
  action: Tensor;
  /** Pre-tanh values u [B, D]. */
  preTanh: Tensor;
  /** log pi(action | x) [B], change of variables included. */
  logProb: Tensor;
}

/** SAC's squashed Gaussian policy (ALL's SoftDeterministicPolicy). */
export class SoftDeterministicPolicy extends Approximation {
  readonly actionDims: number;
  readonly logStdMin: number;
  readonly logStdMax: number;
  readonly logStdScale: number;

  /**
   * @param model maps inputs [B, ...] to [B, 2D]: means, then raw log-stds
   * @param space the Box of actions (finite bounds)
   * @param rng seeded generator for the sampling noise
   * @param options approximation options (name defaults to 'policy') and log-std handling
   */
  constructor(
    model: Module,
    readonly space: Box,
    private readonly rng: Random,
    options: SoftDeterministicPolicyOptions = {},
  ) {
    super(model, { name: 'policy', ...options });
    boxAffine(space, 'SoftDeterministicPolicy');
    this.actionDims = space.size;
    this.logStdMin = options.logStdMin ?? -20;
    this.logStdMax = options.logStdMax ?? 4;
    this.logStdScale = options.logStdScale ?? 0.5;
    if (!(this.logStdMin < this.logStdMax)) {
      throw new ConfigError(`SoftDeterministicPolicy: logStdMin (${this.logStdMin}) must be below logStdMax (${this.logStdMax})`);
    }
  }

  /** The pre-squash Gaussian's mean and clipped log-std [B, D]; the caller owns both. */
  distribution(x: Tensor, mode: 'forward' | 'eval' = 'forward'): { mean: Tensor; logStd: Tensor } {
    return tf.tidy(() => {
      const out = mode === 'forward' ? this.forward(x) : this.eval(x);
      const d = this.actionDims;
      if (out.rank !== 2 || out.shape[1] !== 2 * d) {
        throw new ShapeError(
          `${this.name}: the model returned shape [${out.shape.join(', ')}]; a squashed Gaussian over ${d} action ` +
            `dimensions needs [batch, ${2 * d}] (means, then log-stds)`,
        );
      }
      const [mean, raw] = tf.split(out, 2, 1) as [Tensor, Tensor];
      return { mean, logStd: tf.clipByValue(tf.mul(raw, this.logStdScale), this.logStdMin, this.logStdMax) };
    });
  }

  /**
   * A reparameterized sample with its log-density, differentiable in the policy's variables:
   * for SAC's policy loss inside a closure, or its targets inside tf.tidy. Draws B * D normals
   * from the seeded generator. The caller owns the three tensors.
   */
  sample(x: Tensor, mode: 'forward' | 'eval' = 'forward'): SoftSample {
    const sampled = tf.tidy(() => {
      const { mean, logStd } = this.distribution(x, mode);
      const eps = new Float32Array(mean.size);
      for (let i = 0; i < eps.length; i++) eps[i] = this.rng.normal();
      const s = squashedGaussianSample(mean, logStd, tf.tensor(eps, mean.shape), this.space.low, this.space.high);
      return { action: s.action, preTanh: s.preTanh, logProb: s.logProb };
    });
    return sampled;
  }

  /** One action (D values) for one input of shape `shape`. */
  act(input: Float32Array, shape: readonly number[], options: SoftDeterministicActOptions = {}): Float32Array {
    return this.actBatch(input, [1, ...shape], options);
  }

  /** One action per row of `inputs` ([n, ...shape] flattened): n * D values, row-major, inside the box. */
  actBatch(inputs: Float32Array, batchShape: readonly number[], options: SoftDeterministicActOptions = {}): Float32Array {
    const mode = options.evaluation ? 'eval' : 'forward';
    const out = readFloats(() => {
      const x = tf.tensor(inputs, [...batchShape]);
      return options.deterministic
        ? deterministicAction(this.distribution(x, mode).mean, this.space.low, this.space.high)
        : this.sample(x, mode).action;
    });
    return clipRows(out, this.space);
  }
}
