/**
 * The experiment base (ALL's all/experiments/experiment.py): the agent built from the preset, the
 * frame and episode counters, the seed of the first reset, training-episode bookkeeping,
 * returns100 summaries (one row per 100 training episodes, plus a final row for the rest),
 * console lines, and the test summary written with the hyperparameters (TensorBoard's HPARAMS).
 */
import { ConfigError } from '../lib/core/errors';
import { mean, std, summarize } from '../lib/core/stats';
import type { Agent, ParallelAgent } from '../lib/agents/agent';
import type { Logger } from '../lib/logging/logger';
import type { Preset } from '../presets/preset';
import { restoreSnapshot } from '../lib/core/snapshot';
import type { ExperimentLogger } from '../lib/logging/experiment_logger';
import { captureCheckpoint, restartWarmUps, writeCheckpoint, type Checkpoint, type CheckpointSettings } from './checkpoint';

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
  /** Training length in frames, passed to the preset for its schedules. Default Infinity. */
  trainSteps?: number;
  /** Checkpoint into the logger's run directory (experiments/checkpoint.ts). Default: never. */
  checkpoint?: CheckpointSettings & { logger: ExperimentLogger };
}

/** The experiment's own counters, as a checkpoint holds them. */
interface Counters {
  frameCount: number;
  episodeCount: number;
  trainingReturns: number[];
  returns100: number[];
  bestReturns: number;
  nextCheckpoint: number;
}

/** Test results. */
export interface TestResult {
  returns: number[];
  episodeLengths: number[];
}

/** Counters, logging and test summaries shared by the single- and parallel-environment experiments. */
export abstract class Experiment {
  protected readonly logger: Logger;
  protected readonly quiet: boolean;
  protected readonly print: Printer;
  /** The current training frame (1-based, as ALL). */
  protected frameCount = 1;
  /** The current training episode (1-based, as ALL). */
  protected episodeCount = 1;
  private seedPending: number | undefined;
  private readonly trainSteps: number;
  /** Returns of every training episode, in order. */
  readonly trainingReturns: number[] = [];
  private returns100: number[] = [];
  private bestReturns = -Infinity;
  private readonly seed: number | undefined;
  private readonly checkpointing: ExperimentOptions['checkpoint'];
  /** The frame at or after which the next checkpoint is taken. */
  private nextCheckpoint = Infinity;

  constructor(
    readonly preset: Preset,
    options: ExperimentOptions,
  ) {
    this.logger = options.logger;
    this.quiet = options.quiet ?? false;
    this.print = options.print ?? ((line) => console.log(line));
    this.seedPending = options.seed;
    this.seed = options.seed;
    this.trainSteps = options.trainSteps ?? Infinity;
    this.checkpointing = options.checkpoint;
    if (this.checkpointing !== undefined) {
      const every = this.checkpointing.every;
      if (!Number.isInteger(every) || every < 1) {
        throw new ConfigError(`checkpointEvery must be a positive whole number of frames; received ${String(every)}`);
      }
      this.nextCheckpoint = every;
    }
  }

  /** The training agent (what a checkpoint saves besides the counters). */
  protected abstract get trainingAgent(): object;

  /** The environment the agent trains in. */
  protected abstract get trainingEnv(): object;

  /** State of the training loop between steps that a checkpoint must hold (parallel runs). */
  protected loopState(): Record<string, unknown> {
    return {};
  }

  /** Takes back the loop state of a checkpoint (`envRestored` false: the environment starts over). */
  protected restoreLoopState(_state: Record<string, unknown>, _envRestored: boolean): void {}

  /** Checkpoints when the frame has reached the next multiple of `every` (call where the loop may pause). */
  protected maybeCheckpoint(): void {
    if (this.checkpointing === undefined || this.frameCount < this.nextCheckpoint) return;
    while (this.nextCheckpoint <= this.frameCount) this.nextCheckpoint += this.checkpointing.every;
    const counters: Counters = {
      frameCount: this.frameCount,
      episodeCount: this.episodeCount,
      trainingReturns: this.trainingReturns,
      returns100: this.returns100,
      bestReturns: this.bestReturns,
      nextCheckpoint: this.nextCheckpoint,
    };
    const checkpoint = captureCheckpoint({ counters, agent: this.trainingAgent, loop: this.loopState() }, this.trainingEnv, {
      frame: this.frameCount,
      episode: this.episodeCount,
      replay: this.checkpointing.replay,
      logger: this.checkpointing.logger.position(),
    });
    writeCheckpoint(this.checkpointing.logger.logdir, checkpoint);
  }

  /**
   * Continues from `checkpoint` (taken by an experiment built the same way: same preset,
   * hyperparameters, seed and environment). Without the environment, it starts a new episode,
   * seeded from the run's seed and frame, so the resumed run is still repeatable.
   */
  resumeFrom(checkpoint: Checkpoint): void {
    // the returns list is restored in place: callers may hold it (e.g. progress displays)
    const root = { counters: { trainingReturns: this.trainingReturns } as Counters, agent: this.trainingAgent, loop: this.loopState() };
    restoreSnapshot(root, checkpoint.run);
    const c = root.counters;
    this.frameCount = c.frameCount;
    this.episodeCount = c.episodeCount;
    this.returns100 = c.returns100;
    this.bestReturns = c.bestReturns;
    if (this.checkpointing !== undefined) this.nextCheckpoint = c.nextCheckpoint;
    const envRestored = checkpoint.env !== undefined;
    if (envRestored) {
      restoreSnapshot(this.trainingEnv, checkpoint.env!);
      this.seedPending = undefined;
    } else {
      this.seedPending = ((this.seed ?? 0) + this.frameCount) % 2 ** 32;
    }
    this.restoreLoopState(root.loop, envRestored);
    if (!checkpoint.meta.replay) restartWarmUps(this.trainingAgent);
  }

  /** The current training frame (1-based, as ALL). */
  get frame(): number {
    return this.frameCount;
  }

  /** The current training episode (1-based, as ALL). */
  get episode(): number {
    return this.episodeCount;
  }

  /** The training agent, built by the preset with this experiment's logger and training length. */
  protected makeAgent(): Agent | ParallelAgent {
    return this.preset.agent({ logger: this.logger, trainSteps: this.trainSteps });
  }

  /** The reset options of the next reset: the seed on the first one only. */
  protected resetOptions(): { seed?: number } {
    const seed = this.seedPending;
    this.seedPending = undefined;
    return seed === undefined ? {} : { seed };
  }

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
