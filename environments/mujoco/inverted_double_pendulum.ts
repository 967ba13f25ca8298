/**
 * InvertedDoublePendulum-v4 (gymnasium 0.29.1): a cart balancing two chained poles. Reward: 10 alive
 * bonus minus 0.01 x^2 + (y - 2)^2 of the tip site and 1e-3 v1^2 + 5e-3 v2^2 of the joint speeds;
 * terminates when the tip's height y <= 1. Observation: cart x, sin and cos of the two angles, qvel
 * and the constraint forces, both clipped to [-10, 10]. Reset: qpos + uniform(+-0.1), qvel + 0.1 *
 * normal. Frame skip 5 (dt 0.05 s).
 */
import { ConfigError } from '../../lib/core/errors';
import { Box } from '../../lib/core/spaces';
import type { Random } from '../../lib/core/random';
import { MujocoCore } from './mujoco_core';

const clip10 = (x: number) => Math.min(10, Math.max(-10, x));

export class InvertedDoublePendulum extends MujocoCore {
  readonly observationSpace = new Box(-Infinity, Infinity, [11]);

  constructor(id = 'InvertedDoublePendulum-v4', options: Record<string, unknown> = {}) {
    super(id, 'inverted_double_pendulum.xml', 5);
    const unknown = Object.keys(options).filter((k) => k !== 'maxEpisodeSteps' && k !== 'max_episode_steps');
    if (unknown.length > 0) throw new ConfigError(`Unknown option "${unknown[0]}" for ${id}; valid options: maxEpisodeSteps`);
  }

  protected resetModel(rng: Random): void {
    this.resetWithNoise(rng, 0.1, 'normal');
  }

  protected stepTask(action: Float32Array): void {
    this.doSimulation(action);
    const site = this.data.site_xpos as Float64Array;
    const [x, y] = [site[0]!, site[2]!];
    const [v1, v2] = [this.data.qvel[1] as number, this.data.qvel[2] as number];
    this.result.reward = 10 - (0.01 * x * x + (y - 2) ** 2) - (1e-3 * v1 * v1 + 5e-3 * v2 * v2);
    this.result.terminated = y <= 1;
  }

  observation(): Float32Array {
    const qpos = this.data.qpos as Float64Array;
    const angles = qpos.subarray(1);
    return Float32Array.from([
      qpos[0]!, ...Array.from(angles, Math.sin), ...Array.from(angles, Math.cos),
      ...Array.from(this.data.qvel as Float64Array, clip10), ...Array.from(this.data.qfrc_constraint as Float64Array, clip10),
    ]);
  }
}
