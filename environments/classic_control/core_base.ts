/**
 * Shared plumbing of the classic-control cores: the writable float64 physical state and the
 * reused step result. No gymnasium counterpart (each gymnasium env keeps `self.state` itself).
 */
import { ShapeError } from '../../lib/core/errors';
import type { Random } from '../../lib/core/random';
import type { Box, Space } from '../../lib/core/spaces';
import type { Action, RgbFrame } from '../environment';
import type { EnvironmentCore, StepResult } from '../gym_environment';

/** Frame size of every classic-control `rgb_array` render, in pixels. */
export const FRAME_WIDTH = 300;
/** Frame height of every classic-control `rgb_array` render, in pixels. */
export const FRAME_HEIGHT = 200;

/** Base of the classic-control cores: holds the physical state as a live, writable Float64Array. */
export abstract class ClassicControlCore implements EnvironmentCore {
  /** The physical state; subclasses read and write it in `step`. */
  protected readonly s: Float64Array;
  /** Reused by `step` to avoid an allocation per step. */
  protected readonly result: StepResult = { reward: 0, terminated: false };
  abstract readonly observationSpace: Box;
  abstract readonly actionSpace: Space;

  /**
   * @param id environment id, for error messages
   * @param variables names of the physical state's entries, in order
   */
  constructor(
    readonly id: string,
    readonly variables: readonly string[],
  ) {
    this.s = new Float64Array(variables.length);
  }

  /**
   * The physical state (float64, as gymnasium's), live: element writes change the dynamics.
   * Assigning an array copies its values in, so a test can start the dynamics anywhere.
   */
  get state(): Float64Array {
    return this.s;
  }

  set state(values: ArrayLike<number>) {
    if (values.length !== this.s.length) {
      throw new ShapeError(
        `${this.id} physical state has ${this.s.length} values (${this.variables.join(', ')}); received ${values.length}`,
      );
    }
    for (let i = 0; i < this.s.length; i++) this.s[i] = values[i]!;
  }

  abstract reset(rng: Random): void;
  abstract step(action: Action): StepResult;
  abstract observation(): Float32Array;
  abstract renderText(): string;
  abstract renderRgb(): RgbFrame;
}

/** `value` with an explicit sign and fixed decimals, for status lines. */
export function signed(value: number, digits: number): string {
  return (value >= 0 ? '+' : '') + value.toFixed(digits);
}
