/**
 * RMSprop (Tieleman & Hinton 2012) over all of a model's variables at once, with torch.optim.RMSprop's
 * arithmetic (float32, no momentum, no weight decay):
 *   ms = alpha ms + (1 - alpha) g^2;  centered: mg = alpha mg + (1 - alpha) g, var = ms - mg^2
 *   p -= lr g / (sqrt(var or ms) + eps)
 * Epsilon is added outside the square root, as torch does; tfjs's rmsprop adds it inside, which
 * matters for MinAtar's DQN (centered, alpha 0.95, eps 0.01: inside the root that eps would be
 * 0.1). The centered variance can round to slightly below zero; it is clamped at 0 (torch would
 * take the root of the negative number and write NaN into the weights).
 *
 * Two implementations, one arithmetic (as FlatAdam): a host loop per variable on the wasm heap
 * that rounds after every operation as the tensor kernels do (128-bit SIMD WebAssembly for all but
 * the last few values, lib/backend/simd_optimizers.ts), and flat tensors elsewhere.
 */
import { simdOptimizerKernels, type RMSpropConstants } from '../backend/simd_optimizers';
import { ConfigError } from '../core/errors';
import { tf, type Tensor, type Variable } from '../tf';
import { FlatOptimizer, zeroVariable } from './flat_optimizer';

/** RMSprop's settings (torch's names and defaults). */
export interface RMSpropOptions {
  /** Decay of the running averages. Default 0.99 (torch); MinAtar's DQN uses 0.95. */
  alpha?: number;
  /** Added to the root of the (centered) second moment. Default 1e-8 (torch). */
  eps?: number;
  /** Divide by the root of the variance (ms - mg^2) instead of the second moment. Default false. */
  centered?: boolean;
}

/** One variable's RMSprop step on the host from value `start` on, every intermediate rounded to float32. */
function rmspropLoopFloat32(
  g: Float32Array, p: Float32Array, out: Float32Array, ms: Float32Array, mg: Float32Array | undefined,
  offset: number, c: RMSpropConstants, start: number,
): void {
  // locals, not globals, in the loop: inside jest's vm sandbox every global lookup is an interceptor call
  const f = Math.fround;
  const sqrt = Math.sqrt;
  const a = f(c.alpha);
  const a1 = f(1 - c.alpha);
  const lr = f(c.lr);
  const eps = f(c.eps);
  const scale = f(c.scale);
  for (let k = start; k < out.length; k++) {
    const gk = scale === 1 ? g[k]! : f(g[k]! * scale);
    const j = offset + k;
    const s = f(f(ms[j]! * a) + f(f(gk * gk) * a1));
    ms[j] = s;
    let second = s;
    if (mg !== undefined) {
      const m = f(f(mg[j]! * a) + f(gk * a1));
      mg[j] = m;
      const variance = f(s - f(m * m));
      second = variance > 0 ? variance : 0;
    }
    out[k] = f(p[k]! - f(f(gk * lr) / f(f(sqrt(second)) + eps)));
  }
}

/** RMSprop over one fixed list of variables; every variable needs a gradient at every step. */
export class FlatRMSprop extends FlatOptimizer {
  readonly alpha: number;
  readonly eps: number;
  readonly centered: boolean;
  private readonly ms: Variable | undefined;
  private readonly mg: Variable | undefined;

  /**
   * @param variables the variables to train, in a fixed order (gradients come in the same order)
   * @param learningRate step size
   * @throws ConfigError for alpha outside [0, 1) or a negative eps
   */
  constructor(variables: readonly Variable[], learningRate: number, options: RMSpropOptions = {}) {
    super('FlatRMSprop', variables, learningRate, options.centered === true ? 2 : 1);
    this.alpha = options.alpha ?? 0.99;
    this.eps = options.eps ?? 1e-8;
    this.centered = options.centered ?? false;
    if (!(this.alpha >= 0 && this.alpha < 1)) {
      throw new ConfigError(`FlatRMSprop: alpha (the averages' decay) must be in [0, 1), e.g. 0.99; received ${this.alpha}`);
    }
    if (!(this.eps >= 0)) throw new ConfigError(`FlatRMSprop: eps must be >= 0, e.g. 1e-8; received ${this.eps}`);
    if (!this.onHost) {
      this.ms = zeroVariable(this.total);
      if (this.centered) this.mg = zeroVariable(this.total);
    }
  }

  protected step(grads: readonly Tensor[], scale: number): void {
    const constants: RMSpropConstants = { alpha: this.alpha, lr: this.learningRate, eps: this.eps, scale };
    if (this.onHost) {
      const simd = simdOptimizerKernels();
      this.hostUpdate(grads, (g, p, out, offset, [ms, mg]) => {
        const done = simd === undefined ? 0 : simd.rmsprop(g, p, out, ms!, mg, offset, constants);
        rmspropLoopFloat32(g, p, out, ms!, mg, offset, constants, done);
      });
      return;
    }
    const { alpha, eps } = this;
    tf.tidy(() => {
      const g = this.flatGradient(grads, scale);
      const ms = tf.add(tf.mul(this.ms!, alpha), tf.mul(tf.square(g), 1 - alpha));
      this.ms!.assign(ms);
      let second = ms;
      if (this.mg !== undefined) {
        const mg = tf.add(tf.mul(this.mg, alpha), tf.mul(g, 1 - alpha));
        this.mg.assign(mg);
        second = tf.relu(tf.sub(ms, tf.square(mg)));
      }
      this.subtractFlat(tf.div(tf.mul(g, this.learningRate), tf.add(tf.sqrt(second), eps)));
    });
  }

  /** Releases the running averages. */
  override dispose(): void {
    super.dispose();
    this.ms?.dispose();
    this.mg?.dispose();
  }
}
