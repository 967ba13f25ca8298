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
    const s = this.o.resetNoiseScale;
    const qpos = this.uniform(rng, this.model.nq, -s, s).map((x, i) => this.initQpos[i]! + x);
    const qvel = Float64Array.from({ length: this.model.nv }, (_, i) => this.initQvel[i]! + s * rng.normal());
    this.setState(qpos, qvel);
  }

  protected stepTask(action: Float32Array): void {
    const before = this.data.qpos[0] as number;
    this.doSimulation(action);
    const velocity = ((this.data.qpos[0] as number) - before) / this.dt;
    let ctrl = 0;
    for (const a of action) ctrl += a * a;
    this.result.reward = this.o.forwardRewardWeight * velocity - this.o.ctrlCostWeight * ctrl;
    this.result.terminated = false;
  }

  observation(): Float32Array {
    const skip = this.o.excludeCurrentPositionsFromObservation ? 1 : 0;
    const qpos = this.data.qpos as Float64Array;
    const out = new Float32Array(this.observationSpace.shape[0]!);
    out.set(qpos.subarray(skip), 0);
    out.set(this.data.qvel as Float64Array, qpos.length - skip);
    return out;
  }
}
