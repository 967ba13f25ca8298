/**
 * The logger experiments use (ALL's ExperimentLogger): one run directory
 * `<logdir>/<agent>_<env>_<timestamp>/` holding a TensorBoard event file, `returns100.csv` in
 * ALL's format (no header; `frame,mean,std,max,min`), and `run.json`. Deliberate difference: the
 * timestamp is `2026-12-04_01-27-46_230000`, ALL's with `-` in place of its `:` (which Windows
 * forbids in file names). `loss/*`, `schedule/*` and `metrics/*` are written only when verbose;
 * evaluation and summaries always. CSV rows are appended whole in one write and run.json is
 * replaced atomically, so a crash never leaves a torn file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appendLines, writeFileAtomic } from '../core/atomic_file';
import { summarize } from '../core/stats';
import type { Logger } from './logger';
import { EventFileWriter } from './tensorboard/event_file_writer';

/** Options of an ExperimentLogger. */
export interface ExperimentLoggerOptions {
  /** Parent directory of run directories. Default 'runs'. */
  logdir?: string;
  /** Agent (preset) name, first part of the run directory. */
  agentName: string;
  /** Environment name, second part of the run directory. */
  envName: string;
  /** Write loss/*, schedule/* and metrics/* scalars too. Default true. */
  verbose?: boolean;
  /** The experiment's current frame, the default step of every scalar. */
  frame: () => number;
  /**
   * Continue an existing run directory (a resumed run) instead of making one: its event file and
   * CSV files are cut back to the lengths they had at the checkpoint, then appended to.
   */
  resume?: { dir: string; position: LoggerPosition };
}

/** How far a run directory's files had been written: the event file and each CSV, in bytes. */
export interface LoggerPosition {
  /** The event file's name in the run directory. */
  eventFile: string;
  eventBytes: number;
  /** CSV file name -> bytes. A CSV not listed did not exist yet. */
  csvBytes: Record<string, number>;
}

/**
 * The run-directory timestamp, `%Y-%m-%d_%H-%M-%S_%f` in local time, e.g.
 * `2026-12-04_01-27-46_230000`. ALL writes `%H:%M:%S`; a `:` is illegal in a Windows file name,
 * so the time is written with `-`. `experiments/plot/run_name.ts` reads both forms.
 */
export function runTimestamp(date = new Date()): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return (
    `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}_` +
    `${p(date.getHours())}-${p(date.getMinutes())}-${p(date.getSeconds())}_${p(date.getMilliseconds() * 1000, 6)}`
  );
}

/** Characters a Windows file name cannot hold (`/` is kept: a namespaced id nests a directory, as in ALL). */
const ILLEGAL_IN_FILE_NAME = /[<>:"\\|?*\u0000-\u001f]/g;

/**
 * Creates a new run directory under `root` and returns it. The directory itself is made without
 * `recursive`, so of two processes that drew the same millisecond name (parallel seeds of a sweep)
 * only one gets it and the other draws again: an exists-then-mkdir check let both share it.
 */
export function claimRunDirectory(root: string, name: () => string): string {
  for (;;) {
    const dir = path.join(root, name());
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    try {
      fs.mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/**
 * The run directory's name relative to the logdir: `<agent>_<env>_<timestamp>`, with any
 * character illegal on Windows in the agent or env name replaced by `-`.
 */
export function runDirectoryName(agentName: string, envName: string, date = new Date()): string {
  const clean = (name: string): string => name.replace(ILLEGAL_IN_FILE_NAME, '-');
  return `${clean(agentName)}_${clean(envName)}_${runTimestamp(date)}`;
}

export class ExperimentLogger implements Logger {
  /** The run directory. */
  readonly logdir: string;
  private readonly writer: EventFileWriter;
  /** Whether loss/*, schedule/* and metrics/* are written (see Logger.verbose). */
  readonly verbose: boolean;
  private readonly frame: () => number;
  private closed = false;

  constructor(options: ExperimentLoggerOptions) {
    if (options.resume !== undefined) {
      const { dir, position } = options.resume;
      this.logdir = dir;
      cutCsvFiles(dir, position.csvBytes);
      this.writer = new EventFileWriter(dir, { resume: { file: position.eventFile, bytes: position.eventBytes } });
    } else {
      const root = options.logdir ?? 'runs';
      this.logdir = claimRunDirectory(root, () => runDirectoryName(options.agentName, options.envName));
      this.writer = new EventFileWriter(this.logdir);
    }
    this.verbose = options.verbose ?? true;
    this.frame = options.frame;
  }

  /** The TensorBoard event file's path. */
  get eventFile(): string {
    return this.writer.path;
  }

  addLoss(name: string, value: number): void {
    if (this.verbose) this.writer.addScalar(`loss/${name}`, value, this.frame());
  }

  addSchedule(name: string, value: number): void {
    if (this.verbose) this.writer.addScalar(`schedule/${name}`, value, this.frame());
  }

  addMetric(name: string, value: number): void {
    if (this.verbose) this.writer.addScalar(`metrics/${name}`, value, this.frame());
  }

  addEval(name: string, value: number, step?: number): void {
    this.writer.addScalar(`eval/${name}`, value, step ?? this.frame());
  }

  addSummary(name: string, values: readonly number[], step?: number): void {
    const s = summarize(values);
    const at = step ?? this.frame();
    for (const [k, v] of Object.entries(s)) this.writer.addScalar(`summary/${name}/${k}`, v, at);
    appendLines(path.join(this.logdir, `${name}.csv`), [`${at},${s.mean},${s.std},${s.max},${s.min}`]);
  }

  addHparams(hparams: Record<string, unknown>, metrics: Record<string, number>): void {
    const clean: Record<string, string | number | boolean> = {};
    for (const [k, v] of Object.entries(hparams)) {
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') clean[k] = v;
    }
    this.writer.addHparams(clean, metrics, this.frame());
  }

  /** Flushes the event file and reports how far every file has been written (for a checkpoint). */
  position(): LoggerPosition {
    this.writer.flush();
    const csvBytes: Record<string, number> = {};
    for (const name of fs.readdirSync(this.logdir)) {
      if (name.endsWith('.csv')) csvBytes[name] = fs.statSync(path.join(this.logdir, name)).size;
    }
    return { eventFile: path.basename(this.writer.path), eventBytes: this.writer.bytesWritten, csvBytes };
  }

  /** Replaces run.json with `info` (atomically). */
  writeRunInfo(info: Record<string, unknown>): void {
    writeFileAtomic(path.join(this.logdir, 'run.json'), JSON.stringify(info, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.writer.close();
  }
}

/** Cuts each CSV back to its length at a checkpoint, and removes CSVs begun after it. */
function cutCsvFiles(dir: string, csvBytes: Record<string, number>): void {
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.csv')) continue;
    const file = path.join(dir, name);
    const keep = csvBytes[name];
    if (keep === undefined) fs.rmSync(file);
    else if (fs.statSync(file).size > keep) fs.truncateSync(file, keep);
  }
}
