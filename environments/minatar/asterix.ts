/**
 * MinAtar Asterix, written from the rules in Young & Tian 2019 (appendix,
 * https://arxiv.org/abs/1903.03176) and the MinAtar README; checked against the original
 * (GPL-3.0, not copied) by replaying its random draws and by random-policy statistics in
 * `__tests__/environments/minatar/`.
 *
 * Rules: the player moves in four directions within rows 1-8. Each of rows 1-8 holds at most one
 * entity, an enemy or (one time in three) gold, entering from a random side and crossing the
 * screen one cell every `moveInterval` frames (5); a new one appears every `spawnInterval` frames
 * (10) in a random free row. Touching gold gives +1 and removes it; touching an enemy ends the
 * game. With difficulty ramping, every 102 frames the spawn interval shortens by one frame (down to
 * 1) and, every other time, the move interval too (down to 1).
 *
 * Random draws per spawn, in order (as the original, so its draws can be replayed): side
 * (uniform < 1/2: from the left), gold (uniform < 1/3), then, if a row is free, which free row.
 *
 * Channels: player, enemy, trail (the cell behind each entity), gold.
 */
import type { Random } from '../../lib/core/random';
import { ACTION, GRID_SIZE, type Grid, mark, type MinAtarGame, SnapshotReader } from './minatar_core';

const N = GRID_SIZE;
const ROWS = 8;
const RAMP_INTERVAL = 100;
const START_SPAWN_INTERVAL = 10;
const START_MOVE_INTERVAL = 5;

/** An entity crossing one row: present, column, direction, kind. */
interface Crosser {
  present: boolean;
  col: number;
  goingRight: boolean;
  gold: boolean;
}

/** Asterix's rules. */
export class Asterix implements MinAtarGame {
  readonly name = 'Asterix';
  readonly channels = ['player', 'enemy', 'trail', 'gold'] as const;
  readonly glyphs = 'P@-$';
  readonly minimalActions = [ACTION.noop, ACTION.left, ACTION.up, ACTION.right, ACTION.down];
  terminal = false;
  playerRow = 5;
  playerCol = 5;
  /** Entity of rows 1..8 (index 0 is row 1). */
  readonly lanes: Crosser[] = Array.from({ length: ROWS }, () => ({ present: false, col: 0, goingRight: false, gold: false }));
  spawnInterval = START_SPAWN_INTERVAL;
  spawnTimer = START_SPAWN_INTERVAL;
  moveInterval = START_MOVE_INTERVAL;
  moveTimer = START_MOVE_INTERVAL;
  rampTimer = RAMP_INTERVAL;
  /** Difficulty level: how many times the game sped up. */
  level = 0;

  /** @param ramping whether the game speeds up over time (MinAtar's difficulty ramping) */
  constructor(readonly ramping = true) {}

  reset(_rng: Random): void {
    this.playerRow = 5;
    this.playerCol = 5;
    for (const lane of this.lanes) lane.present = false;
    this.spawnInterval = START_SPAWN_INTERVAL;
    this.spawnTimer = START_SPAWN_INTERVAL;
    this.moveInterval = START_MOVE_INTERVAL;
    this.moveTimer = START_MOVE_INTERVAL;
    this.rampTimer = RAMP_INTERVAL;
    this.level = 0;
    this.terminal = false;
  }

  act(action: number, rng: Random): number {
    if (this.terminal) return 0;
    if (this.spawnTimer === 0) {
      this.spawn(rng);
      this.spawnTimer = this.spawnInterval;
    }
    if (action === ACTION.left) this.playerCol = Math.max(0, this.playerCol - 1);
    else if (action === ACTION.right) this.playerCol = Math.min(N - 1, this.playerCol + 1);
    else if (action === ACTION.up) this.playerRow = Math.max(1, this.playerRow - 1);
    else if (action === ACTION.down) this.playerRow = Math.min(ROWS, this.playerRow + 1);

    let reward = 0;
    for (let i = 0; i < ROWS; i++) reward += this.touch(i);
    if (this.moveTimer === 0) {
      this.moveTimer = this.moveInterval;
      for (let i = 0; i < ROWS; i++) {
        const lane = this.lanes[i]!;
        if (!lane.present) continue;
        lane.col += lane.goingRight ? 1 : -1;
        if (lane.col < 0 || lane.col >= N) lane.present = false;
        else reward += this.touch(i);
      }
    }
    this.spawnTimer--;
    this.moveTimer--;
    if (this.ramping && (this.spawnInterval > 1 || this.moveInterval > 1)) {
      if (this.rampTimer >= 0) {
        this.rampTimer--;
      } else {
        if (this.moveInterval > 1 && this.level % 2 === 1) this.moveInterval--;
        if (this.spawnInterval > 1) this.spawnInterval--;
        this.level++;
        this.rampTimer = RAMP_INTERVAL;
      }
    }
    return reward;
  }

  draw(grid: Grid): void {
    const c = this.channels.length;
    mark(grid, c, this.playerRow, this.playerCol, 0);
    for (let i = 0; i < ROWS; i++) {
      const lane = this.lanes[i]!;
      if (!lane.present) continue;
      mark(grid, c, i + 1, lane.col, lane.gold ? 3 : 1);
      mark(grid, c, i + 1, lane.col + (lane.goingRight ? -1 : 1), 2);
    }
  }

  status(): string {
    return `level ${this.level}`;
  }

  snapshot(): number[] {
    const out = [
      this.playerRow, this.playerCol, this.spawnInterval, this.spawnTimer, this.moveInterval, this.moveTimer,
      this.rampTimer, this.level, Number(this.terminal),
    ];
    for (const l of this.lanes) out.push(Number(l.present), l.col, Number(l.goingRight), Number(l.gold));
    return out;
  }

  restore(values: ArrayLike<number>): void {
    const r = new SnapshotReader(values, this.name);
    this.playerRow = r.next();
    this.playerCol = r.next();
    this.spawnInterval = r.next();
    this.spawnTimer = r.next();
    this.moveInterval = r.next();
    this.moveTimer = r.next();
    this.rampTimer = r.next();
    this.level = r.next();
    this.terminal = r.bool();
    for (const l of this.lanes) {
      l.present = r.bool();
      l.col = r.next();
      l.goingRight = r.bool();
      l.gold = r.bool();
    }
    r.end();
  }

  /** Resolves the player touching lane `i`'s entity: gold is collected (returns 1), an enemy ends the game. */
  private touch(i: number): number {
    const lane = this.lanes[i]!;
    if (!lane.present || lane.col !== this.playerCol || i + 1 !== this.playerRow) return 0;
    if (lane.gold) {
      lane.present = false;
      return 1;
    }
    this.terminal = true;
    return 0;
  }

  private spawn(rng: Random): void {
    const fromLeft = rng.random() < 1 / 2;
    const gold = rng.random() < 1 / 3;
    const free: number[] = [];
    for (let i = 0; i < ROWS; i++) if (!this.lanes[i]!.present) free.push(i);
    if (free.length === 0) return;
    const lane = this.lanes[free[rng.int(free.length)]!]!;
    lane.present = true;
    lane.col = fromLeft ? 0 : N - 1;
    lane.goingRight = fromLeft;
    lane.gold = gold;
  }
}
