/**
 * MinAtar Seaquest, written from the rules in Young & Tian 2019 (appendix,
 * https://arxiv.org/abs/1903.03176) and the MinAtar README; checked against the original
 * (GPL-3.0, not copied) by replaying its random draws and by random-policy statistics in
 * `__tests__/environments/minatar/`.
 *
 * Rules: the player's submarine (two cells, front and back, so its heading shows) moves in four
 * directions between the surface (row 0) and row 8 and fires bullets forward (one per 5 frames;
 * they move a cell per frame). Enemies enter rows 1-8 from a random side every `spawnInterval`
 * frames (20): fish, or (one time in three) submarines that fire a bullet every 10 frames; none
 * enters a row already crossed by an enemy going the other way. Enemies move a cell every
 * `moveInterval` frames (5). Divers enter every 30 frames and move every 5 frames; touching one
 * picks it up (at most 6). Hitting an enemy with a bullet gives +1. Oxygen (200 frames) drains
 * below the surface. Surfacing with divers refills it and drops one diver; surfacing with six
 * gives +1 per tenth of oxygen left, and with difficulty ramping each surfacing shortens the spawn
 * interval (down to 1) and every other time the move interval (down to 2). The game ends when an
 * enemy, or an enemy bullet, touches the submarine, when oxygen runs out, or on surfacing with no
 * diver.
 *
 * Kept from the original on purpose, so scores match: surfacing with six divers leaves the count
 * at -1 (all six removed, then the one that every surfacing removes), so the next surfacing does
 * not end the game even without a diver; the diver gauge shows nothing while the count is negative.
 * An enemy submarine that leaves the screen or is shot can still fire in that frame (the bullet
 * leaves the screen at once or lands next to where it died). Objects of one kind are updated
 * newest first.
 *
 * Random draws, in order (as the original, so its draws can be replayed): an enemy spawn draws its
 * side (uniform < 1/2: from the left), submarine or fish (uniform < 1/3: submarine) and its row
 * (uniform integer 1-8), even when the spawn is then cancelled; a diver draws its side and row.
 *
 * Channels: sub_front, sub_back, friendly_bullet, trail (the cell behind each fish, enemy
 * submarine and diver), enemy_bullet, enemy_fish, enemy_sub, oxygen_gauge (row 9 from the left,
 * one cell per tenth of oxygen), diver_gauge (row 9 ending at column 8, one cell per diver), diver.
 */
import type { Random } from '../../lib/core/random';
import { ACTION, GRID_SIZE, type Grid, mark, type MinAtarGame, SnapshotReader } from './minatar_core';

const N = GRID_SIZE;
const MAX_OXYGEN = 200;
const START_SPAWN_INTERVAL = 20;
const DIVER_SPAWN_INTERVAL = 30;
const START_MOVE_INTERVAL = 5;
const SHOT_COOLDOWN = 5;
const ENEMY_SHOT_INTERVAL = 10;
const DIVER_MOVE_INTERVAL = 5;
const MAX_DIVERS = 6;

/** A moving object: a cell, a heading, and (for enemies and divers) frames until the next move / shot. */
interface Mover {
  col: number;
  row: number;
  right: boolean;
  /** Frames until the next move (fish, submarines, divers). */
  moveTimer: number;
  /** Frames until the next shot (enemy submarines). */
  shotTimer: number;
}

/** Seaquest's rules. */
export class Seaquest implements MinAtarGame {
  readonly name = 'Seaquest';
  readonly channels = [
    'sub_front', 'sub_back', 'friendly_bullet', 'trail', 'enemy_bullet',
    'enemy_fish', 'enemy_sub', 'oxygen_gauge', 'diver_gauge', 'diver',
  ] as const;
  readonly glyphs = 'S=-~!F&od$';
  readonly minimalActions = [ACTION.noop, ACTION.left, ACTION.up, ACTION.right, ACTION.down, ACTION.fire];
  terminal = false;
  oxygen = MAX_OXYGEN;
  /** Divers on board (can be -1 after a full surfacing, as the original). */
  divers = 0;
  subCol = 5;
  subRow = 0;
  facingRight = false;
  playerBullets: Mover[] = [];
  enemyBullets: Mover[] = [];
  fish: Mover[] = [];
  subs: Mover[] = [];
  swimmers: Mover[] = [];
  spawnInterval = START_SPAWN_INTERVAL;
  spawnTimer = START_SPAWN_INTERVAL;
  diverTimer = DIVER_SPAWN_INTERVAL;
  moveInterval = START_MOVE_INTERVAL;
  /** Difficulty level: surfacings that sped the game up. */
  level = 0;
  cooldown = 0;
  /** True while the submarine stays at the surface after surfacing (or at the start). */
  surfaced = true;

  /** @param ramping whether surfacing speeds the game up (MinAtar's difficulty ramping) */
  constructor(readonly ramping = true) {}

