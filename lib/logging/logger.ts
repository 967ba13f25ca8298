/**
 * The Logger interface that agents, approximations and experiments write to (ALL's Logger).
 * Steps are environment frames unless a call says otherwise; the logger knows the current frame,
 * so components deep inside an agent log without carrying a frame counter around.
 */

/** Where training and evaluation figures go. */
export interface Logger {
  /** A training loss, tag `loss/<name>`, at the current frame. */
  addLoss(name: string, value: number): void;
  /** A scheduled value such as epsilon or a learning rate, tag `schedule/<name>`. */
  addSchedule(name: string, value: number): void;
  /**
   * A diagnostic figure of training that is neither a loss nor a schedule (PPO's approx_kl, an
   * entropy, an explained variance), tag `metrics/<name>`, at the current frame (ALL's `add_info`).
   */
  addMetric(name: string, value: number): void;
  /**
   * False when losses, schedules and metrics are dropped (a DummyLogger, a non-verbose experiment
   * logger): agents then skip computing figures only a log would show. Absent means recorded.
   */
  readonly verbose?: boolean;
  /** An evaluation figure, tag `eval/<name>`, at `step` (default: the current frame). */
  addEval(name: string, value: number, step?: number): void;
  /**
   * Summary statistics of `values`, tags `summary/<name>/{mean,std,max,min}`; an experiment logger
   * also appends the row `step,mean,std,max,min` to `<name>.csv` (ALL's returns100.csv).
   */
  addSummary(name: string, values: readonly number[], step?: number): void;
  /** Hyperparameters with the final metrics (TensorBoard's HPARAMS tab). */
  addHparams(hparams: Record<string, unknown>, metrics: Record<string, number>): void;
  /** The run directory, when the logger writes one (checkpoints go there). */
  readonly logdir?: string;
  /** Writes everything out; the logger is unusable afterwards. */
  close(): Promise<void>;
}

/** True when `logger` records losses, schedules and metrics (see `Logger.verbose`). */
export function recordsDiagnostics(logger: Logger | undefined): boolean {
  return logger !== undefined && logger.verbose !== false;
}

/** A Logger that drops everything: for test agents, tests and quick scripts. */
export class DummyLogger implements Logger {
  readonly verbose = false;
  addLoss(_name: string, _value: number): void {}
  addSchedule(_name: string, _value: number): void {}
  addMetric(_name: string, _value: number): void {}
  addEval(_name: string, _value: number, _step?: number): void {}
  addSummary(_name: string, _values: readonly number[], _step?: number): void {}
  addHparams(_hparams: Record<string, unknown>, _metrics: Record<string, number>): void {}
  async close(): Promise<void> {}
}
