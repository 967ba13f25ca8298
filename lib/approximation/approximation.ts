/**
 * Approximation: a model plus its training plumbing (ALL's all/approximation/approximation.py).
 * Agents call `forward` inside a loss closure and `reinforce(lossFn)`; the approximation takes
 * the gradients, checks and clips them, steps the optimizer, the learning-rate schedule, the
 * target network and the checkpointer, and logs the loss.
 *
 * The optimizer is any lib/optim Optimizer (FlatAdam by default, tfjs's through TfjsOptimizer):
 * the approximation hands it the gradients in the model's variable order and a clipping factor,
 * and sets its learning rate from the schedule after every step.
 *
 * Differs from ALL: tfjs has no loss tensor that carries its graph, so `reinforce` takes a loss
 * *function* (gradients by closure, DESIGN §4), which may also return auxiliary tensors to read
 * back (JAX's `has_aux`); a non-finite loss is an error even without gradient clipping, since it
 * would silently poison every weight.
 */
import { ConfigError, NumericError, ShapeError } from '../core/errors';
import { nodeBuiltin } from '../core/node_builtins';
import { DummyLogger, type Logger } from '../logging/logger';
import type { ApplyOptions, Module } from '../nn/module';
import { makeOptimizer, type OptimizerKind } from '../optim/make_optimizer';
import type { Optimizer, OptimizerFactory } from '../optim/optimizer';
import { constantSchedule, type Schedule } from '../optim/schedules';
import { tf, type Scalar, type Tensor, type Variable } from '../tf';
import { DummyCheckpointer, type Checkpointer } from './checkpointer';
import { TrivialTarget, type TargetNetwork } from './target';
const path = nodeBuiltin('path'); // Node-only checkpoints; importable in a browser (issue 20)

export type { OptimizerKind } from '../optim/make_optimizer';

/** Tensors a loss closure computes besides the loss, by name (e.g. `{ tdErrors }`); float32. */
export type AuxTensors = Record<string, Tensor>;

/** What a loss closure with auxiliary values returns to `reinforce`. */
export interface LossWithAux<A extends AuxTensors> {
  /** The scalar loss to differentiate. */
  loss: Scalar;
  /** Tensors to read back after the step (values as computed in the forward pass, before the update). */
  aux: A;
}

/** What `reinforce` returns for a loss closure with auxiliary values. */
export interface ReinforceResult<A extends AuxTensors> {
  /** The loss value (unscaled). */
  loss: number;
  /** Each auxiliary tensor's values, as new Float32Arrays the caller owns (no tensors to dispose). */
  aux: { [K in keyof A]: Float32Array };
}

/** Options of an Approximation; every field has a default. */
export interface ApproximationOptions {
  /** Name used in `loss/<name>` and checkpoint files. Default 'approximation'. */
  name?: string;
  /** Learning rate, or a schedule of the number of updates made so far. Default 1e-3. */
  lr?: number | Schedule;
  /**
   * Optimizer: a name, or a factory for any Optimizer (e.g. a TfjsOptimizer around a tf.Optimizer).
   * Default 'adam' (beta1 0.9, beta2 0.999, as torch).
   */
  optimizer?: OptimizerKind | OptimizerFactory;
  /** Adam's epsilon. Default 1e-8 (torch's default, which ALL uses). */
  eps?: number;
  /** Clip gradients to this global norm; 0 disables clipping. Default 0 (as ALL). */
  clipGrad?: number;
  /** Multiplies the loss before differentiating (shared feature layers). Default 1. */
  lossScaling?: number;
  /** Target network strategy. Default: the online model itself. */
  target?: TargetNetwork;
  /** Where the loss goes. Default: dropped. */
  logger?: Logger;
  /** Periodic weight saving. Default: none. */
  checkpointer?: Checkpointer;
  /** Directory for the checkpointer's file `<name>.weights`. */
  checkpointDir?: string;
}

