/**
 * MultiagentEnvExperiment (ALL's all/experiments/multiagent_env_experiment.py): trains a
 * multi-agent preset in a turn-based environment with ALL's AEC loop (every turn, done or not,
 * goes to the agent, so each learner sees the game's end; a done agent then steps with null),
 * counting a frame per turn and an episode per game. Per agent: `eval/<agent>/returns` each
 * training episode, `<agent>/returns100.csv` (ALL's format) every 100 episodes and at the end of
 * training; test episodes log `<agent>/returns-test` as ALL does. Differences from ALL: no
 * periodic preset saving (runMultiagentExperiment saves once after training), and test results
 * also go to TensorBoard's HPARAMS tab with each agent's hyperparameters.
 */
import { mean, std, summarize } from '../lib/core/stats';
import type { Multiagent } from '../lib/agents/agent';
import type { Logger } from '../lib/logging/logger';
import type { MultiagentEnvironment } from '../environments/multiagent_environment';
import type { IndependentMultiagentPreset } from '../presets/multiagent/independent';
import type { Printer } from './experiment';
import { playEpisode, runAecEpisode } from './multiagent_evaluation';

/** Options of a MultiagentEnvExperiment. */
export interface MultiagentEnvExperimentOptions {
  /** Where everything is logged (an ExperimentLogger for a run directory). */
  logger: Logger;
  /** No console lines. Default false. */
  quiet?: boolean;
  /** Console sink. Default console.log. */
  print?: Printer;
  /** Seed of the first reset (the games here are deterministic; kept for the API). */
  seed?: number;
  /** Training length in frames, for the agents' schedules. Default Infinity. */
  trainSteps?: number;
  /** Called after every training episode. */
  onEpisode?: (e: MultiagentEnvExperiment) => void;
}

/** Training and testing of a multi-agent preset (see the file header). */
export class MultiagentEnvExperiment {
  private readonly agent: Multiagent;
  private readonly logger: Logger;
  private readonly quiet: boolean;
  private readonly print: Printer;
  private frameCount = 1;
  private episodeCount = 1;
  private seedPending: number | undefined;
  private returns100: Record<string, number[]> = {};
  /** Each agent's return in every training episode, in order. */
  readonly trainingReturns: Record<string, number[]> = {};

  constructor(
    readonly preset: IndependentMultiagentPreset,
    readonly env: MultiagentEnvironment,
    private readonly options: MultiagentEnvExperimentOptions,
  ) {
    this.logger = options.logger;
    this.quiet = options.quiet ?? false;
    this.print = options.print ?? ((line) => console.log(line));
    this.seedPending = options.seed;
    this.agent = preset.agent({ logger: this.logger, trainSteps: options.trainSteps ?? Infinity });
    for (const a of env.possibleAgents) {
      this.trainingReturns[a] = [];
      this.returns100[a] = [];
    }
  }

  /** The current frame (1-based, as ALL): one per turn. */
  get frame(): number {
    return this.frameCount;
  }

  /** The current episode (1-based). */
  get episode(): number {
    return this.episodeCount;
  }

  /** Trains until `frames` frames or `episodes` episodes have passed, whichever first; then writes the last returns100 rows. */
  train(limits: { frames?: number; episodes?: number }): void {
    const frames = limits.frames ?? Infinity;
    const episodes = limits.episodes ?? Infinity;
    while (!(this.frameCount > frames || this.episodeCount > episodes)) this.runTrainingEpisode();
    for (const [agent, rows] of Object.entries(this.returns100)) {
      if (rows.length > 0) this.logger.addSummary(`${agent}/returns100`, rows);
      this.returns100[agent] = [];
    }
  }

  /** Plays `episodes` episodes with the test agents; returns each agent's returns. */
  test(episodes = 100): Record<string, number[]> {
    const agent = this.preset.testAgent();
    const players = Object.fromEntries(this.env.possibleAgents.map((a) => [a, agent]));
    const returns: Record<string, number[]> = Object.fromEntries(this.env.possibleAgents.map((a) => [a, []]));
    for (let i = 0; i < episodes; i++) {
      const r = playEpisode(this.env, players);
      for (const [a, v] of Object.entries(r)) returns[a]!.push(v);
      if (!this.quiet) this.print(`test episode: ${i}, returns: ${JSON.stringify(r)}`);
    }
    const metrics: Record<string, number> = {};
    for (const [a, values] of Object.entries(returns)) {
      if (values.length === 0) continue;
      if (!this.quiet) this.print(`${a} test returns (mean ± sem): ${mean(values)} ± ${std(values) / Math.sqrt(values.length)}`);
      this.logger.addSummary(`${a}/returns-test`, values);
      for (const [k, v] of Object.entries(summarize(values))) metrics[`test/${a}/returns/${k}`] = v;
    }
    const hparams: Record<string, unknown> = {};
    for (const [a, h] of Object.entries(this.preset.hyperparameters)) for (const [k, v] of Object.entries(h)) hparams[`${a}/${k}`] = v;
    this.logger.addHparams(hparams, metrics);
    return returns;
  }

  /** Closes the logger. */
  async close(): Promise<void> {
    await this.logger.close();
  }

  private runTrainingEpisode(): void {
    const start = performance.now();
    const startFrame = this.frameCount;
    const seed = this.seedPending;
    this.seedPending = undefined;
    const { returns, turns } = runAecEpisode(this.env, (state) => this.agent.act(state), seed === undefined ? {} : { seed });
    this.frameCount += turns;
    const fps = (this.frameCount - startFrame) / Math.max((performance.now() - start) / 1000, 1e-9);
    if (!this.quiet) this.print(`episode: ${this.episodeCount}, frame: ${this.frameCount}, fps: ${Math.floor(fps)}, returns: ${JSON.stringify(returns)}`);
    for (const [a, r] of Object.entries(returns)) {
      this.trainingReturns[a]!.push(r);
      this.logger.addEval(`${a}/returns`, r);
      const rows = this.returns100[a]!;
      rows.push(r);
      if (rows.length === 100) {
        this.logger.addSummary(`${a}/returns100`, rows);
        this.returns100[a] = [];
      }
    }
    this.episodeCount += 1;
    this.options.onEpisode?.(this);
  }
}
