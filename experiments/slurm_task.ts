/**
 * One Slurm array task: runs tasks.json[SLURM_ARRAY_TASK_ID] of the job directory given as the
 * argument and writes task_<i>.json (status, run directory, returns) atomically when it ends. A task
 * started again by Slurm (sbatch --requeue) resumes its run from the last checkpoint.
 * Usage (from job.sbatch): node dist/experiments/slurm_task.js <job dir>
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../lib/core/atomic_file';
import { runSpec, runSpecsFromJson } from './run_spec';
import { TASKS_FILE, taskResultFile } from './slurm';

/** What a task writes when it ends. */
export interface TaskResult {
  index: number;
  status: 'done' | 'failed';
  logdir: string;
  seconds: number;
  trainingReturns: number[];
  testReturns: number[];
  error?: string;
  host: string;
  jobId?: string;
}

async function main(dir: string): Promise<number> {
  const raw = process.env.SLURM_ARRAY_TASK_ID;
  const index = Number(raw);
  if (raw === undefined || !Number.isInteger(index) || index < 0) {
    process.stderr.write(`slurm_task: SLURM_ARRAY_TASK_ID is "${raw ?? ''}", not an array index; run this script through the job's sbatch array\n`);
    return 2;
  }
  const file = path.join(dir, TASKS_FILE);
  const specs = runSpecsFromJson(fs.readFileSync(file, 'utf8'), file);
  const spec = specs[index];
  if (spec === undefined) {
    process.stderr.write(`slurm_task: task ${index} is beyond the ${specs.length} tasks of ${file}\n`);
    return 2;
  }
  const started = performance.now();
  const common = { index, host: process.env.SLURMD_NODENAME ?? '', jobId: process.env.SLURM_ARRAY_JOB_ID };
  try {
    // A requeued task (pre-emption, a node failure, scontrol requeue) finds its unfinished run and resumes it.
    const outcome = await runSpec(spec, undefined, { resume: true });
    const result: TaskResult = { ...common, status: 'done', logdir: outcome.logdir, seconds: outcome.seconds, trainingReturns: outcome.trainingReturns, testReturns: outcome.testReturns };
    writeFileAtomic(taskResultFile(dir, index), JSON.stringify(result));
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const result: TaskResult = { ...common, status: 'failed', logdir: '', seconds: (performance.now() - started) / 1000, trainingReturns: [], testReturns: [], error: message };
    writeFileAtomic(taskResultFile(dir, index), JSON.stringify(result));
    process.stderr.write(`slurm_task ${index} failed: ${e instanceof Error ? e.stack : message}\n`);
    return 1;
  }
}

if (require.main === module) {
  const dir = process.argv[2];
  if (dir === undefined) {
    process.stderr.write('usage: node slurm_task.js <job dir>\n');
    process.exitCode = 2;
  } else {
    main(path.resolve(dir)).then((code) => (process.exitCode = code));
  }
}
