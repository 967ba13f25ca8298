/**
 * runExperiment (ALL's all/experiments/run_experiment.py): for each environment and each preset,
 * build, train for `frames`, save the preset into the run directory, test, record run.json, close.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Random } from '../lib/core/random';
import { mean } from '../lib/core/stats';
import { ExperimentLogger } from '../lib/logging/experiment_logger';
import { currentBackend, initBackend, tf } from '../lib/tf';
import type { Environment } from '../environments/environment';
import type { PresetBuilder } from '../presets/builder';
import type { ParamSpec } from '../presets/hyperparameters';
import type { Printer } from './experiment';
import { makeExperiment } from './make_experiment';
import type { MultiagentEnvironment } from '../environments/multiagent_environment';
import { IndependentMultiagentBuilder, independentMultiagent } from '../presets/multiagent/independent';
import { runMultiagentExperiment, type MultiagentRunResult, type RunMultiagentOptions } from './run_multiagent_experiment';
import { runAlphaZeroExperiment } from './run_alphazero_experiment';
import { runInParallel } from './parallel_runs';
import { runSpecs } from './run_spec';
import { groupBySeed, summaryTable } from './run_summary';
import { CHECKPOINT_FILE } from './checkpoint';
import { adoptedDefaults, resumedRunInfo, resumeLine, runToResume } from './resume';
import { ConfigError } from '../lib/core/errors';
import { environmentRecipe } from '../environments/recipe';

/** Options of runExperiment. */
export interface RunExperimentOptions {
  /** Parent directory of run directories. Default 'runs'. */
  logdir?: string;
  /** Test episodes after training. Default 100. */
  testEpisodes?: number;
  /**
   * Seed of the weights, the agent's generator and the first environment reset. Default: a random
   * seed, printed (unless quiet) and recorded in each run's run.json, so the run can be repeated.
   */
  seed?: number;
  /** No console lines. Default false. */
  quiet?: boolean;
  /** Write loss/* and schedule/* to TensorBoard. Default true. */
  verbose?: boolean;
  /** Tensor backend (see lib/tf.ts). Default: the first that loads. */
  backend?: string;
  /** Console sink. Default console.log. */
  print?: Printer;
  /** Called after each training episode (progress display). */
  onEpisode?: (info: { frame: number; episode: number; frames: number; returns: readonly number[] }) => void;
  /**
   * Run every preset x environment once per seed, each run in its own worker process (`workers`
   * at a time), with a combined progress display and a summary table at the end. A failing run is
   * returned with status 'failed' and its error, and does not stop the others. Presets must be
   * registered ones and environments made by makeEnvironment, so a worker can rebuild them.
   */
  seeds?: readonly number[];
  /** Worker processes at a time when `seeds` is given. Default: one per core. */
  workers?: number;
  /**
   * Environment frames between checkpoints of each run (`<run dir>/checkpoint.bin`, replaced
   * atomically), from which a killed run resumes. Default: a tenth of the frames; 0 for none.
   */
  checkpointEvery?: number;
  /** Save the replay buffer in checkpoints too, so a resumed run is step for step the uninterrupted one. Default false. */
  checkpointReplay?: boolean;
  /**
   * Continue a killed run from its last checkpoint, appending to its returns100.csv and event file
   * without repeating or losing rows: a run directory, or `true` to look in `logdir` for the
   * unfinished run of the same preset, environment, seed, frames and hyperparameters (a new run
   * starts when there is none).
   */
  resume?: boolean | string;
}

/** What one (preset, environment) run produced. */
export interface RunResult {
  agent: string;
  env: string;
  /** The run directory. */
  logdir: string;
  trainingReturns: number[];
  testReturns: number[];
  seed: number;
  /** 'failed' only for runs in worker processes (with `seeds`); other failures throw. */
  status: 'done' | 'failed';
  error?: string;
}

/** The package version, read once from package.json. */
export function alltsVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(__dirname, '..', '..', 'package.json')).version as string;
  } catch {
    try {
      return require(path.join(__dirname, '..', 'package.json')).version as string;
    } catch {
      return 'unknown';
    }
  }
}

/** The ExperimentLogger of one run: `<logdir>/<agent>_<env>_<time>/`, verbose unless the options say not. */
export function runLogger(options: RunExperimentOptions, agentName: string, envName: string, frame: () => number): ExperimentLogger {
  return new ExperimentLogger({ logdir: options.logdir ?? 'runs', agentName, envName, verbose: options.verbose ?? true, frame });
}

