/**
 * A character grid for the `render('text')` drawings of environments: plot characters, draw
 * lines of a character, write labels, and join the rows into a string for a live terminal view.
 * No counterpart in gymnasium (its `ansi` mode exists only for toy-text games).
 */

/** A fixed-size grid of characters, row 0 at the top. */
export class TextCanvas {
  private readonly rows: string[][];

  /**
   * @param width columns
   * @param height rows
   */
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.rows = Array.from({ length: height }, () => Array.from({ length: width }, () => ' '));
  }

  /** Puts `ch` at (column, row), rounded; ignored outside the grid. */
  set(col: number, row: number, ch: string): void {
    const c = Math.round(col);
    const r = Math.round(row);
    if (r < 0 || r >= this.height || c < 0 || c >= this.width) return;
    this.rows[r]![c] = ch;
  }

  /** The character at (column, row), or undefined outside the grid. */
  get(col: number, row: number): string | undefined {
    return this.rows[row]?.[col];
  }

  /** A straight line of `ch` from (c0, r0) to (c1, r1), sampled densely enough to leave no gaps. */
  line(c0: number, r0: number, c1: number, r1: number, ch: string): void {
    const n = Math.max(1, Math.ceil(Math.max(Math.abs(c1 - c0), Math.abs(r1 - r0)) * 2));
    for (let i = 0; i <= n; i++) {
      const t = i / n;
      this.set(c0 + (c1 - c0) * t, r0 + (r1 - r0) * t, ch);
    }
  }

  /** Writes `text` left to right starting at (column, row). */
  text(col: number, row: number, text: string): void {
    for (let i = 0; i < text.length; i++) this.set(col + i, row, text[i]!);
  }

  /** The grid as lines joined by newlines, trailing spaces removed. */
  toString(): string {
    return this.rows.map((r) => r.join('').replace(/\s+$/, '')).join('\n');
  }
}
