/**
 * The part every MinAtar game shares: the 10x10 grid of 0/1 channels, the full and minimal action
 * sets, sticky actions, seeding, rendering, and the `EnvironmentCore` the GymEnvironment wrapper
 * drives. Plays the part of MinAtar's `Environment` class plus its gymnasium `BaseEnv`
 * (Young & Tian 2019, "MinAtar: An Atari-Inspired Testbed for Thorough and Reproducible
 * Reinforcement Learning Experiments", https://arxiv.org/abs/1903.03176). Written from the paper
 * and README, checked against the original by the fixtures under `__tests__/fixtures/minatar/`.
 *
 * As the original: six full actions (no-op, left, up, right, down, fire); with probability
 * `stickyActionProb` the previous *executed* full action is executed instead of the chosen one;
 * the previous action starts at no-op when the environment is built and survives `reset`; one
 * random number is drawn for the sticky test before every step (even at probability 0), from the
 * same generator the game draws from.
 *
 * Differences: random numbers come from allts's `Random`, so a seed does not reproduce numpy's
 * streams; `render('rgb_array')` is our own palette (one colour per channel, 16x16-pixel cells);
 * `unwrapped.state` is a snapshot of the game's variables (a fresh Float64Array; assigning one
 * restores the game), not a live view.
 */
import { ShapeError } from '../../lib/core/errors';
import type { Random } from '../../lib/core/random';
import { Box, Discrete } from '../../lib/core/spaces';
import type { Action, RgbFrame } from '../environment';
import type { EnvironmentCore, StepResult } from '../gym_environment';
import type { Rgb } from '../render/raster';

/** Rows and columns of every MinAtar grid. */
export const GRID_SIZE = 10;

/** The full action set, by index, as MinAtar's `action_map`. */
export const MINATAR_ACTIONS = ['noop', 'left', 'up', 'right', 'down', 'fire'] as const;

/** Full-action indices by name. */
export const ACTION = { noop: 0, left: 1, up: 2, right: 3, down: 4, fire: 5 } as const;

/**
 * The typed array observations are delivered in. Values are 0 or 1; switching to `Uint8Array`
 * (once `State` accepts it) is this one line plus the return type of `MinAtarCore.observation`.
 */
export const ObservationArray = Float32Array;

/** What games draw into: a zeroed observation (or the renderer's scratch grid). */
export type Grid = Float32Array | Uint8Array;

/**
 * One MinAtar game's rules. The core owns the action mapping and sticky actions; a game only
 * sees full actions (0-5) and draws its own randomness from the generator it is given.
 */
export interface MinAtarGame {
  /** Game name as in the ids, e.g. `Breakout`. */
  readonly name: string;
  /** Channel names, in observation order (the last axis). */
  readonly channels: readonly string[];
  /** One character per channel for `render('text')`; later channels are drawn over earlier ones. */
  readonly glyphs: string;
  /** The full actions with a distinct effect in this game (the `-v1` ids' action set), ascending. */
  readonly minimalActions: readonly number[];
  /** True once the game has ended. */
  readonly terminal: boolean;
  /** Starts a new game; `rng` is also the generator later `act` calls receive. */
  reset(rng: Random): void;
  /** Plays one frame with full action `action` (0-5) and returns its reward. */
  act(action: number, rng: Random): number;
  /** Sets the true cells of the current frame in `grid` (already zeroed), at `(row * 10 + col) * C + channel`. */
  draw(grid: Grid): void;
  /** The game's variables as numbers, for `unwrapped.state`. */
  snapshot(): number[];
  /** Restores variables written by `snapshot`. */
  restore(values: ArrayLike<number>): void;
  /** A one-line status for `render('text')` (score aside). */
  status(): string;
}

/** Construction options of a MinAtarCore. */
export interface MinAtarCoreOptions {
  /** Environment id, for messages. */
  id: string;
  /** Use the game's minimal action set (the `-v1` ids) instead of all six actions (`-v0`). */
  minimalActionSet: boolean;
  /** Probability that the previous executed action repeats instead of the chosen one; MinAtar's default 0.1. */
  stickyActionProb: number;
}

/** Cell size of `render('rgb_array')`, in pixels: frames are 160x160. */
export const CELL_PIXELS = 16;

/** Colours of channels 0, 1, 2, ... (the background is black), our own palette. */
export const CHANNEL_COLOURS: readonly Rgb[] = [
  [255, 214, 0],
  [230, 57, 70],
  [120, 120, 120],
  [69, 123, 157],
  [42, 157, 143],
  [244, 162, 97],
  [168, 218, 220],
  [131, 56, 236],
  [255, 0, 110],
  [58, 134, 255],
];

/** Marks cell (row, col) of `channel` in a grid with `channels` channels; ignores cells off the grid. */
export function mark(grid: Grid, channels: number, row: number, col: number, channel: number): void {
  if (row < 0 || row >= GRID_SIZE || col < 0 || col >= GRID_SIZE) return;
  grid[(row * GRID_SIZE + col) * channels + channel] = 1;
}

