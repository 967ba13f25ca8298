/**
 * SoftmaxPolicy: a stochastic policy over discrete actions, pi(a | s) = softmax(logits(s))_a
 * (ALL's all/policies/softmax.py), used by VPG, A2C, PPO and VAC.
 *
 * Deliberate differences from ALL: no distribution object. Acting samples from the run's seeded
 * `Random` on the host (typed arrays in, integers out); training uses tensor functions inside
 * loss closures (`logProb`, `entropy`, `logits`), which apply lib/functional's `softmaxLogProb`
 * and `softmaxEntropy`.
 */
import { ShapeError } from '../core/errors';
import type { Random } from '../core/random';
import { Approximation, type ApproximationOptions } from '../approximation/approximation';
import { clippedSurrogateSoftmaxLoss, softmaxEntropy, softmaxLogProb } from '../functional';
import type { SurrogateStats } from '../functional/surrogate_stats';
import type { Module } from '../nn/module';
import { readFloats, readInts } from '../read_back';
import { checkActionMask, maskedArgmax, maskProbabilities } from './action_mask';
import { tf, type Scalar, type Tensor } from '../tf';
import type { StochasticPolicy, SurrogateTerms } from './stochastic';

/** Options of acting. */
export interface SoftmaxActOptions {
  /** Use evaluation mode (noise off); default false. Actions are still sampled, as in ALL's test agents. */
  evaluation?: boolean;
  /** Take the most probable action instead of sampling (a deterministic evaluation). Default false. */
  greedy?: boolean;
  /**
   * Legal actions, 0/1 per action and row (lib/policies/action_mask.ts): illegal actions get
   * probability 0 and the rest are renormalized. Omitted: every action is legal.
   */
  mask?: Uint8Array;
}

/**
 * Samples one category per row from row-major probabilities [n, k] by inverse CDF with one
 * uniform draw per row; a row whose cumulative sum falls short of the draw (rounding) takes its
 * last category with positive probability.
 * @param probs probabilities, n * k values, rows summing to 1
 * @param k number of categories
 * @param rng seeded generator
 * @returns n category indices
 */
export function sampleCategorical(probs: ArrayLike<number>, k: number, rng: Random): Int32Array {
  if (!Number.isInteger(k) || k < 1 || probs.length % k !== 0) {
    throw new ShapeError(`sampleCategorical: ${probs.length} probabilities cannot be split into rows of ${k} categories`);
  }
  const n = probs.length / k;
  const out = new Int32Array(n);
  for (let row = 0; row < n; row++) {
    const u = rng.random();
    let acc = 0;
    let chosen = -1;
    let lastPositive = 0;
    for (let a = 0; a < k; a++) {
      const p = probs[row * k + a]!;
      if (p > 0) lastPositive = a;
      acc += p;
      if (u < acc) {
        chosen = a;
        break;
      }
    }
    out[row] = chosen < 0 ? lastPositive : chosen;
  }
  return out;
}

/** A softmax (Boltzmann) policy over the logits a model computes (ALL's SoftmaxPolicy). */
export class SoftmaxPolicy extends Approximation implements StochasticPolicy {
  /**
   * @param model maps inputs (observations or features) [B, ...] to logits [B, actions]
   * @param rng seeded generator for sampling actions
   * @param options approximation options (name defaults to 'policy')
   */
  constructor(
    model: Module,
    private readonly rng: Random,
    options: ApproximationOptions = {},
  ) {
    super(model, { name: 'policy', ...options });
  }

  /** Logits [B, actions] in training mode, for loss closures (e.g. `policyGradientLoss`); the caller owns it. */
  logits(x: Tensor): Tensor {
    const out = this.forward(x);
    if (out.rank !== 2) {
      const shape = out.shape.join(', ');
      out.dispose();
      throw new ShapeError(`${this.name}: the model returned shape [${shape}]; a softmax policy needs logits [batch, actions]`);
    }
    return out;
  }

  /** log pi(a | x) [B] for int32 actions [B], in training mode; for loss closures. The caller owns it. */
  logProb(x: Tensor, actions: Tensor): Tensor {
    return tf.tidy(() => softmaxLogProb(this.logits(x), actions));
  }

  /** Entropy of pi(. | x) in nats [B], in training mode; for loss closures. The caller owns it. */
  entropy(x: Tensor): Tensor {
    return tf.tidy(() => softmaxEntropy(this.logits(x)));
  }

  /**
   * PPO's policy loss on inputs `x` (lib/functional's clippedSurrogateSoftmaxLoss: the clipped
   * surrogate minus entropyScaling * mean entropy, fused into one host pass on wasm and cpu),
   * training mode; for loss closures. `stats` receives the minibatch's diagnostics.
   * @returns a scalar the caller owns
   */
  clippedSurrogateLoss(x: Tensor, t: SurrogateTerms, stats?: SurrogateStats): Scalar {
    return tf.tidy(() => clippedSurrogateSoftmaxLoss(this.logits(x), t.actions, t.oldLogProbs, t.advantages, t.epsilon, t.entropyScaling, stats));
  }

  /** One sampled action for one input of shape `shape` (an observation, or features). */
  act(input: Float32Array, shape: readonly number[], options: SoftmaxActOptions = {}): number {
    return this.actBatch(input, [1, ...shape], options)[0]!;
  }

  /** One sampled action per row of `inputs` ([n, ...shape] flattened). */
  actBatch(inputs: Float32Array, batchShape: readonly number[], options: SoftmaxActOptions = {}): Int32Array {
    const x = tf.tensor(inputs, [...batchShape]);
    try {
      return this.sampleFrom(x, options);
    } finally {
      x.dispose();
    }
  }

  /**
   * One sampled action per row of an input tensor (e.g. features from a FeatureNetwork); the
   * tensor stays the caller's.
   */
  sampleFrom(x: Tensor, options: SoftmaxActOptions = {}): Int32Array {
    if (options.mask !== undefined) return this.sampleMasked(x, options, options.mask);
    if (options.greedy) {
      return readInts(() => tf.argMax(options.evaluation ? this.eval(x) : this.forward(x), 1));
    }
    let k = 0;
    const probs = readFloats(() => {
      const logits = options.evaluation ? this.eval(x) : this.forward(x);
      k = logits.shape[1]!;
      return tf.softmax(logits);
    });
    return sampleCategorical(probs, k, this.rng);
  }

  /** sampleFrom with an action mask: the masked argmax, or a sample of the renormalized legal probabilities. */
  private sampleMasked(x: Tensor, options: SoftmaxActOptions, mask: Uint8Array): Int32Array {
    let k = 0;
    const values = readFloats(() => {
      const logits = options.evaluation ? this.eval(x) : this.forward(x);
      k = logits.shape[1]!;
      return options.greedy ? logits : tf.softmax(logits);
    });
    if (mask.length !== values.length) {
      throw new ShapeError(`${this.name}: ${mask.length} action-mask entries for ${values.length / k} states of ${k} actions; pass one 0/1 entry per action per state`);
    }
    checkActionMask(mask, k, this.name);
    if (options.greedy) return Int32Array.from({ length: values.length / k }, (_, row) => maskedArgmax(values, mask, row, k));
    return sampleCategorical(maskProbabilities(values, mask, k), k, this.rng);
  }
}
