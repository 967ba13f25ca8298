/**
 * MinAtar Breakout, written from the rules in Young & Tian 2019 (appendix,
 * https://arxiv.org/abs/1903.03176) and the MinAtar README; behaviour checked step by step
 * against the original (GPL-3.0, not copied) by `__tests__/environments/minatar/`.
 *
 * Rules: a paddle on the bottom row moves left/right. The ball starts on row 3 at the left or
 * right wall (a fair coin), heading down and away from that wall, and moves one cell diagonally
 * per frame. It bounces off the side walls and the ceiling; entering a brick cell removes the brick
 * (+1) and sends the ball back vertically (the ball stays in its row that frame); right after such a
 * bounce a second brick entered at once is not broken (the ball passes into it). On reaching the
 * bottom row the ball bounces straight up if it was above the paddle, bounces back the way it came
 * if it lands on the paddle diagonally, and otherwise ends the game. Three rows of bricks (rows
 * 1-3) are restored when the ball reaches the bottom row after all were broken. No difficulty
 * ramping.
 *
 * Channels: paddle, ball, trail (the ball's previous cell), brick.
 */
import type { Random } from '../../lib/core/random';
import { ACTION, GRID_SIZE, type Grid, type MinAtarGame, SnapshotReader } from './minatar_core';

const N = GRID_SIZE;

/** Breakout's rules. */
export class Breakout implements MinAtarGame {
  readonly name = 'Breakout';
  readonly channels = ['paddle', 'ball', 'trail', 'brick'] as const;
  readonly glyphs = '=o*#';
  readonly minimalActions = [ACTION.noop, ACTION.left, ACTION.right];
  terminal = false;
  /** Paddle column. */
  paddle = 4;
  ballRow = 3;
  ballCol = 0;
  /** Ball velocity, each -1 or +1 (rows grow downward). */
  ballDRow = 1;
  ballDCol = 1;
  /** The ball's previous cell (the trail). */
  lastRow = 3;
  lastCol = 0;
  /** Whether the previous frame broke a brick (a brick entered right after is not broken). */
  strike = false;
  /** Brick occupancy, index row * 10 + column. */
  bricks = new Uint8Array(N * N);

  reset(rng: Random): void {
    this.start(rng.int(2) as 0 | 1);
  }

  /**
   * Starts a game with the ball on a given side (the only random choice of the game).
   * @param side 0: left wall, heading down-right; 1: right wall, heading down-left
   */
  start(side: 0 | 1): void {
    this.ballRow = 3;
    this.ballCol = side === 0 ? 0 : N - 1;
    this.ballDRow = 1;
    this.ballDCol = side === 0 ? 1 : -1;
    this.paddle = 4;
    this.fillBricks();
    this.strike = false;
    this.lastRow = this.ballRow;
    this.lastCol = this.ballCol;
    this.terminal = false;
  }

  act(action: number): number {
    if (this.terminal) return 0;
    if (action === ACTION.left) this.paddle = Math.max(0, this.paddle - 1);
    else if (action === ACTION.right) this.paddle = Math.min(N - 1, this.paddle + 1);

    let reward = 0;
    this.lastRow = this.ballRow;
    this.lastCol = this.ballCol;
    let col = this.ballCol + this.ballDCol;
    let row = this.ballRow + this.ballDRow;
    let enteredBrick = false;
    if (col < 0 || col >= N) {
      col = col < 0 ? 0 : N - 1;
      this.ballDCol = -this.ballDCol;
    }
    if (row < 0) {
      row = 0;
      this.ballDRow = -this.ballDRow;
    } else if (this.bricks[row * N + col]) {
      enteredBrick = true;
      if (!this.strike) {
        reward = 1;
        this.strike = true;
        this.bricks[row * N + col] = 0;
        row = this.lastRow;
        this.ballDRow = -this.ballDRow;
      }
    } else if (row === N - 1) {
      if (!this.bricks.includes(1)) this.fillBricks();
      if (this.ballCol === this.paddle) {
        this.ballDRow = -this.ballDRow;
        row = this.lastRow;
      } else if (col === this.paddle) {
        this.ballDRow = -this.ballDRow;
        this.ballDCol = -this.ballDCol;
        row = this.lastRow;
      } else {
        this.terminal = true;
      }
    }
    if (!enteredBrick) this.strike = false;
    this.ballRow = row;
    this.ballCol = col;
    return reward;
  }

  draw(grid: Grid): void {
    const c = this.channels.length;
    grid[(this.ballRow * N + this.ballCol) * c + 1] = 1;
    grid[((N - 1) * N + this.paddle) * c] = 1;
    grid[(this.lastRow * N + this.lastCol) * c + 2] = 1;
    for (let i = 0; i < N * N; i++) if (this.bricks[i]) grid[i * c + 3] = 1;
  }

  status(): string {
    return `bricks ${this.bricks.reduce((a, b) => a + b, 0)}`;
  }

  snapshot(): number[] {
    return [
      this.paddle, this.ballRow, this.ballCol, this.ballDRow, this.ballDCol, this.lastRow, this.lastCol,
      Number(this.strike), Number(this.terminal), ...this.bricks,
    ];
  }

  restore(values: ArrayLike<number>): void {
    const r = new SnapshotReader(values, this.name);
    this.paddle = r.next();
    this.ballRow = r.next();
    this.ballCol = r.next();
    this.ballDRow = r.next();
    this.ballDCol = r.next();
    this.lastRow = r.next();
    this.lastCol = r.next();
    this.strike = r.bool();
    this.terminal = r.bool();
    for (let i = 0; i < N * N; i++) this.bricks[i] = r.next();
    r.end();
  }

  private fillBricks(): void {
    this.bricks.fill(0);
    this.bricks.fill(1, 1 * N, 4 * N);
  }
}