  reset(_rng: Random): void {
    this.oxygen = MAX_OXYGEN;
    this.divers = 0;
    this.subCol = 5;
    this.subRow = 0;
    this.facingRight = false;
    this.playerBullets = [];
    this.enemyBullets = [];
    this.fish = [];
    this.subs = [];
    this.swimmers = [];
    this.spawnInterval = START_SPAWN_INTERVAL;
    this.spawnTimer = START_SPAWN_INTERVAL;
    this.diverTimer = DIVER_SPAWN_INTERVAL;
    this.moveInterval = START_MOVE_INTERVAL;
    this.level = 0;
    this.cooldown = 0;
    this.surfaced = true;
    this.terminal = false;
  }

  act(action: number, rng: Random): number {
    if (this.terminal) return 0;
    if (this.spawnTimer === 0) {
      this.spawnEnemy(rng);
      this.spawnTimer = this.spawnInterval;
    }
    if (this.diverTimer === 0) {
      const right = rng.random() < 1 / 2;
      const row = 1 + rng.int(8);
      this.swimmers.push(mover(right ? 0 : N - 1, row, right, DIVER_MOVE_INTERVAL));
      this.diverTimer = DIVER_SPAWN_INTERVAL;
    }
    this.movePlayer(action);
    let reward = this.updatePlayerBullets();
    this.updateDivers();
    reward += this.updateEnemies(this.subs, true);
    this.updateEnemyBullets();
    reward += this.updateEnemies(this.fish, false);

    if (this.spawnTimer > 0) this.spawnTimer--;
    if (this.diverTimer > 0) this.diverTimer--;
    if (this.cooldown > 0) this.cooldown--;
    if (this.oxygen <= 0) this.terminal = true;
    if (this.subRow > 0) {
      this.oxygen--;
      this.surfaced = false;
    } else if (!this.surfaced) {
      if (this.divers === 0) this.terminal = true;
      else reward += this.surface();
    }
    return reward;
  }

  draw(grid: Grid): void {
    const c = this.channels.length;
    mark(grid, c, this.subRow, this.subCol, 0);
    mark(grid, c, this.subRow, this.subCol + (this.facingRight ? -1 : 1), 1);
    const oxygenCells = Math.floor((Math.max(0, this.oxygen) * 10) / MAX_OXYGEN);
    for (let col = 0; col < oxygenCells; col++) mark(grid, c, N - 1, col, 7);
    for (let col = Math.max(0, N - 1 - this.divers); col < N - 1; col++) mark(grid, c, N - 1, col, 8);
    for (const b of this.playerBullets) mark(grid, c, b.row, b.col, 2);
    for (const b of this.enemyBullets) mark(grid, c, b.row, b.col, 4);
    for (const [list, channel] of [[this.fish, 5], [this.subs, 6], [this.swimmers, 9]] as const) {
      for (const m of list) {
        mark(grid, c, m.row, m.col, channel);
        mark(grid, c, m.row, m.col + (m.right ? -1 : 1), 3);
      }
    }
  }

  status(): string {
    return `oxygen ${this.oxygen}  divers ${Math.max(0, this.divers)}  level ${this.level}`;
  }

  snapshot(): number[] {
    const out = [
      this.oxygen, this.divers, this.subCol, this.subRow, Number(this.facingRight), this.spawnInterval,
      this.spawnTimer, this.diverTimer, this.moveInterval, this.level, this.cooldown, Number(this.surfaced),
      Number(this.terminal),
    ];
    for (const list of this.lists()) {
      out.push(list.length);
      for (const m of list) out.push(m.col, m.row, Number(m.right), m.moveTimer, m.shotTimer);
    }
    return out;
  }

  restore(values: ArrayLike<number>): void {
    const r = new SnapshotReader(values, this.name);
    this.oxygen = r.next();
    this.divers = r.next();
    this.subCol = r.next();
    this.subRow = r.next();
    this.facingRight = r.bool();
    this.spawnInterval = r.next();
    this.spawnTimer = r.next();
    this.diverTimer = r.next();
    this.moveInterval = r.next();
    this.level = r.next();
    this.cooldown = r.next();
    this.surfaced = r.bool();
    this.terminal = r.bool();
    const lists: Mover[][] = [];
    for (let k = 0; k < 5; k++) {
      const n = r.next();
      const list: Mover[] = [];
      for (let i = 0; i < n; i++) {
        list.push({ col: r.next(), row: r.next(), right: r.bool(), moveTimer: r.next(), shotTimer: r.next() });
      }
      lists.push(list);
    }
    [this.playerBullets, this.enemyBullets, this.fish, this.subs, this.swimmers] = lists as [Mover[], Mover[], Mover[], Mover[], Mover[]];
    r.end();
  }

  private lists(): Mover[][] {
    return [this.playerBullets, this.enemyBullets, this.fish, this.subs, this.swimmers];
  }

  private atSub(m: Mover): boolean {
    return m.col === this.subCol && m.row === this.subRow;
  }