/** What run.json records of where a run ran: the backend and the versions of allts, tfjs and node. */
export function runEnvironmentInfo(requestedBackend: string): { backend: string; versions: Record<string, string> } {
  return {
    backend: currentBackend() ?? requestedBackend,
    versions: { allts: alltsVersion(), tfjs: tf.version.tfjs, node: process.versions.node },
  };
}

/** run.json's opening record of a run of one preset: what runs, where, and status 'training'. */
export function presetRunInfo(
  preset: { name: string; id: string; family: string; hyperparameters: unknown },
  envName: string,
  run: { seed: number; frames: number; backend: string; started: number; envOptions?: Record<string, unknown> | undefined },
) {
  return {
    agent: preset.name,
    preset: preset.id,
    family: preset.family,
    env: envName,
    ...(run.envOptions === undefined ? {} : { envOptions: run.envOptions }),
    seed: run.seed,
    frames: run.frames,
    hyperparameters: preset.hyperparameters,
    ...runEnvironmentInfo(run.backend),
    started: new Date(run.started).toISOString(),
    status: 'training',
  };
}

/** The options `env` was made with (run.json's `envOptions`), or undefined when it had none. */
export function environmentOptions(env: object): Record<string, unknown> | undefined {
  const options = environmentRecipe(env)?.options;
  return options === undefined || Object.keys(options).length === 0 ? undefined : options;
}

/**
 * Trains and tests every preset on every environment; see RunExperimentOptions. A turn-based
 * environment (from makeMultiagentEnvironment) gets independent learners, one of the preset per
 * agent (or the IndependentMultiagentBuilder given), through runMultiagentExperiment.
 */
export async function runExperiment(
  presets: readonly PresetBuilder<any>[],
  envs: readonly Environment[],
  frames: number,
  options?: RunExperimentOptions,
): Promise<RunResult[]>;
export async function runExperiment(
  presets: readonly (PresetBuilder<any> | IndependentMultiagentBuilder)[],
  envs: readonly (Environment | MultiagentEnvironment)[],
  frames: number,
  options?: RunMultiagentOptions,
): Promise<(RunResult | MultiagentRunResult)[]>;
export async function runExperiment(
  presets: readonly (PresetBuilder<any> | IndependentMultiagentBuilder)[],
  envs: readonly (Environment | MultiagentEnvironment)[],
  frames: number,
  options: RunMultiagentOptions = {},
): Promise<(RunResult | MultiagentRunResult)[]> {
  if (envs.some((e) => 'possibleAgents' in e)) {
    const seed = options.seed ?? new Random().childSeed();
    const out: (RunResult | MultiagentRunResult)[] = [];
    for (const env of envs) {
      if (!('possibleAgents' in env)) {
        out.push(...(await runExperiment(presets.filter((p): p is PresetBuilder<any> => !(p instanceof IndependentMultiagentBuilder)), [env], frames, { ...options, seed })));
        continue;
      }
      for (const p of presets) {
        // AlphaZero (games family) trains both seats by self-play (experiments/run_alphazero_experiment.ts)
        if (!(p instanceof IndependentMultiagentBuilder) && p.family === 'games') {
          const seat = env.possibleAgents[0]!;
          const spec = { name: env.name, observationSpace: env.observationSpace(seat), actionSpace: env.actionSpace(seat) };
          out.push(await runAlphaZeroExperiment(p, spec, frames, { ...options, seed }));
          continue;
        }
        const builder = p instanceof IndependentMultiagentBuilder ? p : independentMultiagent(p);
        out.push(await runMultiagentExperiment(builder, env, frames, { ...options, seed }));
      }
    }
    return out;
  }
  if (options.seeds !== undefined && typeof options.resume === 'string') {
    throw new ConfigError('resume names one run directory, but seeds asks for several runs; give resume: true to resume each seed\'s unfinished run in logdir');
  }
  if (options.seeds !== undefined) return runSeedsInWorkers(presets as readonly PresetBuilder<any>[], envs as readonly Environment[], frames, options);
  return runSingleAgentExperiments(presets as readonly PresetBuilder<any>[], envs as readonly Environment[], frames, options);
}

