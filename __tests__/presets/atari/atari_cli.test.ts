/**
 * `allts atari Breakout dqn` as a user runs it (a node process on the compiled package): a short
 * run writes its run directory and saved preset; `allts watch atari Breakout <preset> --gif`
 * records the game's colour screens; `allts list` names the family.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// omggif ships no types: the members used here
const { GifReader } = require('omggif') as {
  GifReader: new (bytes: Uint8Array) => { numFrames(): number; width: number; height: number };
};

const root = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'experiments', 'cli.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 240_000 });
}

describe('allts atari', () => {
  test('atari Breakout dqn trains, tests and saves; watch --gif records the colour screen', () => {
    const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-atari-cli-'));
    try {
      const r = run(['atari', 'Breakout', 'dqn', '--frames', '400', '--seed', '0', '--test-episodes', '1', '--logdir', logdir, '--quiet',
        '--hyperparameters', 'replay_start_size=100', 'minibatch_size=4', 'hidden=16']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const [dir] = fs.readdirSync(logdir);
      expect(dir).toMatch(/^dqn_Breakout_/);
      const info = JSON.parse(fs.readFileSync(path.join(logdir, dir!, 'run.json'), 'utf8')) as { env: string; seed: number; testReturns: number[] };
      expect([info.env, info.seed, info.testReturns.length]).toEqual(['Breakout', 0, 1]);
      const gif = path.join(logdir, 'watch.gif');
      const w = run(['watch', 'atari', 'Breakout', path.join(logdir, dir!, 'preset'), '--episodes', '1', '--gif', gif, '--seed', '1']);
      expect(w.stderr).toBe('');
      expect(w.status).toBe(0);
      const reader = new GifReader(new Uint8Array(fs.readFileSync(gif)));
      expect([reader.width, reader.height]).toEqual([160, 210]);
      expect(reader.numFrames()).toBeGreaterThan(10);
      const list = run(['list']);
      expect(list.stdout).toMatch(/atari:[\s\S]*dqn[\s\S]*rainbow/);
    } finally {
      fs.rmSync(logdir, { recursive: true, force: true });
    }
  }, 300_000);
});
