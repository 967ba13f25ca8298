/**
 * SearchModels (lib/search/model.ts) over the pure two-player games, so Monte-Carlo tree search and
 * AlphaZero can plan with tic-tac-toe and connect four. New in allts. The positions are immutable,
 * so `clone` is the identity; the reward of a move is +1 to its player when it wins the game.
 */
import { ConfigError, SpaceError } from '../../lib/core/errors';
import type { SearchModel, StepOutcome } from '../../lib/search/model';
import { ConnectFour } from './connect_four';
import type { GameState } from './game_state';
import { TicTacToe } from './tictactoe';
import { CATCH_COLUMNS, CATCH_ID, CatchModel, CatchState } from './catch';

/** A SearchModel over any GameState; `fromCells` rebuilds a position from its cells. */
export class GameModel<G extends GameState<G>> implements SearchModel<G> {
  readonly actionCount: number;
  readonly observationShape: readonly number[];

  /**
   * @param initial the starting position (gives the action count and observation shape)
   * @param fromCells a position from cells (0 empty, 1 player 0's, 2 player 1's)
   */
  /**
   * @param symmetryMaps each symmetry other than the identity as permutations: image cell j holds
   *   cell `cells[j]`, image action j is action `actions[j]`
   */
  constructor(
    readonly initial: G,
    private readonly fromCells: (cells: Uint8Array) => G,
    readonly symmetryMaps: readonly { cells: readonly number[]; actions: readonly number[] }[] = [],
  ) {
    this.actionCount = initial.actionCount;
    this.observationShape = initial.observationShape;
  }
  clone(state: G): G {
    return state;
  }
  legalMask(state: G): Uint8Array {
    return state.legalMask();
  }
  step(state: G, action: number): StepOutcome<G> {
    const next = state.play(action);
    return { state: next, reward: next.winner === state.toPlay ? 1 : 0, terminal: next.over };
  }
  toPlay(state: G): number {
    return state.toPlay;
  }
  isTerminal(state: G): boolean {
    return state.over;
  }
  observation(state: G): Float32Array {
    return state.observation(state.toPlay);
  }
  /** The training pair's images under the board's symmetries (observation planes [cells, 2], policy over actions). */
  symmetries(observation: Float32Array, policy: Float32Array): [Float32Array, Float32Array][] {
    return this.symmetryMaps.map(({ cells, actions }) => {
      const o = new Float32Array(observation.length);
      cells.forEach((from, to) => {
        o[to * 2] = observation[from * 2]!;
        o[to * 2 + 1] = observation[from * 2 + 1]!;
      });
      return [o, Float32Array.from(actions, (from) => policy[from]!)];
    });
  }

  /** The position shown by the planes of the player to move (own pieces, opponent's). */
  fromObservation(observation: ArrayLike<number>): G {
    const n = observation.length / 2;
    if (!Number.isInteger(n) || n * 2 !== this.initial.observation(0).length) {
      throw new SpaceError(`${this.initial.constructor.name} observations have ${this.initial.observation(0).length} values; received ${observation.length}`);
    }
    let filled = 0;
    for (let i = 0; i < observation.length; i++) if (observation[i]) filled++;
    const toPlay = filled % 2;
    const cells = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (observation[i * 2]) cells[i] = toPlay + 1;
      else if (observation[i * 2 + 1]) cells[i] = 2 - toPlay;
    }
    return this.fromCells(cells);
  }
}

/** The 7 non-identity symmetries of the 3x3 board (rotations and reflections), cell i at row i % 3, column floor(i / 3). */
export const TICTACTOE_SYMMETRIES: readonly number[][] = (() => {
  const maps: ((r: number, c: number) => [number, number])[] = [
    (r, c) => [c, 2 - r],
    (r, c) => [2 - r, 2 - c],
    (r, c) => [2 - c, r],
    (r, c) => [r, 2 - c],
    (r, c) => [2 - r, c],
    (r, c) => [c, r],
    (r, c) => [2 - c, 2 - r],
  ];
  // image cell at (r, c) holds the cell the map sends there from
  return maps.map((f) => {
    const perm = new Array<number>(9);
    for (let i = 0; i < 9; i++) {
      const [r, c] = f(i % 3, Math.floor(i / 3));
      perm[c * 3 + r] = i;
    }
    return perm;
  });
})();

/** Tic-tac-toe as a SearchModel (with its 8 board symmetries for augmentation). */
export function ticTacToeModel(): GameModel<TicTacToe> {
  return new GameModel(new TicTacToe(), (cells) => new TicTacToe(cells), TICTACTOE_SYMMETRIES.map((p) => ({ cells: p, actions: p })));
}

/** Connect four as a SearchModel (with its left-right mirror for augmentation). */
export function connectFourModel(): GameModel<ConnectFour> {
  const cells = Array.from({ length: 42 }, (_, i) => Math.floor(i / 7) * 7 + (6 - (i % 7)));
  const actions = Array.from({ length: 7 }, (_, c) => 6 - c);
  return new GameModel(new ConnectFour(), (c) => new ConnectFour(c), [{ cells, actions }]);
}

/** The SearchModel of an environment id (`tictactoe_v3`, `connect_four_v3`, `Catch-bsuite`); throws for others. */
export function searchModelFor(envName: string): SearchModel<any> {
  switch (envName) {
    case 'tictactoe_v3':
      return ticTacToeModel();
    case 'connect_four_v3':
      return connectFourModel();
    case CATCH_ID:
      return new CatchModel();
    default:
      throw new ConfigError(`No search model for environment "${envName}"; AlphaZero plans on tictactoe_v3, connect_four_v3 and ${CATCH_ID}`);
  }
}

/** A fresh episode's first state for an environment id: the empty board, or Catch with the ball in a random column. */
export function initialStateFor(envName: string): (rng: import('../../lib/core/random').Random) => unknown {
  switch (envName) {
    case 'tictactoe_v3':
      return () => new TicTacToe();
    case 'connect_four_v3':
      return () => new ConnectFour();
    case CATCH_ID:
      return (rng) => new CatchState(0, rng.int(CATCH_COLUMNS), Math.floor(CATCH_COLUMNS / 2));
    default:
      throw new ConfigError(`No search model for environment "${envName}"; AlphaZero plans on tictactoe_v3, connect_four_v3 and ${CATCH_ID}`);
  }
}
