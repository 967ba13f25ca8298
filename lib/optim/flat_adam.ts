/**
 * Adam (Kingma & Ba 2015, https://arxiv.org/abs/1412.6980) over all of a model's variables at
 * once: the gradients are flattened into one vector, the moments are two flat variables, and the
 * update is split back per variable. The math equals torch.optim.Adam (which ALL uses), with the
 * bias corrections folded into the step size and epsilon:
 *   step = lr * sqrt(1 - b2^t) / (1 - b1^t),  update = step * m / (sqrt(v) + eps * sqrt(1 - b2^t)).
 * Why: the small networks of classic control are bound by per-kernel overhead (DESIGN §7), and
 * tfjs's Adam issues ~15 kernels per variable; this issues about 5 per variable plus 12.
 */
import { ConfigError, ShapeError } from '../core/errors';
import { tf, type Tensor, type Variable } from '../tf';

/** Adam over one fixed list of variables. */
export class FlatAdam {
  /** Learning rate of the next step; assign to schedule it. */
  learningRate: number;
  private readonly sizes: number[];
  private readonly total: number;
  private readonly m: Variable;
  private readonly v: Variable;
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
    this.m = tf.variable(tf.zeros([this.total]), false);
    this.v = tf.variable(tf.zeros([this.total]), false);
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
    this.t += 1;
    const { beta1: b1, beta2: b2 } = this;
    const c2 = Math.sqrt(1 - Math.pow(b2, this.t));
    const step = (this.learningRate * c2) / (1 - Math.pow(b1, this.t));
    tf.tidy(() => {
      const g = grads.length === 1 ? tf.reshape(grads[0]!, [-1]) : tf.concat(grads.map((x) => tf.reshape(x, [-1])));
      const m = tf.add(tf.mul(this.m, b1), tf.mul(g, 1 - b1));
      const v = tf.add(tf.mul(this.v, b2), tf.mul(tf.square(g), 1 - b2));
      this.m.assign(m);
      this.v.assign(v);
      const update = tf.div(tf.mul(m, step), tf.add(tf.sqrt(v), this.epsilon * c2));
      const parts = this.variables.length === 1 ? [update] : tf.split(update, this.sizes);
      this.variables.forEach((variable, i) => {
        variable.assign(tf.sub(variable, tf.reshape(parts[i]!, variable.shape)));
      });
    });
  }

  /** Releases the moment variables. */
  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
