/**
 * The experiment base (ALL's all/experiments/experiment.py): training-episode bookkeeping,
 * returns100 summaries (one row per 100 training episodes, plus a final row for the rest),
 * console lines, and the test summary written with the hyperparameters (TensorBoard's HPARAMS).
 */
import { mean, std, summarize } from '../lib/core/stats';
import type { Logger } from '../lib/logging/logger';
import type { Preset } from '../presets/preset';

/** Where console lines go (tests capture them). */
export type Printer = (line: string) => void;

/** Options shared by experiments. */
export interface ExperimentOptions {
  /** The logger; experiments made by runExperiment get an ExperimentLogger. */
  logger: Logger;
  /** No console lines. Default false. */
  quiet?: boolean;
  /** Console sink. Default console.log. */
  print?: Printer;
  /** Seed of the first environment reset. Default: unseeded. */
  seed?: number;
}

/** Test results. */
export interface TestResult {
  returns: number[];
  episodeLengths: number[];
}

export abstract class Experiment {
  protected readonly logger: Logger;
  protected readonly quiet: boolean;
  protected readonly print: Printer;
  /** Returns of every training episode, in order. */
  readonly trainingReturns: number[] = [];
  private returns100: number[] = [];
  private bestReturns = -Infinity;

  constructor(
    readonly preset: Preset,
    options: ExperimentOptions,
  ) {
    this.logger = options.logger;
    this.quiet = options.quiet ?? false;
    this.print = options.print ?? ((line) => console.log(line));
  }

  /** The current training frame (1-based, as ALL). */
  abstract get frame(): number;
  /** The current training episode (1-based, as ALL). */
  abstract get episode(): number;

  /** Trains until `frames` frames or `episodes` episodes have passed, whichever comes first. */
  abstract train(limits: { frames?: number; episodes?: number }): void;

  /** Runs `episodes` test episodes with the preset's test agent; logs the summary with the hyperparameters. */
  abstract test(episodes?: number): TestResult;

  /** Highest training return seen. */
  get best(): number {
    return this.bestReturns;
  }

  protected logTrainingEpisode(returns: number, episodeLength: number, fps: number): void {
    if (!this.quiet) {
      this.print(`episode: ${this.episode}, frame: ${this.frame}, fps: ${Math.floor(fps)}, episode_length: ${episodeLength}, returns: ${returns}`);
    }
    this.trainingReturns.push(returns);
    if (returns > this.bestReturns) this.bestReturns = returns;
    this.returns100.push(returns);
    if (this.returns100.length === 100) {
      this.logger.addSummary('returns100', this.returns100);
      this.returns100 = [];
    }
    this.logger.addEval('returns', returns);
    this.logger.addEval('episode_length', episodeLength);
    this.logger.addEval('fps', fps);
  }

  /** Writes the returns100 row of the episodes since the last one (end of training). */
  protected flushReturns100(): void {
    if (this.returns100.length > 0) {
      this.logger.addSummary('returns100', this.returns100);
      this.returns100 = [];
    }
  }

  protected logTestEpisode(episode: number, returns: number, episodeLength: number): void {
    if (!this.quiet) this.print(`test episode: ${episode}, episode_length: ${episodeLength}, returns: ${returns}`);
  }

  protected logTest(result: TestResult): void {
    const { returns, episodeLengths } = result;
    if (!this.quiet) {
      this.print(`test returns (mean ± sem): ${mean(returns)} ± ${std(returns) / Math.sqrt(returns.length)}`);
      this.print(`test episode length (mean ± sem): ${mean(episodeLengths)} ± ${std(episodeLengths) / Math.sqrt(episodeLengths.length)}`);
    }
    const metrics: Record<string, number> = {};
    for (const [name, values] of [['test/returns', returns], ['test/episode_length', episodeLengths]] as const) {
      for (const [k, v] of Object.entries(summarize(values))) metrics[`${name}/${k}`] = v;
    }
    this.logger.addHparams({ ...this.preset.hyperparameters }, metrics);
  }

  /** Closes the logger. */
  async close(): Promise<void> {
    await this.logger.close();
  }
}
