/**
 * MountainCar: an under-powered car in a valley must rock back and forth to reach the flag on the
 * right hill. Ports gymnasium 0.29.1 `MountainCarEnv` (Moore 1990, "Efficient Memory-based
 * Learning for Robot Control", https://www.cl.cam.ac.uk/techreports/UCAM-CL-TR-209.pdf).
 *
 * Same as gymnasium: velocity += (action - 1) * 0.001 - 0.0025 cos(3 position), clipped to
 * +-0.07; position clipped to [-1.2, 0.6] with the velocity zeroed at the left wall; reward -1 per
 * step; termination at position >= 0.5 with velocity >= goal_velocity; reset position uniform in
 * [-0.6, -0.4] with zero velocity. Differences: rendering is our own.
 */
import type { Random } from '../../lib/core/random';
import { Box, Discrete } from '../../lib/core/spaces';
import type { Action, RgbFrame } from '../environment';
import type { StepResult } from '../gym_environment';
import { ClassicControlCore } from './core_base';
import { MAX_POSITION, MIN_POSITION, mountainCarFrame, mountainCarText } from './mountain_car_render';

/** MountainCar constants, as gymnasium's `MountainCarEnv.__init__`. */
export const MOUNTAIN_CAR = {
  minPosition: MIN_POSITION,
  maxPosition: MAX_POSITION,
  maxSpeed: 0.07,
  goalPosition: 0.5,
  force: 0.001,
  gravity: 0.0025,
} as const;

/** Options of MountainCar-v0. */
export interface MountainCarOptions {
  /** Minimum velocity at the goal for the episode to terminate (gymnasium's `goal_velocity`, default 0). */
  goalVelocity?: number;
}

/** The MountainCar core. Physical state: [position, velocity]. */
export class MountainCar extends ClassicControlCore {
  readonly observationSpace = new Box(
    [MOUNTAIN_CAR.minPosition, -MOUNTAIN_CAR.maxSpeed],
    [MOUNTAIN_CAR.maxPosition, MOUNTAIN_CAR.maxSpeed],
  );
  /** 0 accelerates left, 1 does nothing, 2 accelerates right. */
  readonly actionSpace = new Discrete(3);
  readonly goalVelocity: number;

  constructor(options: MountainCarOptions = {}) {
    super('MountainCar-v0', ['position', 'velocity']);
    this.goalVelocity = options.goalVelocity ?? 0;
  }

  reset(rng: Random): void {
    this.s[0] = rng.uniform(-0.6, -0.4);
    this.s[1] = 0;
  }

  step(action: Action): StepResult {
    const { minPosition, maxPosition, maxSpeed, goalPosition, force, gravity } = MOUNTAIN_CAR;
    let position = this.s[0]!;
    let velocity = this.s[1]!;
    velocity += ((action as number) - 1) * force + Math.cos(3 * position) * -gravity;
    velocity = Math.min(Math.max(velocity, -maxSpeed), maxSpeed);
    position += velocity;
    position = Math.min(Math.max(position, minPosition), maxPosition);
    if (position === minPosition && velocity < 0) velocity = 0;
    this.s[0] = position;
    this.s[1] = velocity;
    this.result.terminated = position >= goalPosition && velocity >= this.goalVelocity;
    this.result.reward = -1.0;
    return this.result;
  }

  observation(): Float32Array {
    const o = new Float32Array(2);
    o[0] = this.s[0]!;
    o[1] = this.s[1]!;
    return o;
  }

  renderText(): string {
    return mountainCarText(this.s[0]!, this.s[1]!, MOUNTAIN_CAR.goalPosition);
  }

  renderRgb(): RgbFrame {
    return mountainCarFrame(this.s[0]!, MOUNTAIN_CAR.goalPosition);
  }
}
