/**
 * InvertedPendulum-v4 (gymnasium 0.29.1): a cart on a rail balancing a pole. Observation
 * [cart position, pole angle, cart velocity, pole angular velocity]; reward 1 per step; the episode
 * terminates when the pole leans more than 0.2 rad or the state is not finite. Reset: qpos and qvel
 * each uniform within +-0.01 of the model's initial values. Frame skip 2 (dt 0.04 s).
 */
import { Box } from '../../lib/core/spaces';
import type { Random } from '../../lib/core/random';
import { MujocoCore } from './mujoco_core';

export class InvertedPendulum extends MujocoCore {
  readonly observationSpace = new Box(-Infinity, Infinity, [4]);

  constructor(id = 'InvertedPendulum-v4') {
    super(id, 'inverted_pendulum.xml', 2);
  }

  protected resetModel(rng: Random): void {
    this.resetWithNoise(rng, 0.01);
  }

  protected stepTask(action: Float32Array): void {
    this.doSimulation(action);
    const o = this.observation();
    this.result.reward = 1;
    this.result.terminated = !o.every(Number.isFinite) || Math.abs(this.data.qpos[1] as number) > 0.2;
  }

  observation(): Float32Array {
    const out = new Float32Array(4);
    out.set(this.data.qpos as Float64Array, 0);
    out.set(this.data.qvel as Float64Array, 2);
    return out;
  }
}
