/**
 * Fixed players of the pure two-player games and a match loop over positions, for evaluating
 * search agents quickly (no environment, no observations): random play, a one-move-lookahead
 * player (wins at once when it can, else avoids moves that let the opponent win at once) and the
 * exact tic-tac-toe player. New in allts.
 */
import type { Random } from '../../lib/core/random';
import type { GameState } from './game_state';
import type { TicTacToe } from './tictactoe';
import { optimalMoves } from './tictactoe_minimax';

/** A player of a pure game: its move in `position` (the player to move is `position.toPlay`). */
export type GamePlayer<G> = (position: G) => number;

/** A match's result for the player under test. */
export interface MatchRecord {
  wins: number;
  draws: number;
  losses: number;
}

/** Plays `games` games from each seat (2 x games in all) and counts `player`'s wins, draws and losses. */
export function playMatch<G extends GameState<G>>(initial: G, player: GamePlayer<G>, opponent: GamePlayer<G>, games: number): MatchRecord {
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

function legalMoves(p: { legalMask(): Uint8Array }): number[] {
  return [...p.legalMask()].flatMap((m, a) => (m ? [a] : []));
}

/** A uniformly random legal move. */
export function randomPlayer<G extends GameState<G>>(rng: Random): GamePlayer<G> {
  return (p) => {
    const legal = legalMoves(p);
    return legal[rng.int(legal.length)]!;
  };
}

/**
 * One-move lookahead: a move that wins at once if there is one, else a random move after which
 * the opponent cannot win at once, else a random move.
 */
export function lookaheadPlayer<G extends GameState<G>>(rng: Random): GamePlayer<G> {
  return (p) => {
    const legal = legalMoves(p);
    for (const a of legal) if (p.play(a).winner === p.toPlay) return a;
    const safe = legal.filter((a) => {
      const q = p.play(a);
      return q.over || !legalMoves(q).some((b) => q.play(b).winner === q.toPlay);
    });
    const pool = safe.length > 0 ? safe : legal;
    return pool[rng.int(pool.length)]!;
  };
}

/** The exact tic-tac-toe player, breaking ties among optimal moves at random. */
export function minimaxPlayer(rng: Random): GamePlayer<TicTacToe> {
  return (p) => {
    const moves = optimalMoves(p);
    return moves[rng.int(moves.length)]!;
  };
}

/**
 * `playMatch` with all games played at once: `player` gets every position where it is to move
 * and returns one move each (a search agent batches its network calls across them).
 */
export function playMatchBatched<G extends GameState<G>>(
  initial: G,
  player: (positions: G[]) => number[],
  opponent: GamePlayer<G>,
  games: number,
): MatchRecord {
  const r = { wins: 0, draws: 0, losses: 0 };
  let live = Array.from({ length: 2 * games }, (_, i) => ({ seat: i < games ? 0 : 1, p: initial }));
  while (live.length > 0) {
    for (const g of live) if (!g.p.over && g.p.toPlay !== g.seat) g.p = g.p.play(opponent(g.p));
    const mine = live.filter((g) => !g.p.over);
    if (mine.length > 0) {
      const moves = player(mine.map((g) => g.p));
      mine.forEach((g, i) => (g.p = g.p.play(moves[i]!)));
    }
    for (const g of live) {
      if (!g.p.over) continue;
      if (g.p.winner === g.seat) r.wins++;
      else if (g.p.winner === undefined) r.draws++;
      else r.losses++;
    }
    live = live.filter((g) => !g.p.over);
  }
  return r;
}
