/**
 * HalfCheetah-v4 (gymnasium 0.29.1): a planar two-legged runner. Reward: forward velocity of the
 * root (x displacement over dt) times forwardRewardWeight, minus ctrlCostWeight * |action|^2; never
 * terminates. Observation: qpos without the root x (unless excludeCurrentPositionsFromObservation is
 * false), then qvel. Reset: qpos + uniform(+-resetNoiseScale), qvel + resetNoiseScale * normal.
 * Frame skip 5 (dt 0.05 s).
 */
import { Box } from '../../lib/core/spaces';
import type { Random } from '../../lib/core/random';
import { taskOptions } from './locomotion_options';
import { MujocoCore } from './mujoco_core';

export const HALF_CHEETAH_DEFAULTS = {
  forwardRewardWeight: 1.0,
  ctrlCostWeight: 0.1,
  resetNoiseScale: 0.1,
  excludeCurrentPositionsFromObservation: true,
};

export class HalfCheetah extends MujocoCore {
  readonly observationSpace: Box;
  private readonly o: typeof HALF_CHEETAH_DEFAULTS;

  constructor(id = 'HalfCheetah-v4', options: Record<string, unknown> = {}) {
    super(id, 'half_cheetah.xml', 5);
    this.o = taskOptions(id, HALF_CHEETAH_DEFAULTS, options);
    this.observationSpace = new Box(-Infinity, Infinity, [this.model.nq + this.model.nv - (this.o.excludeCurrentPositionsFromObservation ? 1 : 0)]);
  }

  protected resetModel(rng: Random): void {
    this.resetWithNoise(rng, this.o.resetNoiseScale, 'normal');
  }

  protected stepTask(action: Float32Array): void {
    const velocity = this.simulateForVelocity(action);
    this.result.reward = this.o.forwardRewardWeight * velocity - this.o.ctrlCostWeight * MujocoCore.squaredNorm(action);
    this.result.terminated = false;
  }

  observation(): Float32Array {
    return this.positionsAndVelocities(this.o.excludeCurrentPositionsFromObservation ? 1 : 0);
  }
}
