/**
 * Approximation: a model plus its training plumbing (ALL's all/approximation/approximation.py).
 * Agents call `forward` inside a loss closure and `reinforce(lossFn)`; the approximation takes
 * the gradients, checks and clips them, steps the optimizer, the learning-rate schedule, the
 * target network and the checkpointer, and logs the loss.
 *
 * Differs from ALL: tfjs has no loss tensor that carries its graph, so `reinforce` takes a loss
 * *function* (gradients by closure, DESIGN §4); a non-finite loss is an error even without
 * gradient clipping, since it would silently poison every weight.
 */
import * as path from 'node:path';
import { ConfigError, NumericError } from '../core/errors';
import { globalNorm } from '../functional/gradients';
import { DummyLogger, type Logger } from '../logging/logger';
import type { ApplyOptions, Module } from '../nn/module';
import { FlatAdam } from '../optim/flat_adam';
import { constantSchedule, type Schedule } from '../optim/schedules';
import { tf, type Scalar, type Tensor, type Variable } from '../tf';
import { DummyCheckpointer, type Checkpointer } from './checkpointer';
import { TrivialTarget, type TargetNetwork } from './target';

/** Optimizers an approximation can own. */
export type OptimizerKind = 'adam' | 'sgd' | 'rmsprop';

/** Options of an Approximation; every field has a default. */
export interface ApproximationOptions {
  /** Name used in `loss/<name>` and checkpoint files. Default 'approximation'. */
  name?: string;
  /** Learning rate, or a schedule of the number of updates made so far. Default 1e-3. */
  lr?: number | Schedule;
  /** Optimizer. Default 'adam' (beta1 0.9, beta2 0.999, as torch). */
  optimizer?: OptimizerKind;
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
  private readonly optimizer: FlatAdam | tf.Optimizer;
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
    this.optimizer = makeOptimizer(model.variables, options.optimizer ?? 'adam', this.lrSchedule(0), options.eps ?? 1e-8);
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
   * @returns the loss value (unscaled)
   * @throws NumericError on a non-finite loss or gradient norm, naming this approximation and the step
   */
  reinforce(lossFn: () => Scalar): number {
    const variables = this.model.variables as Variable[];
    const lossValue = tf.tidy(() => {
      const scaled = (): Scalar => (this.lossScaling === 1 ? lossFn() : tf.mul(lossFn(), this.lossScaling));
      const { value, grads } = tf.variableGrads(scaled, variables);
      const loss = value.dataSync()[0]! / this.lossScaling;
      this.checkLoss(loss);
      this.applyGradients(grads);
      return loss;
    });
    this.afterStep(lossValue);
    return lossValue;
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
    const variables = this.model.variables as Variable[];
    const names = variables.map((v) => v.name).filter((n) => grads[n] !== undefined);
    let list = names.map((n) => grads[n]!);
    const adam = this.optimizer instanceof FlatAdam ? this.optimizer : undefined;
    let scale = 1;
    if (this.clipGrad > 0) {
      const norm = adam !== undefined ? adam.gradientNorm(list) : globalNorm(list).dataSync()[0]!;
      if (!Number.isFinite(norm)) {
        throw new NumericError(
          `${this.name}: the gradient norm is ${norm} at update ${this.updateCount + 1}; ` +
            'lower the learning rate or check the inputs for NaN/Inf',
        );
      }
      if (norm > this.clipGrad) scale = this.clipGrad / norm;
    }
    if (adam !== undefined) {
      if (names.length !== variables.length) {
        const missing = variables.filter((v) => grads[v.name] === undefined).map((v) => v.shape);
        throw new NumericError(`${this.name}: the loss does not depend on variables of shapes ${JSON.stringify(missing)}; every variable of the model must be used`);
      }
      adam.applyGradients(list, scale); // the clipping factor is applied inside its update loop
    } else {
      if (scale !== 1) list = list.map((g) => tf.mul(g, scale));
      const named: tf.NamedTensorMap = {};
      names.forEach((n, i) => (named[n] = list[i]!));
      (this.optimizer as tf.Optimizer).applyGradients(named);
    }
  }

  /** Counts the update, logs the loss, and steps the schedule, the target network and the checkpointer. */
  private afterStep(lossValue: number): void {
    this.updateCount += 1;
    this.logger.addLoss(this.name, lossValue);
    (this.optimizer as unknown as { learningRate: number }).learningRate = this.lrSchedule(this.updateCount);
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

function makeOptimizer(variables: readonly Variable[], kind: OptimizerKind, lr: number, eps: number): FlatAdam | tf.Optimizer {
  switch (kind) {
    case 'adam':
      return new FlatAdam(variables, lr, 0.9, 0.999, eps);
    case 'sgd':
      return tf.train.sgd(lr);
    case 'rmsprop':
      return tf.train.rmsprop(lr, 0.99, 0, eps);
  }
}
