/**
 * `allts multiagent` run as a user runs it (a node process on dist/): per-agent result files, the
 * seat records against the opponent, and one clear line with exit code 1 for bad input.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'experiments', 'cli.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
}

describe('allts multiagent', () => {
  it('trains dqn against the random player and writes per-agent results', () => {
    const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-cli-ma-'));
    const r = run(['multiagent', 'tictactoe_v3', 'dqn', 'random', '--frames', '800', '--seed', '0', '--logdir', logdir, '--test-episodes', '3',
      '--opponent', 'minimax', '--opponent-games', '4', '--hyperparameters', 'hidden=16', 'replay_start_size=50', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const runs = fs.readdirSync(logdir);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/^dqn-random_tictactoe_v3_\d{4}-/);
    const dir = path.join(logdir, runs[0]!);
    for (const agent of ['player_1', 'player_2']) {
      const rows = fs.readFileSync(path.join(dir, agent, 'returns100.csv'), 'utf8').trim().split('\n');
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows[0]!.split(',')).toHaveLength(5);
    }
    const info = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
    expect(info).toMatchObject({ agent: 'dqn-random', env: 'tictactoe_v3', seed: 0, frames: 800, status: 'done', opponent: 'minimax' });
    expect(info.seats).toEqual({ player_1: 'dqn', player_2: 'random' });
    expect(info.hyperparameters.player_1.hidden).toBe(16);
    // the minimax opponent never loses, so neither seat of ours wins against it
    expect(info.opponentRecords.player_1.wins).toBe(0);
    expect(info.opponentRecords.player_2.wins).toBe(0);
    expect(r.stdout).toContain(`run directory: ${dir}`);
    expect(r.stdout).toMatch(/as player_2 against minimax: win 0\.000/);
    expect(fs.existsSync(path.join(dir, 'preset', 'player_1', 'preset.json'))).toBe(true);
  });

  it.each([
    [['multiagent', 'connect_four_v3', 'dqn', '--opponent', 'minimax'], /knows only tictactoe_v3/],
    [['multiagent', 'tictactoe_v3', 'dqn', 'ddqn', 'random'], /one agent for every player or one per player/],
    [['multiagent', 'tictactoe_v4', 'dqn'], /Did you mean "tictactoe_v3"/],
    [['multiagent', 'tictactoe_v3', 'ppo2'], /Unknown agent "ppo2"/],
  ])('rejects %j with one clear line', (args, message) => {
    const r = run([...args, '--frames', '10', '--quiet']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
