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
