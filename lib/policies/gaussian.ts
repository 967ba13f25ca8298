/**
 * GaussianPolicy: a diagonal Gaussian policy over a Box action space (ALL's
 * all/policies/gaussian.py), used by continuous PPO. The model outputs [B, 2D]: D unscaled means,
 * then D log-scales. As in ALL, the distribution is N(mean + center, std * halfRange) with
 * center = (high + low) / 2 and halfRange = (high - low) / 2, so means are shifted (not scaled)
 * into the box, standard deviations are scaled, and samples are not clipped.
 *
 * Deliberate differences from ALL: no distribution object (acting samples on the host from the
 * run's seeded `Random`; training uses `logProb` / `entropy` / `distribution` inside loss
 * closures, built on lib/functional's `gaussianLogProb` and `gaussianEntropy`); the second half of
 * the output is read as log-variances by default (ALL: std = exp(0.5 * output), although ALL's
 * model names them log_stds), or as log-standard-deviations with `parameterization: 'logStd'`.
 * `WithLogStd` builds ALL's fc_policy layout (a mean network plus a state-independent variable).
 */
import { ConfigError, ShapeError } from '../core/errors';
import type { Random } from '../core/random';
import type { Box } from '../core/spaces';
import { Approximation, type ApproximationOptions } from '../approximation/approximation';
import { clippedSurrogateEntropyLoss, gaussianEntropy, gaussianLogProb } from '../functional';
import type { SurrogateStats } from '../functional/surrogate_stats';
import { makeVariable, type ApplyOptions, type Module } from '../nn/module';
import { readAllFloats } from '../read_back';
import { tf, type Scalar, type Tensor, type Variable } from '../tf';
import type { StochasticPolicy, SurrogateTerms } from './stochastic';

/** How the second half of the model's output encodes the spread. */
export type GaussianParameterization = 'logVariance' | 'logStd';

/** Options of a GaussianPolicy. */
export interface GaussianPolicyOptions extends ApproximationOptions {
  /** 'logVariance' (ALL's reading: std = exp(0.5 * output); default) or 'logStd' (std = exp(output)). */
  parameterization?: GaussianParameterization;
}

/** Options of acting. */
export interface GaussianActOptions {
  /** Use evaluation mode (noise layers off); default false. */
  evaluation?: boolean;
  /** Return the distribution's mean instead of a sample; default false (ALL's agents sample). */
  deterministic?: boolean;
  /** The same as `deterministic`, under the name the softmax policy and the test agents use. */
  greedy?: boolean;
}

/** Mean and log-standard-deviation of the scaled action distribution, each [B, D]. */
export interface GaussianParameters {
  mean: Tensor;
  logStd: Tensor;
}

/** Center and log half-range of a finite Box, checked. */
export function boxAffine(space: Box, who: string): { center: Float32Array; logHalfRange: Float32Array; halfRange: Float32Array } {
  if (space.shape.length !== 1) {
    throw new ShapeError(`${who}: the action space must be a flat Box [D]; received shape [${space.shape.join(', ')}]`);
  }
  const d = space.size;
  const center = new Float32Array(d);
  const halfRange = new Float32Array(d);
  const logHalfRange = new Float32Array(d);
  for (let i = 0; i < d; i++) {
    const lo = space.low[i]!;
    const hi = space.high[i]!;
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) {
      throw new ConfigError(`${who}: every action bound must be finite with high > low; dimension ${i} has [${lo}, ${hi}]`);
    }
    center[i] = (hi + lo) / 2;
    halfRange[i] = (hi - lo) / 2;
    logHalfRange[i] = Math.log((hi - lo) / 2);
  }
  return { center, logHalfRange, halfRange };
}

/** A diagonal Gaussian policy scaled to a Box (ALL's GaussianPolicy). */
export class GaussianPolicy extends Approximation implements StochasticPolicy {
  readonly actionDims: number;
  readonly parameterization: GaussianParameterization;
  private readonly center: Float32Array;
  private readonly logHalfRange: Float32Array;

  /**
   * @param model maps inputs [B, ...] to [B, 2D]: unscaled means, then log-variances (or log-stds)
   * @param space the Box of actions (finite bounds)
   * @param rng seeded generator for sampling actions
   * @param options approximation options (name defaults to 'policy') and the parameterization
   */
  constructor(
    model: Module,
    readonly space: Box,
    private readonly rng: Random,
    options: GaussianPolicyOptions = {},
  ) {
    super(model, { name: 'policy', ...options });
    const affine = boxAffine(space, 'GaussianPolicy');
    this.center = affine.center;
    this.logHalfRange = affine.logHalfRange;
    this.actionDims = space.size;
    this.parameterization = options.parameterization ?? 'logVariance';
  }

