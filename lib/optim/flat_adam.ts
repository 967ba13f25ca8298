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
import { simdOptimizerKernels, type AdamConstants } from '../backend/simd_optimizers';
import { tf, type Tensor, type Variable } from '../tf';
import { FlatOptimizer, zeroVariable } from './flat_optimizer';

/**
 * The same update with every constant and every intermediate rounded to float32, in the order
 * of the tensor implementation's kernels (each float32 operation is correctly rounded in both
 * places, and a double result rounded once to float32 is too), so the results are bitwise equal.
 */
function adamLoopFloat32(
  g: Float32Array, p: Float32Array, out: Float32Array, m: Float32Array, v: Float32Array, offset: number, c: AdamConstants, start: number,
): void {
  const f = Math.fround;
  const b1 = f(c.beta1);
  const c1 = f(1 - c.beta1);
  const b2 = f(c.beta2);
  const c2 = f(1 - c.beta2);
  const step = f(c.step);
  const epsHat = f(c.epsHat);
  const scale = f(c.scale);
  const n = out.length;
  for (let k = start; k < n; k++) {
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
export class FlatAdam extends FlatOptimizer {
  /** Moments of the tensor implementation (flat variables), or undefined on the host one. */
  private readonly m: Variable | undefined;
  private readonly v: Variable | undefined;

  /**
   * @param variables the variables to train, in a fixed order (gradients are passed in the same order)
   * @param learningRate step size
   * @param beta1 first-moment decay. Default 0.9
   * @param beta2 second-moment decay. Default 0.999
   * @param epsilon added to the root of the second moment. Default 1e-8 (torch)
   */
  constructor(
    variables: readonly Variable[],
    learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    super('FlatAdam', variables, learningRate, 2);
    if (!this.onHost) {
      this.m = zeroVariable(this.total);
      this.v = zeroVariable(this.total);
    }
  }

  protected step(grads: readonly Tensor[], scale: number, t: number): void {
    const { beta1: b1, beta2: b2 } = this;
    const c2 = Math.sqrt(1 - Math.pow(b2, t));
    const step = (this.learningRate * c2) / (1 - Math.pow(b1, t));
    const epsHat = this.epsilon * c2;
    if (this.onHost) {
      const constants: AdamConstants = { beta1: b1, beta2: b2, step, epsHat, scale };
      const simd = simdOptimizerKernels();
      this.hostUpdate(grads, (g, p, out, offset, [m, v]) => {
        const done = simd === undefined ? 0 : simd.adam(g, p, out, m!, v!, offset, constants);
        adamLoopFloat32(g, p, out, m!, v!, offset, constants, done);
      });
    } else {
      this.tensorStep(grads, step, epsHat, scale);
    }
  }

  /** The tensor implementation: one flat vector of gradients, moments as flat variables. */
  private tensorStep(grads: readonly Tensor[], step: number, epsHat: number, scale: number): void {
    const { beta1: b1, beta2: b2 } = this;
    const mVar = this.m!;
    const vVar = this.v!;
    tf.tidy(() => {
      const g = this.flatGradient(grads, scale);
      const m = tf.add(tf.mul(mVar, b1), tf.mul(g, 1 - b1));
      const v = tf.add(tf.mul(vVar, b2), tf.mul(tf.square(g), 1 - b2));
      mVar.assign(m);
      vVar.assign(v);
      this.subtractFlat(tf.div(tf.mul(m, step), tf.add(tf.sqrt(v), epsHat)));
    });
  }

  /** Releases the moments. */
  override dispose(): void {
    super.dispose();
    this.m?.dispose();
    this.v?.dispose();
  }
}