  private movePlayer(action: number): void {
    if (action === ACTION.fire && this.cooldown === 0) {
      this.playerBullets.push(mover(this.subCol, this.subRow, this.facingRight, 0));
      this.cooldown = SHOT_COOLDOWN;
    } else if (action === ACTION.left) {
      this.subCol = Math.max(0, this.subCol - 1);
      this.facingRight = false;
    } else if (action === ACTION.right) {
      this.subCol = Math.min(N - 1, this.subCol + 1);
      this.facingRight = true;
    } else if (action === ACTION.up) {
      this.subRow = Math.max(0, this.subRow - 1);
    } else if (action === ACTION.down) {
      this.subRow = Math.min(N - 2, this.subRow + 1);
    }
  }

  /** Bullets fly a cell; one that meets a fish (first) or an enemy submarine destroys it. */
  private updatePlayerBullets(): number {
    let reward = 0;
    for (let i = this.playerBullets.length - 1; i >= 0; i--) {
      const b = this.playerBullets[i]!;
      advance(b);
      if (offGrid(b)) {
        this.playerBullets.splice(i, 1);
        continue;
      }
      for (const targets of [this.fish, this.subs]) {
        const hit = targets.findIndex((t) => t.col === b.col && t.row === b.row);
        if (hit >= 0) {
          targets.splice(hit, 1);
          this.playerBullets.splice(i, 1);
          reward++;
          break;
        }
      }
    }
    return reward;
  }

  private updateDivers(): void {
    for (let i = this.swimmers.length - 1; i >= 0; i--) {
      const d = this.swimmers[i]!;
      if (this.atSub(d) && this.divers < MAX_DIVERS) {
        this.swimmers.splice(i, 1);
        this.divers++;
      } else if (d.moveTimer === 0) {
        d.moveTimer = DIVER_MOVE_INTERVAL;
        advance(d);
        if (offGrid(d)) {
          this.swimmers.splice(i, 1);
        } else if (this.atSub(d) && this.divers < MAX_DIVERS) {
          this.swimmers.splice(i, 1);
          this.divers++;
        }
      } else {
        d.moveTimer--;
      }
    }
  }

  /** Moves fish or enemy submarines (newest first); submarines also shoot. Returns reward from bullets they ran into. */
  private updateEnemies(list: Mover[], shoot: boolean): number {
    let reward = 0;
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i]!;
      if (this.atSub(e)) this.terminal = true;
      if (e.moveTimer === 0) {
        e.moveTimer = this.moveInterval;
        advance(e);
        if (offGrid(e)) {
          list.splice(i, 1);
        } else if (this.atSub(e)) {
          this.terminal = true;
        } else {
          const hit = this.playerBullets.findIndex((b) => b.col === e.col && b.row === e.row);
          if (hit >= 0) {
            list.splice(i, 1);
            this.playerBullets.splice(hit, 1);
            reward++;
          }
        }
      } else {
        e.moveTimer--;
      }
      if (shoot) {
        if (e.shotTimer === 0) {
          e.shotTimer = ENEMY_SHOT_INTERVAL;
          this.enemyBullets.push(mover(e.col, e.row, e.right, 0));
        } else {
          e.shotTimer--;
        }
      }
    }
    return reward;
  }

  private updateEnemyBullets(): void {
    for (let i = this.enemyBullets.length - 1; i >= 0; i--) {
      const b = this.enemyBullets[i]!;
      if (this.atSub(b)) this.terminal = true;
      advance(b);
      if (offGrid(b)) this.enemyBullets.splice(i, 1);
      else if (this.atSub(b)) this.terminal = true;
    }
  }

  private spawnEnemy(rng: Random): void {
    const right = rng.random() < 1 / 2;
    const isSub = rng.random() < 1 / 3;
    const row = 1 + rng.int(8);
    const clash = (e: Mover): boolean => e.row === row && e.right !== right;
    if (this.subs.some(clash) || this.fish.some(clash)) return;
    const e = mover(right ? 0 : N - 1, row, right, this.moveInterval);
    if (isSub) {
      e.shotTimer = ENEMY_SHOT_INTERVAL;
      this.subs.push(e);
    } else {
      this.fish.push(e);
    }
  }

  /** Refills oxygen, drops divers, scores a full load and ramps the difficulty. */
  private surface(): number {
    this.surfaced = true;
    let reward = 0;
    if (this.divers === MAX_DIVERS) {
      this.divers = 0;
      reward = Math.floor((this.oxygen * 10) / MAX_OXYGEN);
    }
    this.oxygen = MAX_OXYGEN;
    this.divers--;
    if (this.ramping && (this.spawnInterval > 1 || this.moveInterval > 2)) {
      if (this.moveInterval > 2 && this.level % 2 === 1) this.moveInterval--;
      if (this.spawnInterval > 1) this.spawnInterval--;
      this.level++;
    }
    return reward;
  }
}

function mover(col: number, row: number, right: boolean, moveTimer: number): Mover {
  return { col, row, right, moveTimer, shotTimer: 0 };
}

function advance(m: Mover): void {
  m.col += m.right ? 1 : -1;
}

function offGrid(m: Mover): boolean {
  return m.col < 0 || m.col >= N;
}
