/** Tic-tac-toe rules, hand-checked: every line kind wins, draws, illegal moves, masks, planes. */
import { SpaceError } from '../../../lib/core/errors';
import { TicTacToe, TICTACTOE_LINES } from '../../../environments/games/tictactoe';

/** Plays `moves` from the empty board. */
function playAll(moves: number[]): TicTacToe {
  return moves.reduce((g, a) => g.play(a), new TicTacToe());
}

describe('TicTacToe', () => {
  it('starts empty with player 0 to move and every cell legal', () => {
    const g = new TicTacToe();
    expect(g.toPlay).toBe(0);
    expect(g.over).toBe(false);
    expect([...g.legalMask()]).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it.each(TICTACTOE_LINES.map((line) => [line]))('player 0 wins on line %j', (line) => {
    // player 1 answers in the first cells off the line that do not complete a line of its own
    const others = [0, 1, 2, 3, 4, 5, 6, 7, 8].filter((c) => !line.includes(c));
    const moves = [line[0], others[0]!, line[1], others[1]!, line[2]];
    const g = playAll(moves);
    expect(g.over).toBe(true);
    expect(g.winner).toBe(0);
    expect([...g.legalMask()]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('player 1 wins the column 3-4-5 (cells numbered column by column)', () => {
    // X: 0, 1, 8 ; O: 3, 4, 5
    const g = playAll([0, 3, 1, 4, 8, 5]);
    expect(g.winner).toBe(1);
    expect(g.render()).toBe(['X O .', 'X O .', '. O X'].join('\n'));
  });

  it('a full board without a line is a draw', () => {
    // X O X / X O O / O X X in PettingZoo's cell order
    const g = playAll([0, 1, 2, 4, 3, 5, 7, 6, 8]);
    expect(g.over).toBe(true);
    expect(g.winner).toBeUndefined();
  });

  it('rejects a taken cell, an out-of-range cell and any move after the end', () => {
    const g = playAll([4]);
    expect(() => g.play(4)).toThrow(SpaceError);
    expect(() => g.play(9)).toThrow(/not legal/);
    expect(() => playAll([0, 3, 1, 4, 2]).play(8)).toThrow(/game is over/);
  });

  it('play leaves the position it was called on unchanged', () => {
    const g = playAll([4]);
    g.play(0);
    expect(g.key()).toBe('000010000');
  });

  it('observation planes are own marks then the opponent\'s, from each player\'s view', () => {
    const g = playAll([4, 0]); // X (player 0) at 4, O (player 1) at 0
    const p0 = g.observation(0);
    const p1 = g.observation(1);
    // cell i occupies values [2i, 2i + 1]
    expect(p0[8]).toBe(1); expect(p0[9]).toBe(0);
    expect(p0[0]).toBe(0); expect(p0[1]).toBe(1);
    expect(p1[8]).toBe(0); expect(p1[9]).toBe(1);
    expect(p1[0]).toBe(1); expect(p1[1]).toBe(0);
    expect(p0.reduce((a, b) => a + b, 0)).toBe(2);
  });
});
