/**
 * MinAtar Space Invaders, written from the rules in Young & Tian 2019 (appendix,
 * https://arxiv.org/abs/1903.03176) and the MinAtar README; behaviour checked step by step
 * against the original (GPL-3.0, not copied) by `__tests__/environments/minatar/`.
 *
 * Rules: a cannon on the bottom row moves left/right or fires (one shot per 5 frames); its bullets
 * rise a row per frame. A 4x6 block of aliens marches sideways one cell every `moveInterval`
 * frames (12, or fewer when fewer aliens remain: the pause is min(aliens left, interval)); when one
 * touches the wall it moves down a row and turns instead. Every 10 frames the alien nearest the
 * cannon's column (lowest in that column; the left column on ties) drops a bullet that falls a row
 * per frame. An alien sharing a cell with a bullet dies (+1). The game ends when an alien bullet
 * reaches the cannon, an alien reaches the cannon's cell, or the aliens must step down from the
 * bottom row. A cleared wave is replaced, and with difficulty ramping the next wave's interval is
 * one frame shorter (down to 6).
 *
 * Kept from the original on purpose, so trajectories match: an alien block already on the bottom
 * row that steps down wraps to the top row in the final frame's observation; bullets and aliens
 * only collide where they share a cell after both moved.
 *
 * Channels: cannon, alien, alien_left, alien_right (the marching direction, on every alien),
 * friendly_bullet, enemy_bullet.
 */
import type { Random } from '../../lib/core/random';
import { ACTION, GRID_SIZE, type Grid, type MinAtarGame, SnapshotReader } from './minatar_core';

const N = GRID_SIZE;
const SHOT_COOLDOWN = 5;
const START_MOVE_INTERVAL = 12;
const MIN_MOVE_INTERVAL = 6;
const ALIEN_SHOT_INTERVAL = 10;

/** Space Invaders' rules. */
export class SpaceInvaders implements MinAtarGame {
  readonly name = 'SpaceInvaders';
  readonly channels = ['cannon', 'alien', 'alien_left', 'alien_right', 'friendly_bullet', 'enemy_bullet'] as const;
  readonly glyphs = 'A%<>|!';
  readonly minimalActions = [ACTION.noop, ACTION.left, ACTION.right, ACTION.fire];
  terminal = false;
  /** Cannon column. */
  cannon = 5;
  /** Occupancy grids, index row * 10 + column. */
  aliens = new Uint8Array(N * N);
  playerBullets = new Uint8Array(N * N);
  alienBullets = new Uint8Array(N * N);
  /** Marching direction: -1 left, +1 right. */
  direction = -1;
  /** Frames between alien moves for this wave. */
  moveInterval = START_MOVE_INTERVAL;
  moveTimer = START_MOVE_INTERVAL;
  alienShotTimer = ALIEN_SHOT_INTERVAL;
  /** Frames until the cannon may fire again. */
  cooldown = 0;
  /** Difficulty level: waves that made the aliens faster. */
  level = 0;

  /** @param ramping whether cleared waves speed the aliens up (MinAtar's difficulty ramping) */
  constructor(readonly ramping = true) {}

  reset(_rng: Random): void {
    this.cannon = 5;
    this.playerBullets.fill(0);
    this.alienBullets.fill(0);
    this.fillWave();
    this.direction = -1;
    this.moveInterval = START_MOVE_INTERVAL;
    this.moveTimer = START_MOVE_INTERVAL;
    this.alienShotTimer = ALIEN_SHOT_INTERVAL;
    this.cooldown = 0;
    this.level = 0;
    this.terminal = false;
  }

