/**
 * Environment interfaces. An `Environment` is ALL's wrapper around a gymnasium environment:
 * it returns `State`s, keeps the latest one in `state`, and exposes the gymnasium-style core
 * (`unwrapped`, whose physical `state` is readable and writable) for tests and tools.
 */
import type { Action } from '../lib/core/action';
import type { RgbFrame } from '../lib/core/rgb_frame';
import type { Box, Space } from '../lib/core/spaces';
import type { State, StateArray } from '../lib/core/state';

// Shared types live in lib/core (the bottom layer); re-exported here so existing imports keep working.
export type { Action } from '../lib/core/action';
export type { RgbFrame } from '../lib/core/rgb_frame';

/** Options of `reset`. */
export interface ResetOptions {
  /** Reseeds the environment's generator; omitted, the stream continues (first reset: random seed). */
  seed?: number;
}

/** The gymnasium-style core of an environment: physics and rules, no time limit. */
export interface Dynamics {
  /** The physical state, float64 as in gymnasium. Writable, to start the dynamics anywhere. */
  state: Float64Array;
  readonly observationSpace: Box;
  readonly actionSpace: Space;
}

/** A single environment. */
export interface Environment {
  /** The gymnasium id, e.g. `CartPole-v1`. */
  readonly name: string;
  readonly observationSpace: Box;
  readonly actionSpace: Space;
  /** The latest state (after the last reset or step). */
  readonly state: State;
  /** The time limit in steps, as gymnasium's registration (`max_episode_steps`). */
  readonly maxEpisodeSteps: number;
  /** The core without the time limit; `unwrapped.state` is the physical state. */
  readonly unwrapped: Dynamics;
  reset(options?: ResetOptions): State;
  /** Advances one step. Throws SpaceError on an action outside the action space, StateError after the episode ended. */
  step(action: Action): State;
  /** `text`: a terminal drawing; `rgb_array`: an image. */
  render(mode: 'text'): string;
  render(mode: 'rgb_array'): RgbFrame;
  /** A vector environment of `n` fresh copies (ALL's DuplicateEnvironment). */
  duplicate(n: number): VectorEnvironment;
  close(): void;
}

/** Several copies of one environment stepped together. */
export interface VectorEnvironment {
  readonly name: string;
  readonly numEnvs: number;
  readonly observationSpace: Box;
  readonly actionSpace: Space;
  /** The latest states, one per copy. */
  readonly stateArray: StateArray;
  /** The copies themselves. */
  readonly envs: readonly Environment[];
  /** Resets every copy; with a seed, copy i gets seed + i. */
  reset(options?: ResetOptions): StateArray;
  /**
   * Steps every copy with its action. A copy whose last state was done is reset instead,
   * and its action is ignored (ALL's semantics).
   */
  step(actions: readonly Action[] | Int32Array | Float32Array): StateArray;
  close(): void;
}
