/**
 * AlphaZero learning runs (games.alphazero): tic-tac-toe against exact minimax and random play
 * from both seats, Catch's training returns, and connect four's win rate against random play
 * and a one-move-lookahead player per training minute.
 * Usage: node -r ./__tests__/helpers/register_ts.js bench/alphazero_learning.ts <tictactoe|catch|connect4> [seed=0] [games] [key=value ...]
 * (or compile with tsc and run dist/bench/alphazero_learning.js).
 */
import { Random } from '../lib/core/random';
import { initBackend } from '../lib/tf';
import { ConnectFour } from '../environments/games/connect_four';
import { TicTacToe } from '../environments/games/tictactoe';
import { makeEnvironment } from '../environments/registry';
import '../environments/games/catch';
import { alphazero } from '../presets/games/alphazero';
import { lookaheadPlayer, minimaxPlayer, playMatch, randomPlayer } from '../environments/games/game_players';

async function main(): Promise<void> {
  await initBackend();
  const [what = 'tictactoe', seedArg = '0', gamesArg, ...rest] = process.argv.slice(2);
  const seed = Number(seedArg);
  const overrides = Object.fromEntries(rest.map((kv) => kv.split('=')).map(([k, v]) => [k!, Number.isNaN(Number(v)) ? v : Number(v)]));
  const envName = what === 'catch' ? 'Catch-bsuite' : what === 'connect4' ? 'connect_four_v3' : 'tictactoe_v3';
  const env = what === 'catch' ? makeEnvironment('Catch-bsuite') : { name: envName, observationSpace: makeEnvironment('Catch-bsuite').observationSpace, actionSpace: makeEnvironment('Catch-bsuite').actionSpace };
  const preset = alphazero.env(env).seed(seed).hyperparameters(overrides).build();
  const agent = preset.agent({ rng: new Random(seed) });
  const test = preset.testAgent();
  const games = Number(gamesArg ?? (what === 'catch' ? 400 : what === 'connect4' ? 2000 : 1000));
  const start = performance.now();
  const chunk = Number(process.env.CHUNK ?? (what === 'catch' ? 100 : what === 'connect4' ? 200 : 100));
  const returns: number[] = [];
  for (let played = 0; played < games; played += chunk) {
    const r = agent.selfPlay(Math.min(chunk, games - played));
    returns.push(...r.returns);
    const minutes = (performance.now() - start) / 60000;
    const line = [`games ${played + chunk}`, `${(minutes * 60).toFixed(0)} s`, `updates ${agent.updates}`];
    if (what === 'catch') {
      const last = returns.slice(-100);
      line.push(`returns100 ${(last.reduce((s, x) => s + x, 0) / last.length).toFixed(2)}`);
    } else if (what === 'tictactoe') {
      const me = (p: TicTacToe) => test.actOn(p);
      const rng = new Random(seed + 100);
      const vsMinimax = playMatch(new TicTacToe(), me, minimaxPlayer(rng), 50);
      const vsRandom = playMatch(new TicTacToe(), me, randomPlayer<TicTacToe>(rng), 50);
      line.push(`vs minimax W/D/L ${vsMinimax.wins}/${vsMinimax.draws}/${vsMinimax.losses}`, `vs random W/D/L ${vsRandom.wins}/${vsRandom.draws}/${vsRandom.losses}`);
    } else {
      const me = (p: ConnectFour) => test.actOn(p);
      const rng = new Random(seed + 100);
      const vr = playMatch(new ConnectFour(), me, randomPlayer<ConnectFour>(rng), 25);
      const vl = playMatch(new ConnectFour(), me, lookaheadPlayer<ConnectFour>(rng), 25);
      line.push(`minutes ${minutes.toFixed(2)}`, `win rate vs random ${(vr.wins / 50).toFixed(2)}`, `vs lookahead ${(vl.wins / 50).toFixed(2)} (L ${(vl.losses / 50).toFixed(2)})`);
    }
    console.log(line.join(', '));
  }
  preset.dispose();
}

if (require.main === module) void main();
