/**
 * GymEnvironment: an `Environment` built from a physics core, as ALL's `GymEnvironment` wraps
 * `gymnasium.make(id)`. It supplies what gymnasium's `make` adds around a raw env (the TimeLimit
 * wrapper, seeding through `reset({ seed })`, the action check of the passive env checker) and
 * what ALL adds on top (the latest `State`, `duplicate(n)`).
 *
 * Deliberate differences from gymnasium 0.29.1:
 * - An action outside the action space throws a SpaceError naming the space; gymnasium asserts for
 *   Discrete spaces and silently clips Box actions (agents here clip themselves).
 * - Stepping before the first reset or after the episode ended throws a StateError telling to call
 *   `reset()`; gymnasium warns or returns undefined behaviour.
 * - At the time limit `truncated` is true only when the step did not also terminate (TimeLimit sets
 *   both), so `terminated` and `truncated` are never true together.
 * - Random streams come from allts's `Random`, so a seed does not reproduce numpy's draws.
 */
import { ConfigError, SpaceError, StateError } from '../lib/core/errors';
import { Random } from '../lib/core/random';
import type { Box, Discrete } from '../lib/core/spaces';
import { State } from '../lib/core/state';
import { DuplicateEnvironment } from './duplicate';
import type { Action, Dynamics, Environment, ResetOptions, RgbFrame, VectorEnvironment } from './environment';

/** What a core's `step` returns. Cores may reuse one object; read it before the next step. */
export interface StepResult {
  /** Reward of the transition. */
  reward: number;
  /** True when the MDP reached a terminal state. */
  terminated: boolean;
}

/**
 * The gymnasium-style core of an environment: the physics and the rules, with no time limit,
 * no seeding policy and no action checking (the wrapper does those).
 */
export interface EnvironmentCore extends Dynamics {
  /** Samples the initial physical state from `rng` (gymnasium's `reset` body). */
  reset(rng: Random): void;
  /** Advances the physics by one step; `action` is already checked to lie in `actionSpace` (Box actions arrive as a Float32Array). */
  step(action: Action): StepResult;
  /** A fresh float32 observation of the current physical state. */
  observation(): Float32Array;
  /** A small multi-line terminal drawing of the physical state. */
  renderText(): string;
  /** An RGB image of the physical state. */
  renderRgb(): RgbFrame;
  /** Frees what the garbage collector cannot (e.g. MuJoCo's model and data); called once, by `close()`. */
  close?(): void;
}

/** Construction options of a GymEnvironment. */
export interface GymEnvironmentOptions {
  /** The environment id, e.g. `CartPole-v1`. */
  name: string;
  /** Time limit in steps (gymnasium's `max_episode_steps`). */
  maxEpisodeSteps: number;
  /** Builds a fresh copy for `duplicate(n)` (the registry passes `() => makeEnvironment(id, options)`); default: a new GymEnvironment on a new core. */
  makeCopy?: () => Environment;
}

/** Describes any value for an error message: its type and, when short, its contents. */
export function describeValue(x: unknown): string {
  if (typeof x === 'number') return String(x);
  if (typeof x === 'string') return `the string ${JSON.stringify(x)}`;
  if (x === null || x === undefined) return String(x);
  if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    const arr = x as unknown as ArrayLike<unknown>;
    const kind = Array.isArray(x) ? 'an array' : `a ${(x as object).constructor.name}`;
    const shown = Array.from({ length: Math.min(arr.length, 8) }, (_, i) => String(arr[i]));
    if (arr.length > 8) shown.push('...');
    return `${kind} of length ${arr.length}: [${shown.join(', ')}]`;
  }
  if (typeof x === 'object') return `an object of type ${(x as object).constructor?.name ?? 'Object'}`;
  return `a ${typeof x}`;
}

/** `Discrete(2) = {0, 1}`, or `Discrete(18) = {0, 1, ..., 17}` for larger spaces. */
export function describeDiscrete(space: Discrete): string {
  const last = space.start + space.n - 1;
  const values =
    space.n <= 6
      ? Array.from({ length: space.n }, (_, i) => space.start + i).join(', ')
      : `${space.start}, ${space.start + 1}, ..., ${last}`;
  return `${space.toString()} = {${values}}`;
}

/** A single environment: a core plus time limit, seeding, action checks and the latest State. */
export class GymEnvironment<C extends EnvironmentCore = EnvironmentCore> implements Environment {
  readonly name: string;
  readonly maxEpisodeSteps: number;
  private readonly core: C;
  private readonly shape: readonly number[];
  private readonly actionBuffer: Float32Array | undefined;
  private readonly makeCopy: () => Environment;
  private rng: Random | undefined;
  private latest: State | undefined;
  private elapsed = 0;
  private closed = false;

  /**
   * @param makeCore builds a fresh core (called once here, and again by the default `duplicate`)
   * @param options name and time limit
   */
  constructor(
    private readonly makeCore: () => C,
    options: GymEnvironmentOptions,
  ) {
    if (!Number.isInteger(options.maxEpisodeSteps) || options.maxEpisodeSteps <= 0) {
      throw new ConfigError(
        `${options.name}: maxEpisodeSteps must be a positive integer, received ${options.maxEpisodeSteps}`,
      );
    }
    this.name = options.name;
    this.maxEpisodeSteps = options.maxEpisodeSteps;
    this.core = makeCore();
    this.shape = Object.freeze([...this.core.observationSpace.shape]);
    const space = this.core.actionSpace;
    this.actionBuffer = space.kind === 'box' ? new Float32Array(space.size) : undefined;
    this.makeCopy =
      options.makeCopy ??
      (() => new GymEnvironment(makeCore, { name: options.name, maxEpisodeSteps: options.maxEpisodeSteps }));
  }

