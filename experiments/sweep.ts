/**
 * Hyperparameter sweeps: every configuration x seed of one preset on one environment, run in
 * worker processes; writes into one sweep directory
 *   sweep.json   what was swept (to repeat it),
 *   sweep.csv    one row per run: hyperparameters, seed, status, train returns100, test mean, seconds,
 *   summary.md   configurations ranked by test mean over seeds, with spread and worst seed,
 *   sweep.png    returns100 against frames, one band (min to max over seeds) per configuration,
 * and each run's own directory under `<config name>/`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeEnvironment } from '../environments/registry';
import { writeFileAtomic } from '../lib/core/atomic_file';
import { ConfigError } from '../lib/core/errors';
import { getPresetBuilder } from '../presets/registry';
import { runInParallel } from './parallel_runs';
import { type RunOutcome, type RunSpec } from './run_spec';
import { groupBySeed, summaryTable, type SeedGroup } from './run_summary';
import { configName, gridConfigs, parseSpace, randomConfigs, type SweepConfig } from './sweep_space';
import { writeSweepPlot } from './plot/sweep_plot';

export interface SweepOptions {
  family: string;
  preset: string;
  env: string;
  envOptions?: Record<string, unknown>;
  /** Dimensions as the CLI takes them: `lr=1e-3,3e-4`, `lr=log:1e-4:1e-2`, `discount=uniform:0.9:0.999`. */
  space: readonly string[];
  /** Draw this many configurations at random instead of the full grid. */
  random?: number;
  /** Seed of the random draws. Default 0. */
  randomSeed?: number;
  seeds: readonly number[];
  frames: number;
  /** Worker processes at a time. Default: one per core. */
  workers?: number;
  /** Parent of the sweep directory. Default 'runs'. */
  logdir?: string;
  testEpisodes?: number;
  verbose?: boolean;
  quiet?: boolean;
  backend?: string;
  print?: (line: string) => void;
}

export interface SweepResult {
  /** The sweep directory. */
  dir: string;
  configs: SweepConfig[];
  outcomes: RunOutcome[];
  /** Configurations ranked by test mean over seeds, best first. */
  ranked: (SeedGroup & { config: SweepConfig })[];
  files: { json: string; csv: string; summary: string; png: string };
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

/** CSV field: quoted when it holds a comma, quote or newline. */
function csvField(value: unknown): string {
  const text = value === undefined || (typeof value === 'number' && Number.isNaN(value)) ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
}

/** The configurations of a sweep (checked against the preset's specs). */
export function sweepConfigs(options: Pick<SweepOptions, 'family' | 'preset' | 'space' | 'random' | 'randomSeed'>): SweepConfig[] {
  const builder = getPresetBuilder(options.family, options.preset);
  const space = parseSpace(options.preset, builder.specs, options.space);
  if (options.random !== undefined) return randomConfigs(space, builder.specs, options.random, options.randomSeed ?? 0);
  if (Object.keys(space).length === 0) throw new ConfigError('A sweep needs at least one dimension, e.g. --grid lr=1e-3,3e-4');
  return gridConfigs(space);
}

/** Runs the sweep and writes its files; see the file header. */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const configs = sweepConfigs(options);
  if (options.seeds.length === 0) throw new ConfigError('A sweep needs at least one seed, e.g. --seeds 0-4');
  makeEnvironment(options.env, options.envOptions ?? {}).close(); // a bad id or option fails here, before any worker starts
  const dir = path.join(options.logdir ?? 'runs', `sweep_${options.preset}_${options.env.replace(/[/\\]/g, '-')}_${stamp()}`);
  fs.mkdirSync(dir, { recursive: true });
  const files = { json: path.join(dir, 'sweep.json'), csv: path.join(dir, 'sweep.csv'), summary: path.join(dir, 'summary.md'), png: path.join(dir, 'sweep.png') };
  const { print: _print, ...recorded } = options;
  writeFileAtomic(files.json, JSON.stringify({ ...recorded, configs, started: new Date().toISOString() }, null, 2));

  const specs: RunSpec[] = [];
  const configOf = new Map<RunSpec, number>();
  configs.forEach((config, i) => {
    for (const seed of options.seeds) {
      const spec: RunSpec = {
        family: options.family,
        preset: options.preset,
        hyperparameters: config,
        env: options.env,
        envOptions: options.envOptions ?? {},
        frames: options.frames,
        seed,
        logdir: path.join(dir, configName(config).replace(/[/\\]/g, '-')),
        testEpisodes: options.testEpisodes ?? 100,
        verbose: options.verbose ?? false,
        backend: options.backend,
      };
      configOf.set(spec, i);
      specs.push(spec);
    }
  });

  const keys = [...new Set(configs.flatMap((c) => Object.keys(c)))];
  const header = ['config', ...keys, 'seed', 'status', 'train_returns100', 'test_mean', 'seconds', 'logdir', 'error'];
  const rows: string[] = [header.join(',')];
  // the CSV grows as runs end, so an interrupted sweep keeps what finished
  const outcomes = await runInParallel(specs, {
    workers: options.workers,
    quiet: options.quiet,
    onOutcome: (o) => {
      const config = configs[configOf.get(o.spec)!]!;
      rows.push(
        [configName(config), ...keys.map((k) => config[k]), o.spec.seed, o.status, mean(o.trainingReturns.slice(-100)), mean(o.testReturns), o.seconds.toFixed(1), o.logdir, o.error?.split('\n')[0]]
          .map(csvField)
          .join(','),
      );
      writeFileAtomic(files.csv, `${rows.join('\n')}\n`);
    },
  });

  const groups = groupBySeed(outcomes, (o) => configName(configs[configOf.get(o.spec)!]!));
  const ranked = groups
    .map((g) => ({ ...g, config: configs[configOf.get(g.outcomes[0]!.spec)!]! }))
    .sort((a, b) => (Number.isNaN(a.testMean) ? 1 : Number.isNaN(b.testMean) ? -1 : b.testMean - a.testMean));
  const warnings: string[] = [];
  const plotted = await writeSweepPlot(ranked.map((g) => ({ name: g.key, runs: g.outcomes.filter((o) => o.status === 'done').map((o) => o.logdir) })), files.png, {
    title: `${options.preset} on ${options.env}`,
    warnings,
  });
  const summary = [
    `# Sweep of ${options.family} ${options.preset} on ${options.env}`,
    '',
    `${configs.length} configurations x ${options.seeds.length} seeds (${options.seeds.join(',')}), ${options.frames} frames, ` +
      `${options.testEpisodes ?? 100} test episodes; ranked by test mean over seeds.`,
    '',
    summaryTable(ranked, 'configuration'),
    '',
    ...(plotted ? [] : ['No plot: no run wrote a readable returns100.csv.', '']),
    ...warnings.map((w) => `warning: ${w}`),
  ].join('\n');
  writeFileAtomic(files.summary, summary);
  if (!options.quiet) (options.print ?? ((line: string) => console.log(line)))(`\n${summary}\nsweep directory: ${dir}`);
  return { dir, configs, outcomes, ranked, files };
}
