/**
 * Walker2d-v4 (gymnasium 0.29.1): a planar biped. As Hopper-v4, but healthy means only the height
 * inside healthyZRange (0.8, 2) and the torso angle inside healthyAngleRange (-1, 1). Observation:
 * qpos without x, then qvel clipped to [-10, 10]. Frame skip 4 (dt 0.008 s).
 */
import { Box } from '../../lib/core/spaces';
import type { Random } from '../../lib/core/random';
import { taskOptions } from './locomotion_options';
import { MujocoCore } from './mujoco_core';

export const WALKER2D_DEFAULTS = {
  forwardRewardWeight: 1.0,
  ctrlCostWeight: 1e-3,
  healthyReward: 1.0,
  terminateWhenUnhealthy: true,
  healthyZRange: [0.8, 2.0] as readonly [number, number],
  healthyAngleRange: [-1.0, 1.0] as readonly [number, number],
  resetNoiseScale: 5e-3,
  excludeCurrentPositionsFromObservation: true,
};

export class Walker2d extends MujocoCore {
  readonly observationSpace: Box;
  private readonly o: typeof WALKER2D_DEFAULTS;

  constructor(id = 'Walker2d-v4', options: Record<string, unknown> = {}) {
    super(id, 'walker2d.xml', 4);
    this.o = taskOptions(id, WALKER2D_DEFAULTS, options);
    this.observationSpace = new Box(-Infinity, Infinity, [this.model.nq + this.model.nv - this.skip]);
  }

  private get skip(): number {
    return this.o.excludeCurrentPositionsFromObservation ? 1 : 0;
  }

  get isHealthy(): boolean {
    const [z, angle] = [this.data.qpos[1] as number, this.data.qpos[2] as number];
    const [zLow, zHigh] = this.o.healthyZRange;
    const [aLow, aHigh] = this.o.healthyAngleRange;
    return zLow < z && z < zHigh && aLow < angle && angle < aHigh;
  }

  protected resetModel(rng: Random): void {
    this.resetWithNoise(rng, this.o.resetNoiseScale);
  }

  protected stepTask(action: Float32Array): void {
    const velocity = this.simulateForVelocity(action);
    const healthy = this.isHealthy;
    const healthyReward = healthy || this.o.terminateWhenUnhealthy ? this.o.healthyReward : 0;
    this.result.reward = this.o.forwardRewardWeight * velocity + healthyReward - this.o.ctrlCostWeight * MujocoCore.squaredNorm(action);
    this.result.terminated = this.o.terminateWhenUnhealthy && !healthy;
  }

  observation(): Float32Array {
    return this.positionsAndVelocities(this.skip, 10);
  }
}
