/**
 * Ant-v4 (gymnasium 0.29.1): a four-legged walker in 3D. Reward: the torso's x velocity plus
 * healthyReward (on the terminal step too when terminateWhenUnhealthy) minus ctrlCostWeight *
 * |action|^2, and with useContactForces also minus contactCostWeight * |clipped cfrc_ext|^2.
 * Healthy: the state finite and the torso height inside healthyZRange (inclusive). Observation: qpos
 * without x and y, qvel, and with useContactForces the external contact forces clipped to
 * contactForceRange. Reset: qpos + uniform(+-resetNoiseScale), qvel + resetNoiseScale * normal.
 * Frame skip 5 (dt 0.05 s).
 */
import { Box } from '../../lib/core/spaces';
import type { Random } from '../../lib/core/random';
import { taskOptions } from './locomotion_options';
import { MujocoCore } from './mujoco_core';

export const ANT_DEFAULTS = {
  ctrlCostWeight: 0.5,
  useContactForces: false,
  contactCostWeight: 5e-4,
  healthyReward: 1.0,
  terminateWhenUnhealthy: true,
  healthyZRange: [0.2, 1.0] as readonly [number, number],
  contactForceRange: [-1.0, 1.0] as readonly [number, number],
  resetNoiseScale: 0.1,
  excludeCurrentPositionsFromObservation: true,
};

export class Ant extends MujocoCore {
  readonly observationSpace: Box;
  private readonly o: typeof ANT_DEFAULTS;
  private readonly torso: number;

  constructor(id = 'Ant-v4', options: Record<string, unknown> = {}) {
    super(id, 'ant.xml', 5);
    this.o = taskOptions(id, ANT_DEFAULTS, options);
    this.torso = this.bodyId('torso');
    const contacts = this.o.useContactForces ? (this.data.cfrc_ext as Float64Array).length : 0;
    this.observationSpace = new Box(-Infinity, Infinity, [this.model.nq + this.model.nv - this.skip + contacts]);
  }

  private get skip(): number {
    return this.o.excludeCurrentPositionsFromObservation ? 2 : 0;
  }

  get isHealthy(): boolean {
    const qpos = this.data.qpos as Float64Array;
    const qvel = this.data.qvel as Float64Array;
    if (!qpos.every(Number.isFinite) || !qvel.every(Number.isFinite)) return false;
    const [low, high] = this.o.healthyZRange;
    return low <= qpos[2]! && qpos[2]! <= high;
  }

  private clippedContactForces(): Float64Array {
    const [low, high] = this.o.contactForceRange;
    return Float64Array.from(this.data.cfrc_ext as Float64Array, (f) => Math.min(high, Math.max(low, f)));
  }

  protected resetModel(rng: Random): void {
    this.resetWithNoise(rng, this.o.resetNoiseScale, 'normal');
  }

  protected stepTask(action: Float32Array): void {
    const velocity = this.simulateForVelocity(action, () => (this.data.xpos as Float64Array)[3 * this.torso]!);
    const healthy = this.isHealthy;
    const healthyReward = healthy || this.o.terminateWhenUnhealthy ? this.o.healthyReward : 0;
    let costs = this.o.ctrlCostWeight * MujocoCore.squaredNorm(action);
    if (this.o.useContactForces) costs += this.o.contactCostWeight * MujocoCore.squaredNorm(this.clippedContactForces());
    this.result.reward = velocity + healthyReward - costs;
    this.result.terminated = this.o.terminateWhenUnhealthy && !healthy;
  }

  observation(): Float32Array {
    const forces = this.o.useContactForces ? this.clippedContactForces() : new Float64Array(0);
    const out = this.positionsAndVelocities(this.skip, Infinity, forces.length);
    out.set(forces, out.length - forces.length);
    return out;
  }
}
