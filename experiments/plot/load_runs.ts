/**
 * Finds the runs under a logdir and reads their `returns100.csv` curves.
 *
 * Ports `load_returns_100_data` of ALL's `all/experiments/plots.py`. Differences: it looks one
 * AND two levels deep (ALL < 0.9 put the csv in `<run>/<env>/`, and namespaced gymnasium ids such
 * as `ALE/Pong-v5` nest a directory); agent and env come from `run.json` when present, else from
 * the directory name ({@link parseRunName}); several runs of one agent and env are all kept (ALL
 * keeps the last one read); unreadable runs are skipped with a warning instead of crashing.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { ConfigError } from '../../lib/core/errors';
import { parseRunName, type RunNameOptions } from './run_name';

/** The file every run writes (ALL's format: no header, rows `frame,mean,std,max,min`). */
export const RETURNS_FILE = 'returns100.csv';

/** One run's learning curve: returns over the last 100 episodes against environment frames. */
export interface RunCurve {
  /** The run directory. */
  dir: string;
  /** The run directory relative to the logdir, `/`-separated: unique per run. */
  id: string;
  /** Agent (preset) name, e.g. `dqn`. */
  agent: string;
  /** Environment id, e.g. `CartPole-v1`. */
  env: string;
  /** Seed from run.json, when it has one. */
  seed?: number;
  /** Where agent and env were read: `run.json` or the directory name. */
  source: 'run.json' | 'directory name';
  /** Environment frames at each row. */
  frames: Float64Array;
  /** Mean return of the last 100 episodes at each row. */
  mean: Float64Array;
  /** Standard deviation of those returns (0 where the file has none). */
  std: Float64Array;
  /** Largest of those returns (NaN for ALL < 0.9 files, which have three columns). */
  max: Float64Array;
  /** Smallest of those returns (NaN for three-column files). */
  min: Float64Array;
}

/** The runs found, with one warning per run (or row) skipped. */
export type LoadedRuns = RunCurve[] & { warnings: string[] };

/** The error for a logdir without runs; the CLI prints it as is. */
export function noRunsError(logdir: string, detail = ''): ConfigError {
  return new ConfigError(
    `no runs found under ${logdir}: expected directories containing ${RETURNS_FILE}; ` +
      `train with \`allts classic CartPole-v1 dqn\` first${detail}`,
  );
}

/**
 * Parses a returns100.csv text. Rows need 3 (ALL < 0.9: frame,mean,std) or 5 numbers; blank lines
 * are skipped; a malformed row is skipped with a warning (a run still writing may tear its last row).
 * @throws Error when no row is usable.
 */
export function parseReturnsCsv(text: string, file: string, warnings: string[]): Omit<RunCurve, 'dir' | 'id' | 'agent' | 'env' | 'seed' | 'source'> {
  const rows: number[][] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const cells = line.split(',').map((c) => Number(c.trim()));
    const ok = (cells.length === 5 || cells.length === 3) && Number.isFinite(cells[0]) && Number.isFinite(cells[1]);
    if (!ok) {
      warnings.push(`${file}:${i + 1}: skipped row "${line.slice(0, 80)}": expected frame,mean,std,max,min numbers`);
      return;
    }
    rows.push(cells);
  });
  if (rows.length === 0) throw new Error(`${file} has no rows of frame,mean,std,max,min`);
  rows.sort((a, b) => (a[0] as number) - (b[0] as number));
  const column = (j: number, fill: number) =>
    Float64Array.from(rows, (r) => (r.length > j && Number.isFinite(r[j]) ? (r[j] as number) : fill));
  return { frames: column(0, NaN), mean: column(1, NaN), std: column(2, 0), max: column(3, NaN), min: column(4, NaN) };
}

/** Reads run.json's agent, env and seed; undefined (with a warning) when absent or unusable. */
async function readRunJson(dir: string, warnings: string[]): Promise<{ agent: string; env: string; seed?: number } | undefined> {
  const file = path.join(dir, 'run.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    if (typeof json.agent === 'string' && typeof json.env === 'string' && json.agent && json.env) {
      return { agent: json.agent, env: json.env, ...(typeof json.seed === 'number' ? { seed: json.seed } : {}) };
    }
    warnings.push(`${file}: no string "agent" and "env" fields; using the directory name instead`);
  } catch (error) {
    warnings.push(`${file}: not valid JSON (${(error as Error).message}); using the directory name instead`);
  }
  return undefined;
}

/** Subdirectories of `dir` (sorted), or [] when it cannot be listed. */
async function subdirectories(dir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Loads every run under `logdir`: directories one or two levels deep that contain returns100.csv.
 * @param logdir the experiments' output directory (e.g. `runs`).
 * @param options agent/env lists used to split directory names without run.json.
 * @returns the curves sorted by env, agent and id; `.warnings` lists what was skipped and why.
 * @throws ConfigError when the logdir is missing or unreadable or holds no run directory.
 */
export async function loadRuns(logdir: string, options: RunNameOptions = {}): Promise<LoadedRuns> {
  try {
    if (!(await fs.stat(logdir)).isDirectory()) throw new Error('not a directory');
    await fs.readdir(logdir);
  } catch (error) {
    throw noRunsError(logdir, ` (${(error as Error).message})`);
  }
  const candidates: string[] = [];
  for (const name of await subdirectories(logdir)) {
    const dir = path.join(logdir, name);
    if (await isFile(path.join(dir, RETURNS_FILE))) {
      candidates.push(name);
      continue;
    }
    for (const inner of await subdirectories(dir)) {
      if (await isFile(path.join(dir, inner, RETURNS_FILE))) candidates.push(`${name}/${inner}`);
    }
  }
  if (candidates.length === 0) throw noRunsError(logdir);

  const warnings: string[] = [];
  const runs: RunCurve[] = [];
  for (const id of candidates) {
    const dir = path.join(logdir, ...id.split('/'));
    const file = path.join(dir, RETURNS_FILE);
    const meta = await readRunJson(dir, warnings);
    const names = meta ?? parseRunName(id, options);
    if (!names) {
      warnings.push(`${dir}: skipped: no run.json and the name is not <agent>_<env>_<timestamp>`);
      continue;
    }
    let curve: ReturnType<typeof parseReturnsCsv>;
    try {
      curve = parseReturnsCsv(await fs.readFile(file, 'utf8'), file, warnings);
    } catch (error) {
      warnings.push(`${dir}: skipped: ${(error as Error).message}`);
      continue;
    }
    runs.push({ dir, id, agent: names.agent, env: names.env, ...(meta?.seed !== undefined ? { seed: meta.seed } : {}), source: meta ? 'run.json' : 'directory name', ...curve });
  }
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  runs.sort((a, b) => order(a.env, b.env) || order(a.agent, b.agent) || order(a.id, b.id));
  return Object.assign(runs, { warnings });
}