/** A trainable function approximator. */
export class Approximation {
  readonly name: string;
  readonly model: Module;
  private readonly targetNetwork: TargetNetwork;
  private readonly optimizer: Optimizer;
  private readonly lrSchedule: Schedule;
  private readonly clipGrad: number;
  private readonly lossScaling: number;
  private readonly logger: Logger;
  private readonly checkpointer: Checkpointer;
  private updateCount = 0;

  constructor(model: Module, options: ApproximationOptions = {}) {
    this.model = model;
    this.name = options.name ?? 'approximation';
    this.lrSchedule = typeof options.lr === 'function' ? options.lr : constantSchedule(options.lr ?? 1e-3);
    this.clipGrad = options.clipGrad ?? 0;
    this.lossScaling = options.lossScaling ?? 1;
    if (!(this.clipGrad >= 0)) throw new ConfigError(`${this.name}: clipGrad must be >= 0 (0 disables); received ${this.clipGrad}`);
    this.logger = options.logger ?? new DummyLogger();
    this.optimizer = makeOptimizer(options.optimizer ?? 'adam', model.variables, this.lrSchedule(0), options.eps ?? 1e-8);
    this.targetNetwork = options.target ?? new TrivialTarget();
    this.targetNetwork.init(model);
    this.checkpointer = options.checkpointer ?? new DummyCheckpointer();
    if (options.checkpointDir !== undefined) {
      this.checkpointer.init(() => this.model.variables, path.join(options.checkpointDir, `${this.name}.weights`));
    }
  }

  /** Number of optimizer steps taken. */
  get updates(): number {
    return this.updateCount;
  }

  /** Forward pass in training mode (noise on); use inside a loss closure or tf.tidy. */
  forward(x: Tensor): Tensor {
    return this.model.apply(x, { training: true });
  }

  /** Forward pass in evaluation mode (noise off); use inside tf.tidy. */
  eval(x: Tensor): Tensor {
    return this.model.apply(x, { training: false });
  }

  /** The target network's output; use inside tf.tidy. Not differentiated by `reinforce`. */
  target(x: Tensor, options?: ApplyOptions): Tensor {
    return this.targetNetwork.apply(x, options);
  }

  /**
   * One training step on the loss computed by `lossFn` (called once, under gradient recording).
   *
   * The closure may also return auxiliary tensors, as `value_and_grad(has_aux=True)` in JAX:
   * `reinforce(() => ({ loss, aux: { tdErrors } }))` returns `{ loss, aux: { tdErrors } }` with
   * each aux tensor read back to a Float32Array (its values from the forward pass, before the
   * update), so the caller needs no tf.keep, read-back or dispose of its own. Aux tensors must be
   * float32 (cast others first); they may be computed inside the closure or come from outside it.
   * @returns the loss value (unscaled), or with aux, the loss and the aux values
   * @throws NumericError on a non-finite loss or gradient norm, naming this approximation and the step
   * @throws ShapeError when an aux tensor is not float32
   */
  reinforce(lossFn: () => Scalar): number;
  reinforce<A extends AuxTensors>(lossFn: () => LossWithAux<A>): ReinforceResult<A>;
  reinforce<A extends AuxTensors>(lossFn: () => Scalar | LossWithAux<A>): number | ReinforceResult<A> {
    const variables = this.model.variables as Variable[];
    let aux: ReinforceResult<A>['aux'] | undefined;
    let auxError: unknown;
    const loss = (): Scalar => {
      const out = lossFn();
      if (out instanceof tf.Tensor) return out;
      // read now: the forward pass's values, and no tensor outlives the tape. An error waits for
      // the backward pass: thrown inside the forward pass it would leave the tape's tensors alive.
      try {
        aux = readAux(this.name, out.aux);
      } catch (error) {
        auxError = error;
      }
      return out.loss;
    };
    const lossValue = tf.tidy(() => {
      const scaled = (): Scalar => (this.lossScaling === 1 ? loss() : tf.mul(loss(), this.lossScaling));
      const { value, grads } = tf.variableGrads(scaled, variables);
      if (auxError !== undefined) throw auxError;
      const unscaled = value.dataSync()[0]! / this.lossScaling;
      this.checkLoss(unscaled);
      this.applyGradients(grads);
      return unscaled;
    });
    this.afterStep(lossValue);
    return aux === undefined ? lossValue : { loss: lossValue, aux };
  }

