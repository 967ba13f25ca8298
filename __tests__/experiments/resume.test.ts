/**
 * Runs that survive a kill (issue 18, item 4): a training process killed with SIGKILL mid-run is
 * resumed from its checkpoint, and its files read as if it had never stopped. The runs are the CLI
 * as a user runs it, in child processes on the compiled package.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readEventFile } from '../../lib/logging/tensorboard';
import { captureCheckpoint, CHECKPOINT_FILE, readCheckpoint, writeCheckpoint } from '../../experiments/checkpoint';
import { runExperiment } from '../../experiments/run_experiment';
import { adoptedDefaults, identityMismatch, resumeLine, type RunIdentity } from '../../experiments/resume';
import { makeEnvironment } from '../../environments';
import { classicControl } from '../../presets/classic_control';
import { FileFormatError, ConfigError } from '../../lib/core/errors';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'experiments', 'cli.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 240_000 });
}

function onlyRunDir(logdir: string): string {
  const dirs = fs.readdirSync(logdir);
  expect(dirs).toHaveLength(1);
  return path.join(logdir, dirs[0]!);
}

/** Starts the CLI, waits for its first checkpoint, then kills it with SIGKILL; returns the run directory. */
async function runAndKill(args: string[], logdir: string): Promise<string> {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 180_000;
  let dir: string | undefined;
  while (Date.now() < deadline) {
    const names = fs.existsSync(logdir) ? fs.readdirSync(logdir) : [];
    if (names.length === 1 && fs.existsSync(path.join(logdir, names[0]!, CHECKPOINT_FILE))) {
      dir = path.join(logdir, names[0]!);
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await exited;
  if (dir === undefined) throw new Error(`no checkpoint appeared in ${logdir}`);
  return dir;
}

function runInfo(dir: string) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
}

function scalars(dir: string, tag: string): [number, number][] {
  const file = fs.readdirSync(dir).find((f) => f.startsWith('events.out.tfevents'))!;
  const out: [number, number][] = [];
  for (const e of readEventFile(path.join(dir, file))) {
    for (const v of e.summary?.value ?? []) if (v.tag === tag) out.push([e.step, v.simpleValue!]);
  }
  return out;
}

function csvFrames(dir: string): number[] {
  return fs.readFileSync(path.join(dir, 'returns100.csv'), 'utf8').trim().split('\n').map((line) => Number(line.split(',')[0]));
}

describe('resumable runs', () => {
  const common = ['--seed', '3', '--test-episodes', '5', '--quiet', '--no-progress', '--hyperparameters', 'replay_start_size=200'];

  it('a DQN run killed with SIGKILL resumes with its replay buffer and is step for step the uninterrupted run', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-resume-'));
    const args = ['classic', 'CartPole-v0', 'dqn', '--frames', '8000', ...common, '--checkpoint-every', '2000', '--checkpoint-replay'];
    const whole = run([...args, '--logdir', path.join(base, 'whole')]);
    expect(whole.stderr).toBe('');
    expect(whole.status).toBe(0);
    const wholeDir = onlyRunDir(path.join(base, 'whole'));

    const killedLogdir = path.join(base, 'killed');
    const dir = await runAndKill([...args, '--logdir', killedLogdir], killedLogdir);
    expect(runInfo(dir).status).toBe('training'); // it really died mid-run
    const checkpoint = readCheckpoint(dir)!;
    expect(checkpoint.meta.frame).toBeGreaterThanOrEqual(2000);
    expect(checkpoint.meta.frame).toBeLessThan(8000);
    expect(checkpoint.meta.replay).toBe(true);
    expect(checkpoint.meta.envSaved).toBe(true);

    // resume with only the run directory: its seed and frames come from run.json
    const resumed = run(['classic', 'CartPole-v0', 'dqn', '--test-episodes', '5', '--quiet', '--no-progress', '--hyperparameters', 'replay_start_size=200',
      '--checkpoint-every', '2000', '--checkpoint-replay', '--resume', dir]);
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    expect(fs.readdirSync(killedLogdir)).toHaveLength(1); // the same run directory, no new one
    expect(fs.existsSync(path.join(dir, CHECKPOINT_FILE))).toBe(false); // dropped once the run is done

    // every returns100 row once, in order, and the same as the uninterrupted run's
    expect(fs.readFileSync(path.join(dir, 'returns100.csv'), 'utf8')).toBe(fs.readFileSync(path.join(wholeDir, 'returns100.csv'), 'utf8'));
    const a = runInfo(wholeDir);
    const b = runInfo(dir);
    expect(b.status).toBe('done');
    expect(b.trainingEpisodes).toBe(a.trainingEpisodes);
    expect(b.trainingReturns100).toBe(a.trainingReturns100);
    expect(b.testReturns).toEqual(a.testReturns);
    expect(b.resumes).toHaveLength(1);
    expect(b.resumes[0].frame).toBe(checkpoint.meta.frame);
    expect(b.started).toBe(runInfo(dir).started);
    // TensorBoard reads the continued event file (CRCs checked); every episode's return once, as uninterrupted
    expect(scalars(dir, 'eval/returns')).toEqual(scalars(wholeDir, 'eval/returns'));
    expect(scalars(dir, 'summary/returns100/mean')).toEqual(scalars(wholeDir, 'summary/returns100/mean'));
    expect(scalars(dir, 'test/returns/mean')).toEqual(scalars(wholeDir, 'test/returns/mean'));
  }, 300_000);

  it('a parallel A2C run killed mid-run resumes without a replay buffer (runExperiment resume: true) and reaches its frame count', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-resume-a2c-'));
    const logdir = path.join(base, 'runs');
    const frames = 12_000;
    const dir = await runAndKill(['classic', 'CartPole-v0', 'a2c', '--frames', String(frames), '--seed', '5', '--test-episodes', '3', '--quiet', '--no-progress',
      '--checkpoint-every', '1500', '--logdir', logdir], logdir);
    expect(runInfo(dir).status).toBe('training');
    const before = readCheckpoint(dir)!.meta;
    expect(before.envSaved).toBe(true);

    const env = makeEnvironment('CartPole-v0');
    const [result] = await runExperiment([classicControl.a2c], [env], frames, { seed: 5, logdir, testEpisodes: 3, quiet: true, checkpointEvery: 1500, resume: true });
    expect(result!.logdir).toBe(dir);
    const info = runInfo(dir);
    expect(info.status).toBe('done');
    expect(info.resumes[0].frame).toBe(before.frame);
    // every row once and in order; the final row at or past the frame count
    const rows = csvFrames(dir);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!).toBeGreaterThan(rows[i - 1]!);
    expect(rows[rows.length - 1]!).toBeGreaterThanOrEqual(frames);
    // episodes logged to TensorBoard at strictly increasing frames: nothing written twice
    const steps = scalars(dir, 'eval/returns').map(([step]) => step);
    for (let i = 1; i < steps.length; i++) expect(steps[i]!).toBeGreaterThanOrEqual(steps[i - 1]!);
    expect(steps.length).toBe(info.trainingEpisodes);
    expect(result!.trainingReturns.length).toBe(info.trainingEpisodes);
    // resume: true with nothing unfinished starts a new run
    const [again] = await runExperiment([classicControl.a2c], [env], 500, { seed: 5, logdir, testEpisodes: 1, quiet: true, resume: true });
    expect(again!.logdir).not.toBe(dir);
  }, 300_000);

  it('--seeds: a killed parent takes its workers with it, and a bare --resume continues every seed in its own directory', async () => {
    const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-resume-seeds-'));
    const args = ['classic', 'CartPole-v0', 'vpg', '--seeds', '0-1', '--frames', '50000', '--test-episodes', '2', '--quiet', '--checkpoint-every', '2000', '--logdir', logdir];
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const deadline = Date.now() + 180_000;
    const dirs = () => (fs.existsSync(logdir) ? fs.readdirSync(logdir).map((n) => path.join(logdir, n)) : []);
    while (!(dirs().length === 2 && dirs().every((d) => fs.existsSync(path.join(d, CHECKPOINT_FILE))))) {
      if (Date.now() > deadline) throw new Error('the two runs never checkpointed');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await exited;
    // the orphaned workers stop at their next episode end: their files stop growing
    await new Promise((r) => setTimeout(r, 2000));
    // every file of both runs, with its size and time (checkpoints are rewritten every 2,000 frames while a worker trains)
    const sizes = () => dirs().flatMap((d) => fs.readdirSync(d).map((f) => {
      const st = fs.statSync(path.join(d, f));
      return `${f} ${st.size} ${st.mtimeMs}`;
    }));
    const before = sizes();
    await new Promise((r) => setTimeout(r, 3000));
    expect(sizes()).toEqual(before);
    for (const d of dirs()) expect(runInfo(d).status).toBe('training');

    const resumed = run([...args, '--resume']);
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    expect(dirs()).toHaveLength(2); // continued where they were, no new run directories
    const infos = dirs().map(runInfo).sort((a, b) => a.seed - b.seed);
    expect(infos.map((i) => [i.seed, i.status, i.resumes.length])).toEqual([[0, 'done', 1], [1, 'done', 1]]);
    for (const d of dirs()) {
      const rows = csvFrames(d);
      for (let i = 1; i < rows.length; i++) expect(rows[i]!).toBeGreaterThan(rows[i - 1]!);
      expect(rows[rows.length - 1]!).toBeGreaterThanOrEqual(50_000);
    }
  }, 300_000);

  it('refuses to resume another run, a finished run or a damaged checkpoint, saying why', async () => {
    const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-resume-err-'));
    const env = makeEnvironment('CartPole-v0');
    const [r] = await runExperiment([classicControl.vpg], [env], 600, { seed: 1, logdir, testEpisodes: 1, quiet: true, checkpointEvery: 200 });
    const dir = r!.logdir;
    expect(readCheckpoint(dir)).toBeUndefined(); // a finished run drops its checkpoint
    await expect(runExperiment([classicControl.vpg], [env], 600, { seed: 1, logdir, quiet: true, resume: dir })).rejects.toThrow(/already finished/);
    await expect(runExperiment([classicControl.vpg], [env], 600, { seed: 2, logdir, quiet: true, resume: dir })).rejects.toThrow(/seed 1 \(asked: 2\)/);
    await expect(runExperiment([classicControl.dqn], [env], 600, { seed: 1, logdir, quiet: true, resume: dir })).rejects.toThrow(ConfigError);
    const hidden = makeEnvironment('CartPole-v0', { observe: 'positions' });
    await expect(runExperiment([classicControl.vpg], [hidden], 600, { seed: 1, logdir, quiet: true, resume: dir }))
      .rejects.toThrow(/environment options \{\} \(asked: \{"observe":"positions"\}\)/);
    const info = runInfo(dir);
    fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ ...info, status: 'training' }));
    await expect(runExperiment([classicControl.vpg], [env], 600, { seed: 1, logdir, quiet: true, resume: dir })).rejects.toThrow(/has no checkpoint\.bin/);
    writeCheckpoint(dir, captureCheckpoint({ weights: new Float32Array(64) }, {}, { frame: 200, episode: 3, replay: false, logger: { eventFile: '', eventBytes: 0, csvBytes: {} } }));
    expect(readCheckpoint(dir)!.meta).toMatchObject({ frame: 200, episode: 3, envSaved: true });
    const file = path.join(dir, CHECKPOINT_FILE);
    fs.truncateSync(file, fs.statSync(file).size - 16);
    expect(() => readCheckpoint(dir)).toThrow(FileFormatError);
    expect(() => readCheckpoint(dir)).toThrow(/cut short/);
    fs.writeFileSync(file, 'not a checkpoint');
    expect(() => readCheckpoint(dir)).toThrow(/signature/);
  }, 120_000);

  it('compares hyperparameters name by name; one added to the preset since the run resumes only at its default', () => {
    const run = { family: 'mujoco', preset: 'sac', env: 'HalfCheetah-v4', seed: 0, frames: 200000, hyperparameters: { lrQ: 1e-3, hidden1: 400 } };
    const asked = (hyperparameters: Record<string, unknown>): RunIdentity => ({ ...run, hyperparameters, defaults: { lrQ: 1e-3, hidden1: 400, annealLr: true } });
    // same values in another order, and a name added since at its default: the same run
    expect(identityMismatch(run, asked({ hidden1: 400, annealLr: true, lrQ: 1e-3 }))).toEqual([]);
    expect(adoptedDefaults(run, asked({ hidden1: 400, annealLr: true, lrQ: 1e-3 }))).toEqual(['annealLr=true']);
    // the added name away from its default would change how the old run behaved
    expect(identityMismatch(run, asked({ lrQ: 1e-3, hidden1: 400, annealLr: false }))).toEqual([
      'hyperparameter annealLr, which that run does not record (asked: false; only its default resumes such a run)',
    ]);
    // without defaults (an identity built by hand) an unrecorded name never matches
    expect(identityMismatch(run, { ...run, hyperparameters: { lrQ: 1e-3, hidden1: 400, annealLr: true } })).toHaveLength(1);
    // each differing value is named, and so is a name the preset no longer has
    expect(identityMismatch(run, asked({ lrQ: 3e-4, annealLr: true }))).toEqual([
      'hyperparameter lrQ 0.001 (asked: 0.0003)',
      'hyperparameter hidden1 400, which the preset no longer has',
    ]);
    const checkpoint = captureCheckpoint({ weights: new Float32Array(4) }, {}, { frame: 80001, episode: 80, replay: true, logger: { eventFile: '', eventBytes: 0, csvBytes: {} } });
    expect(resumeLine('runs/x', checkpoint, ['annealLr=true'])).toMatch(/at frame 80001, episode 80 .*at their defaults: annealLr=true\)$/);
    expect(resumeLine('runs/x', checkpoint)).not.toMatch(/defaults/);
  });
});
