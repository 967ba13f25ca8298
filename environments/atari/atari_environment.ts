/**
 * AtariEnvironment: ALL's `AtariEnvironment(name)` (all/environments/atari.py): gymnasium's
 * `<Game>NoFrameskip-v4` through the Python bridge, with the Nature-DQN preprocessing that ALL
 * applies as gymnasium wrappers (baselines' atari_wrappers, kept in all/environments/atari_wrappers.py):
 * - no-op reset: after each reset, 1..`noopMax` (30) frames of action 0 (NoopResetEnv);
 * - max-and-skip: each action is repeated for 4 frames, rewards summed, and the observation is
 *   the pixel-wise maximum of the last two frames (MaxAndSkipEnv);
 * - fire reset: for games whose action 1 is FIRE, actions FIRE then 2 (one skipped step each)
 *   after every reset and after every lost life, their rewards dropped (ALL's FireResetEnv);
 * - 84x84 grey frames by area averaging (WarpFrame); observations `Box(0, 255, [84, 84, 1], uint8)`;
 * - `render('rgb_array')`: the game's 210x160 colour screen (for GIFs); `render('text')`: the
 *   84x84 grey observation drawn in characters;
 * - `info.lifeLost`: true on a step where the lives counter fell and is still above 0
 *   (ALL's LifeLostEnv; the EpisodicLives body turns it into a terminal mask), plus `info.lives`.
 *
 * What runs where: Python only emulates single frames and returns ALE's grey screen
 * (`obs_type='grayscale'`, 210x160 bytes, a third of RGB); skipping, max-pooling, resizing and the
 * reset logic run here. So the bridge protocol is unchanged but for one small request, the game's
 * action names (`action_meanings`), which the fire reset needs.
 *
 * Deliberate differences from ALL: grey conversion happens before the max over two frames (ALE's
 * grey palette per frame, as gymnasium's AtariPreprocessing does; ALL maxes RGB frames, then
 * converts with OpenCV's RGB-to-grey weights); the no-op counts come from our seeded generator
 * (`reset({ seed })` reseeds it) instead of numpy's global one; a no-op that ends the game resets
 * with the noop logic again (ALL's returns the reset tuple there, a bug). `noopMax: 0` takes no
 * no-ops at all and `noops: k` exactly k (ALL's `override_num_noops`), for tests and comparisons.
 */
import { ConfigError, StateError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { Box, type Discrete } from '../../lib/core/spaces';
import { State } from '../../lib/core/state';
import { BridgedEnvironment } from '../bridge/bridged_environment';
import { DuplicateEnvironment } from '../duplicate';
import type { Action, Dynamics, Environment, ResetOptions, RgbFrame, VectorEnvironment } from '../environment';
import { describeValue } from '../gym_environment';
import { AreaResize } from './area_resize';

/** Options of `AtariEnvironment` (and of `makeEnvironment('<Game>')` for the atari ids). */
export interface AtariOptions {
  /** Most no-op frames after a reset (ALL: 30); 0 takes none. */
  noopMax?: number;
  /** Exactly this many no-op frames after every reset instead of a random count (ALL's override_num_noops). */
  noops?: number;
  /** Frames per action (ALL: 4); the observation is the maximum of the last two. */
  frameSkip?: number;
  /** Press FIRE after resets and lost lives: 'auto' (ALL: when the game's action 1 is FIRE), true or false. */
  fireReset?: boolean | 'auto';
  /** Side of the square grey frame in pixels (ALL: 84). */
  size?: number;
  /** The Python interpreter of the bridge (default: the bridge's). */
  python?: string;
}

const KNOWN_OPTIONS = ['noopMax', 'noops', 'frameSkip', 'fireReset', 'size', 'python'];

/** Reads and checks the options. */
function readAtariOptions(game: string, options: Record<string, unknown>): Required<Omit<AtariOptions, 'noops' | 'python'>> & Pick<AtariOptions, 'noops' | 'python'> {
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.includes(key)) throw new ConfigError(`Unknown option "${key}" for Atari ${game}; valid options: ${KNOWN_OPTIONS.join(', ')}`);
  }
  const int = (key: string, fallback: number, min: number): number => {
    const v = options[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new ConfigError(`Option "${key}" of Atari ${game} must be an integer >= ${min}; received ${describeValue(v)}`);
    return v;
  };
  const fire = options.fireReset ?? 'auto';
  if (fire !== true && fire !== false && fire !== 'auto') throw new ConfigError(`Option "fireReset" of Atari ${game} must be true, false or 'auto'; received ${describeValue(fire)}`);
  if (options.python !== undefined && typeof options.python !== 'string') throw new ConfigError(`Option "python" of Atari ${game} must be a path; received ${describeValue(options.python)}`);
  return {
    noopMax: int('noopMax', 30, 0),
    noops: options.noops === undefined ? undefined : int('noops', 0, 0),
    frameSkip: int('frameSkip', 4, 1),
    fireReset: fire,
    size: int('size', 84, 1),
    python: options.python as string | undefined,
  };
}

