/**
 * The exact tic-tac-toe player: it never loses from either seat against any opponent (every
 * opponent move sequence is enumerated, and every optimal move of the player is followed too).
 */
import { Random } from '../../../lib/core/random';
import { State } from '../../../lib/core/state';
import { TicTacToe } from '../../../environments/games/tictactoe';
import { MinimaxTicTacToeAgent, optimalMoves, positionFromObservation, solveTicTacToe } from '../../../environments/games/tictactoe_minimax';

/** Counts the games reached from `g` where the player at `seat` follows any optimal move; returns losses. */
function lossesAgainstEveryOpponent(g: TicTacToe, seat: number, counts: { games: number; wins: number; draws: number }): number {
  if (g.over) {
    counts.games++;
    if (g.winner === seat) counts.wins++;
    if (g.winner === undefined) counts.draws++;
    return g.winner === 1 - seat ? 1 : 0;
  }
  const moves = g.toPlay === seat ? optimalMoves(g) : [...g.legalMask().keys()].filter((a) => g.isLegal(a));
  let losses = 0;
  for (const a of moves) losses += lossesAgainstEveryOpponent(g.play(a), seat, counts);
  return losses;
}

describe('minimax tic-tac-toe', () => {
  it('solves the empty board as a draw and a hand-checked position as a win in one', () => {
    expect(solveTicTacToe(new TicTacToe())).toBe(0);
    // X at 0 and 1, O at 3 and 4, X to move: 2 wins at once with 4 empty cells left -> 1 + 4
    const g = TicTacToe.fromCells([1, 1, 0, 2, 2, 0, 0, 0, 0]);
    expect(solveTicTacToe(g)).toBe(5);
    expect(optimalMoves(g)).toEqual([2]);
  });

  it.each([0, 1])('never loses from seat %i against any opponent', (seat) => {
    const counts = { games: 0, wins: 0, draws: 0 };
    expect(lossesAgainstEveryOpponent(new TicTacToe(), seat, counts)).toBe(0);
    expect(counts.games).toBeGreaterThan(100);
    expect(counts.wins).toBeGreaterThan(0);
  });

  it('reads the position back from either player\'s observation', () => {
    const g = TicTacToe.fromCells([1, 2, 0, 0, 1, 0, 0, 0, 2]);
    expect(positionFromObservation(g.observation(g.toPlay)).key()).toBe(g.key());
    const after = g.play(2);
    expect(positionFromObservation(after.observation(after.toPlay)).key()).toBe(after.key());
  });

  it('acts through the Agent interface: blocks an open line, with ties broken by a seeded generator', () => {
    // O to move; X threatens 0-4-8; the only non-losing move is 8
    const g = TicTacToe.fromCells([1, 2, 0, 0, 1, 0, 0, 0, 0]);
    const state = new State({ observation: g.observation(1), shape: [3, 3, 2], actionMask: g.legalMask() });
    expect(new MinimaxTicTacToeAgent().act(state)).toBe(8);
    expect(new MinimaxTicTacToeAgent(new Random(3)).act(state)).toBe(8);
  });
});
