/**
 * bsuite's Catch (Osband et al. 2020, https://arxiv.org/abs/1908.03568; bsuite/environments/
 * catch.py), registered as `Catch-bsuite`: a 10 x 5 board, the ball starts in a random column of
 * the top row, the paddle at the bottom centre (column 2); actions 0 left, 1 stay, 2 right move
 * the paddle (clipped at the walls), then the ball falls one row. On the 9th step the ball reaches
 * the bottom row and the episode ends with +1 if the paddle is under it, -1 otherwise (every other
 * reward is 0). The observation is the 10 x 5 board with 1 at the ball and at the paddle.
 *
 * `CatchState` is an immutable position and `CatchModel` the SearchModel over it (the observation
 * determines the position, so `fromObservation` recovers it). Differences from bsuite: gymnasium's
 * API (terminated after the 9th step, no time limit needed) and allts's Random for the ball column.
 */
import { ConfigError, SpaceError } from '../../lib/core/errors';
import type { Random } from '../../lib/core/random';
import { Box, Discrete } from '../../lib/core/spaces';
import type { RgbFrame } from '../../lib/core/rgb_frame';
import type { SearchModel, StepOutcome } from '../../lib/search/model';
import type { Action } from '../environment';
import { GymEnvironment, type EnvironmentCore, type StepResult } from '../gym_environment';
import { makeEnvironment, registerEnvironment } from '../registry';
import { createFrame, setPixel } from '../render/raster';

/** Rows of the board (bsuite's default). */
export const CATCH_ROWS = 10;
/** Columns of the board (bsuite's default). */
export const CATCH_COLUMNS = 5;

/** A Catch position: ball row and column, paddle column (the paddle is on the bottom row). */
export class CatchState {
  constructor(
    readonly ballRow: number,
    readonly ballColumn: number,
    readonly paddleColumn: number,
  ) {}

  /** True once the ball reached the paddle's row. */
  get over(): boolean {
    return this.ballRow >= CATCH_ROWS - 1;
  }

  /** The position after `action` (0 left, 1 stay, 2 right) and its reward (+1 caught, -1 missed, 0 before). */
  play(action: number): { state: CatchState; reward: number } {
    if (this.over) throw new SpaceError('Catch: the ball has already landed; no move is possible');
    if (action !== 0 && action !== 1 && action !== 2) throw new SpaceError(`Catch: actions are 0 (left), 1 (stay), 2 (right); received ${action}`);
    const paddle = Math.min(CATCH_COLUMNS - 1, Math.max(0, this.paddleColumn + action - 1));
    const next = new CatchState(this.ballRow + 1, this.ballColumn, paddle);
    const reward = next.over ? (paddle === this.ballColumn ? 1 : -1) : 0;
    return { state: next, reward };
  }

  /** The board, row-major [10, 5]: 1 at the ball and at the paddle. */
  observation(): Float32Array {
    const board = new Float32Array(CATCH_ROWS * CATCH_COLUMNS);
    board[this.ballRow * CATCH_COLUMNS + this.ballColumn] = 1;
    board[(CATCH_ROWS - 1) * CATCH_COLUMNS + this.paddleColumn] = 1;
    return board;
  }

  /** The position an observation shows (the ball is the 1 above the bottom row, or on it when caught). */
  static fromObservation(observation: ArrayLike<number>): CatchState {
    if (observation.length !== CATCH_ROWS * CATCH_COLUMNS) {
      throw new SpaceError(`Catch observations have ${CATCH_ROWS * CATCH_COLUMNS} values ([10, 5]); received ${observation.length}`);
    }
    let ball: [number, number] | undefined;
    const bottom: number[] = [];
    for (let r = 0; r < CATCH_ROWS; r++) {
      for (let c = 0; c < CATCH_COLUMNS; c++) {
        if (!observation[r * CATCH_COLUMNS + c]) continue;
        if (r === CATCH_ROWS - 1) bottom.push(c);
        else ball = [r, c];
      }
    }
    if (bottom.length === 0) throw new SpaceError('Catch observation shows no paddle on the bottom row');
    if (ball === undefined) {
      // the ball landed: on the paddle (one mark) or beside it (two marks on the bottom row)
      const paddle = bottom[0]!;
      return new CatchState(CATCH_ROWS - 1, bottom.length === 1 ? paddle : bottom[1]!, paddle);
    }
    return new CatchState(ball[0], ball[1], bottom[0]!);
  }
}

