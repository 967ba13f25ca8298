/**
 * Many runs at once: each RunSpec in its own worker process (`workers` at a time, default one per
 * core), with a combined progress display. A run that fails is reported with its error and does not
 * stop the others; a parent that exits takes its workers with it.
 */
import { type ChildProcess, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../lib/core/errors';
import { RunsProgress } from './runs_progress';
import type { RunOutcome, RunSpec } from './run_spec';
import type { WorkerMessage } from './run_worker';

export interface ParallelOptions {
  /** Worker processes at a time. Default: one per core. */
  workers?: number;
  /** No progress display. Default false. */
  quiet?: boolean;
  /** Stream of the progress display. Default process.stdout. */
  stream?: NodeJS.WriteStream;
  /** Seconds between plain progress lines when the stream is not a TTY. Default 10. */
  lineInterval?: number;
  /** Called as each run ends, in the order they end. */
  onOutcome?: (outcome: RunOutcome) => void;
}

/** A compiled entry script of this folder (beside this file in dist/, or in dist/ when running from sources). */
export function compiledScript(name: string): string {
  const beside = path.join(__dirname, name);
  if (fs.existsSync(beside)) return beside;
  const built = path.join(__dirname, '..', 'dist', 'experiments', name);
  if (fs.existsSync(built)) return built;
  throw new ConfigError(`The script ${name} was found neither at ${beside} nor at ${built}; build the package first (npm run build).`);
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killLiveWorkers(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** Keeps the last `limit` characters of a stream (a failed worker's stderr tail). */
function tail(limit: number): { push(chunk: Buffer): void; text(): string } {
  let text = '';
  return {
    push(chunk) {
      text = (text + chunk.toString('utf8')).slice(-limit);
    },
    text: () => text.trim(),
  };
}

/** Runs one spec in a fresh worker process; never rejects (a failure is an outcome). */
function runInWorker(spec: RunSpec, progress: RunsProgress): Promise<RunOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = fork(compiledScript('run_worker.js'), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
    live.add(child);
    const stderr = tail(4000);
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    let outcome: RunOutcome | undefined;
    const failed = (error: string): RunOutcome => ({
      spec, status: 'failed', logdir: '', trainingReturns: [], testReturns: [], seconds: (performance.now() - started) / 1000, error,
    });
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') progress.update(spec, message);
      else if (message.type === 'done') outcome = { spec, status: 'done', logdir: message.logdir, trainingReturns: message.trainingReturns, testReturns: message.testReturns, seconds: message.seconds };
      else outcome = failed(message.error);
    });
    child.on('error', (e) => {
      outcome ??= failed(`could not start the worker process: ${e.message}`);
    });
    child.on('exit', (code, signal) => {
      live.delete(child);
      const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
      const result = outcome ?? failed(`the worker process ${how} before reporting a result${stderr.text() ? `; its stderr ends:\n${stderr.text()}` : ''}`);
      progress.finish(spec, result);
      resolve(result);
    });
    child.send(spec);
  });
}

/**
 * Runs every spec, `workers` at a time, each in its own process; resolves with one outcome per
 * spec, in the order of `specs`, once all have ended.
 */
export async function runInParallel(specs: readonly RunSpec[], options: ParallelOptions = {}): Promise<RunOutcome[]> {
  const workers = options.workers ?? os.cpus().length;
  if (!Number.isInteger(workers) || workers < 1) throw new ConfigError(`workers must be a positive integer; received ${String(workers)}`);
  if (!exitHookInstalled) {
    process.on('exit', killLiveWorkers);
    exitHookInstalled = true;
  }
  const progress = new RunsProgress(specs.length, { quiet: options.quiet ?? false, stream: options.stream, lineInterval: options.lineInterval });
  const outcomes: RunOutcome[] = new Array(specs.length);
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const i = next++;
      const outcome = await runInWorker(specs[i]!, progress);
      outcomes[i] = outcome;
      options.onOutcome?.(outcome);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(workers, Math.max(1, specs.length)) }, worker));
  } finally {
    progress.stop();
  }
  return outcomes;
}