  /**
   * The scaled distribution's mean and log-std [B, D] from a model output [B, 2D]; the caller
   * owns both. Use in loss closures (with `mode` 'forward') or inside tf.tidy.
   */
  distribution(x: Tensor, mode: 'forward' | 'eval' = 'forward'): GaussianParameters {
    return tf.tidy(() => {
      const out = mode === 'forward' ? this.forward(x) : this.eval(x);
      const d = this.actionDims;
      if (out.rank !== 2 || out.shape[1] !== 2 * d) {
        throw new ShapeError(
          `${this.name}: the model returned shape [${out.shape.join(', ')}]; a Gaussian policy over ${d} action ` +
            `dimensions needs [batch, ${2 * d}] (means, then log-scales)`,
        );
      }
      const [rawMean, rawScale] = tf.split(out, 2, 1) as [Tensor, Tensor];
      const logStd = this.parameterization === 'logVariance' ? tf.mul(rawScale, 0.5) : rawScale;
      return {
        mean: tf.add(rawMean, tf.tensor1d(this.center)),
        logStd: tf.add(logStd, tf.tensor1d(this.logHalfRange)),
      };
    });
  }

  /** log pi(a | x) [B] for actions [B, D] (in action units), training mode; the caller owns it. */
  logProb(x: Tensor, actions: Tensor): Tensor {
    return tf.tidy(() => {
      const { mean, logStd } = this.distribution(x);
      return gaussianLogProb(mean, logStd, actions);
    });
  }

  /** Differential entropy of pi(. | x) in nats [B], training mode; the caller owns it. */
  entropy(x: Tensor): Tensor {
    return tf.tidy(() => gaussianEntropy(this.distribution(x).logStd));
  }

  /**
   * PPO's policy loss on inputs `x`: lib/functional's clippedSurrogateEntropyLoss of `logProb`
   * and `entropy` (the composition), training mode; for loss closures. `stats` receives the
   * minibatch's diagnostics.
   * @returns a scalar the caller owns
   */
  clippedSurrogateLoss(x: Tensor, t: SurrogateTerms, stats?: SurrogateStats): Scalar {
    return tf.tidy(() => {
      const logProb = this.logProb(x, t.actions);
      const entropy = this.entropy(x);
      return clippedSurrogateEntropyLoss(logProb, entropy, t.oldLogProbs, t.advantages, t.epsilon, t.entropyScaling, stats);
    });
  }

  /** One action (D values) for one input of shape `shape`. */
  act(input: Float32Array, shape: readonly number[], options: GaussianActOptions = {}): Float32Array {
    return this.actBatch(input, [1, ...shape], options);
  }

  /** One action per row of `inputs` ([n, ...shape] flattened): n * D values, row-major. */
  actBatch(inputs: Float32Array, batchShape: readonly number[], options: GaussianActOptions = {}): Float32Array {
    const x = tf.tensor(inputs, [...batchShape]);
    try {
      return this.sampleFrom(x, options);
    } finally {
      x.dispose();
    }
  }

  /** One action per row of an input tensor (e.g. features); the tensor stays the caller's. n * D values. */
  sampleFrom(x: Tensor, options: GaussianActOptions = {}): Float32Array {
    const [mean, logStd] = readAllFloats(() => {
      const p = this.distribution(x, options.evaluation ? 'eval' : 'forward');
      return [p.mean, p.logStd];
    }) as [Float32Array, Float32Array];
    const out = Float32Array.from(mean);
    if (options.deterministic || options.greedy) return out;
    for (let i = 0; i < out.length; i++) out[i] = mean[i]! + Math.exp(logStd[i]!) * this.rng.normal();
    return out;
  }
}

/**
 * A model whose output is [mean(x), logScale] with logScale a trainable variable [D] shared by
 * all states (ALL's continuous fc_policy: a mean network plus `log_stds`, zero-initialized).
 */
export class WithLogStd implements Module {
  readonly logScale: Variable;

  /**
   * @param mean maps inputs to means [B, D]
   * @param actionDims D
   * @param init initial value of every log-scale; default 0 (std 1 before box scaling)
   */
  constructor(
    readonly mean: Module,
    readonly actionDims: number,
    init: number | Tensor = 0,
  ) {
    if (!Number.isInteger(actionDims) || actionDims < 1) {
      throw new ConfigError(`WithLogStd: actionDims must be a positive integer; received ${actionDims}`);
    }
    this.logScale = makeVariable(typeof init === 'number' ? tf.fill([actionDims], init) : init.clone(), 'log_std');
  }

  /** The mean network's variables, then the log-scale. */
  get variables(): readonly Variable[] {
    return [...this.mean.variables, this.logScale];
  }

  /** [B, 2D]: means, then the log-scale repeated per row; the caller owns it. */
  apply(x: Tensor, options?: ApplyOptions): Tensor {
    return tf.tidy(() => {
      const m = this.mean.apply(x, options);
      if (m.rank !== 2 || m.shape[1] !== this.actionDims) {
        throw new ShapeError(`WithLogStd: the mean model returned [${m.shape.join(', ')}]; expected [batch, ${this.actionDims}]`);
      }
      return tf.concat([m, tf.mul(tf.onesLike(m), this.logScale)], 1);
    });
  }

  clone(): WithLogStd {
    return new WithLogStd(this.mean.clone(), this.actionDims, this.logScale);
  }

  dispose(): void {
    this.mean.dispose();
    this.logScale.dispose();
  }
}
