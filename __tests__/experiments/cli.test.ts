/**
 * The CLI run as a user runs it: a separate node process on the compiled package (dist/ is built by
 * `npm install` through the prepare script, and again by jest's global setup).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readEventFile } from '../../lib/logging/tensorboard';
import { parseEnvOptions } from '../../experiments/cli';

// omggif ships no types: the two members used here
const { GifReader } = require('omggif') as {
  GifReader: new (bytes: Uint8Array) => { numFrames(): number; width: number; height: number };
};

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'experiments', 'cli.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
}

describe('allts CLI', () => {
  it('trains, tests and writes a run directory with a well-formed returns100.csv', () => {
    const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-cli-'));
    const r = run(['classic', 'CartPole-v0', 'dqn', '--frames', '2500', '--seed', '0', '--logdir', logdir, '--test-episodes', '3',
      '--hyperparameters', 'replay_start_size=200', 'hidden=32', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const runs = fs.readdirSync(logdir);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/^dqn_CartPole-v0_\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d_\d{6}$/); // no ':' (illegal on Windows)
    const dir = path.join(logdir, runs[0]!);
    const rows = fs.readFileSync(path.join(dir, 'returns100.csv'), 'utf8').trim().split('\n');
    expect(rows.length).toBeGreaterThanOrEqual(1);
    let lastFrame = 0;
    for (const row of rows) {
      const cols = row.split(',').map(Number);
      expect(cols).toHaveLength(5);
      const [frame, mean, std, max, min] = cols as [number, number, number, number, number];
      expect(frame).toBeGreaterThan(lastFrame);
      // training stops at the first episode end past the budget (ALL): at most one episode (200 frames) over
      expect(frame).toBeLessThanOrEqual(2501 + 200);
      expect(min).toBeLessThanOrEqual(mean);
      expect(mean).toBeLessThanOrEqual(max);
      expect(std).toBeGreaterThanOrEqual(0);
      lastFrame = frame;
    }
    const info = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
    expect(info).toMatchObject({ agent: 'dqn', env: 'CartPole-v0', seed: 0, frames: 2500, status: 'done', backend: 'wasm' });
    expect(info.hyperparameters.replayStartSize).toBe(200);
    expect(info.testReturns).toHaveLength(3);
    expect(fs.existsSync(path.join(dir, 'preset', 'preset.json'))).toBe(true);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('events.out.tfevents.'))).toBe(true);
    expect(r.stdout).toContain(`run directory: ${dir}`);

    // the TensorBoard file holds the tags of DESIGN §2
    const events = readEventFile(path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('events.out.tfevents.'))!));
    const tags = new Set(events.flatMap((e) => (e.summary?.value ?? []).map((v) => v.tag)));
    for (const tag of ['eval/returns', 'eval/episode_length', 'eval/fps', 'loss/q', 'schedule/exploration', 'summary/returns100/mean',
      'summary/returns100/std', 'summary/returns100/max', 'summary/returns100/min', '_hparams_/session_start_info', 'test/returns/mean']) {
      expect(tags).toContain(tag);
    }

    // watch the saved preset, recording a GIF: one frame per step plus the first of each episode
    const gif = path.join(logdir, 'watch.gif');
    const w = run(['watch', 'classic', 'CartPole-v0', path.join(dir, 'preset'), '--episodes', '2', '--gif', gif, '--seed', '1']);
    expect(w.stderr).toBe('');
    expect(w.status).toBe(0);
    const lengths = [...w.stdout.matchAll(/episode: \d, episode_length: (\d+), returns: (\d+)/g)].map((m) => Number(m[1]));
    expect(lengths).toHaveLength(2);
    const decoded = new GifReader(fs.readFileSync(gif));
    expect(decoded.numFrames()).toBe(lengths[0]! + lengths[1]! + 2);
    expect([decoded.width, decoded.height]).toEqual([300, 200]);

    // and plot the logdir
    const p = run(['plot', '--logdir', logdir]);
    expect(p.status).toBe(0);
    const png = fs.readFileSync(path.join(logdir, 'returns.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  }, 180_000);

  it('--env-option makes the environment with options, records them in run.json, and watch takes them from there', () => {
    const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-cli-eo-'));
    try {
      const r = run(['classic', 'CartPole-v0', 'dqn', '--frames', '300', '--seed', '0', '--logdir', logdir, '--test-episodes', '1',
        '--hyperparameters', 'replay_start_size=100', 'hidden=8', '--env-option', 'observe=positions', 'max_episode_steps=50', '--quiet']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const dir = path.join(logdir, fs.readdirSync(logdir)[0]!);
      const info = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
      expect(info.envOptions).toEqual({ observe: 'positions', max_episode_steps: 50 });
      // the saved network takes 2 inputs: watch must rebuild the 2-observation environment
      const w = run(['watch', 'classic', 'CartPole-v0', path.join(dir, 'preset'), '--fps', '0']);
      expect(w.stderr).toBe('');
      expect(w.status).toBe(0);
      const full = run(['watch', 'classic', 'CartPole-v0', path.join(dir, 'preset'), '--fps', '0', '--env-option', 'observe=full']);
      expect(full.status).toBe(1);
      expect(full.stderr).toMatch(/error: .*last dimension must be 2/);
      const bad = run(['classic', 'CartPole-v0', 'dqn', '--frames', '10', '--logdir', logdir, '--env-option', 'observe=velocity']);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/Option "observe" of CartPole-v0 must be one of 'full', 'positions'; received velocity/);
      const noValue = run(['classic', 'CartPole-v0', 'dqn', '--frames', '10', '--logdir', logdir, '--env-option', 'observe']);
      expect(noValue.stderr).toMatch(/Environment option "observe" must be written key=value/);
    } finally {
      fs.rmSync(logdir, { recursive: true, force: true });
    }
  }, 60_000);

  it('parses --env-option values by their form', () => {
    expect(parseEnvOptions(['a=true', 'b=false', 'c=1e-3', 'd=[0.2, 1]', 'e={"k": 2}', 'f=positions', 'g='])).toEqual({
      a: true, b: false, c: 1e-3, d: [0.2, 1], e: { k: 2 }, f: 'positions', g: '',
    });
    expect(() => parseEnvOptions(['d=[0.2,'])).toThrow(/Environment option "d": \[0.2, is not valid JSON/);
  });

  it('watch refuses a preset trained on another environment, and a missing preset', () => {
    const r = run(['watch', 'classic', 'CartPole-v0', path.join(os.tmpdir(), 'no-such-preset')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/No saved preset at .*preset\.json is missing/);
  });

  it('without --seed draws a seed, prints it first and records it in run.json; --seed N repeats the run', () => {
    const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-cli-s-'));
    try {
      const args = ['classic', 'CartPole-v0', 'dqn', '--frames', '300', '--test-episodes', '2', '--no-progress',
        '--hyperparameters', 'replay_start_size=100', 'hidden=8'];
      const first = run([...args, '--logdir', path.join(logdir, 'a')]);
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      const header = first.stdout.split('\n')[0]!;
      const drawn = /seed: (\d+), drawn at random; --seed (\d+) repeats this run\)$/.exec(header);
      expect(drawn).not.toBeNull();
      const seed = Number(drawn![1]);
      expect(Number(drawn![2])).toBe(seed);
      const readInfo = (dir: string) => {
        const [name] = fs.readdirSync(dir);
        return JSON.parse(fs.readFileSync(path.join(dir, name!, 'run.json'), 'utf8'));
      };
      const info = readInfo(path.join(logdir, 'a'));
      expect(info.seed).toBe(seed);

      const again = run([...args, '--logdir', path.join(logdir, 'b'), '--seed', String(seed)]);
      expect(again.status).toBe(0);
      expect(again.stdout.split('\n')[0]).toMatch(new RegExp(`\\(backend: wasm, seed: ${seed}\\)$`));
      const repeated = readInfo(path.join(logdir, 'b'));
      expect(repeated.seed).toBe(seed);
      expect(repeated.trainingReturns100).toBe(info.trainingReturns100);
      expect(repeated.testReturns).toEqual(info.testReturns);

      // --quiet prints no seed line
      const quiet = run([...args, '--logdir', path.join(logdir, 'c'), '--quiet']);
      expect(quiet.stdout).not.toMatch(/seed: /);
      expect(readInfo(path.join(logdir, 'c')).seed).toEqual(expect.any(Number));
    } finally {
      fs.rmSync(logdir, { recursive: true, force: true });
    }
  }, 60_000);

  it('help says what happens without --seed', () => {
    const r = run(['classic', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('--seed <n> seed of weights, exploration and environment (default: a random seed, printed at the start and recorded in run.json)');
  });

  it('lists families, agents and environments', () => {
    const r = run(['list']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/classic:\n\s+dqn/);
    expect(r.stdout).toContain('CartPole-v1');
  });

  it.each([
    [['classic', 'CartPole-v9', 'dqn'], /Unknown environment id "CartPole-v9"/],
    [['classic', 'CartPole-v1', 'dqnn'], /Unknown agent "dqnn" in family "classic"; valid agents: dqn, ddqn/],
    [['classic', 'CartPole-v1', 'dqn', '--hyperparameters', 'lrr=1'], /Unknown hyperparameter "lrr"/],
    [['classic', 'CartPole-v1', 'dqn', '--hyperparameters', 'lr=fast'], /must be a number; received "fast"/],
    [['classic', 'CartPole-v1', 'dqn', '--frames', 'many'], /--frames must be a non-negative integer/],
    [['classic', 'CartPole-v1', 'dqn', '--bogus'], /unknown option '--bogus'/],
    [['classic', 'CartPole-v1', 'dqn', '--backend', 'tpu'], /Unknown backend "tpu"/],
  ])('rejects bad input %j with a clear message and exit code 1', (args, message) => {
    const r = run(args as string[]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