/** The EnvironmentCore of a MinAtar game: action set, sticky actions, observation, rendering. */
export class MinAtarCore<G extends MinAtarGame = MinAtarGame> implements EnvironmentCore {
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  /** Full action (0-5) of each index of `actionSpace`. */
  readonly actionSet: readonly number[];
  readonly stickyActionProb: number;
  /** The previous executed full action; starts at no-op and survives `reset`, as the original. */
  lastAction = 0;
  /** Reward collected since the last reset (for rendering). */
  score = 0;
  private rng: Random | undefined;
  private readonly grid: Uint8Array;
  private readonly result: StepResult = { reward: 0, terminated: false };

  /**
   * @param game the game's rules
   * @param options id, action set and sticky-action probability
   */
  constructor(
    readonly game: G,
    readonly options: MinAtarCoreOptions,
  ) {
    const c = game.channels.length;
    this.observationSpace = new Box(0, 1, [GRID_SIZE, GRID_SIZE, c]);
    this.actionSet = options.minimalActionSet ? [...game.minimalActions] : [0, 1, 2, 3, 4, 5];
    this.actionSpace = new Discrete(this.actionSet.length);
    this.stickyActionProb = options.stickyActionProb;
    this.grid = new Uint8Array(GRID_SIZE * GRID_SIZE * c);
  }

  /** A snapshot of the game's variables (fresh copy); assigning one restores the game. */
  get state(): Float64Array {
    return Float64Array.from(this.game.snapshot());
  }

  set state(values: ArrayLike<number>) {
    this.game.restore(values);
  }

  reset(rng: Random): void {
    this.rng = rng;
    this.score = 0;
    this.game.reset(rng);
  }

  step(action: Action): StepResult {
    const rng = this.rng!;
    let full = this.actionSet[action as number]!;
    if (rng.random() < this.stickyActionProb) full = this.lastAction;
    this.lastAction = full;
    const reward = this.game.act(full, rng);
    this.score += reward;
    this.result.reward = reward;
    this.result.terminated = this.game.terminal;
    return this.result;
  }

  /** The current frame as a fresh `[10, 10, C]` array of 0/1 (row, column, channel). */
  observation(): Float32Array {
    const out = new ObservationArray(this.grid.length);
    this.game.draw(out);
    return out;
  }

  /** The grid as text: one character per cell (`.` empty; each channel's glyph, later channels on top), then a status line. */
  renderText(): string {
    const c = this.game.channels.length;
    this.grid.fill(0);
    this.game.draw(this.grid);
    const lines: string[] = [];
    for (let r = 0; r < GRID_SIZE; r++) {
      let line = '';
      for (let col = 0; col < GRID_SIZE; col++) {
        let ch = '.';
        for (let k = 0; k < c; k++) if (this.grid[(r * GRID_SIZE + col) * c + k]) ch = this.game.glyphs[k]!;
        line += ch + ' ';
      }
      lines.push(line.trimEnd());
    }
    const status = this.game.status();
    lines.push(`score ${this.score}${status ? `  ${status}` : ''}${this.game.terminal ? '  GAME OVER' : ''}`);
    return lines.join('\n');
  }

  /** A 160x160 image: each cell 16x16 pixels, coloured by its highest active channel (black when empty). */
  renderRgb(): RgbFrame {
    const c = this.game.channels.length;
    this.grid.fill(0);
    this.game.draw(this.grid);
    const size = GRID_SIZE * CELL_PIXELS;
    const data = new Uint8Array(size * size * 3);
    for (let r = 0; r < GRID_SIZE; r++) {
      for (let col = 0; col < GRID_SIZE; col++) {
        let top = -1;
        for (let k = 0; k < c; k++) if (this.grid[(r * GRID_SIZE + col) * c + k]) top = k;
        if (top < 0) continue;
        const colour = CHANNEL_COLOURS[top % CHANNEL_COLOURS.length]!;
        for (let y = r * CELL_PIXELS; y < (r + 1) * CELL_PIXELS; y++) {
          for (let x = col * CELL_PIXELS; x < (col + 1) * CELL_PIXELS; x++) {
            const i = (y * size + x) * 3;
            data[i] = colour[0];
            data[i + 1] = colour[1];
            data[i + 2] = colour[2];
          }
        }
      }
    }
    return { width: size, height: size, data };
  }
}

/**
 * Reads numbers written by a game's `snapshot`, in order, checking the length.
 * Used by the games' `restore`.
 */
export class SnapshotReader {
  private i = 0;

  /**
   * @param values the snapshot
   * @param game game name, for messages
   */
  constructor(
    private readonly values: ArrayLike<number>,
    private readonly game: string,
  ) {}

  /** The next number. */
  next(): number {
    if (this.i >= this.values.length) {
      throw new ShapeError(
        `MinAtar ${this.game} state snapshot ended early at ${this.values.length} values; assign an array read from unwrapped.state`,
      );
    }
    return this.values[this.i++]!;
  }

  /** The next number as a boolean. */
  bool(): boolean {
    return this.next() !== 0;
  }

  /** Throws unless every value was read. */
  end(): void {
    if (this.i !== this.values.length) {
      throw new ShapeError(
        `MinAtar ${this.game} state snapshot has ${this.values.length} values, expected ${this.i}; assign an array read from unwrapped.state`,
      );
    }
  }
}
