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

const LOG_2 = Math.log(2);
const LOG_2PI = Math.log(2 * Math.PI);

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

/** A reparameterized sample of the squashed Gaussian: actions [B, D] and log-densities [B] (or none). */
export interface SquashedDraw {
  action: Tensor;
  logProb?: Tensor;
}

/**
 * SAC's sampler of a SoftDeterministicPolicy's tanh-squashed Gaussian, with few kernels (about 20
 * per sample instead of the ~40 of the policy's general `sample`, whose backward pass costs twice
 * as many more; the same values, tested against lib/functional's `squashedGaussianSample`):
 * u = mean + exp(logStd) * eps, action = center + halfRange * tanh(u), and
 * log pi = sum_d [-eps_d^2 / 2 - log(2 pi) / 2 - log halfRange_d] - sum_d [logStd_d + log(1 - tanh(u_d)^2)]
 * with log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u)) (Haarnoja et al. 2018, appendix C). The
 * first sum depends only on the noise and the box, so it is computed on the host. The noise comes
 * from the generator given here (the agent's), not the policy's own.
 */
export class SquashedSampler {
  private readonly center: Float32Array;
  private readonly halfRange: Float32Array;
  private readonly unitBox: boolean;
  private readonly logHalfRangeSum: number;

  /**
   * @param policy the policy whose `distribution` is sampled
   * @param rng the seeded generator of the noise
   */
  constructor(
    readonly policy: SoftDeterministicPolicy,
    private readonly rng: Random,
  ) {
    const { low, high } = policy.space;
    this.center = Float32Array.from(low, (lo, i) => (high[i]! + lo) / 2);
    this.halfRange = Float32Array.from(low, (lo, i) => (high[i]! - lo) / 2);
    this.unitBox = this.center.every((c) => c === 0) && this.halfRange.every((h) => h === 1);
    this.logHalfRangeSum = Array.from(this.halfRange).reduce((a, h) => a + Math.log(h), 0);
  }

  /**
   * Draws one action per row of x (training mode), with log-densities when `withLogProb`.
   * Differentiable in the policy's variables. Call inside tf.tidy or a loss closure; the caller
   * owns the tensors.
   * @param eps optional standard-normal noise [B * D] row-major (default: drawn from the generator)
   */
  sample(x: Tensor, withLogProb: boolean, eps?: Float32Array): SquashedDraw {
    return tf.tidy(() => {
      const { mean, logStd } = this.policy.distribution(x);
      const [rows, dims] = mean.shape as [number, number];
      const noise = eps ?? new Float32Array(rows * dims);
      if (eps === undefined) for (let i = 0; i < noise.length; i++) noise[i] = this.rng.normal();
      const u = tf.add(mean, tf.mul(tf.exp(logStd), tf.tensor2d(noise, [rows, dims])));
      const t = tf.tanh(u);
      const action = this.unitBox ? t : tf.add(tf.mul(t, tf.tensor1d(this.halfRange)), tf.tensor1d(this.center));
      if (!withLogProb) return { action };
      const constant = new Float32Array(rows);
      const perRow = -dims * (0.5 * LOG_2PI + 2 * LOG_2) - this.logHalfRangeSum;
      for (let r = 0; r < rows; r++) {
        let sq = 0;
        for (let d = 0; d < dims; d++) sq += noise[r * dims + d]! ** 2;
        constant[r] = perRow - 0.5 * sq;
      }
      // logStd + log(1 - tanh(u)^2) - 2 log 2 = logStd - 2 (u + softplus(-2u))
      const perDim = tf.sub(logStd, tf.mul(tf.add(u, tf.softplus(tf.mul(u, -2))), 2));
      return { action, logProb: tf.sub(tf.tensor1d(constant), tf.sum(perDim, 1)) };
    });
  }

  /** One sampled action (D values, inside the box) for one observation of shape `shape`, training mode. */
  act(observation: Float32Array, shape: readonly number[]): Float32Array {
    const action = readFloats(() => this.sample(tf.tensor(observation, [1, ...shape]), false).action);
    return clipRows(action, this.policy.space);
  }

  /**
   * SAC's policy step (Haarnoja et al. 2018, equation 7 with the reparameterization of equation
   * 11): minimizes mean(temperature * log pi(a|s) - q(s, a)) over fresh samples a ~ pi(.|s).
   * @param states the batch's states [B, ...]
   * @param q the critic the policy ascends, q(states, actions) -> [B]
   * @param temperature alpha
   * @returns mean log pi(a|s) of the samples (the entropy estimate is its negative)
   */
  reinforce(states: Tensor, q: (states: Tensor, actions: Tensor) => Tensor, temperature: number): number {
    let meanLogProb: Tensor | undefined;
    try {
      this.policy.reinforce(() => {
        const s = this.sample(states, true);
        meanLogProb = tf.keep(tf.mean(s.logProb!)); // kept past the gradient tape's tidy, read below
        return tf.mean(tf.sub(tf.mul(s.logProb!, temperature), q(states, s.action)));
      });
      return meanLogProb!.dataSync()[0]!;
    } finally {
      meanLogProb?.dispose();
    }
  }
}
