/**
 * Hopper-v4 (gymnasium 0.29.1): a planar one-legged hopper. Reward: forward velocity times
 * forwardRewardWeight, plus healthyReward (paid on the terminal step too, as gymnasium does when
 * terminateWhenUnhealthy), minus ctrlCostWeight * |action|^2. Healthy: every state entry after the
 * first two strictly inside healthyStateRange, height z inside healthyZRange, torso angle inside
 * healthyAngleRange. Observation: qpos without x (unless excluded is false), then qvel clipped to
 * [-10, 10]. Reset: qpos and qvel + uniform(+-resetNoiseScale). Frame skip 4 (dt 0.008 s).
 */
import { Box } from '../../lib/core/spaces';
import type { Random } from '../../lib/core/random';
import { taskOptions } from './locomotion_options';
import { MujocoCore } from './mujoco_core';

export const HOPPER_DEFAULTS = {
  forwardRewardWeight: 1.0,
  ctrlCostWeight: 1e-3,
  healthyReward: 1.0,
  terminateWhenUnhealthy: true,
  healthyStateRange: [-100.0, 100.0] as readonly [number, number],
  healthyZRange: [0.7, Infinity] as readonly [number, number],
  healthyAngleRange: [-0.2, 0.2] as readonly [number, number],
  resetNoiseScale: 5e-3,
  excludeCurrentPositionsFromObservation: true,
};

const inside = (x: number, [low, high]: readonly [number, number]) => low < x && x < high;

export class Hopper extends MujocoCore {
  readonly observationSpace: Box;
  private readonly o: typeof HOPPER_DEFAULTS;

  constructor(id = 'Hopper-v4', options: Record<string, unknown> = {}) {
    super(id, 'hopper.xml', 4);
    this.o = taskOptions(id, HOPPER_DEFAULTS, options);
    this.observationSpace = new Box(-Infinity, Infinity, [this.model.nq + this.model.nv - (this.o.excludeCurrentPositionsFromObservation ? 1 : 0)]);
  }

  /** gymnasium's is_healthy. */
  get isHealthy(): boolean {
    const qpos = this.data.qpos as Float64Array;
    const qvel = this.data.qvel as Float64Array;
    for (let i = 2; i < qpos.length; i++) if (!inside(qpos[i]!, this.o.healthyStateRange)) return false;
    for (let i = 0; i < qvel.length; i++) if (!inside(qvel[i]!, this.o.healthyStateRange)) return false;
    return inside(qpos[1]!, this.o.healthyZRange) && inside(qpos[2]!, this.o.healthyAngleRange);
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
    return this.positionsAndVelocities(this.o.excludeCurrentPositionsFromObservation ? 1 : 0, 10);
  }
}
