/**
 * An exact tic-tac-toe player: negamax over every position (5,478 reachable), memoized. It reads
 * only what any agent gets, the observation planes (own marks, opponent's), so it plays from
 * either seat through the ordinary `Agent` interface. Scores prefer quicker wins and slower losses,
 * so against a weak opponent it wins as soon as it can. New in allts (an evaluation opponent).
 */
import { ShapeError } from '../../lib/core/errors';
import type { Random } from '../../lib/core/random';
import type { State } from '../../lib/core/state';
import type { Agent } from '../../lib/agents/agent';
import { TicTacToe } from './tictactoe';

/** Values of positions for the player to move, by `TicTacToe.key()`. */
const solved = new Map<string, number>();

/**
 * The game value of `position` for the player to move: 0 for a draw, 1 + (empty cells) for a
 * win, minus that for a loss (so faster wins score higher).
 */
export function solveTicTacToe(position: TicTacToe): number {
  const key = position.key();
  const known = solved.get(key);
  if (known !== undefined) return known;
  let value: number;
  if (position.winner !== undefined) {
    // the previous mover won; the player to move has lost
    value = -(1 + emptyCells(position));
  } else if (position.over) {
    value = 0;
  } else {
    value = -Infinity;
    for (let a = 0; a < 9; a++) if (position.isLegal(a)) value = Math.max(value, 0 - solveTicTacToe(position.play(a)));
  }
  solved.set(key, value);
  return value;
}

/** The optimal moves of `position` (every move of the best value). */
export function optimalMoves(position: TicTacToe): number[] {
  let best = -Infinity;
  let moves: number[] = [];
  for (let a = 0; a < 9; a++) {
    if (!position.isLegal(a)) continue;
    const v = 0 - solveTicTacToe(position.play(a));
    if (v > best) {
      best = v;
      moves = [a];
    } else if (v === best) {
      moves.push(a);
    }
  }
  return moves;
}

/** The position an observation shows (planes [3, 3, 2]: own marks, opponent's). */
export function positionFromObservation(observation: ArrayLike<number>): TicTacToe {
  if (observation.length !== 18) {
    throw new ShapeError(`MinimaxTicTacToeAgent reads tictactoe_v3 observations of 18 values ([3, 3, 2]); received ${observation.length}`);
  }
  let filled = 0;
  for (let i = 0; i < 18; i++) if (observation[i]) filled++;
  const toPlay = filled % 2;
  const cells = new Uint8Array(9);
  for (let i = 0; i < 9; i++) {
    if (observation[i * 2]) cells[i] = toPlay + 1;
    else if (observation[i * 2 + 1]) cells[i] = 2 - toPlay;
  }
  return new TicTacToe(cells);
}

function emptyCells(position: TicTacToe): number {
  let n = 0;
  for (const c of position.cells) if (c === 0) n++;
  return n;
}

/** Plays tic-tac-toe perfectly from either seat (see the file header). */
export class MinimaxTicTacToeAgent implements Agent {
  /**
   * @param rng breaks ties among optimal moves at random when given; omitted, the lowest cell wins
   */
  constructor(private readonly rng?: Random) {}

  act(state: State): number {
    if (state.done) return 0;
    const moves = optimalMoves(positionFromObservation(state.observation));
    if (moves.length === 0) return 0;
    return this.rng === undefined ? moves[0]! : moves[this.rng.int(moves.length)]!;
  }
}