/** Catch as a SearchModel (single player: toPlay is always 0). */
export class CatchModel implements SearchModel<CatchState> {
  readonly actionCount = 3;
  readonly observationShape = [CATCH_ROWS, CATCH_COLUMNS] as const;
  clone(state: CatchState): CatchState {
    return state;
  }
  legalMask(state: CatchState): Uint8Array {
    return state.over ? new Uint8Array(3) : new Uint8Array([1, 1, 1]);
  }
  step(state: CatchState, action: number): StepOutcome<CatchState> {
    const { state: next, reward } = state.play(action);
    return { state: next, reward, terminal: next.over };
  }
  toPlay(): number {
    return 0;
  }
  isTerminal(state: CatchState): boolean {
    return state.over;
  }
  observation(state: CatchState): Float32Array {
    return state.observation();
  }
  fromObservation(observation: ArrayLike<number>): CatchState {
    return CatchState.fromObservation(observation);
  }
}

/** The gymnasium-style core of Catch-bsuite; the physical state is [ball row, ball column, paddle column]. */
export class CatchCore implements EnvironmentCore {
  state = new Float64Array([0, 0, Math.floor(CATCH_COLUMNS / 2)]);
  readonly observationSpace = new Box(0, 1, [CATCH_ROWS, CATCH_COLUMNS]);
  readonly actionSpace = new Discrete(3);
  private readonly result: StepResult = { reward: 0, terminated: false };

  /** The position the physical state holds. */
  get position(): CatchState {
    return new CatchState(this.state[0]!, this.state[1]!, this.state[2]!);
  }

  reset(rng: Random): void {
    this.state = new Float64Array([0, rng.int(CATCH_COLUMNS), Math.floor(CATCH_COLUMNS / 2)]);
  }

  step(action: Action): StepResult {
    const { state, reward } = this.position.play(action as number);
    this.state = new Float64Array([state.ballRow, state.ballColumn, state.paddleColumn]);
    this.result.reward = reward;
    this.result.terminated = state.over;
    return this.result;
  }

  observation(): Float32Array {
    return this.position.observation();
  }

  renderText(): string {
    const obs = this.observation();
    const rows: string[] = [];
    for (let r = 0; r < CATCH_ROWS; r++) {
      rows.push(Array.from({ length: CATCH_COLUMNS }, (_, c) => (obs[r * CATCH_COLUMNS + c] ? (r === CATCH_ROWS - 1 ? '=' : 'o') : '.')).join(''));
    }
    return rows.join('\n');
  }

  renderRgb(): RgbFrame {
    const cell = 16;
    const frame = createFrame(CATCH_COLUMNS * cell, CATCH_ROWS * cell, [0, 0, 0]);
    const obs = this.observation();
    for (let r = 0; r < CATCH_ROWS; r++) {
      for (let c = 0; c < CATCH_COLUMNS; c++) {
        if (!obs[r * CATCH_COLUMNS + c]) continue;
        for (let y = 0; y < cell; y++) for (let x = 0; x < cell; x++) setPixel(frame, c * cell + x, r * cell + y, [255, 255, 255]);
      }
    }
    return frame;
  }
}

/** The id Catch is registered under. */
export const CATCH_ID = 'Catch-bsuite';

registerEnvironment(
  CATCH_ID,
  (options) => {
    for (const key of Object.keys(options)) {
      if (key !== 'maxEpisodeSteps' && key !== 'max_episode_steps') {
        throw new ConfigError(`Unknown option "${key}" for ${CATCH_ID}; valid options: maxEpisodeSteps`);
      }
    }
    const limit = Number(options.maxEpisodeSteps ?? options.max_episode_steps ?? CATCH_ROWS - 1);
    return new GymEnvironment(() => new CatchCore(), { name: CATCH_ID, maxEpisodeSteps: limit, makeCopy: () => makeEnvironment(CATCH_ID, options) });
  },
  { family: 'games', maxEpisodeSteps: CATCH_ROWS - 1, actionKind: 'discrete', description: "bsuite's Catch: move a paddle to catch a falling ball (9 steps)" },
);
