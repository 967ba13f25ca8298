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
import { makeEnvironment, prepareEnvironment } from '../environments';
import { writeFileAtomic } from '../lib/core/atomic_file';
import { ConfigError } from '../lib/core/errors';
import { getPresetBuilder } from '../presets/registry';
import { runInParallel } from './parallel_runs';
import { type RunOutcome, type RunSpec } from './run_spec';
import { sanitizeNumbers } from '../presets/preset';
import { writeSlurmJob, type SlurmJob, type SlurmOptions } from './slurm';
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

/** A sweep laid out before any run: its directory, configurations and one RunSpec per configuration x seed. */
export interface PreparedSweep {
  dir: string;
  configs: SweepConfig[];
  seeds: number[];
  /** Configuration-major: specs[c * seeds.length + s]. */
  specs: RunSpec[];
  files: SweepResult['files'];
  title: string;
}

export const SWEEP_FILE = 'sweep.json';

function sweepFiles(dir: string): SweepResult['files'] {
  return { json: path.join(dir, SWEEP_FILE), csv: path.join(dir, 'sweep.csv'), summary: path.join(dir, 'summary.md'), png: path.join(dir, 'sweep.png') };
}

/** Checks the options, makes the sweep directory and writes sweep.json. */
export function prepareSweep(options: SweepOptions): PreparedSweep {
  const configs = sweepConfigs(options);
  if (options.seeds.length === 0) throw new ConfigError('A sweep needs at least one seed, e.g. --seeds 0-4');
  makeEnvironment(options.env, options.envOptions ?? {}).close(); // a bad id or option fails here, before any run starts
  const dir = path.resolve(options.logdir ?? 'runs', `sweep_${options.preset}_${options.env.replace(/[/\\]/g, '-')}_${stamp()}`);
  fs.mkdirSync(dir, { recursive: true });
  const files = sweepFiles(dir);
  const { print: _print, ...recorded } = options;
  writeFileAtomic(files.json, JSON.stringify({ ...recorded, configs, started: new Date().toISOString() }, sanitizeNumbers, 2));
  const specs = configs.flatMap((config) =>
    options.seeds.map((seed): RunSpec => ({
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
    })),
  );
  return { dir, configs, seeds: [...options.seeds], specs, files, title: `${options.family} ${options.preset} on ${options.env}` };
}

/** Reads a sweep directory's sweep.json back as a PreparedSweep (for results gathered later, e.g. from Slurm). */
export function readSweep(dir: string, specs: RunSpec[]): PreparedSweep | undefined {
  const file = path.join(dir, SWEEP_FILE);
  if (!fs.existsSync(file)) return undefined;
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { family: string; preset: string; env: string; seeds: number[]; configs: SweepConfig[] };
  return { dir, configs: json.configs, seeds: json.seeds, specs, files: sweepFiles(dir), title: `${json.family} ${json.preset} on ${json.env}` };
}

/** sweep.csv's header and the row of one outcome (outcome i belongs to configuration floor(i / seeds)). */
function csvRows(sweep: PreparedSweep): { header: string; row: (o: RunOutcome, i: number) => string } {
  const keys = [...new Set(sweep.configs.flatMap((c) => Object.keys(c)))];
  return {
    header: ['config', ...keys, 'seed', 'status', 'train_returns100', 'test_mean', 'seconds', 'logdir', 'error'].join(','),
    row: (o, i) => {
      const config = sweep.configs[Math.floor(i / sweep.seeds.length)]!;
      return [configName(config), ...keys.map((k) => config[k]), o.spec.seed, o.status, mean(o.trainingReturns.slice(-100)), mean(o.testReturns), o.seconds.toFixed(1), o.logdir, o.error?.split('\n')[0]]
        .map(csvField)
        .join(',');
    },
  };
}

/** Writes sweep.csv, summary.md and sweep.png for every outcome (in spec order); returns the ranking and the summary. */
export async function writeSweepResults(sweep: PreparedSweep, outcomes: readonly RunOutcome[]): Promise<{ ranked: SweepResult['ranked']; summary: string }> {
  const csv = csvRows(sweep);
  writeFileAtomic(sweep.files.csv, `${[csv.header, ...outcomes.map((o, i) => csv.row(o, i))].join('\n')}\n`);
  const configIndex = new Map(outcomes.map((o, i) => [o, Math.floor(i / sweep.seeds.length)]));
  const groups = groupBySeed(outcomes, (o) => configName(sweep.configs[configIndex.get(o)!]!));
  const ranked = groups
    .map((g) => ({ ...g, config: sweep.configs[configIndex.get(g.outcomes[0]!)!]! }))
    .sort((a, b) => (Number.isNaN(a.testMean) ? 1 : Number.isNaN(b.testMean) ? -1 : b.testMean - a.testMean));
  const warnings: string[] = [];
  const plotted = await writeSweepPlot(ranked.map((g) => ({ name: g.key, runs: g.outcomes.filter((o) => o.status === 'done').map((o) => o.logdir) })), sweep.files.png, {
    title: sweep.title,
    warnings,
  });
  const first = outcomes[0]?.spec;
  const summary = [
    `# Sweep of ${sweep.title}`,
    '',
    `${sweep.configs.length} configurations x ${sweep.seeds.length} seeds (${sweep.seeds.join(',')}), ${first?.frames} frames, ` +
      `${first?.testEpisodes} test episodes; ranked by test mean over seeds.`,
    '',
    summaryTable(ranked, 'configuration'),
    '',
    ...(plotted ? [] : ['No plot: no run wrote a readable returns100.csv.', '']),
    ...warnings.map((w) => `warning: ${w}`),
  ].join('\n');
  writeFileAtomic(sweep.files.summary, summary);
  return { ranked, summary };
}

/** Runs the sweep here, in worker processes, and writes its files; see the file header. */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  await prepareEnvironment(options.env);
  const sweep = prepareSweep(options);
  const csv = csvRows(sweep);
  const indexOf = new Map(sweep.specs.map((spec, i) => [spec, i]));
  const rows: string[] = [csv.header];
  // the CSV grows as runs end, so an interrupted sweep keeps what finished
  const outcomes = await runInParallel(sweep.specs, {
    workers: options.workers,
    quiet: options.quiet,
    onOutcome: (o) => {
      rows.push(csv.row(o, indexOf.get(o.spec)!));
      writeFileAtomic(sweep.files.csv, `${rows.join('\n')}\n`);
    },
  });
  const { ranked, summary } = await writeSweepResults(sweep, outcomes);
  if (!options.quiet) (options.print ?? ((line: string) => console.log(line)))(`\n${summary}\nsweep directory: ${sweep.dir}`);
  return { dir: sweep.dir, configs: sweep.configs, outcomes, ranked, files: sweep.files };
}

/** Submits the sweep as one Slurm array task per configuration x seed; `allts slurm wait` writes its files when all end. */
export async function submitSweep(options: SweepOptions, slurm: Omit<SlurmOptions, 'seeds'>): Promise<SlurmJob> {
  await prepareEnvironment(options.env);
  const sweep = prepareSweep(options);
  return writeSlurmJob(sweep.dir, sweep.specs, { ...slurm, seeds: sweep.seeds, jobName: slurm.jobName ?? `sweep_${options.preset}` });
}
