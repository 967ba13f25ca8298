/**
 * Slurm (ALL's SlurmExperiment): one array task per preset x environment x seed. slurmExperiment
 * writes a job directory
 *   tasks.json    the RunSpecs, one per array index,
 *   job.sbatch    the array script (`--array=0-(N-1)`, output files per task, the user's arguments),
 *   job.json      the job id once submitted,
 * submits it with `sbatch`, and each task runs its own RunSpec by SLURM_ARRAY_TASK_ID
 * (experiments/slurm_task.ts), writing `task_<i>.json` when it ends. slurmStatus reads them back.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Environment } from '../environments/environment';
import { writeFileAtomic } from '../lib/core/atomic_file';
import { ConfigError } from '../lib/core/errors';
import type { PresetBuilder } from '../presets/builder';
import { compiledScript } from './parallel_runs';
import { runSpecs, runSpecsToJson, type RunSpec } from './run_spec';

export interface SlurmOptions {
  seeds: readonly number[];
  /** Parent of the job directory. Default 'runs'. */
  logdir?: string;
  testEpisodes?: number;
  verbose?: boolean;
  backend?: string;
  /** Job name. Default 'allts'. */
  jobName?: string;
  /** CPUs per task. Default 1 (our agents are single-threaded). */
  cpusPerTask?: number;
  /** Memory per task, sbatch syntax. Default '2G'. */
  memory?: string;
  /** Extra sbatch arguments, e.g. ['--time=02:00:00', '--partition=cpu']. */
  sbatchArgs?: readonly string[];
  /** Submit with sbatch (default true); false only writes the job directory. */
  submit?: boolean;
  /** Frames between each run's checkpoints, from which a requeued task resumes (runExperiment's default when absent). */
  checkpointEvery?: number;
  /** Save replay buffers in checkpoints. */
  checkpointReplay?: boolean;
}

export interface SlurmJob {
  dir: string;
  script: string;
  tasks: RunSpec[];
  /** Slurm's job id, when submitted. */
  jobId?: string;
}

export const TASKS_FILE = 'tasks.json';
export const JOB_FILE = 'job.json';
export const SCRIPT_FILE = 'job.sbatch';

/** The result file of array task `i`. */
export const taskResultFile = (dir: string, i: number) => path.join(dir, `task_${i}.json`);

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 23);
}

/** Single-quotes a word for bash. */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./=:,+%@-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The sbatch array script of a job directory with `count` tasks. */
export function sbatchScript(dir: string, count: number, options: SlurmOptions): string {
  for (const arg of options.sbatchArgs ?? []) {
    if (!arg.startsWith('-')) throw new ConfigError(`sbatch argument "${arg}" should be an option such as --time=01:00:00 or --partition=cpu`);
    if (/^--(array|output|error)\b/.test(arg)) throw new ConfigError(`sbatch argument "${arg}" is set by allts itself (one array task per run, output files per task); leave it out`);
  }
  const lines = [
    '#!/bin/bash',
    `#SBATCH --job-name=${shellQuote(options.jobName ?? 'allts')}`,
    `#SBATCH --array=0-${count - 1}`,
    `#SBATCH --output=${shellQuote(path.join(dir, 'task_%a.out'))}`,
    `#SBATCH --error=${shellQuote(path.join(dir, 'task_%a.err'))}`,
    `#SBATCH --cpus-per-task=${options.cpusPerTask ?? 1}`,
    `#SBATCH --mem=${shellQuote(options.memory ?? '2G')}`,
    // a requeued task (pre-emption, node failure) starts again and resumes its run from the last checkpoint
    '#SBATCH --requeue',
    ...(options.sbatchArgs ?? []).map((a) => `#SBATCH ${shellQuote(a)}`),
    '',
    '# one allts run per array task; its RunSpec is tasks.json[SLURM_ARRAY_TASK_ID]',
    `exec ${shellQuote(process.execPath)} ${shellQuote(compiledScript('slurm_task.js'))} ${shellQuote(dir)}`,
    '',
  ];
  return lines.join('\n');
}

/** Runs sbatch on the script; returns the job id. */
export function submitSbatch(script: string): string {
  let out: string;
  try {
    out = execFileSync('sbatch', ['--parsable', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') {
      throw new ConfigError('sbatch was not found: run on a Slurm login node, or start a local cluster with scripts/slurm/start_local_cluster.sh');
    }
    throw new ConfigError(`sbatch refused ${script}: ${(err.stderr ?? err.message).trim()}`);
  }
  const jobId = out.trim().split(';')[0]!;
  if (!/^\d+$/.test(jobId)) throw new ConfigError(`sbatch printed "${out.trim()}", not a job id`);
  return jobId;
}

/** Writes tasks.json and job.sbatch into `dir` and (by default) submits the array. */
export function writeSlurmJob(dir: string, tasks: RunSpec[], options: SlurmOptions): SlurmJob {
  fs.mkdirSync(dir, { recursive: true });
  writeFileAtomic(path.join(dir, TASKS_FILE), runSpecsToJson(tasks));
  const script = path.join(dir, SCRIPT_FILE);
  writeFileAtomic(script, sbatchScript(dir, tasks.length, options));
  const job: SlurmJob = { dir, script, tasks };
  if (options.submit ?? true) {
    job.jobId = submitSbatch(script);
    writeFileAtomic(path.join(dir, JOB_FILE), JSON.stringify({ jobId: job.jobId, submitted: new Date().toISOString(), tasks: tasks.length }, null, 2));
  }
  return job;
}

/** Writes the job directory of every preset x environment x seed and (by default) submits it. */
export function slurmExperiment(presets: readonly PresetBuilder<any>[], envs: readonly Environment[], frames: number, options: SlurmOptions): SlurmJob {
  const dir = path.resolve(options.logdir ?? 'runs', `slurm_${options.jobName ?? 'allts'}_${stamp()}`);
  const tasks = runSpecs(presets, envs, frames, options.seeds, {
    // task runs go beside the job files, so a cluster's shared filesystem holds everything in one place
    logdir: dir, testEpisodes: options.testEpisodes, verbose: options.verbose, backend: options.backend,
    checkpointEvery: options.checkpointEvery, checkpointReplay: options.checkpointReplay,
  });
  return writeSlurmJob(dir, tasks, options);
}