/** Grey levels from dark to bright, for the text drawing. */
const SHADES = ' .:-=+*#%@';

/**
 * A terminal drawing of a square grey frame: one character per 2x4 pixel cell (84x84 -> 42
 * columns x 21 rows), darker to brighter as ' .:-=+*#%@'; any lit pixel in a cell shows it.
 */
export function textFrame(frame: Uint8Array, size: number): string {
  const lines: string[] = [];
  for (let r = 0; r < size; r += 4) {
    let line = '';
    for (let c = 0; c < size; c += 2) {
      let max = 0;
      for (let i = r; i < Math.min(r + 4, size); i++) for (let j = c; j < Math.min(c + 2, size); j++) max = Math.max(max, frame[i * size + j]!);
      line += SHADES[Math.min(SHADES.length - 1, Math.floor((max * SHADES.length) / 256))];
    }
    lines.push(line.trimEnd());
  }
  return lines.join('\n');
}

/** Time limit in agent steps: gymnasium's v4 limit of 400,000 frames over 4 frames per step. */
export const ATARI_MAX_EPISODE_STEPS = 100_000;

/** An Atari game with ALL's preprocessing; see the file header. */
export class AtariEnvironment implements Environment {
  readonly name: string;
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  readonly maxEpisodeSteps = ATARI_MAX_EPISODE_STEPS;
  /** The game's action names, e.g. NOOP, FIRE, RIGHT, LEFT. */
  readonly actionMeanings: readonly string[];
  /** The raw game in Python (single frames, 210x160 grey). */
  readonly game: BridgedEnvironment;
  private readonly settings: ReturnType<typeof readAtariOptions>;
  private readonly fires: boolean;
  private readonly resize: AreaResize;
  private readonly pool: [Uint8Array, Uint8Array];
  private rng = new Random();
  private latest: State<Uint8Array> | undefined;
  /** Lives after the latest step (LifeLostEnv's counter; 0 after a reset, as ALL). */
  private lives = 0;
  /** Lives the fire reset compares with (FireResetEnv's counter). */
  private fireLives = 0;
  private closed = false;

  /**
   * @param gameName the ALE game, e.g. `Breakout`, `Pong` (the gymnasium id is `<gameName>NoFrameskip-v4`)
   * @param options see AtariOptions
   */
  constructor(
    readonly gameName: string,
    private readonly options: AtariOptions = {},
  ) {
    if (typeof gameName !== 'string' || !/^[A-Za-z0-9]+$/.test(gameName)) {
      throw new ConfigError(`AtariEnvironment needs a game name such as "Breakout" or "Pong"; received ${describeValue(gameName)}`);
    }
    this.settings = readAtariOptions(gameName, options as Record<string, unknown>);
    this.name = gameName;
    const bridgeOptions: Record<string, unknown> = { obsType: 'grayscale', renderMode: 'rgb_array' };
    if (this.settings.python !== undefined) bridgeOptions.python = this.settings.python;
    this.game = new BridgedEnvironment(`${gameName}NoFrameskip-v4`, bridgeOptions);
    const shape = this.game.observationSpace.shape;
    if (shape.length !== 2) {
      this.game.close();
      throw new ConfigError(`Atari ${gameName}: expected 2-D grey frames from the bridge; received shape [${shape.join(', ')}]`);
    }
    if (this.game.actionSpace.kind !== 'discrete') throw new ConfigError(`Atari ${gameName}: expected a discrete action space`);
    this.actionSpace = this.game.actionSpace;
    const reply = this.game.bridge.request('action_meanings', { handle: this.game.handle }, undefined, this.game.name);
    this.actionMeanings = reply.meanings as string[];
    if (this.actionMeanings[0] !== 'NOOP') throw new ConfigError(`Atari ${gameName}: action 0 is ${this.actionMeanings[0]}, not NOOP; no-op resets need it`);
    const canFire = this.actionMeanings[1] === 'FIRE' && this.actionMeanings.length >= 3;
    if (this.settings.fireReset === true && !canFire) throw new ConfigError(`Atari ${gameName} has no FIRE action at index 1 (actions: ${this.actionMeanings.join(', ')}); use fireReset: 'auto' or false`);
    this.fires = this.settings.fireReset === 'auto' ? this.actionMeanings.includes('FIRE') && canFire : this.settings.fireReset;
    const size = this.settings.size;
    this.resize = new AreaResize(shape[0]!, shape[1]!, size, size);
    this.pool = [new Uint8Array(shape[0]! * shape[1]!), new Uint8Array(shape[0]! * shape[1]!)];
    this.observationSpace = new Box(0, 255, [size, size, 1], { dtype: 'uint8' });
  }

  /** Whether resets and lost lives press FIRE. */
  get firesOnReset(): boolean {
    return this.fires;
  }

