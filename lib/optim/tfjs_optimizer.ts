/**
 * Any TensorFlow.js optimizer (`tf.train.sgd`, `momentum`, `rmsprop`, `adam`, ...) behind the
 * Optimizer interface of lib/optim/optimizer.ts.
 *
 * Why an adapter: tfjs optimizers take gradients keyed by variable name, and they do not all read
 * their learning rate when they step. SGD and Momentum cache `-lr` as a kept scalar in
 * `setLearningRate` and step with that cache (tfjs-core 4.22, optimizers/sgd_optimizer.js), so
 * assigning their `learningRate` field, as Approximation once did, silently ignored a schedule;
 * Adam, Adamax, RMSprop, Adagrad and Adadelta read the field at every step. Setting
 * `learningRate` here calls the optimizer's `setLearningRate` where it has one and assigns the
 * field otherwise, and does nothing when the rate is unchanged (no scalar per step for SGD).
 * An optimizer of your own that caches its rate must offer `setLearningRate(lr)`.
 */
import { ShapeError } from '../core/errors';
import { globalNorm } from '../functional/gradients';
import { readFloats } from '../read_back';
import { tf, type Tensor, type Variable } from '../tf';
import type { GradientList, Optimizer } from './optimizer';

/** The two ways a tfjs optimizer holds its rate (both protected in tfjs's typings). */
interface RateHolder {
  learningRate?: unknown;
  setLearningRate?: (learningRate: number) => void;
}

/** A tfjs optimizer over one fixed, ordered list of variables. */
export class TfjsOptimizer implements Optimizer {
  private rate: number;

  /**
   * @param variables the variables to train, in the order gradients will be passed
   * @param inner the tfjs optimizer; this adapter owns it from now on (disposes it)
   */
  constructor(
    private readonly variables: readonly Variable[],
    readonly inner: tf.Optimizer,
  ) {
    const held = (inner as unknown as RateHolder).learningRate;
    this.rate = typeof held === 'number' ? held : NaN; // NaN: unknown, so the first assignment applies
  }

  /** The learning rate of the next step; assigning it really changes the rate the optimizer steps with. */
  get learningRate(): number {
    return this.rate;
  }

  set learningRate(learningRate: number) {
    if (learningRate === this.rate) return;
    const holder = this.inner as unknown as RateHolder;
    if (typeof holder.setLearningRate === 'function') holder.setLearningRate(learningRate);
    else holder.learningRate = learningRate;
    this.rate = learningRate;
  }

  /** The global norm of the present gradients, by lib/functional's `globalNorm` kernels. */
  gradientNorm(grads: GradientList): number {
    const present = grads.filter((g): g is Tensor => g !== undefined);
    return present.length === 0 ? 0 : readFloats(() => globalNorm(present))[0]!;
  }

  /**
   * One step of the tfjs optimizer on the present gradients (a variable whose gradient is
   * undefined is left as it is), each multiplied by `scale` first when it is not 1.
   */
  applyGradients(grads: GradientList, scale = 1): void {
    if (grads.length !== this.variables.length) {
      throw new ShapeError(`TfjsOptimizer got ${grads.length} gradients for ${this.variables.length} variables; pass one per variable, in order (undefined for none)`);
    }
    tf.tidy(() => {
      const named: tf.NamedTensorMap = {};
      grads.forEach((g, i) => {
        if (g === undefined) return;
        const variable = this.variables[i]!;
        if (g.size !== variable.size) {
          throw new ShapeError(`TfjsOptimizer: gradient ${i} has shape [${g.shape.join(', ')}] but its variable has shape [${variable.shape.join(', ')}]`);
        }
        named[variable.name] = scale === 1 ? g : tf.mul(g, scale);
      });
      this.inner.applyGradients(named);
    });
  }

  /** Disposes the tfjs optimizer (its slots and cached scalars). */
  dispose(): void {
    // Momentum's dispose (tfjs-core 4.22) forgets the -lr scalar `c` it inherits from SGD
    const cached = (this.inner as unknown as { c?: unknown }).c;
    this.inner.dispose();
    if (cached instanceof tf.Tensor && !cached.isDisposed) cached.dispose();
  }
}
