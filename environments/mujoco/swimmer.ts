/**
 * Swimmer-v4 (gymnasium 0.29.1): a three-link swimmer in a viscous fluid. Reward: x velocity of the
 * front tip (qpos[0]) times forwardRewardWeight minus ctrlCostWeight * |action|^2; never terminates.
 * Observation: qpos without x and y (unless excludeCurrentPositionsFromObservation is false), then
 * qvel. Reset: qpos and qvel + uniform(+-resetNoiseScale). Frame skip 4 (dt 0.04 s).
 */
import { Box } from '../../lib/core/spaces';
import type { Random } from '../../lib/core/random';
import { taskOptions } from './locomotion_options';
import { MujocoCore } from './mujoco_core';

export const SWIMMER_DEFAULTS = {
  forwardRewardWeight: 1.0,
  ctrlCostWeight: 1e-4,
  resetNoiseScale: 0.1,
  excludeCurrentPositionsFromObservation: true,
};

export class Swimmer extends MujocoCore {
  readonly observationSpace: Box;
  private readonly o: typeof SWIMMER_DEFAULTS;

  constructor(id = 'Swimmer-v4', options: Record<string, unknown> = {}) {
    super(id, 'swimmer.xml', 4);
    this.o = taskOptions(id, SWIMMER_DEFAULTS, options);
    this.observationSpace = new Box(-Infinity, Infinity, [this.model.nq + this.model.nv - (this.o.excludeCurrentPositionsFromObservation ? 2 : 0)]);
  }

  protected resetModel(rng: Random): void {
    this.resetWithNoise(rng, this.o.resetNoiseScale);
  }

  protected stepTask(action: Float32Array): void {
    const velocity = this.simulateForVelocity(action);
    this.result.reward = this.o.forwardRewardWeight * velocity - this.o.ctrlCostWeight * MujocoCore.squaredNorm(action);
    this.result.terminated = false;
  }

  observation(): Float32Array {
    return this.positionsAndVelocities(this.o.excludeCurrentPositionsFromObservation ? 2 : 0);
  }
}
