/** Connect-four rules, hand-checked: gravity, the four line kinds, draws, full columns, planes. */
import { SpaceError } from '../../../lib/core/errors';
import { ConnectFour } from '../../../environments/games/connect_four';

function playAll(moves: number[]): ConnectFour {
  return moves.reduce((g, a) => g.play(a), new ConnectFour());
}

/** The cell index of (row, column), row 0 at the top. */
const at = (r: number, c: number): number => r * 7 + c;

describe('ConnectFour', () => {
  it('pieces fall to the lowest empty row', () => {
    const g = playAll([3, 3]);
    expect(g.cells[at(5, 3)]).toBe(1);
    expect(g.cells[at(4, 3)]).toBe(2);
    expect(g.toPlay).toBe(0);
  });

  it('horizontal four wins', () => {
    const g = playAll([0, 0, 1, 1, 2, 2, 3]);
    expect(g.winner).toBe(0);
    expect(g.over).toBe(true);
  });

  it('vertical four wins', () => {
    const g = playAll([6, 0, 6, 0, 6, 0, 5, 0]);
    expect(g.winner).toBe(1);
  });

  it('a rising diagonal wins', () => {
    // X at (5,0), (4,1), (3,2), (2,3)
    const g = playAll([0, 1, 1, 2, 2, 3, 2, 3, 3, 6, 3]);
    expect(g.winner).toBe(0);
    expect(g.cells[at(2, 3)]).toBe(1);
  });

  it('a falling diagonal wins', () => {
    // X at (5,6), (4,5), (3,4), (2,3)
    const g = playAll([6, 5, 5, 4, 4, 3, 4, 3, 3, 0, 3]);
    expect(g.winner).toBe(0);
  });

  it('three in a row does not win', () => {
    const g = playAll([0, 0, 1, 1, 2, 2]);
    expect(g.over).toBe(false);
  });

  it('a full board without four is a draw', () => {
    // columns filled in pairs in an order that never lines up four: rows alternate XXOOXXO...
    const order = [0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 2, 3, 2, 3, 3, 2, 3, 2, 2, 3, 2, 3, 4, 5, 4, 5, 5, 4, 5, 4, 4, 5, 4, 5, 6, 6, 6, 6, 6, 6];
    const g = playAll(order);
    expect(g.over).toBe(true);
    expect(g.winner).toBeUndefined();
    expect([...g.legalMask()]).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('a full column is illegal and so is anything after the end', () => {
    const g = playAll([0, 0, 0, 0, 0, 0]);
    expect([...g.legalMask()]).toEqual([0, 1, 1, 1, 1, 1, 1]);
    expect(() => g.play(0)).toThrow(SpaceError);
    expect(() => playAll([0, 0, 1, 1, 2, 2, 3]).play(4)).toThrow(/game is over/);
  });

  it('observation planes from each player\'s view', () => {
    const g = playAll([3, 4]);
    const p0 = g.observation(0);
    const p1 = g.observation(1);
    expect(p0[at(5, 3) * 2]).toBe(1);
    expect(p0[at(5, 4) * 2 + 1]).toBe(1);
    expect(p1[at(5, 4) * 2]).toBe(1);
    expect(p1[at(5, 3) * 2 + 1]).toBe(1);
    expect(p0.reduce((a, b) => a + b, 0)).toBe(2);
  });
});
