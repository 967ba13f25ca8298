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
import { optimalMoves } from '../environments/games/tictactoe_minimax';
import { makeEnvironment } from '../environments/registry';
import '../environments/games/catch';
import { alphazero } from '../presets/games/alphazero';
import type { GameState } from '../environments/games/game_state';

/** A player of a pure game: the move in `position`. */
export type GamePlayer<G> = (position: G) => number;

/** Plays `games` games from each seat; returns wins, draws, losses of `player` in total. */
export function playMatch<G extends GameState<G>>(initial: G, player: GamePlayer<G>, opponent: GamePlayer<G>, games: number): { wins: number; draws: number; losses: number } {
  const r = { wins: 0, draws: 0, losses: 0 };
  for (let seat = 0; seat < 2; seat++) {
    for (let g = 0; g < games; g++) {
      let p = initial;
      while (!p.over) p = p.play(p.toPlay === seat ? player(p) : opponent(p));
      if (p.winner === seat) r.wins++;
      else if (p.winner === undefined) r.draws++;
      else r.losses++;
    }
  }
  return r;
}

/** A uniformly random legal move. */
export function randomPlayer<G extends GameState<G>>(rng: Random): GamePlayer<G> {
  return (p) => {
    const legal = [...p.legalMask()].flatMap((m, a) => (m ? [a] : []));
    return legal[rng.int(legal.length)]!;
  };
}

/** One-move lookahead: wins at once if it can, else blocks the opponent's immediate win, else random. */
export function lookaheadPlayer<G extends GameState<G>>(rng: Random): GamePlayer<G> {
  const random = randomPlayer<G>(rng);
  return (p) => {
    const legal = [...p.legalMask()].flatMap((m, a) => (m ? [a] : []));
    for (const a of legal) if (p.play(a).winner === p.toPlay) return a;
    // the opponent's winning replies if we passed: play where they would win
    for (const a of legal) {
      const q = p.play(a);
      if (q.over) continue;
      const threats = [...q.legalMask()].flatMap((m, b) => (m && q.play(b).winner === q.toPlay ? [b] : []));
      if (threats.length === 0) return a;
    }
    return random(p);
  };
}

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
  const chunk = what === 'catch' ? 100 : what === 'connect4' ? 200 : 100;
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
      const vsMinimax = playMatch(new TicTacToe(), me, (p) => { const m = optimalMoves(p); return m[rng.int(m.length)]!; }, 50);
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
