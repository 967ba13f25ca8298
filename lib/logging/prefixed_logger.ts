/**
 * PrefixedLogger: a view of a Logger that puts every tag under `<prefix>/`, so the agents of a
 * multi-agent run share one run directory without mixing their curves (`loss/player_1/q`,
 * `schedule/player_2/exploration`), and checkpoints go to `<logdir>/<prefix>/`. ALL passes one
 * logger to every agent unchanged; this is the deliberate difference.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from './logger';

/** Every tag of `inner` under `<prefix>/` (see the file header). */
export class PrefixedLogger implements Logger {
  readonly logdir: string | undefined;

  /**
   * @param inner the logger written to
   * @param prefix e.g. the agent id `player_1`
   */
  constructor(
    private readonly inner: Logger,
    readonly prefix: string,
  ) {
    this.logdir = inner.logdir === undefined ? undefined : path.join(inner.logdir, prefix);
    if (this.logdir !== undefined) fs.mkdirSync(this.logdir, { recursive: true });
  }

  get verbose(): boolean | undefined {
    return this.inner.verbose;
  }

  addLoss(name: string, value: number): void {
    this.inner.addLoss(`${this.prefix}/${name}`, value);
  }

  addSchedule(name: string, value: number): void {
    this.inner.addSchedule(`${this.prefix}/${name}`, value);
  }

  addMetric(name: string, value: number): void {
    this.inner.addMetric(`${this.prefix}/${name}`, value);
  }

  addEval(name: string, value: number, step?: number): void {
    this.inner.addEval(`${this.prefix}/${name}`, value, step);
  }

  addSummary(name: string, values: readonly number[], step?: number): void {
    this.inner.addSummary(`${this.prefix}/${name}`, values, step);
  }

  addHparams(hparams: Record<string, unknown>, metrics: Record<string, number>): void {
    this.inner.addHparams(hparams, metrics);
  }

  /** The inner logger belongs to the experiment, which closes it. */
  async close(): Promise<void> {}
}
