/**
 * Connect four as a pure game state, with PettingZoo connect_four_v3's conventions
 * (pettingzoo/classic/connect_four): 6 rows by 7 columns, row 0 at the top, a move names a column
 * (0..6) and the piece falls to the lowest empty row; player 0 (`player_0`) moves first; four in a
 * row horizontally, vertically or diagonally wins; a full board is a draw. The observation
 * [6, 7, 2] is PettingZoo's planes (own pieces, opponent's). Written from the rules; it differs
 * from PettingZoo in being immutable and in checking only the lines through the last piece.
 */
import { SpaceError } from '../../lib/core/errors';
import { BoardPosition, type GameState } from './game_state';
import { legalList } from './tictactoe';

const ROWS = 6;
const COLUMNS = 7;
/** Directions (row step, column step) of the four line kinds: horizontal, vertical, both diagonals. */
const DIRECTIONS: readonly (readonly [number, number])[] = [[0, 1], [1, 0], [1, 1], [1, -1]];

/** A connect-four position. */
export class ConnectFour extends BoardPosition implements GameState<ConnectFour> {
  readonly actionCount = COLUMNS;
  readonly observationShape = [ROWS, COLUMNS, 2] as const;
  readonly toPlay: number;
  readonly winner: number | undefined;
  readonly over: boolean;

  /**
   * @param cells 42 cells row-major (row 0 at the top): 0 empty, 1 player 0's piece, 2 player 1's
   * @param winner the winner, when known (play passes it; omitted, the whole board is checked)
   */
  constructor(cells: Uint8Array = new Uint8Array(ROWS * COLUMNS), winner?: number) {
    super(cells);
    let filled = 0;
    for (const c of cells) if (c !== 0) filled++;
    this.toPlay = filled % 2;
    this.winner = winner ?? boardWinner(cells);
    this.over = this.winner !== undefined || filled === ROWS * COLUMNS;
  }

  /** A position from PettingZoo's `board` list (42 cells, 0 empty, 1, 2). */
  static fromCells(cells: ArrayLike<number>): ConnectFour {
    if (cells.length !== ROWS * COLUMNS) throw new SpaceError(`ConnectFour.fromCells needs 42 cells; received ${cells.length}`);
    return new ConnectFour(Uint8Array.from(cells));
  }

  legalMask(): Uint8Array {
    const mask = new Uint8Array(COLUMNS);
    if (!this.over) for (let c = 0; c < COLUMNS; c++) mask[c] = this.cells[c] === 0 ? 1 : 0;
    return mask;
  }

  /** 1 per column with room, whether or not the game is over (PettingZoo's mask for the selected agent). */
  emptyMask(): Uint8Array {
    return Uint8Array.from({ length: COLUMNS }, (_, c) => (this.cells[c] === 0 ? 1 : 0));
  }

  isLegal(action: number): boolean {
    return !this.over && Number.isInteger(action) && action >= 0 && action < COLUMNS && this.cells[action] === 0;
  }

  play(action: number): ConnectFour {
    if (!this.isLegal(action)) {
      throw new SpaceError(
        `ConnectFour: column ${action} is not a legal move here (${this.over ? 'the game is over' : `legal columns: ${legalList(this.legalMask())}`})`,
      );
    }
    const cells = this.cells.slice();
    let row = ROWS - 1;
    while (cells[row * COLUMNS + action] !== 0) row--;
    const piece = this.toPlay + 1;
    cells[row * COLUMNS + action] = piece;
    return new ConnectFour(cells, fourThrough(cells, row, action) ? this.toPlay : undefined);
  }

  /** The board, top row first; X is player 0, O player 1. */
  render(): string {
    const mark = ['.', 'X', 'O'];
    const rows: string[] = [];
    for (let r = 0; r < ROWS; r++) rows.push(Array.from({ length: COLUMNS }, (_, c) => mark[this.cells[r * COLUMNS + c]!]).join(' '));
    return rows.join('\n');
  }
}

/** True when the piece at (row, column) is part of four in a row of its owner. */
function fourThrough(cells: Uint8Array, row: number, column: number): boolean {
  const piece = cells[row * COLUMNS + column]!;
  for (const [dr, dc] of DIRECTIONS) {
    let run = 1;
    for (const sign of [1, -1]) {
      let r = row + sign * dr;
      let c = column + sign * dc;
      while (r >= 0 && r < ROWS && c >= 0 && c < COLUMNS && cells[r * COLUMNS + c] === piece) {
        run++;
        r += sign * dr;
        c += sign * dc;
      }
    }
    if (run >= 4) return true;
  }
  return false;
}

/** The owner of any four in a row on the board, or undefined. */
function boardWinner(cells: Uint8Array): number | undefined {
  for (let i = 0; i < ROWS * COLUMNS; i++) {
    if (cells[i] !== 0 && fourThrough(cells, Math.floor(i / COLUMNS), i % COLUMNS)) return cells[i]! - 1;
  }
  return undefined;
}
