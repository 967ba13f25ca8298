/**
 * Reacher-v4 (gymnasium 0.29.1): a two-link arm reaching a target on the plane. Reward, computed on
 * the state BEFORE the step (as gymnasium): -|fingertip - target| - |action|^2; never terminates.
 * Observation: cos and sin of the two joint angles, the target position (qpos[2:]), the joint
 * velocities, and fingertip - target (x, y, z). Reset: qpos + uniform(+-0.1) with the target drawn
 * uniformly in the disc of radius 0.2 (rejection sampling), qvel + uniform(+-0.005) with the target
 * still. Frame skip 2 (dt 0.02 s).
 */
import { ConfigError } from '../../lib/core/errors';
import { Box } from '../../lib/core/spaces';
import type { Random } from '../../lib/core/random';
import { MujocoCore } from './mujoco_core';

export class Reacher extends MujocoCore {
  readonly observationSpace = new Box(-Infinity, Infinity, [11]);
  private readonly fingertip: number;
  private readonly target: number;

  constructor(id = 'Reacher-v4', options: Record<string, unknown> = {}) {
    super(id, 'reacher.xml', 2);
    const unknown = Object.keys(options).filter((k) => k !== 'maxEpisodeSteps' && k !== 'max_episode_steps');
    if (unknown.length > 0) throw new ConfigError(`Unknown option "${unknown[0]}" for ${id}; valid options: maxEpisodeSteps`);
    this.fingertip = this.bodyId('fingertip');
    this.target = this.bodyId('target');
  }

  /** fingertip - target in the world frame (x, y, z). */
  private reach(): [number, number, number] {
    const x = this.data.xpos as Float64Array;
    const [f, t] = [3 * this.fingertip, 3 * this.target];
    return [x[f]! - x[t]!, x[f + 1]! - x[t + 1]!, x[f + 2]! - x[t + 2]!];
  }

  protected resetModel(rng: Random): void {
    const { nq, nv } = this.model;
    const qpos = this.uniform(rng, nq, -0.1, 0.1).map((x, i) => x + this.initQpos[i]!);
    let goal: Float64Array;
    do goal = this.uniform(rng, 2, -0.2, 0.2);
    while (Math.hypot(goal[0]!, goal[1]!) >= 0.2);
    qpos.set(goal, nq - 2);
    const qvel = this.uniform(rng, nv, -0.005, 0.005).map((x, i) => this.initQvel[i]! + x);
    qvel[nv - 2] = 0;
    qvel[nv - 1] = 0;
    this.setState(qpos, qvel);
  }

  protected stepTask(action: Float32Array): void {
    const [dx, dy, dz] = this.reach();
    this.result.reward = -Math.hypot(dx, dy, dz) - MujocoCore.squaredNorm(action);
    this.doSimulation(action);
    this.result.terminated = false;
  }

  observation(): Float32Array {
    const qpos = this.data.qpos as Float64Array;
    const qvel = this.data.qvel as Float64Array;
    return Float32Array.from([
      Math.cos(qpos[0]!), Math.cos(qpos[1]!), Math.sin(qpos[0]!), Math.sin(qpos[1]!),
      ...qpos.subarray(2), qvel[0]!, qvel[1]!, ...this.reach(),
    ]);
  }
}
