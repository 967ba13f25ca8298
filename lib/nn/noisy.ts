/**
 * Noisy linear layers for exploration by parameter noise (NoisyNets: Fortunato et al. 2018,
 * "Noisy Networks for Exploration", https://arxiv.org/abs/1706.10295). Ports ALL's NoisyLinear
 * (independent Gaussian noise per weight) and NoisyFactorizedLinear (factorized noise
 * f(eps_in) f(eps_out)^T with f(x) = sign(x) sqrt|x|), from all/nn/__init__.py.
 *
 * Each layer learns a mean (weight, bias) and a noise scale (sigmaWeight, sigmaBias). In training
 * mode every `apply` draws one fresh noise sample, shared by the whole batch, and uses
 * W = weight + sigmaWeight * epsW, b = bias + sigmaBias * epsB; in evaluation mode
 * (`{ training: false }`) it uses the mean weights only, as torch's `eval()` does in ALL.
 *
 * Deliberate differences from ALL: the noise comes from the run's seeded `Random` (generated as a
 * Float32Array in JS and uploaded), not torch's global generator, so a seed reproduces it;
 * weights are stored [in, out] (torch stores [out, in]) and drawn in that row-major order; the
 * factorized noise matrix is formed on the device from the two noise vectors. A clone (target
 * network) shares the generator of its source, so one seed still drives the whole run. Both layers
 * extend `NoisyLayer`, which holds the variable plumbing and the noise-free evaluation pass.
 */
import { ConfigError, ShapeError } from '../core/errors';
import type { Random } from '../core/random';
import { tf, type Tensor, type Variable } from '../tf';
import { hasKernel } from '../backend/kernels';
import { NOISY_WEIGHTS_KERNEL, noisyWeights } from '../backend/noisy_weights';
import { dense } from './fast_dense';
import { makeVariable, type ApplyOptions, type Module } from './module';

/** Options of NoisyLinear. */
export interface NoisyLinearOptions {
  /** Initial value of every noise scale sigma. Default 0.017 (the paper's and ALL's value for independent noise). */
  sigmaInit?: number;
}

/** Options of NoisyFactorizedLinear. */
export interface NoisyFactorizedLinearOptions {
  /**
   * Initial noise scale before division by sqrt(in): every sigma starts at sigmaInit / sqrt(in).
   * Default 0.4 (ALL's default; the paper uses 0.5, as ALL's classic-control Rainbow passes).
   */
  sigmaInit?: number;
  /**
   * Mean weights and bias start uniform in +-sqrt(initScale / in). Default 3 (ALL's default);
   * 1 gives the paper's +-1/sqrt(in); 0 starts the means at zero (ALL's Rainbow advantage head).
   */
  initScale?: number;
}

function checkSizes(layer: string, inFeatures: number, outFeatures: number): void {
  for (const [name, v] of [
    ['inFeatures', inFeatures],
    ['outFeatures', outFeatures],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new ConfigError(`${layer}: ${name} must be a positive integer; received ${v}`);
    }
  }
}

function checkInput(layer: string, x: Tensor, inFeatures: number, outFeatures: number): void {
  if (x.rank < 2 || x.shape[x.rank - 1] !== inFeatures) {
    throw new ShapeError(
      `${layer}(${inFeatures}, ${outFeatures}) received input of shape [${x.shape.join(', ')}]; ` +
        `it must be [batch, ${inFeatures}]`,
    );
  }
}

function checkSigma(layer: string, name: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) throw new ConfigError(`${layer}: ${name} must be a finite number >= 0; received ${v}`);
}

