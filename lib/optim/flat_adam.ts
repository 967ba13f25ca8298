/**
 * Adam (Kingma & Ba 2015, https://arxiv.org/abs/1412.6980) over all of a model's variables at
 * once. The math equals torch.optim.Adam (which ALL uses), with the bias corrections folded into
 * the step size and epsilon:
 *   step = lr * sqrt(1 - b2^t) / (1 - b1^t),  update = step * m / (sqrt(v) + eps * sqrt(1 - b2^t)).
 *
 * Two implementations, one arithmetic (float32, as torch.optim.Adam computes for float32
 * parameters), so a run gives the same numbers whichever runs:
 * - host (on the backends of lib/backend/host_memory.ts, wasm and cpu, whose tensors live in this
 *   process's memory): one JavaScript loop per variable reads every gradient and variable once
 *   (on wasm straight from the heap) and rounds after every operation exactly as the tensor
 *   kernels do, so it is bitwise equal to the tensor implementation (tested). On wasm it replaces
 *   about 12 kernels plus a concat and a split of the whole gradient: a fifth of a VQN step.
 *   (Until session 3, models of 25,000 values or more ran this loop in double precision, chosen
 *   by which seeds of which presets learned; one precision for every model replaced that.)
 * - tensors (other backends, e.g. native TensorFlow, where a read back to the host would stall):
 *   the gradients are flattened into one vector, the moments are two flat variables, and the
 *   update is split back per variable (about 5 kernels per variable plus 12, instead of the ~15
 *   per variable of tfjs's Adam).
 */
import { ConfigError, ShapeError } from '../core/errors';
import { globalNorm } from '../functional/gradients';
import { computeOnHost, onHostMemoryBackend } from '../backend/host_memory';
import { readFloats } from '../read_back';
import { tf, type Tensor, type Variable } from '../tf';
import type { GradientList, Optimizer } from './optimizer';

/** Adam's constants for one step (see the file header). */
interface StepConstants {
  beta1: number;
  beta2: number;
  step: number;
  epsHat: number;
  /** Gradient multiplier (clipping), applied as a float32 product first; 1 for none. */
  scale: number;
}

/**
 * The same update with every constant and every intermediate rounded to float32, in the order
 * of the tensor implementation's kernels (each float32 operation is correctly rounded in both
 * places, and a double result rounded once to float32 is too), so the results are bitwise equal.
 */
function adamLoopFloat32(g: Float32Array, p: Float32Array, out: Float32Array, m: Float32Array, v: Float32Array, offset: number, c: StepConstants): void {
  const f = Math.fround;
  const b1 = f(c.beta1);
  const c1 = f(1 - c.beta1);
  const b2 = f(c.beta2);
  const c2 = f(1 - c.beta2);
  const step = f(c.step);
  const epsHat = f(c.epsHat);
  const scale = f(c.scale);
  const n = out.length;
  for (let k = 0; k < n; k++) {
    const gk = scale === 1 ? g[k]! : f(g[k]! * scale);
    const j = offset + k;
    const mk = f(f(m[j]! * b1) + f(gk * c1));
    const vk = f(f(v[j]! * b2) + f(f(gk * gk) * c2));
    m[j] = mk;
    v[j] = vk;
    out[k] = p[k]! - f(f(mk * step) / f(f(Math.sqrt(vk)) + epsHat));
  }
}

/** Adam over one fixed list of variables; every variable needs a gradient at every step. */
export class FlatAdam implements Optimizer {
  /** Learning rate of the next step; assign to schedule it. */
  learningRate: number;
  private readonly sizes: number[];
  private readonly total: number;
  /** Moments of the tensor implementation (flat variables), or undefined on the host one. */
  private readonly m: Variable | undefined;
  private readonly v: Variable | undefined;
  /** Moments of the host implementation (flat arrays, variable after variable). */
  private readonly mHost: Float32Array | undefined;
  private readonly vHost: Float32Array | undefined;
  private t = 0;

  /**
   * @param variables the variables to train, in a fixed order (gradients are passed in the same order)
   * @param learningRate step size
   * @param beta1 first-moment decay. Default 0.9
   * @param beta2 second-moment decay. Default 0.999
   * @param epsilon added to the root of the second moment. Default 1e-8 (torch)
   */
  constructor(
    private readonly variables: readonly Variable[],
    learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    if (variables.length === 0) throw new ConfigError('FlatAdam needs at least one variable to train');
    this.learningRate = learningRate;
    this.sizes = variables.map((v) => v.size);
    this.total = this.sizes.reduce((a, b) => a + b, 0);
    if (onHostMemoryBackend()) {
      this.mHost = new Float32Array(this.total);
      this.vHost = new Float32Array(this.total);
    } else {
      this.m = tf.variable(tf.zeros([this.total]), false);
      this.v = tf.variable(tf.zeros([this.total]), false);
    }
  }

