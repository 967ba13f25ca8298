/**
 * Humanoid-v4 (gymnasium 0.29.1): a 3D humanoid learning to run. Reward: forwardRewardWeight times
 * the x velocity of the centre of mass, plus healthyReward (on the terminal step too when
 * terminateWhenUnhealthy), minus ctrlCostWeight * |ctrl|^2. Healthy: torso height qpos[2] strictly
 * inside healthyZRange. Observation: qpos without x and y, qvel, then every body's cinert and cvel,
 * qfrc_actuator and every body's cfrc_ext (376 values). Reset: qpos and qvel + uniform(+-noise).
 * Frame skip 5 (dt 0.015 s).
 */
import { Box } from '../../lib/core/spaces';
import type { Random } from '../../lib/core/random';
import { taskOptions } from './locomotion_options';
import { MujocoCore } from './mujoco_core';

export const HUMANOID_DEFAULTS = {
  forwardRewardWeight: 1.25,
  ctrlCostWeight: 0.1,
  healthyReward: 5.0,
  terminateWhenUnhealthy: true,
  healthyZRange: [1.0, 2.0] as readonly [number, number],
  resetNoiseScale: 1e-2,
  excludeCurrentPositionsFromObservation: true,
};

const EXTRA_FIELDS = ['cinert', 'cvel', 'qfrc_actuator', 'cfrc_ext'] as const;

export class Humanoid extends MujocoCore {
  readonly observationSpace: Box;
  private readonly o: typeof HUMANOID_DEFAULTS;

  constructor(id = 'Humanoid-v4', options: Record<string, unknown> = {}) {
    super(id, 'humanoid.xml', 5);
    this.o = taskOptions(id, HUMANOID_DEFAULTS, options);
    const extra = EXTRA_FIELDS.reduce((n, f) => n + (this.data[f] as Float64Array).length, 0);
    this.observationSpace = new Box(-Infinity, Infinity, [this.model.nq + this.model.nv - this.skip + extra]);
  }

  private get skip(): number {
    return this.o.excludeCurrentPositionsFromObservation ? 2 : 0;
  }

  /** x of the centre of mass (gymnasium's mass_center: body masses times xipos). */
  private massCentreX(): number {
    const mass = this.model.body_mass as Float64Array;
    const xipos = this.data.xipos as Float64Array;
    let m = 0;
    let mx = 0;
    for (let b = 0; b < mass.length; b++) {
      m += mass[b]!;
      mx += mass[b]! * xipos[3 * b]!;
    }
    return mx / m;
  }

  get isHealthy(): boolean {
    const z = this.data.qpos[2] as number;
    const [low, high] = this.o.healthyZRange;
    return low < z && z < high;
  }

  protected resetModel(rng: Random): void {
    this.resetWithNoise(rng, this.o.resetNoiseScale);
  }

  protected stepTask(action: Float32Array): void {
    const velocity = this.simulateForVelocity(action, () => this.massCentreX());
    const healthy = this.isHealthy;
    const healthyReward = healthy || this.o.terminateWhenUnhealthy ? this.o.healthyReward : 0;
    const ctrlCost = this.o.ctrlCostWeight * MujocoCore.squaredNorm(this.data.ctrl as Float64Array);
    this.result.reward = this.o.forwardRewardWeight * velocity + healthyReward - ctrlCost;
    this.result.terminated = this.o.terminateWhenUnhealthy && !healthy;
  }

  observation(): Float32Array {
    const extras = EXTRA_FIELDS.map((f) => this.data[f] as Float64Array);
    const total = extras.reduce((n, e) => n + e.length, 0);
    const out = this.positionsAndVelocities(this.skip, Infinity, total);
    let at = out.length - total;
    for (const e of extras) {
      out.set(e, at);
      at += e.length;
    }
    return out;
  }
}
