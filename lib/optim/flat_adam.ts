/**
 * Adam (Kingma & Ba 2015, https://arxiv.org/abs/1412.6980) over all of a model's variables at
 * once. The math equals torch.optim.Adam (which ALL uses), with the bias corrections folded into
 * the step size and epsilon:
 *   step = lr * sqrt(1 - b2^t) / (1 - b1^t),  update = step * m / (sqrt(v) + eps * sqrt(1 - b2^t)).
 *
 * Two implementations, equal to float32 rounding (tested):
 * - host, for models of at least HOST_ADAM_MIN_VALUES values (the backends in lib/nn/host_backends.ts: wasm and cpu, whose tensors live in this
 *   process's memory): the moments are host Float32Arrays; each step reads every gradient and
 *   variable once (on wasm straight from the heap) and writes the new values in one JavaScript
 *   loop per variable, in double precision stored as float32. On wasm this replaces ~15 tensor
 *   kernels over all the values plus a concat and a split of the whole gradient.
 * - tensors (other backends, e.g. native TensorFlow, where a read back to the host would stall):
 *   the gradients are flattened into one vector, the moments are two flat variables, and the
 *   update is split back per variable (about 5 kernels per variable plus 12, instead of the ~15
 *   per variable of tfjs's Adam).
 */
import { ConfigError, ShapeError } from '../core/errors';
import { computeOnHost, onHostMemoryBackend } from '../nn/host_backends';
import { tf, type Tensor, type Variable } from '../tf';

/** One variable's Adam update: reads g and p, writes out, updates m and v from `offset` on. */
function adamLoop(
  g: Float32Array,
  p: Float32Array,
  out: Float32Array,
  m: Float32Array,
  v: Float32Array,
  offset: number,
  beta1: number,
  beta2: number,
  step: number,
  epsHat: number,
): void {
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const n = out.length;
  for (let k = 0; k < n; k++) {
    const gk = g[k]!;
    const j = offset + k;
    const mk = m[j]! * beta1 + gk * c1;
    const vk = v[j]! * beta2 + gk * gk * c2;
    m[j] = mk;
    v[j] = vk;
    out[k] = p[k]! - (step * mk) / (Math.sqrt(vk) + epsHat);
  }
}

/**
 * Models with at least this many values take the host implementation (where the backend allows).
 * Both are Adam to float32 rounding, but seeded learning runs are chaotic and the presets' learning
 * figures were measured with one or the other: the classic networks below this size (dqn 450
 * values ... c51 13,450) with the tensor one (PPO on CartPole-v0, seeds 0-2, test means: tensor
 * 200 / 200 / 200, host 36.8 / 23.7 / 200); rainbow (39,710) and the 400-300 continuous networks
 * (about 122,000 each), which gain most from it, with the host one (rainbow seed 0: host 200,
 * tensor 85.4).
 */
export const HOST_ADAM_MIN_VALUES = 25_000;

/** Adam over one fixed list of variables. */
export class FlatAdam {
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
   * @param hostMinValues smallest model (in values) that takes the host implementation. Default HOST_ADAM_MIN_VALUES
   */
  constructor(
    private readonly variables: readonly Variable[],
    learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
    hostMinValues = HOST_ADAM_MIN_VALUES,
  ) {
    if (variables.length === 0) throw new ConfigError('FlatAdam needs at least one variable to train');
    this.learningRate = learningRate;
    this.sizes = variables.map((v) => v.size);
    this.total = this.sizes.reduce((a, b) => a + b, 0);
    if (onHostMemoryBackend() && this.total >= hostMinValues) {
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

  /** Applies one update from gradients listed in the variables' order. */
  applyGradients(grads: readonly Tensor[]): void {
    if (grads.length !== this.variables.length) {
      throw new ShapeError(`FlatAdam got ${grads.length} gradients for ${this.variables.length} variables`);
    }
    grads.forEach((g, i) => {
      if (g.size !== this.sizes[i]) {
        throw new ShapeError(`FlatAdam: gradient ${i} has ${g.size} values but its variable has ${this.sizes[i]}`);
      }
    });
    this.t += 1;
    const { beta1: b1, beta2: b2 } = this;
    const c2 = Math.sqrt(1 - Math.pow(b2, this.t));
    const step = (this.learningRate * c2) / (1 - Math.pow(b1, this.t));
    if (this.mHost !== undefined) this.hostStep(grads, step, this.epsilon * c2);
    else this.tensorStep(grads, step, this.epsilon * c2);
  }

  /**
   * The host implementation, one loop per variable over its values (in double precision,
   * stored as float32): m = m b1 + g (1 - b1); v = v b2 + g^2 (1 - b2); p = p - step m / (sqrt(v) + epsHat).
   */
  private hostStep(grads: readonly Tensor[], step: number, epsHat: number): void {
    const { beta1, beta2, variables, sizes } = this;
    const m = this.mHost!;
    const v = this.vHost!;
    tf.tidy(() => {
      const fresh = computeOnHost(
        [...grads, ...variables],
        variables.map((x) => x.shape),
        (ins, outs) => {
          let offset = 0;
          for (let i = 0; i < outs.length; i++) {
            adamLoop(ins[i]!, ins[outs.length + i]!, outs[i]!, m, v, offset, beta1, beta2, step, epsHat);
            offset += sizes[i]!;
          }
        },
      );
      variables.forEach((x, i) => x.assign(fresh[i]!));
    });
  }

  /** The tensor implementation: one flat vector of gradients, moments as flat variables. */
  private tensorStep(grads: readonly Tensor[], step: number, epsHat: number): void {
    const { beta1: b1, beta2: b2 } = this;
    const mVar = this.m!;
    const vVar = this.v!;
    tf.tidy(() => {
      const g = grads.length === 1 ? tf.reshape(grads[0]!, [-1]) : tf.concat(grads.map((x) => tf.reshape(x, [-1])));
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