/** runExperiment with `seeds`: every preset x environment x seed in worker processes. */
async function runSeedsInWorkers(
  presets: readonly PresetBuilder<any>[],
  envs: readonly Environment[],
  frames: number,
  options: RunExperimentOptions,
): Promise<RunResult[]> {
  const specs = runSpecs(presets, envs, frames, options.seeds!, options);
  const print = options.print ?? ((line: string) => console.log(line));
  const outcomes = await runInParallel(specs, { workers: options.workers, quiet: options.quiet });
  if (!options.quiet) print(`\n${summaryTable(groupBySeed(outcomes))}`);
  return outcomes.map((o) => ({
    agent: o.spec.name ?? o.spec.preset,
    env: o.spec.env,
    logdir: o.logdir,
    trainingReturns: o.trainingReturns,
    testReturns: o.testReturns,
    seed: o.spec.seed,
    status: o.status,
    ...(o.error === undefined ? {} : { error: o.error }),
  }));
}

async function runSingleAgentExperiments(
  presets: readonly PresetBuilder<any>[],
  envs: readonly Environment[],
  frames: number,
  options: RunExperimentOptions,
): Promise<RunResult[]> {
  const backend = await initBackend(options.backend);
  const seed = options.seed ?? new Random().childSeed();
  if (options.seed === undefined && !options.quiet) {
    (options.print ?? ((line: string) => console.log(line)))(
      `runExperiment: no seed given, drew seed ${seed} (recorded in run.json); pass { seed: ${seed} } to repeat the run`,
    );
  }
  const results: RunResult[] = [];
  for (const env of envs) {
    for (const builder of presets) {
      const preset = builder.env(env).seed(seed).build();
      const started = Date.now();
      let experiment: ReturnType<typeof makeExperiment> | undefined;
      const envOptions = environmentOptions(env);
      const defaults = Object.fromEntries(Object.entries(builder.specs as Record<string, ParamSpec>).map(([name, spec]) => [name, spec.default]));
      const identity = { preset: preset.id, family: preset.family, env: env.name, envOptions, seed, frames, hyperparameters: preset.hyperparameters, defaults };
      const resumed = options.resume ? runToResume(options.resume, options.logdir ?? 'runs', identity) : undefined;
      const logger = resumed === undefined
        ? runLogger(options, preset.name, env.name, () => experiment?.frame ?? 0)
        : new ExperimentLogger({ agentName: preset.name, envName: env.name, verbose: options.verbose ?? true, frame: () => experiment?.frame ?? 0, resume: { dir: resumed.dir, position: resumed.checkpoint.meta.logger } });
      const every = options.checkpointEvery ?? Math.max(1, Math.ceil(frames / 10));
      experiment = makeExperiment(preset, env, {
        logger,
        quiet: options.quiet,
        print: options.print,
        seed,
        trainSteps: frames,
        onEpisode: options.onEpisode
          ? (e) => options.onEpisode!({ frame: e.frame, episode: e.episode, frames, returns: e.trainingReturns })
          : undefined,
        ...(every > 0 && Number.isFinite(every) ? { checkpoint: { every, replay: options.checkpointReplay ?? false, logger } } : {}),
      });
      let info: Record<string, unknown> = presetRunInfo(preset, env.name, { seed, frames, backend, started, envOptions });
      if (resumed !== undefined) {
        experiment.resumeFrom(resumed.checkpoint);
        info = resumedRunInfo(info, resumed.info, resumed.checkpoint, started);
        if (!options.quiet) (options.print ?? ((line: string) => console.log(line)))(resumeLine(resumed.dir, resumed.checkpoint, adoptedDefaults(resumed.info, identity)));
      }
      logger.writeRunInfo(info);
      try {
        experiment.train({ frames });
        await preset.save(path.join(logger.logdir, 'preset'));
        const test = experiment.test(options.testEpisodes ?? 100);
        const last100 = experiment.trainingReturns.slice(-100);
        logger.writeRunInfo({
          ...info,
          status: 'done',
          seconds: (Date.now() - started) / 1000,
          trainingEpisodes: experiment.trainingReturns.length,
          trainingReturns100: last100.length > 0 ? mean(last100) : null,
          testReturns: test.returns,
          testReturnsMean: test.returns.length > 0 ? mean(test.returns) : null,
        });
        // the run is complete and its preset saved: the checkpoint (maybe a large replay buffer) is no longer needed
        fs.rmSync(path.join(logger.logdir, CHECKPOINT_FILE), { force: true });
        results.push({ agent: preset.name, env: env.name, logdir: logger.logdir, trainingReturns: experiment.trainingReturns, testReturns: test.returns, seed, status: 'done' });
      } catch (e) {
        logger.writeRunInfo({ ...info, status: 'failed', error: (e as Error).message });
        throw e;
      } finally {
        await experiment.close();
        preset.dispose();
      }
    }
  }
  return results;
}