  /**
   * One training step on gradients the caller computed (ALL's `step` after an outside backward
   * pass), e.g. one backward pass through shared features and several heads (`reinforceShared`).
   * Does what `reinforce` does after differentiating: lossScaling, clipping, the optimizer, the
   * schedule, the target network, the checkpointer and the loss log.
   * @param grads d(loss)/d(variable) of this approximation's (unscaled) loss, keyed by variable
   *   name; the caller keeps ownership of the tensors
   * @param loss the unscaled loss value, for the log and the finiteness check
   * @throws NumericError on a non-finite loss or gradient norm
   */
  step(grads: Readonly<Record<string, Tensor>>, loss: number): void {
    this.checkLoss(loss);
    tf.tidy(() => {
      if (this.lossScaling === 1) {
        this.applyGradients(grads);
      } else {
        const scaled: Record<string, Tensor> = {};
        for (const [name, g] of Object.entries(grads)) scaled[name] = tf.mul(g, this.lossScaling);
        this.applyGradients(scaled);
      }
    });
    this.afterStep(loss);
  }

  private checkLoss(loss: number): void {
    if (!Number.isFinite(loss)) {
      throw new NumericError(
        `${this.name}: the loss is ${loss} at update ${this.updateCount + 1}; lower the learning rate, ` +
          'enable gradient clipping (clipGrad), or check the rewards and observations for NaN/Inf',
      );
    }
  }

  /** Clips (if enabled) and applies gradients keyed by variable name; call inside tf.tidy. */
  private applyGradients(grads: Readonly<Record<string, Tensor>>): void {
    const list = this.model.variables.map((v) => grads[v.name]);
    let scale = 1;
    if (this.clipGrad > 0) {
      const norm = this.optimizer.gradientNorm(list);
      if (!Number.isFinite(norm)) {
        throw new NumericError(
          `${this.name}: the gradient norm is ${norm} at update ${this.updateCount + 1}; ` +
            'lower the learning rate or check the inputs for NaN/Inf',
        );
      }
      if (norm > this.clipGrad) scale = this.clipGrad / norm;
    }
    this.optimizer.applyGradients(list, scale); // the optimizer applies the clipping factor
  }

  /** Counts the update, logs the loss, and steps the schedule, the target network and the checkpointer. */
  private afterStep(lossValue: number): void {
    this.updateCount += 1;
    this.logger.addLoss(this.name, lossValue);
    this.optimizer.learningRate = this.lrSchedule(this.updateCount);
    this.targetNetwork.update();
    this.checkpointer.step();
  }

  /** The learning rate the next update will use. */
  get learningRate(): number {
    return this.lrSchedule(this.updateCount);
  }

  /** Releases the model, its target copy and the optimizer state. */
  dispose(): void {
    this.targetNetwork.dispose();
    this.model.dispose();
    this.optimizer.dispose();
  }
}

/**
 * Each aux tensor's values as a new Float32Array (a copy: no storage shared with a tensor).
 * @param name the approximation's name, for the error message
 * @throws ShapeError when an aux value is not a float32 tensor
 */
export function readAux<A extends AuxTensors>(name: string, tensors: A): ReinforceResult<A>['aux'] {
  const out = {} as ReinforceResult<A>['aux'];
  for (const key of Object.keys(tensors) as (keyof A & string)[]) {
    const t = tensors[key];
    if (!(t instanceof tf.Tensor) || t.dtype !== 'float32') {
      const got = t instanceof tf.Tensor ? `a ${t.dtype} tensor of shape [${t.shape.join(', ')}]` : typeof t;
      throw new ShapeError(`${name}: reinforce's aux "${key}" must be a float32 tensor; received ${got}. Cast it first (tf.cast(x, 'float32'))`);
    }
    out[key] = (t.dataSync() as Float32Array).slice();
  }
  return out;
}