  /** True when this optimizer runs the host implementation. */
  get onHost(): boolean {
    return this.mHost !== undefined;
  }

  /** Number of steps taken. */
  get iterations(): number {
    return this.t;
  }

  /**
   * The global L2 norm of `grads`, sqrt(sum_i sum_k g_ik^2), with the float32 roundings of
   * lib/functional's `globalNorm` kernels (each sum in element order), so clipping by it gives
   * the same numbers; on the host implementation it runs in JavaScript on the wasm heap (no
   * kernels, no read-back stall), elsewhere it is `globalNorm`.
   */
  gradientNorm(grads: GradientList): number {
    const present = grads.filter((g): g is Tensor => g !== undefined);
    if (this.mHost === undefined) {
      return readFloats(() => globalNorm(present))[0]!;
    }
    const f = Math.fround;
    let total = 0;
    tf.tidy(() =>
      computeOnHost(present, [], (ins) => {
        for (const g of ins) {
          let sum = 0;
          for (let k = 0; k < g.length; k++) sum = f(sum + f(g[k]! * g[k]!));
          total = f(total + sum);
        }
      }),
    );
    return f(Math.sqrt(total));
  }

  /**
   * Applies one update from gradients listed in the variables' order.
   * @param scale multiplies every gradient first (as one float32 product, like tf.mul), e.g. a
   *   clipping factor. Default 1
   * @throws ShapeError when the gradients do not fit the variables; ConfigError when a variable
   *   has no gradient (the loss does not depend on it)
   */
  applyGradients(grads: GradientList, scale = 1): void {
    if (grads.length !== this.variables.length) {
      throw new ShapeError(`FlatAdam got ${grads.length} gradients for ${this.variables.length} variables`);
    }
    const missing = this.variables.filter((_, i) => grads[i] === undefined).map((v) => v.shape);
    if (missing.length > 0) {
      throw new ConfigError(
        `FlatAdam: the loss does not depend on the variables of shapes ${JSON.stringify(missing)}; ` +
          'every variable it trains must be used by the loss (or leave the unused ones out of the model)',
      );
    }
    const present = grads as readonly Tensor[];
    present.forEach((g, i) => {
      if (g.size !== this.sizes[i]) {
        throw new ShapeError(`FlatAdam: gradient ${i} has ${g.size} values but its variable has ${this.sizes[i]}`);
      }
    });
    this.t += 1;
    const { beta1: b1, beta2: b2 } = this;
    const c2 = Math.sqrt(1 - Math.pow(b2, this.t));
    const step = (this.learningRate * c2) / (1 - Math.pow(b1, this.t));
    if (this.mHost !== undefined) this.hostStep(present, step, this.epsilon * c2, scale);
    else this.tensorStep(present, step, this.epsilon * c2, scale);
  }

  /** The host implementation: one loop per variable over its values (see the file header). */
  private hostStep(grads: readonly Tensor[], step: number, epsHat: number, scale: number): void {
    const { variables, sizes } = this;
    const m = this.mHost!;
    const v = this.vHost!;
    const loop = adamLoopFloat32;
    const constants: StepConstants = { beta1: this.beta1, beta2: this.beta2, step, epsHat, scale };
    tf.tidy(() => {
      const fresh = computeOnHost(
        [...grads, ...variables],
        variables.map((x) => x.shape),
        (ins, outs) => {
          let offset = 0;
          for (let i = 0; i < outs.length; i++) {
            loop(ins[i]!, ins[outs.length + i]!, outs[i]!, m, v, offset, constants);
            offset += sizes[i]!;
          }
        },
      );
      variables.forEach((x, i) => x.assign(fresh[i]!));
    });
  }

  /** The tensor implementation: one flat vector of gradients, moments as flat variables. */
  private tensorStep(grads: readonly Tensor[], step: number, epsHat: number, scale: number): void {
    const { beta1: b1, beta2: b2 } = this;
    const mVar = this.m!;
    const vVar = this.v!;
    tf.tidy(() => {
      const flat = grads.length === 1 ? tf.reshape(grads[0]!, [-1]) : tf.concat(grads.map((x) => tf.reshape(x, [-1])));
      const g = scale === 1 ? flat : tf.mul(flat, scale);
      const m = tf.add(tf.mul(mVar, b1), tf.mul(g, 1 - b1));
      const v = tf.add(tf.mul(vVar, b2), tf.mul(tf.square(g), 1 - b2));
      mVar.assign(m);
      vVar.assign(v);
      const update = tf.div(tf.mul(m, step), tf.add(tf.sqrt(v), epsHat));
      const parts = this.variables.length === 1 ? [update] : tf.split(update, this.sizes);
      this.variables.forEach((variable, i) => {
        variable.assign(tf.sub(variable, tf.reshape(parts[i]!, variable.shape)));
      });
    });
  }

  /** Releases the moment variables (if any). */
  dispose(): void {
    this.m?.dispose();
    this.v?.dispose();
  }
}
