/**
 * What the flat optimizers (FlatAdam, FlatRMSprop) share: one fixed list of variables trained
 * together, the checks on a list of gradients, the global gradient norm computed the way the
 * update sees it, and the host step that runs one JavaScript loop per variable straight on the
 * wasm heap (lib/backend/host_memory.ts). A subclass supplies its per-variable loop and its
 * tensor step for the other backends.
 */
import { ConfigError, ShapeError } from '../core/errors';
import { globalNorm } from '../functional/gradients';
import { computeOnHost, HostArrays, onHostMemoryBackend } from '../backend/host_memory';
import { readFloats } from '../read_back';
import { tf, type Tensor, type Variable } from '../tf';
import type { GradientList, Optimizer } from './optimizer';

/**
 * One variable's update on the host: reads its gradient `g` and values `p`, writes the new values
 * to `out`, and updates the optimizer's flat state arrays `state` (see `hostState`) from `offset`
 * (where this variable's state starts).
 */
/** A non-trainable float32 variable of `n` zeros (optimizer state), leaving no other tensor behind. */
export function zeroVariable(n: number): Variable {
  return tf.tidy(() => tf.variable(tf.zeros([n]), false));
}

export type HostLoop = (g: Float32Array, p: Float32Array, out: Float32Array, offset: number, state: Float32Array[]) => void;

export abstract class FlatOptimizer implements Optimizer {
  /** Learning rate of the next step; assign to schedule it. */
  learningRate: number;
  /** Values per variable, in order. */
  protected readonly sizes: number[];
  /** Values over all variables (the length of each flat state vector). */
  protected readonly total: number;
  /** Whether this optimizer runs its host implementation (decided once, at construction). */
  readonly onHost: boolean;
  /** The host implementation's flat state arrays (e.g. Adam's two moments), on the wasm heap where there is one. */
  protected readonly hostState: HostArrays | undefined;
  private t = 0;

  /**
   * @param name the optimizer's name, for messages
   * @param variables the variables to train, in a fixed order (gradients come in the same order)
   * @param learningRate step size
   * @param hostStateArrays how many flat state arrays (of one value per trained value) the host
   *   implementation keeps
   */
  constructor(
    private readonly name: string,
    protected readonly variables: readonly Variable[],
    learningRate: number,
    hostStateArrays: number,
  ) {
    if (variables.length === 0) throw new ConfigError(`${name} needs at least one variable to train`);
    this.learningRate = learningRate;
    this.sizes = variables.map((v) => v.size);
    this.total = this.sizes.reduce((a, b) => a + b, 0);
    this.onHost = onHostMemoryBackend();
    if (this.onHost) this.hostState = new HostArrays(hostStateArrays, this.total);
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
    if (!this.onHost) return readFloats(() => globalNorm(present))[0]!;
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
      throw new ShapeError(`${this.name} got ${grads.length} gradients for ${this.variables.length} variables`);
    }
    const missing = this.variables.filter((_, i) => grads[i] === undefined).map((v) => v.shape);
    if (missing.length > 0) {
      throw new ConfigError(
        `${this.name}: the loss does not depend on the variables of shapes ${JSON.stringify(missing)}; ` +
          'every variable it trains must be used by the loss (or leave the unused ones out of the model)',
      );
    }
    const present = grads as readonly Tensor[];
    present.forEach((g, i) => {
      if (g.size !== this.sizes[i]) {
        throw new ShapeError(`${this.name}: gradient ${i} has ${g.size} values but its variable has ${this.sizes[i]}`);
      }
    });
    this.t += 1;
    this.step(present, scale, this.t);
  }

  /** One update (gradients checked); `t` counts steps from 1. */
  protected abstract step(grads: readonly Tensor[], scale: number, t: number): void;

  /** The host implementation's skeleton: `loop` once per variable, then every variable assigned. */
  protected hostUpdate(grads: readonly Tensor[], loop: HostLoop): void {
    const { variables, sizes } = this;
    tf.tidy(() => {
      const fresh = computeOnHost(
        [...grads, ...variables],
        variables.map((x) => x.shape),
        (ins, outs) => {
          const state = this.hostState!.views();
          let offset = 0;
          for (let i = 0; i < outs.length; i++) {
            loop(ins[i]!, ins[outs.length + i]!, outs[i]!, offset, state);
            offset += sizes[i]!;
          }
        },
      );
      variables.forEach((x, i) => x.assign(fresh[i]!));
    });
  }

  /** The gradients as one flat vector, times `scale` (the tensor implementations' first kernels). */
  protected flatGradient(grads: readonly Tensor[], scale: number): Tensor {
    const flat = grads.length === 1 ? tf.reshape(grads[0]!, [-1]) : tf.concat(grads.map((x) => tf.reshape(x, [-1])));
    return scale === 1 ? flat : tf.mul(flat, scale);
  }

  /** Subtracts a flat update vector from the variables, split back per variable. */
  protected subtractFlat(update: Tensor): void {
    const parts = this.variables.length === 1 ? [update] : tf.split(update, this.sizes);
    this.variables.forEach((variable, i) => {
      variable.assign(tf.sub(variable, tf.reshape(parts[i]!, variable.shape)));
    });
  }

  /** Releases the optimizer's state. */
  dispose(): void {
    this.hostState?.dispose();
  }
}