/** n standard-normal draws from the seeded generator. */
function normals(rng: Random, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

/** n uniform draws in [-bound, bound). */
function uniforms(rng: Random, n: number, bound: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform(-bound, bound);
  return out;
}

/** The four variables of a noisy layer: the means and the noise scales. */
interface NoisyVariables {
  weight: Variable;
  bias: Variable;
  sigmaWeight: Variable;
  sigmaBias: Variable;
}

/** Fresh variables holding the same values as `src` (for `clone`), named `<label>_w` etc. */
function copyVariables(src: NoisyVariables, label: string): NoisyVariables {
  return {
    weight: makeVariable(src.weight.clone(), `${label}_w`),
    bias: makeVariable(src.bias.clone(), `${label}_b`),
    sigmaWeight: makeVariable(src.sigmaWeight.clone(), `${label}_sigma_w`),
    sigmaBias: makeVariable(src.sigmaBias.clone(), `${label}_sigma_b`),
  };
}

/**
 * New variables of a noisy layer, as both NoisyNets layers initialize them: means uniform in
 * [-bound, bound), drawn from `rng` weight first (row-major [in, out]) then bias, and every noise
 * scale equal to `sigma`. Shared so that the two layers cannot drift apart in draw order.
 */
function drawVariables(rng: Random, inFeatures: number, outFeatures: number, bound: number, sigma: number, label: string): NoisyVariables {
  const w = uniforms(rng, inFeatures * outFeatures, bound);
  const b = uniforms(rng, outFeatures, bound);
  return {
    weight: makeVariable(tf.tensor2d(w, [inFeatures, outFeatures]), `${label}_w`),
    bias: makeVariable(tf.tensor1d(b), `${label}_b`),
    sigmaWeight: makeVariable(tf.fill([inFeatures, outFeatures], sigma), `${label}_sigma_w`),
    sigmaBias: makeVariable(tf.fill([outFeatures], sigma), `${label}_sigma_b`),
  };
}

/**
 * What the two noisy layers share: the four variables, their order, the input check and the
 * noise-free evaluation pass y = x weight + bias. Subclasses differ only in how they initialize
 * the variables and in the noise they add in training mode (`applyWithNoise`).
 */
export abstract class NoisyLayer implements Module {
  readonly weight: Variable;
  readonly bias: Variable;
  readonly sigmaWeight: Variable;
  readonly sigmaBias: Variable;

  /**
   * @param layer the subclass's name, for error messages
   * @param inFeatures input width
   * @param outFeatures output width
   * @param rng seeded generator of every noise sample
   * @param vars the layer's variables (drawn or copied by the subclass)
   */
  protected constructor(
    private readonly layer: string,
    readonly inFeatures: number,
    readonly outFeatures: number,
    protected readonly rng: Random,
    vars: NoisyVariables,
  ) {
    this.weight = vars.weight;
    this.bias = vars.bias;
    this.sigmaWeight = vars.sigmaWeight;
    this.sigmaBias = vars.sigmaBias;
  }

  /** weight, bias, sigmaWeight, sigmaBias (ALL's parameter order). */
  get variables(): readonly Variable[] {
    return [this.weight, this.bias, this.sigmaWeight, this.sigmaBias];
  }

  /**
   * The noisy output with fresh noise in training mode (the default), y = x weight + bias with
   * `{ training: false }`. Call inside tf.tidy; the caller owns the result.
   */
  apply(x: Tensor, options: ApplyOptions = {}): Tensor {
    checkInput(this.layer, x, this.inFeatures, this.outFeatures);
    if (options.training === false) return dense(x, this.weight, this.bias);
    return this.applyWithNoise(x);
  }

  /** The training-mode output with one fresh noise sample; the caller owns the result. */
  protected abstract applyWithNoise(x: Tensor): Tensor;

  /** An independent copy (fresh variables, same values) drawing noise from the same generator. */
  abstract clone(): NoisyLayer;

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/**
 * A linear layer with independent Gaussian noise on every weight and bias (NoisyNets,
 * Fortunato et al. 2018, section 3, https://arxiv.org/abs/1706.10295), as ALL's NoisyLinear:
 * means uniform in +-sqrt(3 / in), every sigma starting at `sigmaInit`.
 */
export class NoisyLinear extends NoisyLayer {
  readonly sigmaInit: number;

  /**
   * @param inFeatures input width
   * @param outFeatures output width
   * @param rng seeded generator for the initial means and for every noise sample
   * @param options noise scale
   * @param source (internal, used by `clone`) a layer whose variables are copied instead of drawn
   */
  constructor(inFeatures: number, outFeatures: number, rng: Random, options: NoisyLinearOptions = {}, source?: NoisyLinear) {
    checkSizes('NoisyLinear', inFeatures, outFeatures);
    const sigmaInit = options.sigmaInit ?? 0.017;
    checkSigma('NoisyLinear', 'sigmaInit', sigmaInit);
    const vars =
      source !== undefined
        ? copyVariables(source, 'noisy')
        : drawVariables(rng, inFeatures, outFeatures, Math.sqrt(3 / inFeatures), sigmaInit, 'noisy');
    super('NoisyLinear', inFeatures, outFeatures, rng, vars);
    this.sigmaInit = sigmaInit;
  }

  /**
   * y = x (weight + sigmaWeight * epsW) + (bias + sigmaBias * epsB); noise is drawn weight first
   * (row-major [in, out]), then bias. The caller owns the result.
   */
  protected applyWithNoise(x: Tensor): Tensor {
    const epsW = normals(this.rng, this.inFeatures * this.outFeatures);
    const epsB = normals(this.rng, this.outFeatures);
    return tf.tidy(() => {
      const w = tf.add(this.weight, tf.mul(this.sigmaWeight, tf.tensor2d(epsW, [this.inFeatures, this.outFeatures])));
      const b = tf.add(this.bias, tf.mul(this.sigmaBias, tf.tensor1d(epsB)));
      return dense(x, w, b);
    });
  }

  /** An independent copy (fresh variables, same values) drawing noise from the same generator. */
  clone(): NoisyLinear {
    return new NoisyLinear(this.inFeatures, this.outFeatures, this.rng, { sigmaInit: this.sigmaInit }, this);
  }
}

/** The factorized-noise scaling f(x) = sign(x) sqrt(|x|) of NoisyNets, in place. */
export function factorizedNoiseScale(values: Float32Array): Float32Array {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    values[i] = Math.sign(v) * Math.sqrt(Math.abs(v));
  }
  return values;
}

/**
 * A linear layer with factorized Gaussian noise (NoisyNets, Fortunato et al. 2018, section 3,
 * https://arxiv.org/abs/1706.10295), as ALL's NoisyFactorizedLinear: per forward pass, eps_in
 * [in] and eps_out [out] standard normals, epsW = f(eps_in) f(eps_out)^T and epsB = f(eps_out)
 * with f(x) = sign(x) sqrt|x|; means uniform in +-sqrt(initScale / in), sigmas sigmaInit / sqrt(in).
 */
export class NoisyFactorizedLinear extends NoisyLayer {
  readonly sigmaInit: number;
  readonly initScale: number;

  /**
   * @param inFeatures input width
   * @param outFeatures output width
   * @param rng seeded generator for the initial means and for every noise sample
   * @param options noise scale and mean initialization
   * @param source (internal, used by `clone`) a layer whose variables are copied instead of drawn
   */
  constructor(inFeatures: number, outFeatures: number, rng: Random, options: NoisyFactorizedLinearOptions = {}, source?: NoisyFactorizedLinear) {
    checkSizes('NoisyFactorizedLinear', inFeatures, outFeatures);
    const sigmaInit = options.sigmaInit ?? 0.4;
    const initScale = options.initScale ?? 3;
    checkSigma('NoisyFactorizedLinear', 'sigmaInit', sigmaInit);
    checkSigma('NoisyFactorizedLinear', 'initScale', initScale);
    const label = 'noisy_factorized';
    const vars =
      source !== undefined
        ? copyVariables(source, label)
        : drawVariables(rng, inFeatures, outFeatures, Math.sqrt(initScale / inFeatures), sigmaInit / Math.sqrt(inFeatures), label);
    super('NoisyFactorizedLinear', inFeatures, outFeatures, rng, vars);
    this.sigmaInit = sigmaInit;
    this.initScale = initScale;
  }

  /**
   * y = x (weight + sigmaWeight * f(eps_in) f(eps_out)^T) + bias + sigmaBias * f(eps_out); noise
   * is drawn eps_in first, then eps_out (as ALL). The caller owns the result.
   */
  protected applyWithNoise(x: Tensor): Tensor {
    const epsIn = factorizedNoiseScale(normals(this.rng, this.inFeatures));
    const epsOut = factorizedNoiseScale(normals(this.rng, this.outFeatures));
    if (hasKernel(NOISY_WEIGHTS_KERNEL)) {
      // on wasm one host kernel each way, same values (lib/backend/noisy_weights.ts)
      return tf.tidy(() => {
        const [w, b] = noisyWeights(this.weight, this.bias, this.sigmaWeight, this.sigmaBias, tf.tensor1d(epsIn), tf.tensor1d(epsOut));
        return dense(x, w, b);
      });
    }
    return tf.tidy(() => {
      const out = tf.tensor1d(epsOut);
      const noise = tf.mul(tf.tensor2d(epsIn, [this.inFeatures, 1]), tf.reshape(out, [1, this.outFeatures]));
      const w = tf.add(this.weight, tf.mul(this.sigmaWeight, noise));
      const b = tf.add(this.bias, tf.mul(this.sigmaBias, out));
      return dense(x, w, b);
    });
  }

  /** An independent copy (fresh variables, same values) drawing noise from the same generator. */
  clone(): NoisyFactorizedLinear {
    return new NoisyFactorizedLinear(
      this.inFeatures,
      this.outFeatures,
      this.rng,
      { sigmaInit: this.sigmaInit, initScale: this.initScale },
      this,
    );
  }
}
