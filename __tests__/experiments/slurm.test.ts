/**
 * Slurm (issue 18) against a real Slurm: `.ci/run` starts a one-node cluster with
 * scripts/slurm/start_local_cluster.sh (Debian's slurm-wlm and munge). A 4-task array from the CLI,
 * a task that fails, and a task cancelled mid-run, each reported as such.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeEnvironment } from '../../environments/registry';
import { runSpecsFromJson, runSpecsToJson } from '../../experiments/run_spec';
import { sbatchScript, slurmExperiment, submitSbatch, TASKS_FILE } from '../../experiments/slurm';
import { slurmStatus, waitForSlurm } from '../../experiments/slurm_status';
import { classicControl } from '../../presets/classic_control';

const root = path.resolve(__dirname, '..', '..');
const cli = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'dist', 'experiments', 'cli.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 300_000 });
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'allts-slurm-'));

beforeAll(() => {
  const r = spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8' });
  if (r.status !== 0 || !/idle|mixed|allocated/.test(r.stdout)) {
    throw new Error(`no Slurm cluster answers here (sinfo: ${r.error?.message ?? r.stderr.trim()}); start one with: sudo bash scripts/slurm/start_local_cluster.sh --install`);
  }
});

describe('the sbatch script', () => {
  it('has one array task per run, output files per task and the user\'s arguments', () => {
    const script = sbatchScript('/jobs/x', 6, { seeds: [0], sbatchArgs: ['--time=01:00:00', '--partition=cpu'], jobName: 'dqn run' });
    expect(script).toContain('#SBATCH --array=0-5\n');
    expect(script).toContain("#SBATCH --job-name='dqn run'\n");
    expect(script).toContain('#SBATCH --output=/jobs/x/task_%a.out\n');
    expect(script).toContain('#SBATCH --time=01:00:00\n#SBATCH --partition=cpu\n');
    expect(script).toMatch(/\nexec \S+node\S* \S+slurm_task\.js \/jobs\/x\n$/);
    expect(() => sbatchScript('/jobs/x', 2, { seeds: [0], sbatchArgs: ['--array=0-9'] })).toThrow(/set by allts itself/);
    expect(() => sbatchScript('/jobs/x', 2, { seeds: [0], sbatchArgs: ['time=1'] })).toThrow(/should be an option such as --time/);
  });

  it('carries non-finite hyperparameters through tasks.json', () => {
    const [spec] = runSpecsFromJson(runSpecsToJson([{ family: 'classic', preset: 'dqn', hyperparameters: { lr: 1e-3, minibatchSize: 32 }, env: 'CartPole-v0', envOptions: {}, frames: 1, seed: 0, logdir: 'x', testEpisodes: 1, verbose: false }]), 'tasks.json');
    expect(spec!.hyperparameters).toEqual({ lr: 1e-3, minibatchSize: 32 });
    const text = runSpecsToJson([{ ...spec!, hyperparameters: { clipGrad: Infinity } }]);
    expect(text).toContain('"clipGrad": "Infinity"');
  });
});

describe('a real Slurm', () => {
  it('runs a 4-task array submitted from the CLI, every task with its own seed', () => {
    const logdir = tmp();
    const submit = cli(['classic', 'CartPole-v0', 'vpg', '--seeds', '0-3', '--frames', '800', '--test-episodes', '2', '--logdir', logdir, '--no-verbose', '--slurm', '--sbatch', '--time=00:10:00']);
    expect(submit.stderr).toBe('');
    expect(submit.status).toBe(0);
    const jobId = /submitted Slurm job (\d+): 4 array tasks/.exec(submit.stdout)![1]!;
    const [dirName] = fs.readdirSync(logdir);
    const dir = path.join(logdir, dirName!);
    const wait = cli(['slurm', 'wait', dir, '--timeout', '240']);
    expect(wait.stderr).toBe('');
    expect(wait.status).toBe(0);
    expect(wait.stdout).toContain(`Slurm job ${jobId}`);
    for (let i = 0; i < 4; i++) {
      const result = JSON.parse(fs.readFileSync(path.join(dir, `task_${i}.json`), 'utf8'));
      expect(result).toMatchObject({ index: i, status: 'done', jobId });
      const info = JSON.parse(fs.readFileSync(path.join(result.logdir, 'run.json'), 'utf8'));
      expect(info).toMatchObject({ agent: 'vpg', seed: i, status: 'done', frames: 800 });
      expect(info.testReturns).toEqual(result.testReturns);
      expect(wait.stdout).toContain(`task ${i} vpg CartPole-v0 seed ${i}: done`);
    }
    expect(fs.readFileSync(path.join(dir, 'summary.md'), 'utf8')).toMatch(/\| vpg \| CartPole-v0 \| 0,1,2,3 \| [\d.]+ \|/);
  }, 300_000);

  it('runs a sweep as an array and writes the sweep\'s files when it ends', () => {
    const logdir = tmp();
    const submit = cli(['sweep', 'classic', 'CartPole-v0', 'vpg', '--grid', 'lr_pi=1e-3,1e-2', '--seeds', '0-1', '--frames', '800', '--test-episodes', '2', '--logdir', logdir, '--slurm']);
    expect(submit.stderr).toBe('');
    expect(/submitted Slurm job \d+: 4 array tasks/.test(submit.stdout)).toBe(true);
    const dir = path.join(logdir, fs.readdirSync(logdir)[0]!);
    const wait = cli(['slurm', 'wait', dir, '--timeout', '240']);
    expect(wait.stderr).toBe('');
    expect(wait.status).toBe(0);
    const rows = fs.readFileSync(path.join(dir, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(5);
    // configuration-major, as tasks.json: lrPi 1e-3 seeds 0 and 1, then lrPi 1e-2
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 4).join(','))).toEqual([
      'lrPi=0.001,0.001,0,done', 'lrPi=0.001,0.001,1,done', 'lrPi=0.01,0.01,0,done', 'lrPi=0.01,0.01,1,done',
    ]);
    for (const row of rows.slice(1)) {
      const [, lr, seed, , , , , runDir] = row.split(',');
      expect(JSON.parse(fs.readFileSync(path.join(runDir!, 'run.json'), 'utf8'))).toMatchObject({ seed: Number(seed), hyperparameters: { lrPi: Number(lr) } });
    }
    expect(fs.readFileSync(path.join(dir, 'summary.md'), 'utf8')).toMatch(/^# Sweep of classic vpg on CartPole-v0/);
    expect(fs.readFileSync(path.join(dir, 'sweep.png')).subarray(1, 4).toString('latin1')).toBe('PNG');
  }, 300_000);

  it('reports a failing task with its error and a cancelled one as lost', async () => {
    const job = slurmExperiment([classicControl.vpg], [makeEnvironment('CartPole-v0')], 800, { seeds: [0, 1, 2], logdir: tmp(), testEpisodes: 2, verbose: false, submit: false });
    // task 1 names an agent that does not exist; task 2 trains far too long, and is cancelled
    const specs = runSpecsFromJson(fs.readFileSync(path.join(job.dir, TASKS_FILE), 'utf8'), TASKS_FILE);
    specs[1] = { ...specs[1]!, preset: 'no_such_agent' };
    specs[2] = { ...specs[2]!, frames: 100_000_000 };
    fs.writeFileSync(path.join(job.dir, TASKS_FILE), runSpecsToJson(specs));
    const jobId = submitSbatch(job.script);
    fs.writeFileSync(path.join(job.dir, 'job.json'), JSON.stringify({ jobId }));
    // cancel task 2 once it runs
    const started = Date.now();
    while (slurmStatus(job.dir).tasks[2]!.state !== 'running') {
      if (Date.now() - started > 120_000) throw new Error('task 2 never started');
      await new Promise((r) => setTimeout(r, 1000));
    }
    execFileSync('scancel', [`${jobId}_2`]);
    const status = await waitForSlurm(job.dir, { timeoutSeconds: 180, pollSeconds: 1 });
    expect(status.ended).toBe(true);
    expect(status.tasks.map((t) => t.state)).toEqual(['done', 'failed', 'lost']);
    expect(status.tasks[1]!.result!.error).toMatch(/Unknown agent "no_such_agent"/);
    expect(status.summary).toMatch(/\| no_such_agent \| CartPole-v0 \| 1 \| - \|/);
  }, 300_000);

  it('a task requeued mid-run resumes its run from the last checkpoint by itself', async () => {
    const job = slurmExperiment([classicControl.dqn.hyperparameters({ replayStartSize: 200 })], [makeEnvironment('CartPole-v0')], 10_000, {
      seeds: [0], logdir: tmp(), testEpisodes: 2, verbose: false, checkpointEvery: 2000,
    });
    // wait for the task's first checkpoint, then requeue it, as pre-emption or a node failure would
    const started = Date.now();
    let runDir: string | undefined;
    while (runDir === undefined) {
      if (Date.now() - started > 120_000) throw new Error('the task never checkpointed');
      runDir = fs.readdirSync(job.dir).map((n) => path.join(job.dir, n)).find((d) => fs.existsSync(path.join(d, 'checkpoint.bin')));
      if (runDir === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    execFileSync('scontrol', ['requeue', `${job.jobId}_0`]);
    // Slurm holds a requeued job for about two minutes before it is eligible; release it now
    for (let i = 0; i < 50; i++) {
      const r = spawnSync('scontrol', ['update', `JobId=${job.jobId}_0`, 'StartTime=now'], { encoding: 'utf8' });
      if (r.status === 0) break;
      await new Promise((res) => setTimeout(res, 200)); // still completing
    }
    const status = await waitForSlurm(job.dir, { timeoutSeconds: 240, pollSeconds: 1 });
    expect(status.tasks.map((t) => t.state)).toEqual(['done']);
    expect(status.tasks[0]!.result!.logdir).toBe(runDir); // the same run, continued
    const info = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8'));
    expect(info.status).toBe('done');
    expect(info.resumes).toHaveLength(1);
    expect(info.resumes[0].frame).toBeGreaterThanOrEqual(2000);
    const frames = fs.readFileSync(path.join(runDir, 'returns100.csv'), 'utf8').trim().split('\n').map((l) => Number(l.split(',')[0]));
    for (let i = 1; i < frames.length; i++) expect(frames[i]!).toBeGreaterThan(frames[i - 1]!);
    expect(frames[frames.length - 1]!).toBeGreaterThanOrEqual(10_000);
  }, 300_000);
});