  act(action: number): number {
    if (this.terminal) return 0;
    if (action === ACTION.fire && this.cooldown === 0) {
      this.playerBullets[(N - 1) * N + this.cannon] = 1;
      this.cooldown = SHOT_COOLDOWN;
    } else if (action === ACTION.left) {
      this.cannon = Math.max(0, this.cannon - 1);
    } else if (action === ACTION.right) {
      this.cannon = Math.min(N - 1, this.cannon + 1);
    }
    shiftRows(this.playerBullets, -1, false);
    shiftRows(this.alienBullets, 1, false);
    const cannonCell = (N - 1) * N + this.cannon;
    if (this.alienBullets[cannonCell] || this.aliens[cannonCell]) this.terminal = true;

    if (this.moveTimer === 0) {
      this.moveTimer = Math.min(count(this.aliens), this.moveInterval);
      const edge = this.direction < 0 ? 0 : N - 1;
      if (columnOccupied(this.aliens, edge)) {
        this.direction = -this.direction;
        if (rowOccupied(this.aliens, N - 1)) this.terminal = true;
        shiftRows(this.aliens, 1, true);
      } else {
        shiftColumns(this.aliens, this.direction);
      }
      if (this.aliens[cannonCell]) this.terminal = true;
    }
    if (this.alienShotTimer === 0) {
      this.alienShotTimer = ALIEN_SHOT_INTERVAL;
      const shooter = this.lowestAlienNearest(this.cannon);
      if (shooter >= 0) this.alienBullets[shooter] = 1;
    }
    let reward = 0;
    for (let i = 0; i < N * N; i++) {
      if (this.aliens[i] && this.playerBullets[i]) {
        this.aliens[i] = 0;
        this.playerBullets[i] = 0;
        reward++;
      }
    }
    if (this.cooldown > 0) this.cooldown--;
    this.moveTimer--;
    this.alienShotTimer--;
    if (count(this.aliens) === 0) {
      if (this.ramping && this.moveInterval > MIN_MOVE_INTERVAL) {
        this.moveInterval--;
        this.level++;
      }
      this.fillWave();
    }
    return reward;
  }

  draw(grid: Grid): void {
    const c = this.channels.length;
    grid[((N - 1) * N + this.cannon) * c] = 1;
    const dirChannel = this.direction < 0 ? 2 : 3;
    for (let i = 0; i < N * N; i++) {
      if (this.aliens[i]) {
        grid[i * c + 1] = 1;
        grid[i * c + dirChannel] = 1;
      }
      if (this.playerBullets[i]) grid[i * c + 4] = 1;
      if (this.alienBullets[i]) grid[i * c + 5] = 1;
    }
  }

  status(): string {
    return `level ${this.level}  aliens ${count(this.aliens)}`;
  }

  snapshot(): number[] {
    return [
      this.cannon, this.direction, this.moveInterval, this.moveTimer, this.alienShotTimer, this.cooldown,
      this.level, Number(this.terminal), ...this.aliens, ...this.playerBullets, ...this.alienBullets,
    ];
  }

  restore(values: ArrayLike<number>): void {
    const r = new SnapshotReader(values, this.name);
    this.cannon = r.next();
    this.direction = r.next();
    this.moveInterval = r.next();
    this.moveTimer = r.next();
    this.alienShotTimer = r.next();
    this.cooldown = r.next();
    this.level = r.next();
    this.terminal = r.bool();
    for (const grid of [this.aliens, this.playerBullets, this.alienBullets]) {
      for (let i = 0; i < N * N; i++) grid[i] = r.next();
    }
    r.end();
  }

  /** Cell index of the lowest alien in the occupied column nearest `column` (left first on ties), or -1. */
  private lowestAlienNearest(column: number): number {
    for (let d = 0; d < N; d++) {
      for (const col of [column - d, column + d]) {
        if (col < 0 || col >= N || (d === 0 && col !== column)) continue;
        for (let row = N - 1; row >= 0; row--) if (this.aliens[row * N + col]) return row * N + col;
      }
    }
    return -1;
  }

  private fillWave(): void {
    this.aliens.fill(0);
    for (let row = 0; row < 4; row++) for (let col = 2; col < 8; col++) this.aliens[row * N + col] = 1;
  }
}

function count(grid: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < grid.length; i++) n += grid[i]!;
  return n;
}

function columnOccupied(grid: Uint8Array, col: number): boolean {
  for (let row = 0; row < N; row++) if (grid[row * N + col]) return true;
  return false;
}

function rowOccupied(grid: Uint8Array, row: number): boolean {
  for (let col = 0; col < N; col++) if (grid[row * N + col]) return true;
  return false;
}

/** Moves every cell `by` rows (+1 down, -1 up); cells leaving the grid vanish, or wrap around when `wrap`. */
function shiftRows(grid: Uint8Array, by: 1 | -1, wrap: boolean): void {
  const old = grid.slice();
  grid.fill(0);
  for (let row = 0; row < N; row++) {
    let to = row + by;
    if (to < 0 || to >= N) {
      if (!wrap) continue;
      to = (to + N) % N;
    }
    for (let col = 0; col < N; col++) grid[to * N + col] = old[row * N + col]!;
  }
}

/** Moves every cell `by` columns; cells leaving the grid vanish (the marching rules never push one out). */
function shiftColumns(grid: Uint8Array, by: number): void {
  const old = grid.slice();
  grid.fill(0);
  for (let row = 0; row < N; row++) {
    for (let col = 0; col < N; col++) {
      const to = col + by;
      if (to >= 0 && to < N) grid[row * N + to] = old[row * N + col]!;
    }
  }
}
