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
  constructor(
    readonly initial: G,
    private readonly fromCells: (cells: Uint8Array) => G,
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

/** Tic-tac-toe as a SearchModel. */
export function ticTacToeModel(): GameModel<TicTacToe> {
  return new GameModel(new TicTacToe(), (cells) => new TicTacToe(cells));
}

/** Connect four as a SearchModel. */
export function connectFourModel(): GameModel<ConnectFour> {
  return new GameModel(new ConnectFour(), (cells) => new ConnectFour(cells));
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
