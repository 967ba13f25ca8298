/**
 * One run described as plain data (a RunSpec): which registered preset with which hyperparameters,
 * which environment id with which options, how many frames, which seed, where to write. Plain data
 * crosses process boundaries, so the same run can go to a worker process, a sweep or a Slurm task.
 */
import type { Environment } from '../environments/environment';
import { makeEnvironment, prepareEnvironment } from '../environments';
import { requireRecipe } from '../environments/recipe';
import { ConfigError } from '../lib/core/errors';
import type { PresetBuilder } from '../presets/builder';
import { getPresetBuilder } from '../presets/registry';
import { reviveNumbers, sanitizeNumbers } from '../presets/preset';
import { runExperiment, type RunExperimentOptions } from './run_experiment';

/** A run as data. */
export interface RunSpec {
  /** Preset family and id in the registry, e.g. `classic` / `dqn`. */
  family: string;
  preset: string;
  /** The preset's name in logs and run directories, when not its id (the builder's `.name()`). */
  name?: string;
  /** Overrides of the preset's defaults (camelCase or snake_case keys). */
  hyperparameters: Record<string, unknown>;
  /** Environment id and options as given to makeEnvironment. */
  env: string;
  envOptions: Record<string, unknown>;
  frames: number;
  seed: number;
  /** Parent directory of the run directory. */
  logdir: string;
  testEpisodes: number;
  verbose: boolean;
  backend?: string;
  /** Frames between checkpoints (runExperiment's default when absent). */
  checkpointEvery?: number;
  /** Save the replay buffer in checkpoints. */
  checkpointReplay?: boolean;
  /** Resume the unfinished run of this spec in `logdir` if there is one (runExperiment's `resume: true`). */
  resume?: boolean;
}

/** What a finished (or failed) run reports. */
export interface RunOutcome {
  spec: RunSpec;
  status: 'done' | 'failed';
  /** The run directory (empty if the run failed before making one). */
  logdir: string;
  trainingReturns: number[];
  testReturns: number[];
  seconds: number;
  /** The error's message (and the end of the worker's stderr) when status is 'failed'. */
  error?: string;
}

/** Short name of a run for progress lines and tables: `dqn CartPole-v0 seed 3`. */
export function runLabel(spec: RunSpec): string {
  return `${spec.name ?? spec.preset} ${spec.env} seed ${spec.seed}`;
}

/** The builder of a registered preset, checking that the builder given is that one. */
function registeredId(builder: PresetBuilder<any>): { family: string; preset: string } {
  let registered: PresetBuilder<any>;
  try {
    registered = getPresetBuilder(builder.family, builder.id);
  } catch (e) {
    throw new ConfigError(
      `Runs in worker processes rebuild each preset from the registry by family and id, but ${builder.family}/${builder.id} ` +
        `is not registered (${(e as Error).message}). Register its family in presets/registry.ts, or run without seeds/workers.`,
    );
  }
  if (registered.specs !== builder.specs) {
    throw new ConfigError(
      `${builder.family}/${builder.id} is not the registered preset of that name (its hyperparameters differ), so a worker process ` +
        `could not rebuild it. Give the preset a new id and register it, or run without seeds/workers.`,
    );
  }
  return { family: builder.family, preset: builder.id };
}

/** Every preset x environment x seed as RunSpecs, in that nesting order (environment outermost). */
export function runSpecs(
  presets: readonly PresetBuilder<any>[],
  envs: readonly Environment[],
  frames: number,
  seeds: readonly number[],
  options: Pick<RunExperimentOptions, 'logdir' | 'testEpisodes' | 'verbose' | 'backend' | 'checkpointEvery' | 'checkpointReplay' | 'resume'> = {},
): RunSpec[] {
  if (seeds.length === 0) throw new ConfigError('seeds is empty; give at least one seed, e.g. { seeds: [0, 1, 2] }');
  for (const s of seeds) {
    if (!Number.isInteger(s) || s < 0) throw new ConfigError(`Each seed must be a non-negative integer; received ${String(s)}`);
  }
  const specs: RunSpec[] = [];
  for (const env of envs) {
    const recipe = requireRecipe(env, 'Running several seeds or workers');
    for (const builder of presets) {
      const { family, preset } = registeredId(builder);
      for (const seed of seeds) {
        specs.push({
          family,
          preset,
          ...(builder.currentName === builder.id ? {} : { name: builder.currentName }),
          hyperparameters: { ...builder.currentHyperparameters },
          env: recipe.id,
          envOptions: recipe.options,
          frames,
          seed,
          logdir: options.logdir ?? 'runs',
          testEpisodes: options.testEpisodes ?? 100,
          verbose: options.verbose ?? true,
          backend: options.backend,
          ...(options.checkpointEvery === undefined ? {} : { checkpointEvery: options.checkpointEvery }),
          ...(options.checkpointReplay === undefined ? {} : { checkpointReplay: options.checkpointReplay }),
          ...(options.resume === true ? { resume: true } : {}),
        });
      }
    }
  }
  return specs;
}

/** RunSpecs as JSON (non-finite numbers as strings, which JSON cannot carry). */
export function runSpecsToJson(specs: readonly RunSpec[]): string {
  return JSON.stringify(specs, sanitizeNumbers, 2);
}

/** Reads runSpecsToJson's text back, reviving non-finite numbers where the preset expects a number. */
export function runSpecsFromJson(text: string, file: string): RunSpec[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file} is not valid JSON (${(e as Error).message}); it should hold the run specs allts wrote`);
  }
  if (!Array.isArray(parsed)) throw new ConfigError(`${file} should hold an array of run specs`);
  return parsed.map((spec: RunSpec) => {
    let specs: PresetBuilder<any>['specs'];
    try {
      specs = getPresetBuilder(spec.family, spec.preset).specs;
    } catch {
      return spec; // an unknown preset fails, with its clear error, when the run starts
    }
    const hyperparameters = Object.fromEntries(
      Object.entries(spec.hyperparameters).map(([k, v]) => [k, typeof specs[k]?.default === 'number' ? reviveNumbers(v) : v]),
    );
    return { ...spec, hyperparameters };
  });
}

/** Progress of a run: after each training episode. */
export type EpisodeProgress = { frame: number; episode: number; frames: number; returns: readonly number[] };

/** Runs one RunSpec in this process (what a worker process does). */
export async function runSpec(spec: RunSpec, onEpisode?: (info: EpisodeProgress) => void, options: { resume?: boolean } = {}): Promise<RunOutcome> {
  const started = performance.now();
  const registered = getPresetBuilder(spec.family, spec.preset).hyperparameters(spec.hyperparameters);
  const builder = spec.name === undefined ? registered : registered.name(spec.name);
  await prepareEnvironment(spec.env);
  const env = makeEnvironment(spec.env, spec.envOptions);
  try {
    const [result] = await runExperiment([builder], [env], spec.frames, {
      logdir: spec.logdir,
      seed: spec.seed,
      testEpisodes: spec.testEpisodes,
      verbose: spec.verbose,
      backend: spec.backend,
      quiet: true,
      onEpisode,
      checkpointEvery: spec.checkpointEvery,
      checkpointReplay: spec.checkpointReplay,
      resume: options.resume ?? spec.resume,
    });
    return {
      spec,
      status: 'done',
      logdir: result!.logdir,
      trainingReturns: result!.trainingReturns,
      testReturns: result!.testReturns,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    env.close();
  }
}
