/**
 * The state of a Slurm job directory written by slurmExperiment: each task's result file if it
 * ended, else Slurm's word (squeue) on whether it is pending or running; a task that left the queue
 * without a result was lost (killed, out of memory, out of time), with the end of its stderr.
 * finishSlurmJob writes the summary over seeds (and a sweep's files) once every task has ended.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../lib/core/atomic_file';
import { ConfigError } from '../lib/core/errors';
import { runSpecsFromJson, runLabel, type RunOutcome, type RunSpec } from './run_spec';
import { groupBySeed, summaryTable } from './run_summary';
import { JOB_FILE, TASKS_FILE, taskResultFile } from './slurm';
import type { TaskResult } from './slurm_task';
import { readSweep, writeSweepResults } from './sweep';

export type TaskState = 'pending' | 'running' | 'done' | 'failed' | 'lost';

export interface TaskStatus {
  index: number;
  spec: RunSpec;
  state: TaskState;
  result?: TaskResult;
  /** The end of the task's stderr, for failed and lost tasks. */
  stderr?: string;
}

export interface SlurmStatus {
  dir: string;
  jobId?: string;
  tasks: TaskStatus[];
  /** Every task done, failed or lost. */
  ended: boolean;
  /** Written when ended. */
  summary?: string;
}

/** Array index -> Slurm state (RUNNING, PENDING, ...) of the job's tasks still in the queue. */
function queuedTasks(jobId: string): Map<number, string> {
  const states = new Map<number, string>();
  let out = '';
  try {
    out = execFileSync('squeue', ['-h', '-r', '-j', jobId, '-o', '%i|%T'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new ConfigError('squeue was not found: read the status on the cluster\'s login node');
    // a job that left the queue long enough ago is unknown to squeue: nothing is queued
    if (/Invalid job id/i.test(err.stderr ?? '')) return states;
    throw new ConfigError(`squeue failed for job ${jobId}: ${(err.stderr ?? err.message).trim()}`);
  }
  for (const line of out.split('\n')) {
    const m = /^\d+_(\d+)\|(\S+)$/.exec(line.trim());
    if (m) states.set(Number(m[1]), m[2]!);
    const range = /^\d+_\[(.+)\]\|(\S+)$/.exec(line.trim());
    if (range) {
      for (const part of range[1]!.split(',')) {
        const [a, b] = part.split('-').map((x) => Number(x.replace(/%.*/, '')));
        for (let i = a!; i <= (b ?? a!); i++) states.set(i, range[2]!);
      }
    }
  }
  return states;
}

function tailOf(file: string, chars = 2000): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').slice(-chars).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Reads the job directory (and the queue); writes summary.md once every task has ended. */
export function slurmStatus(dir: string): SlurmStatus {
  const tasksFile = path.join(dir, TASKS_FILE);
  if (!fs.existsSync(tasksFile)) throw new ConfigError(`${dir} is not a Slurm job directory of allts: it has no ${TASKS_FILE} (slurmExperiment writes one)`);
  const specs = runSpecsFromJson(fs.readFileSync(tasksFile, 'utf8'), tasksFile);
  const jobFile = path.join(dir, JOB_FILE);
  const jobId = fs.existsSync(jobFile) ? (JSON.parse(fs.readFileSync(jobFile, 'utf8')) as { jobId: string }).jobId : undefined;
  const queued = jobId === undefined ? new Map<number, string>() : queuedTasks(jobId);
  const tasks = specs.map((spec, index): TaskStatus => {
    const resultFile = taskResultFile(dir, index);
    if (fs.existsSync(resultFile)) {
      const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as TaskResult;
      const stderr = result.status === 'failed' ? tailOf(path.join(dir, `task_${index}.err`)) : undefined;
      return { index, spec, state: result.status, result, ...(stderr ? { stderr } : {}) };
    }
    const slurmState = queued.get(index);
    if (slurmState !== undefined) return { index, spec, state: slurmState === 'PENDING' ? 'pending' : 'running' };
    if (jobId === undefined) return { index, spec, state: 'pending' };
    const stderr = tailOf(path.join(dir, `task_${index}.err`));
    return { index, spec, state: 'lost', ...(stderr ? { stderr } : {}) };
  });
  const ended = jobId !== undefined && tasks.every((t) => t.state === 'done' || t.state === 'failed' || t.state === 'lost');
  return { dir, ...(jobId === undefined ? {} : { jobId }), tasks, ended };
}

/**
 * Once every task has ended: writes summary.md (for a sweep, its sweep.csv, ranked summary and
 * plot as well) and returns the status with the summary.
 */
export async function finishSlurmJob(status: SlurmStatus): Promise<SlurmStatus> {
  if (!status.ended) return status;
  const outcomes = slurmOutcomes(status);
  const sweep = readSweep(status.dir, outcomes.map((o) => o.spec));
  if (sweep !== undefined) return { ...status, summary: (await writeSweepResults(sweep, outcomes)).summary };
  const summary = summaryTable(groupBySeed(outcomes));
  writeFileAtomic(path.join(status.dir, 'summary.md'), `# Slurm job ${status.jobId}\n\n${summary}\n`);
  return { ...status, summary };
}

/** The tasks as RunOutcomes (lost tasks as failures). */
export function slurmOutcomes(status: SlurmStatus): RunOutcome[] {
  return status.tasks.map((t) => ({
    spec: t.spec,
    status: t.state === 'done' ? 'done' : 'failed',
    logdir: t.result?.logdir ?? '',
    trainingReturns: t.result?.trainingReturns ?? [],
    testReturns: t.result?.testReturns ?? [],
    seconds: t.result?.seconds ?? 0,
    ...(t.state === 'done' ? {} : { error: t.result?.error ?? `task ${t.index} is ${t.state}${t.stderr ? `; stderr ends: ${t.stderr}` : ''}` }),
  }));
}

/** One line per task, for `allts slurm status`. */
export function statusLines(status: SlurmStatus): string[] {
  const mean = (xs: number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
  return status.tasks.map((t) => {
    const extra = t.state === 'done' ? `test mean ${mean(t.result!.testReturns).toFixed(1)} -> ${t.result!.logdir}` : t.result?.error ?? t.stderr?.split('\n').at(-1) ?? '';
    return `task ${t.index} ${runLabel(t.spec)}: ${t.state}${extra ? ` (${extra})` : ''}`;
  });
}

/** Polls slurmStatus until every task has ended (then finishSlurmJob) or `timeoutSeconds` pass. */
export async function waitForSlurm(dir: string, options: { timeoutSeconds?: number; pollSeconds?: number } = {}): Promise<SlurmStatus> {
  const deadline = Date.now() + (options.timeoutSeconds ?? Infinity) * 1000;
  for (;;) {
    const status = slurmStatus(dir);
    if (status.ended) return finishSlurmJob(status);
    if (Date.now() >= deadline) return status;
    await new Promise((r) => setTimeout(r, (options.pollSeconds ?? 5) * 1000));
  }
}
