/**
 * SingleEnvExperiment (ALL's all/experiments/single_env_experiment.py): the control loop of one
 * agent in one environment. The agent also sees the final state of each episode, so it can store
 * the terminal transition. A parallel preset here is a ConfigError.
 */
import { ConfigError } from '../lib/core/errors';
import type { Agent } from '../lib/agents/agent';
import type { Environment } from '../environments/environment';
import type { Preset } from '../presets/preset';
import { Experiment, type ExperimentOptions, type TestResult } from './experiment';

/** Options of a SingleEnvExperiment. */
export interface SingleEnvExperimentOptions extends ExperimentOptions {
  /** Called after every training episode (progress display). */
  onEpisode?: (experiment: SingleEnvExperiment) => void;
}

/** One agent in one environment (see the file header). */
export class SingleEnvExperiment extends Experiment {
  private readonly agent: Agent;
  private readonly onEpisode: ((e: SingleEnvExperiment) => void) | undefined;

  constructor(
    preset: Preset,
    readonly env: Environment,
    options: SingleEnvExperimentOptions,
  ) {
    super(preset, options);
    if (preset.parallel) {
      throw new ConfigError(
        `Preset "${preset.name}" is a parallel preset (it acts on ${preset.nEnvs} environments at once); ` +
          'run it with ParallelEnvExperiment, or through runExperiment, which picks the right experiment',
      );
    }
    this.agent = this.makeAgent() as Agent;
    this.onEpisode = options.onEpisode;
  }

  protected get trainingAgent(): object {
    return this.agent;
  }

  protected get trainingEnv(): object {
    return this.env;
  }

  train(limits: { frames?: number; episodes?: number }): void {
    const frames = limits.frames ?? Infinity;
    const episodes = limits.episodes ?? Infinity;
    while (!(this.frameCount > frames || this.episodeCount > episodes)) {
      this.runTrainingEpisode();
    }
    this.flushReturns100();
  }

  test(episodes = 100): TestResult {
    const agent = this.preset.testAgent();
    const result: TestResult = { returns: [], episodeLengths: [] };
    for (let i = 0; i < episodes; i++) {
      const [returns, length] = this.runEpisode(agent, false);
      result.returns.push(returns);
      result.episodeLengths.push(length);
      this.logTestEpisode(i, returns, length);
    }
    this.logTest(result);
    return result;
  }

  private runTrainingEpisode(): void {
    const start = performance.now();
    const startFrame = this.frameCount;
    const [returns, length] = this.runEpisode(this.agent, true);
    const seconds = (performance.now() - start) / 1000;
    const fps = (this.frameCount - startFrame) / Math.max(seconds, 1e-9);
    this.logTrainingEpisode(returns, length, fps);
    this.episodeCount += 1;
    this.onEpisode?.(this);
    this.maybeCheckpoint(); // between episodes, so the environment holds nothing but its generator
  }

  private runEpisode(agent: Agent, training: boolean): [number, number] {
    let state = this.env.reset(this.resetOptions());
    let action = agent.act(state);
    let returns = 0;
    let length = 0;
    while (!state.done) {
      state = this.env.step(action);
      action = agent.act(state);
      returns += state.reward;
      length += 1;
      if (training) this.frameCount += 1;
    }
    return [returns, length];
  }
}
