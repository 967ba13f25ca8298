/**
 * Tic-tac-toe as a pure game state, with PettingZoo tictactoe_v3's conventions
 * (pettingzoo/classic/tictactoe): cells 0..8 numbered column by column (cell i is at row i % 3,
 * column floor(i / 3)), player 0 (`player_1`, crosses) moves first, the observation [3, 3, 2] is
 * PettingZoo's `board.reshape(3, 3)` planes (own marks, opponent's marks). Written from the rules;
 * it differs from PettingZoo's Board only in being immutable (`play` returns a new position).
 */
import { SpaceError } from '../../lib/core/errors';
import { BoardPosition, type GameState } from './game_state';

/** The eight lines, by cell index (PettingZoo's winning_combinations). */
export const TICTACTOE_LINES: readonly (readonly [number, number, number])[] = [
  [0, 1, 2], [3, 4, 5], [6, 7, 8],
  [0, 3, 6], [1, 4, 7], [2, 5, 8],
  [0, 4, 8], [2, 4, 6],
];

/** A tic-tac-toe position. */
export class TicTacToe extends BoardPosition implements GameState<TicTacToe> {
  readonly actionCount = 9;
  readonly observationShape = [3, 3, 2] as const;
  readonly toPlay: number;
  readonly winner: number | undefined;
  readonly over: boolean;

  /**
   * @param cells 9 cells, 0 empty, 1 player 0's mark, 2 player 1's (kept, not copied; never mutated)
   */
  constructor(cells: Uint8Array = new Uint8Array(9)) {
    super(cells);
    let filled = 0;
    for (const c of cells) if (c !== 0) filled++;
    this.toPlay = filled % 2;
    this.winner = lineWinner(cells);
    this.over = this.winner !== undefined || filled === 9;
  }

  /** A position from PettingZoo's `board.squares` list (0 empty, 1, 2). */
  static fromCells(cells: ArrayLike<number>): TicTacToe {
    if (cells.length !== 9) throw new SpaceError(`TicTacToe.fromCells needs 9 cells; received ${cells.length}`);
    return new TicTacToe(Uint8Array.from(cells));
  }

  legalMask(): Uint8Array {
    const mask = new Uint8Array(9);
    if (!this.over) for (let i = 0; i < 9; i++) mask[i] = this.cells[i] === 0 ? 1 : 0;
    return mask;
  }

  /** 1 per empty cell, whether or not the game is over (PettingZoo's mask for the selected agent). */
  emptyMask(): Uint8Array {
    return Uint8Array.from(this.cells, (c) => (c === 0 ? 1 : 0));
  }

  isLegal(action: number): boolean {
    return !this.over && Number.isInteger(action) && action >= 0 && action < 9 && this.cells[action] === 0;
  }

  play(action: number): TicTacToe {
    if (!this.isLegal(action)) {
      throw new SpaceError(
        `TicTacToe: move ${action} is not legal here (${this.over ? 'the game is over' : `legal moves: ${legalList(this.legalMask())}`})`,
      );
    }
    const cells = this.cells.slice();
    cells[action] = this.toPlay + 1;
    return new TicTacToe(cells);
  }

  /** Rows of the board as shown on screen (cell i at row i % 3, column floor(i / 3)); X is player 0. */
  render(): string {
    const mark = ['.', 'X', 'O'];
    const rows: string[] = [];
    for (let r = 0; r < 3; r++) rows.push([0, 1, 2].map((c) => mark[this.cells[c * 3 + r]!]).join(' '));
    return rows.join('\n');
  }
}

/** The player index owning a full line, or undefined. */
function lineWinner(cells: Uint8Array): number | undefined {
  for (const [a, b, c] of TICTACTOE_LINES) {
    const v = cells[a]!;
    if (v !== 0 && v === cells[b] && v === cells[c]) return v - 1;
  }
  return undefined;
}

/** "0, 4, 8" from a mask. */
export function legalList(mask: Uint8Array): string {
  const out: number[] = [];
  mask.forEach((m, i) => {
    if (m) out.push(i);
  });
  return out.length === 0 ? 'none' : out.join(', ');
}