  get state(): State {
    if (this.latest === undefined) throw new StateError(`${this.name} has no state yet: call env.reset() first`);
    return this.latest as unknown as State;
  }

  /** Atari has no physical state vector to read or write; this throws. */
  get unwrapped(): Dynamics {
    throw new ConfigError(`${this.name} (Atari) has no physical state vector; its emulator runs in Python (env.game)`);
  }

  reset(options?: ResetOptions): State {
    this.checkOpen('reset');
    const seed = options?.seed;
    if (seed !== undefined) this.rng = new Random(seed);
    let frame = this.noopReset(seed);
    if (this.fires) frame = this.fire();
    this.fireLives = this.currentLives();
    this.lives = 0;
    this.latest = this.toState(frame, 0, false, false, false);
    return this.state;
  }

  step(action: Action): State {
    this.checkOpen('step');
    if (this.latest === undefined) throw new StateError(`${this.name}: step() called before reset(); call env.reset() first`);
    if (this.latest.done) throw new StateError(`${this.name}: the episode ended; call env.reset() before stepping again`);
    const { frame, reward, terminated, truncated } = this.skipStep(action);
    let obs = frame;
    const lives = this.currentLives();
    if (this.fires && !terminated && !truncated && lives < this.fireLives && lives > 0) obs = this.fire();
    this.fireLives = this.currentLives();
    const now = this.currentLives();
    const lifeLost = now < this.lives && now > 0;
    this.lives = now;
    this.latest = this.toState(obs, reward, terminated, truncated, lifeLost);
    return this.state;
  }

  render(mode: 'text'): string;
  render(mode: 'rgb_array'): RgbFrame;
  render(mode: 'text' | 'rgb_array'): string | RgbFrame {
    if (mode === 'text') return textFrame(this.state.observation as unknown as Uint8Array, this.settings.size);
    return this.game.render('rgb_array');
  }

  duplicate(n: number): VectorEnvironment {
    if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${this.name}.duplicate(n) needs a positive integer n; received ${describeValue(n)}`);
    return new DuplicateEnvironment(Array.from({ length: n }, () => new AtariEnvironment(this.gameName, this.options)));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.game.close();
  }

  /** gymnasium reset, then the no-op frames; returns the last raw frame (no max: ALL's MaxAndSkipEnv.reset). */
  private noopReset(seed: number | undefined): Uint8Array {
    let raw = this.game.reset(seed === undefined ? undefined : { seed });
    const { noops, noopMax } = this.settings;
    const count = noops ?? (noopMax === 0 ? 0 : 1 + this.rng.int(noopMax));
    for (let i = 0; i < count; i++) {
      raw = this.game.step(0);
      if (raw.done) raw = this.game.reset();
    }
    return raw.observation as unknown as Uint8Array;
  }

  /** One agent step: the action repeated `frameSkip` frames, rewards summed, the max of the last two frames. */
  private skipStep(action: Action): { frame: Uint8Array; reward: number; terminated: boolean; truncated: boolean } {
    const skip = this.settings.frameSkip;
    let reward = 0;
    let terminated = false;
    let truncated = false;
    const [a, b] = this.pool;
    for (let i = 0; i < skip; i++) {
      const raw = this.game.step(action);
      const obs = raw.observation as unknown as Uint8Array;
      if (i === skip - 2) a.set(obs);
      if (i === skip - 1) b.set(obs);
      reward += raw.reward;
      terminated = raw.terminated;
      truncated = raw.truncated;
      if (raw.done) break;
    }
    if (skip === 1) return { frame: b.slice(), reward, terminated, truncated };
    const frame = new Uint8Array(a.length);
    for (let i = 0; i < frame.length; i++) frame[i] = a[i]! > b[i]! ? a[i]! : b[i]!;
    return { frame, reward, terminated, truncated };
  }

  /** FIRE, then action 2, one skipped step each (a game that ends there is reset); their rewards are dropped. */
  private fire(): Uint8Array {
    let step = this.skipStep(1);
    if (step.terminated || step.truncated) this.noopReset(undefined);
    step = this.skipStep(2);
    if (step.terminated || step.truncated) return this.noopReset(undefined);
    return step.frame;
  }

  private currentLives(): number {
    const lives = this.game.state.info.lives;
    return typeof lives === 'number' ? lives : 0;
  }

  private toState(frame: Uint8Array, reward: number, terminated: boolean, truncated: boolean, lifeLost: boolean): State<Uint8Array> {
    return new State<Uint8Array>({
      observation: this.resize.apply(frame),
      shape: this.observationSpace.shape,
      reward,
      terminated,
      truncated,
      info: { lifeLost, lives: this.currentLives() },
    });
  }

  private checkOpen(what: string): void {
    if (this.closed) throw new StateError(`${this.name} was closed; cannot ${what}. Make a new one with makeEnvironment`);
  }
}
