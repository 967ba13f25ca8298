/**
 * AlphaZero learns (games.alphazero, seeded, run in a child process: the search's host loops run
 * several times slower inside jest's vm sandbox).
 *
 * - Tic-tac-toe by self-play at the preset's defaults (pUCT, 32 simulations, 64 games at a time,
 *   training on the 8 board symmetries of every position), 1,000 games, seed 0; the test player
 *   searches 100 simulations without noise. Against the exact minimax player (random among optimal
 *   moves), 100 games from each seat: no loss. Against random play, 100 games from each seat: no
 *   more than 5% lost and at least 85% won. (Minimax itself wins 86.6% against random over 500
 *   games per seat and loses none, so "beats random in 95%" is read as "does not lose in 95%"; a
 *   win rate of 95% is above what minimax play reaches.)
 * - Catch-bsuite with Gumbel MuZero search at 2 simulations (so the network, not the search, must
 *   do the work: the first 100 episodes return -0.36, -0.16 and 0.04) and one update per 4 moves,
 *   700 episodes: the mean return of the last 100 episodes is at least 0.9 on seeds 0, 1 and 2
 *   (measured 0.98, 0.98, 1.00; at 600 episodes 0.98, 0.98, 0.94).
 *
 * The same run on seeds 1-4 also lost no game to minimax (won 177, 184, 180, 189 of 200 against
 * random, lost none). Without the symmetry augmentation (and with temperatureMoves 9, 400 test
 * simulations) seeds 1, 3 and 4 lost 12, 12 and 19 of 200 to minimax after 1,500 games, and
 * seeds 1 and 4 the same after 2,500: seed 1 misjudged one corner opening. More
 * figures are in the README's AlphaZero section.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';

interface ChildResult {
  returns: number[];
  trainSeconds: number;
  seconds: number;
  updates: number;
  vsMinimax?: { wins: number; draws: number; losses: number };
  vsRandom?: { wins: number; draws: number; losses: number };
}

function runChild(job: object): Promise<ChildResult> {
  const root = path.join(__dirname, '..', '..');
  const args = ['-r', path.join(root, '__tests__', 'helpers', 'register_ts.js'), path.join(__dirname, 'alphazero_learning_child.ts'), JSON.stringify(job)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: root, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult);
    });
  });
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('AlphaZero learning', () => {
  it('tic-tac-toe by self-play: never loses to minimax from either seat, rarely loses to random', async () => {
    const r = await runChild({ env: 'tictactoe', seed: 0, games: 1000, hyperparameters: {} });
    console.log(`tic-tac-toe seed 0, 1000 games (${r.updates} updates, ${r.trainSeconds.toFixed(0)} s): vs minimax ${JSON.stringify(r.vsMinimax)}, vs random ${JSON.stringify(r.vsRandom)}`);
    expect(r.vsMinimax!.losses).toBe(0);
    expect(r.vsMinimax!.wins + r.vsMinimax!.draws).toBe(200);
    expect(r.vsRandom!.losses).toBeLessThanOrEqual(10);
    expect(r.vsRandom!.wins).toBeGreaterThanOrEqual(170);
  }, 300_000);

  it('Catch-bsuite: the mean of the last 100 episode returns reaches 0.9 (Gumbel, 2 simulations, seeds 0-2)', async () => {
    const runs = await Promise.all([0, 1, 2].map((seed) => runChild({ env: 'catch', seed, games: 700, hyperparameters: { search: 'gumbel', simulations: 2, updatesPerPosition: 0.25 } })));
    runs.forEach((r, seed) => {
      console.log(`Catch seed ${seed}: first 100 ${mean(r.returns.slice(0, 100)).toFixed(2)}, last 100 ${mean(r.returns.slice(-100)).toFixed(2)} (${r.trainSeconds.toFixed(1)} s)`);
      expect(r.returns).toHaveLength(700);
      expect(mean(r.returns.slice(-100))).toBeGreaterThanOrEqual(0.9);
      // it learned: the start was far below
      expect(mean(r.returns.slice(0, 100))).toBeLessThan(0.5);
    });
  }, 300_000);
});
