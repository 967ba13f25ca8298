/**
 * ParallelEnvExperiment (ALL's all/experiments/parallel_env_experiment.py): a parallel agent acts
 * on `preset.nEnvs` copies of the environment at once; every copy's step counts as a frame. A copy
 * that finished is reset on the next step (its action is ignored). The test phase records the
 * first N episodes *started*, not the first N finished, which would favour short episodes.
 */
import { ConfigError } from '../lib/core/errors';
import type { ParallelAgent } from '../lib/agents/agent';
import type { Environment, VectorEnvironment } from '../environments/environment';
import type { StateArray } from '../lib/core/state';
import type { Preset } from '../presets/preset';
import { Experiment, type ExperimentOptions, type TestResult } from './experiment';

/** Options of a ParallelEnvExperiment. */
export interface ParallelEnvExperimentOptions extends ExperimentOptions {
  /** Called after every finished training episode (progress display). */
  onEpisode?: (experiment: ParallelEnvExperiment) => void;
}

/** One parallel agent on copies of an environment (see the file header). */
export class ParallelEnvExperiment extends Experiment {
  readonly env: VectorEnvironment;
  private readonly agent: ParallelAgent;
  private readonly onEpisode: ((e: ParallelEnvExperiment) => void) | undefined;
  /** Frames per second since the previous finished episode, shared by episodes finishing together. */
  private lastFps = 0;
  /** The loop's state between steps: the last states and each copy's running return and length. */
  private loop: { states: StateArray | undefined; returns: Float64Array; lengths: Float64Array } | undefined;
  /** States restored by a resume, which the next train() continues from instead of resetting. */
  private resumedStates: StateArray | undefined;

  constructor(preset: Preset, env: Environment | VectorEnvironment, options: ParallelEnvExperimentOptions) {
    super(preset, options);
    if (!preset.parallel) {
      throw new ConfigError(`Preset "${preset.name}" acts on one environment at a time; run it with SingleEnvExperiment (runExperiment picks it)`);
    }
    if ('numEnvs' in env) {
      if (env.numEnvs !== preset.nEnvs) {
        throw new ConfigError(`Preset "${preset.name}" needs ${preset.nEnvs} environments but the vector environment has ${env.numEnvs}; pass a single environment and it will be duplicated`);
      }
      this.env = env;
    } else {
      this.env = env.duplicate(preset.nEnvs);
    }
    this.agent = this.makeAgent() as ParallelAgent;
    this.onEpisode = options.onEpisode;
  }

  protected get trainingAgent(): object {
    return this.agent;
  }

  protected get trainingEnv(): object {
    return this.env;
  }

  protected override loopState(): Record<string, unknown> {
    const n = this.env.numEnvs;
    this.loop ??= { states: undefined, returns: new Float64Array(n), lengths: new Float64Array(n) };
    return this.loop;
  }

  protected override restoreLoopState(state: Record<string, unknown>, envRestored: boolean): void {
    const loop = state as NonNullable<ParallelEnvExperiment['loop']>;
    if (envRestored && loop.states !== undefined) {
      this.resumedStates = loop.states;
    } else {
      // the environment starts over: the episodes in progress are dropped
      loop.returns.fill(0);
      loop.lengths.fill(0);
    }
  }

  train(limits: { frames?: number; episodes?: number }): void {
    const frames = limits.frames ?? Infinity;
    const episodes = limits.episodes ?? Infinity;
    const n = this.env.numEnvs;
    const loop = this.loopState() as NonNullable<ParallelEnvExperiment['loop']>;
    const { returns, lengths } = loop;
    let states = this.resumedStates ?? this.env.reset(this.resetOptions());
    if (this.resumedStates === undefined) {
      returns.fill(0);
      lengths.fill(0);
    }
    this.resumedStates = undefined;
    let start = performance.now();
    let completed = 0;
    while (!(this.frameCount > frames || this.episodeCount > episodes)) {
      states = this.env.step(this.agent.act(states));
      this.frameCount += n;
      completed += n;
      let finished = false;
      for (let i = 0; i < n; i++) {
        returns[i]! += states.reward[i]!;
        lengths[i]! += 1;
      }
      for (let i = 0; i < n; i++) {
        if (states.terminated[i] || states.truncated[i]) {
          if (!finished) {
            const now = performance.now();
            const fps = completed / Math.max((now - start) / 1000, 1e-9);
            start = now;
            completed = 0;
            finished = true;
            this.lastFps = fps;
          }
          this.logTrainingEpisode(returns[i]!, lengths[i]!, this.lastFps);
          returns[i] = 0;
          lengths[i] = -1; // the next step resets this copy and is not part of an episode
          this.episodeCount += 1;
          this.onEpisode?.(this);
        }
      }
      loop.states = states;
      this.maybeCheckpoint();
    }
    this.flushReturns100();
  }

  test(episodes = 100): TestResult {
    const agent = this.preset.parallelTestAgent();
    if (agent === undefined) throw new ConfigError(`Preset "${this.preset.name}" has no parallel test agent`);
    const n = this.env.numEnvs;
    const result: TestResult = { returns: [], episodeLengths: [] };
    let started = n;
    const record = new Array<boolean>(n).fill(true);
    let states = this.env.reset();
    const returns = Float64Array.from(states.reward);
    const lengths = new Float64Array(n);
    while (result.returns.length < episodes) {
      states = this.env.step(agent.act(states));
      for (let i = 0; i < n; i++) {
        returns[i]! += states.reward[i]!;
        lengths[i]! += 1;
        if (states.terminated[i] || states.truncated[i]) {
          if (record[i] && result.returns.length < episodes) {
            result.returns.push(returns[i]!);
            result.episodeLengths.push(lengths[i]!);
            this.logTestEpisode(result.returns.length, returns[i]!, lengths[i]!);
          }
          returns[i] = 0;
          lengths[i] = -1;
          started += 1;
          if (started > episodes) record[i] = false;
        }
      }
    }
    this.logTest(result);
    return result;
  }

  override async close(): Promise<void> {
    this.env.close();
    await super.close();
  }
}
