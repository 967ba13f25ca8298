/** The games' SearchModels: steps, observations and the board symmetries used for augmentation. */
import { Random } from '../../../lib/core/random';
import { ConnectFour } from '../../../environments/games/connect_four';
import { connectFourModel, ticTacToeModel, TICTACTOE_SYMMETRIES } from '../../../environments/games/search_models';
import { TicTacToe } from '../../../environments/games/tictactoe';
import { optimalMoves, solveTicTacToe } from '../../../environments/games/tictactoe_minimax';

describe('game search models', () => {
  it('step rewards the mover who wins, and observations round-trip', () => {
    const m = ticTacToeModel();
    const p = TicTacToe.fromCells([1, 1, 0, 2, 2, 0, 0, 0, 0]);
    expect(m.step(p, 2)).toMatchObject({ reward: 1, terminal: true });
    expect(m.step(p, 8)).toMatchObject({ reward: 0, terminal: false });
    expect(m.fromObservation(m.observation(p)).key()).toBe(p.key());
    const after = m.step(p, 8).state;
    expect(m.toPlay(after)).toBe(1);
    expect(m.fromObservation(m.observation(after)).key()).toBe(after.key());
  });

  it('the 7 tic-tac-toe symmetries are distinct permutations that keep game values and optimal moves', () => {
    expect(new Set(TICTACTOE_SYMMETRIES.map((p) => p.join(','))).size).toBe(7);
    for (const p of TICTACTOE_SYMMETRIES) expect([...p].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const m = ticTacToeModel();
    const rng = new Random(0);
    for (let trial = 0; trial < 30; trial++) {
      let p = new TicTacToe();
      for (let k = rng.int(6); k > 0 && !p.over; k--) {
        const legal = [...p.legalMask()].flatMap((x, a) => (x ? [a] : []));
        p = p.play(legal[rng.int(legal.length)]!);
      }
      if (p.over) continue;
      const policy = new Float32Array(9);
      for (const a of optimalMoves(p)) policy[a] = 1;
      for (const [o, pi] of m.symmetries(m.observation(p), policy)) {
        const q = m.fromObservation(o);
        expect(solveTicTacToe(q)).toBe(solveTicTacToe(p));
        expect(optimalMoves(q)).toEqual([...pi].flatMap((x, a) => (x ? [a] : [])));
      }
    }
  });

  it('connect four mirrors left-right', () => {
    const m = connectFourModel();
    let p = new ConnectFour();
    for (const a of [0, 1, 0]) p = p.play(a);
    const [[o, pi]] = m.symmetries(m.observation(p), Float32Array.from([0.7, 0.3, 0, 0, 0, 0, 0])) as [[Float32Array, Float32Array]];
    let mirrored = new ConnectFour();
    for (const a of [6, 5, 6]) mirrored = mirrored.play(a);
    expect(m.fromObservation(o).key()).toBe(mirrored.key());
    expect(Array.from(pi).map((x) => +x.toFixed(2))).toEqual([0, 0, 0, 0, 0, 0.3, 0.7]);
  });
});
