/**
 * MountainCarContinuous: the mountain car with a continuous force in [-1, 1] and an energy cost.
 * Ports gymnasium 0.29.1 `Continuous_MountainCarEnv` (Moore 1990; continuous version after
 * Arnaud de Broissia).
 *
 * Same as gymnasium: velocity += force * 0.0015 - 0.0025 cos(3 position), clipped to +-0.07;
 * position clipped to [-1.2, 0.6], velocity zeroed at the left wall; goal at position >= 0.45
 * with velocity >= goal_velocity; reward = 100 on reaching the goal, minus 0.1 action^2 every
 * step; the state is stored as float32 after each step (as gymnasium's `np.array(..., float32)`);
 * reset position uniform in [-0.6, -0.4], zero velocity. Differences: an action outside [-1, 1]
 * is rejected by the wrapper instead of clipped; rendering is our own.
 */
import type { Random } from '../../lib/core/random';
import { Box } from '../../lib/core/spaces';
import type { Action, RgbFrame } from '../environment';
import type { StepResult } from '../gym_environment';
import { ClassicControlCore, signed } from './core_base';
import { MAX_POSITION, MIN_POSITION, mountainCarFrame, mountainCarText } from './mountain_car_render';

/** MountainCarContinuous constants, as gymnasium's `Continuous_MountainCarEnv.__init__`. */
export const CONTINUOUS_MOUNTAIN_CAR = {
  minAction: -1.0,
  maxAction: 1.0,
  minPosition: MIN_POSITION,
  maxPosition: MAX_POSITION,
  maxSpeed: 0.07,
  goalPosition: 0.45,
  power: 0.0015,
} as const;

/** Options of MountainCarContinuous-v0. */
export interface ContinuousMountainCarOptions {
  /** Minimum velocity at the goal for the episode to terminate (gymnasium's `goal_velocity`, default 0). */
  goalVelocity?: number;
}

/** The MountainCarContinuous core. Physical state: [position, velocity]. */
export class ContinuousMountainCar extends ClassicControlCore {
  readonly observationSpace = new Box(
    [CONTINUOUS_MOUNTAIN_CAR.minPosition, -CONTINUOUS_MOUNTAIN_CAR.maxSpeed],
    [CONTINUOUS_MOUNTAIN_CAR.maxPosition, CONTINUOUS_MOUNTAIN_CAR.maxSpeed],
  );
  /** The force, in [-1, 1]. */
  readonly actionSpace = new Box(-1, 1, [1]);
  readonly goalVelocity: number;
  private lastForce = 0;

  constructor(options: ContinuousMountainCarOptions = {}) {
    super('MountainCarContinuous-v0', ['position', 'velocity']);
    this.goalVelocity = options.goalVelocity ?? 0;
  }

  reset(rng: Random): void {
    this.s[0] = rng.uniform(-0.6, -0.4);
    this.s[1] = 0;
    this.lastForce = 0;
  }

  step(action: Action): StepResult {
    const { minAction, maxAction, minPosition, maxPosition, maxSpeed, goalPosition, power } = CONTINUOUS_MOUNTAIN_CAR;
    const a = (action as Float32Array)[0]!;
    let position = this.s[0]!;
    let velocity = this.s[1]!;
    const force = Math.min(Math.max(a, minAction), maxAction);
    velocity += force * power - 0.0025 * Math.cos(3 * position);
    if (velocity > maxSpeed) velocity = maxSpeed;
    if (velocity < -maxSpeed) velocity = -maxSpeed;
    position += velocity;
    if (position > maxPosition) position = maxPosition;
    if (position < minPosition) position = minPosition;
    if (position === minPosition && velocity < 0) velocity = 0;
    const terminated = position >= goalPosition && velocity >= this.goalVelocity;
    this.s[0] = Math.fround(position);
    this.s[1] = Math.fround(velocity);
    this.lastForce = force;
    this.result.terminated = terminated;
    this.result.reward = (terminated ? 100.0 : 0) - a * a * 0.1;
    return this.result;
  }

  observation(): Float32Array {
    const o = new Float32Array(2);
    o[0] = this.s[0]!;
    o[1] = this.s[1]!;
    return o;
  }

  renderText(): string {
    return mountainCarText(this.s[0]!, this.s[1]!, CONTINUOUS_MOUNTAIN_CAR.goalPosition, `  force ${signed(this.lastForce, 2)}`);
  }

  renderRgb(): RgbFrame {
    return mountainCarFrame(this.s[0]!, CONTINUOUS_MOUNTAIN_CAR.goalPosition);
  }
}
