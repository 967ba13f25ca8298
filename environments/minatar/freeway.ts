/**
 * MinAtar Freeway, written from the rules in Young & Tian 2019 (appendix,
 * https://arxiv.org/abs/1903.03176) and the MinAtar README; checked against the original
 * (GPL-3.0, not copied) by replaying its random draws and by random-policy statistics in
 * `__tests__/environments/minatar/`.
 *
 * Rules: a chicken in column 4 crosses eight lanes of traffic (rows 1-8) from the bottom row to
 * the top; it may move up or down one row at most once every 3 frames. Reaching row 0 gives +1,
 * sends it back to the bottom and re-draws every car's speed and direction. Each lane has one car
 * moving one cell every 1-5 frames (its period), wrapping around the screen; a car on the chicken's
 * cell sends it back to the bottom. The game ends after 2,500 frames (the 2,501st step ends it, as
 * the original's timer). No difficulty ramping.
 *
 * Random draws, in order (as the original, so its draws can be replayed): eight periods (uniform
 * integers 1-5), then eight directions (uniform < 1/2: leftward). At reset all cars start in
 * column 0.
 *
 * Channels: chicken, car, speed1..speed5 (the cell behind each car, in the channel of its period).
 */
import type { Random } from '../../lib/core/random';
import { ACTION, GRID_SIZE, type Grid, mark, type MinAtarGame, SnapshotReader } from './minatar_core';

const N = GRID_SIZE;
const CHICKEN_COLUMN = 4;
const MOVE_COOLDOWN = 3;
const TIME_LIMIT = 2500;
const LANES = 8;

/** One lane's car. */
interface Car {
  col: number;
  /** Frames until its next move. */
  countdown: number;
  /** Frames between moves, 1-5. */
  period: number;
  /** +1 rightward, -1 leftward. */
  direction: number;
}

/** Freeway's rules. */
export class Freeway implements MinAtarGame {
  readonly name = 'Freeway';
  readonly channels = ['chicken', 'car', 'speed1', 'speed2', 'speed3', 'speed4', 'speed5'] as const;
  readonly glyphs = 'C#12345';
  readonly minimalActions = [ACTION.noop, ACTION.up, ACTION.down];
  terminal = false;
  /** The chicken's row (9 bottom, 0 goal). */
  chickenRow = 9;
  cooldown = MOVE_COOLDOWN;
  /** Frames left; the game ends when it drops below zero. */
  timeLeft = TIME_LIMIT;
  /** Car of rows 1..8 (index 0 is row 1). */
  readonly cars: Car[] = Array.from({ length: LANES }, () => ({ col: 0, countdown: 1, period: 1, direction: 1 }));

  /** @param _ramping accepted for a uniform signature; Freeway has no difficulty ramping */
  constructor(readonly _ramping = true) {}

  reset(rng: Random): void {
    this.redrawTraffic(rng);
    for (const car of this.cars) car.col = 0;
    this.chickenRow = N - 1;
    this.cooldown = MOVE_COOLDOWN;
    this.timeLeft = TIME_LIMIT;
    this.terminal = false;
  }

  act(action: number, rng: Random): number {
    if (this.terminal) return 0;
    if (this.cooldown === 0 && (action === ACTION.up || action === ACTION.down)) {
      this.cooldown = MOVE_COOLDOWN;
      this.chickenRow = action === ACTION.up ? Math.max(0, this.chickenRow - 1) : Math.min(N - 1, this.chickenRow + 1);
    }
    let reward = 0;
    if (this.chickenRow === 0) {
      reward = 1;
      this.redrawTraffic(rng);
      this.chickenRow = N - 1;
    }
    for (let i = 0; i < LANES; i++) {
      const car = this.cars[i]!;
      if (this.hits(i)) this.chickenRow = N - 1;
      if (car.countdown === 0) {
        car.countdown = car.period;
        car.col = (car.col + car.direction + N) % N;
        if (this.hits(i)) this.chickenRow = N - 1;
      } else {
        car.countdown--;
      }
    }
    if (this.cooldown > 0) this.cooldown--;
    this.timeLeft--;
    if (this.timeLeft < 0) this.terminal = true;
    return reward;
  }

  draw(grid: Grid): void {
    const c = this.channels.length;
    mark(grid, c, this.chickenRow, CHICKEN_COLUMN, 0);
    for (let i = 0; i < LANES; i++) {
      const car = this.cars[i]!;
      mark(grid, c, i + 1, car.col, 1);
      mark(grid, c, i + 1, (car.col - car.direction + N) % N, 1 + car.period);
    }
  }

  status(): string {
    return `frames left ${Math.max(0, this.timeLeft)}`;
  }

  snapshot(): number[] {
    const out = [this.chickenRow, this.cooldown, this.timeLeft, Number(this.terminal)];
    for (const car of this.cars) out.push(car.col, car.countdown, car.period, car.direction);
    return out;
  }

  restore(values: ArrayLike<number>): void {
    const r = new SnapshotReader(values, this.name);
    this.chickenRow = r.next();
    this.cooldown = r.next();
    this.timeLeft = r.next();
    this.terminal = r.bool();
    for (const car of this.cars) {
      car.col = r.next();
      car.countdown = r.next();
      car.period = r.next();
      car.direction = r.next();
    }
    r.end();
  }

  private hits(lane: number): boolean {
    return this.chickenRow === lane + 1 && this.cars[lane]!.col === CHICKEN_COLUMN;
  }

  /** New period and direction for every car (positions kept); the countdown restarts at the period. */
  private redrawTraffic(rng: Random): void {
    for (const car of this.cars) car.period = 1 + rng.int(5);
    for (const car of this.cars) {
      car.direction = rng.random() < 0.5 ? -1 : 1;
      car.countdown = car.period;
    }
  }
}
