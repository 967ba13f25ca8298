/**
 * The pure two-player game interface the turn-based environments are built on (new in allts; ALL
 * takes its games from PettingZoo). A position is an immutable value: `play` returns a new one, so
 * a tree search (the AlphaZero issue) can branch from any position without copying an environment.
 */

/** A position of a two-player, zero-sum, turn-based game with discrete moves. */
export interface GameState<G extends GameState<G>> {
  /** Number of actions (moves are 0 .. actionCount - 1, legal or not). */
  readonly actionCount: number;
  /** Shape of one player's observation, e.g. [3, 3, 2]. */
  readonly observationShape: readonly number[];
  /** Index (0 or 1) of the player to move. */
  readonly toPlay: number;
  /** True once someone has won or no move is left. */
  readonly over: boolean;
  /** Index of the winner, or undefined (game not over, or a draw). */
  readonly winner: number | undefined;
  /** 1 per legal move, 0 per illegal one (all 0 when the game is over). */
  legalMask(): Uint8Array;
  /** True when `action` is a legal move now. */
  isLegal(action: number): boolean;
  /** The position after the player to move plays `action`; throws SpaceError on an illegal move. */
  play(action: number): G;
  /**
   * The board from `player`'s point of view, PettingZoo's planes flattened row-major:
   * plane 0 the player's own pieces, plane 1 the opponent's.
   */
  observation(player: number): Float32Array;
  /** A compact string that identifies the position (for transposition tables). */
  key(): string;
  /** A drawing for the terminal. */
  render(): string;
}

/**
 * PettingZoo's observation of a board: for each cell (in the board's order), 1 in plane 0 when it
 * holds `player`'s piece and 1 in plane 1 when it holds the opponent's, flattened as [..., 2].
 * @param cells 0 empty, 1 player 0's piece, 2 player 1's
 * @param player 0 or 1
 */
export function boardPlanes(cells: Uint8Array, player: number): Float32Array {
  const out = new Float32Array(cells.length * 2);
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    out[i * 2] = c === player + 1 ? 1 : 0;
    out[i * 2 + 1] = c !== 0 && c !== player + 1 ? 1 : 0;
  }
  return out;
}

/** What the board games share: the cells, PettingZoo's observation planes and the position key. */
export abstract class BoardPosition {
  /** @param cells one entry per cell: 0 empty, 1 player 0's piece, 2 player 1's (never mutated) */
  constructor(readonly cells: Uint8Array) {}

  /** The board from `player`'s point of view (see boardPlanes). */
  observation(player: number): Float32Array {
    return boardPlanes(this.cells, player);
  }

  /** The cells as a string, e.g. `000010000`. */
  key(): string {
    return this.cells.join('');
  }
}