  get observationSpace(): Box {
    return this.core.observationSpace;
  }

  get actionSpace(): Discrete | Box {
    return this.core.actionSpace;
  }

  /** The core without the time limit; its `state` is the physical state (a live Float64Array). */
  get unwrapped(): C {
    return this.core;
  }

  /** Steps taken since the last reset. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  /** The latest state. Throws StateError before the first reset. */
  get state(): State {
    if (this.latest === undefined) {
      throw new StateError(`${this.name} has no state yet: call env.reset() (optionally env.reset({ seed })) first`);
    }
    return this.latest;
  }

  /**
   * Starts an episode. With a seed, reseeds this environment's generator; without one, the stream
   * continues (the first reset without a seed picks a random seed).
   */
  reset(options?: ResetOptions): State {
    this.checkOpen('reset');
    const seed = options?.seed;
    if (seed !== undefined) {
      if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0) {
        throw new ConfigError(
          `${this.name} reset seed must be a non-negative integer; received ${describeValue(seed)}`,
        );
      }
      if (this.rng === undefined) this.rng = new Random(seed);
      else this.rng.seed(seed);
    } else if (this.rng === undefined) {
      this.rng = new Random();
    }
    this.core.reset(this.rng);
    this.elapsed = 0;
    this.latest = new State({ observation: this.core.observation(), shape: this.shape });
    return this.latest;
  }

  /** Advances one step. SpaceError on an action outside the action space; StateError before reset or after the episode ended. */
  step(action: Action): State {
    const latest = this.latest;
    if (latest === undefined || latest.done || this.closed) this.refuseStep();
    const result = this.core.step(this.checkAction(action));
    this.elapsed++;
    const terminated = result.terminated;
    this.latest = new State({
      observation: this.core.observation(),
      shape: this.shape,
      reward: result.reward,
      terminated,
      truncated: !terminated && this.elapsed >= this.maxEpisodeSteps,
    });
    return this.latest;
  }

  /** `text`: a terminal drawing of the physical state; `rgb_array`: an image of it. */
  render(mode: 'text'): string;
  render(mode: 'rgb_array'): RgbFrame;
  render(mode: 'text' | 'rgb_array'): string | RgbFrame {
    if (this.latest === undefined) {
      throw new StateError(`${this.name} cannot render before the first reset: call env.reset() first`);
    }
    if (mode === 'text') return this.core.renderText();
    if (mode === 'rgb_array') return this.core.renderRgb();
    throw new ConfigError(`${this.name} render mode must be 'text' or 'rgb_array'; received ${describeValue(mode)}`);
  }

  /** A vector environment of `n` fresh copies (ALL's DuplicateEnvironment). */
  duplicate(n: number): VectorEnvironment {
    if (!Number.isInteger(n) || n <= 0) {
      throw new ConfigError(`${this.name}.duplicate(n) needs a positive integer n; received ${describeValue(n)}`);
    }
    return new DuplicateEnvironment(Array.from({ length: n }, () => this.makeCopy()));
  }

  /** Releases the environment; later resets and steps throw StateError. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.core.close?.();
  }

  private checkOpen(what: string): void {
    if (this.closed) throw new StateError(`${this.name} was closed; cannot ${what}. Make a new one with makeEnvironment`);
  }

  private refuseStep(): never {
    this.checkOpen('step');
    if (this.latest === undefined) {
      throw new StateError(`${this.name}: step() called before reset(); call env.reset() (optionally env.reset({ seed })) first`);
    }
    const how = this.latest.terminated ? 'terminated' : `was truncated at the time limit of ${this.maxEpisodeSteps} steps`;
    throw new StateError(`${this.name}: the episode ${how}; call env.reset() before stepping again`);
  }

  private checkAction(action: Action): Action {
    const space = this.core.actionSpace;
    if (space.kind === 'discrete') {
      if (typeof action === 'number' && Number.isInteger(action) && action >= space.start && action < space.start + space.n) {
        return action;
      }
      throw new SpaceError(
        `${this.name} action must be an integer in ${describeDiscrete(space)}; received ${describeValue(action)}`,
      );
    }
    const buffer = this.actionBuffer!;
    const a = action as unknown;
    const isArray = a instanceof Float32Array || a instanceof Float64Array || Array.isArray(a);
    let ok = isArray && (a as ArrayLike<unknown>).length === buffer.length;
    if (ok) {
      const arr = a as ArrayLike<unknown>;
      for (let i = 0; i < buffer.length; i++) {
        const v = arr[i];
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          ok = false;
          break;
        }
        const f = Math.fround(v);
        if (f < space.low[i]! || f > space.high[i]!) {
          ok = false;
          break;
        }
        buffer[i] = f;
      }
    }
    if (!ok) {
      const bounds =
        buffer.length === 1 ? `[${space.low[0]}, ${space.high[0]}]` : 'its [low, high] (low and high per element)';
      throw new SpaceError(
        `${this.name} action must be a Float32Array or number[] of length ${buffer.length} inside ` +
          `${space.toString()} (each element finite and in ${bounds}; clip it yourself); received ${describeValue(a)}`,
      );
    }
    return buffer;
  }
}
