/**
 * The CLI on bridged environments, as a user runs it (a node process on the compiled package):
 * a short dqn run on gym:CartPole-v1 writes its run directory; a Python that cannot start is one
 * line and exit code 1.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'experiments', 'cli.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
}

describe('allts CLI on gym:<id>', () => {
  test('classic gym:CartPole-v1 dqn trains, tests and writes returns100.csv and run.json', () => {
    const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-bridge-cli-'));
    try {
      const r = run(['classic', 'gym:CartPole-v1', 'dqn', '--frames', '1500', '--seed', '0', '--test-episodes', '3', '--logdir', logdir, '--quiet']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const [dir] = fs.readdirSync(logdir);
      expect(dir).toMatch(/^dqn_gym-CartPole-v1_/);
      const info = JSON.parse(fs.readFileSync(path.join(logdir, dir!, 'run.json'), 'utf8')) as { env: string; seed: number };
      expect([info.env, info.seed]).toEqual(['gym:CartPole-v1', 0]);
      expect(fs.readFileSync(path.join(logdir, dir!, 'returns100.csv'), 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(1);
    } finally {
      fs.rmSync(logdir, { recursive: true, force: true });
    }
  }, 120_000);

  test('a Python that cannot start is one line and exit code 1; native ids do not need Python', () => {
    const r = run(['classic', 'gym:CartPole-v1', 'dqn', '--frames', '100', '--python', '/no/such/python3']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: Python bridge cannot start: could not start \/no\/such\/python3 .*--python \/ ALLTS_PYTHON$/)]);
    const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-bridge-cli-'));
    try {
      const native = run(['classic', 'CartPole-v1', 'dqn', '--frames', '200', '--test-episodes', '1', '--logdir', logdir, '--quiet', '--python', '/no/such/python3']);
      expect(native.status).toBe(0);
    } finally {
      fs.rmSync(logdir, { recursive: true, force: true });
    }
  }, 120_000);
});
