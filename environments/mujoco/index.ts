/**
 * The MuJoCo family: gymnasium 0.29.1's v4 tasks on MuJoCo's WebAssembly build. Each id's
 * `prepare` loads the build, so `await prepareEnvironment(id)` before `makeEnvironment(id)`.
 */
import { ConfigError } from '../../lib/core/errors';
import { GymEnvironment } from '../gym_environment';
import { makeEnvironment, registerEnvironment } from '../registry';
import { HalfCheetah } from './half_cheetah';
import { Hopper } from './hopper';
import { InvertedPendulum } from './inverted_pendulum';
import { Walker2d } from './walker2d';
import { Ant } from './ant';
import { Humanoid } from './humanoid';
import { InvertedDoublePendulum } from './inverted_double_pendulum';
import { Reacher } from './reacher';
import { Swimmer } from './swimmer';
import type { MujocoCore } from './mujoco_core';
import { loadMujoco } from './physics';

export { HalfCheetah, HALF_CHEETAH_DEFAULTS } from './half_cheetah';
export { Hopper, HOPPER_DEFAULTS } from './hopper';
export { InvertedPendulum } from './inverted_pendulum';
export { Walker2d, WALKER2D_DEFAULTS } from './walker2d';
export { Ant, ANT_DEFAULTS } from './ant';
export { Humanoid, HUMANOID_DEFAULTS } from './humanoid';
export { InvertedDoublePendulum } from './inverted_double_pendulum';
export { Reacher } from './reacher';
export { Swimmer, SWIMMER_DEFAULTS } from './swimmer';
export { MujocoCore } from './mujoco_core';
export { loadMujoco } from './physics';

type TaskMaker = (id: string, options: Record<string, unknown>) => MujocoCore;

/** id, maker, time limit, reward threshold, description (gymnasium's registrations). */
const TASKS: readonly [string, TaskMaker, number, number | undefined, string][] = [
  ['InvertedPendulum-v4', (id, o) => {
    const unknown = Object.keys(o).filter((k) => k !== 'maxEpisodeSteps' && k !== 'max_episode_steps');
    if (unknown.length > 0) throw new ConfigError(`Unknown option "${unknown[0]}" for ${id}; valid options: maxEpisodeSteps`);
    return new InvertedPendulum(id);
  }, 1000, 950, 'a cart balancing a pole (MuJoCo)'],
  ['HalfCheetah-v4', (id, o) => new HalfCheetah(id, o), 1000, 4800, 'a planar two-legged runner (MuJoCo)'],
  ['Hopper-v4', (id, o) => new Hopper(id, o), 1000, 3800, 'a planar one-legged hopper (MuJoCo)'],
  ['Walker2d-v4', (id, o) => new Walker2d(id, o), 1000, undefined, 'a planar biped walker (MuJoCo)'],
  ['Ant-v4', (id, o) => new Ant(id, o), 1000, 6000, 'a four-legged walker in 3D (MuJoCo)'],
  ['Humanoid-v4', (id, o) => new Humanoid(id, o), 1000, undefined, 'a 3D humanoid learning to run (MuJoCo)'],
  ['InvertedDoublePendulum-v4', (id, o) => new InvertedDoublePendulum(id, o), 1000, 9100, 'a cart balancing two chained poles (MuJoCo)'],
  ['Reacher-v4', (id, o) => new Reacher(id, o), 50, -3.75, 'a two-link arm reaching a target (MuJoCo)'],
  ['Swimmer-v4', (id, o) => new Swimmer(id, o), 1000, 360, 'a three-link swimmer in a viscous fluid (MuJoCo)'],
];

/** The MuJoCo ids this module registers. */
export const MUJOCO_IDS: readonly string[] = TASKS.map(([id]) => id);

const prepare = async (): Promise<void> => {
  await loadMujoco();
};

for (const [id, make, maxEpisodeSteps, rewardThreshold, description] of TASKS) {
  registerEnvironment(
    id,
    (options) => {
      const steps = options.maxEpisodeSteps ?? options.max_episode_steps ?? maxEpisodeSteps;
      if (typeof steps !== 'number') throw new ConfigError(`Option maxEpisodeSteps of ${id} must be a number; received ${String(steps)}`);
      const core = make(id, options); // checks the options once, before any copy
      let first: MujocoCore | undefined = core;
      return new GymEnvironment(() => {
        const c = first ?? make(id, options);
        first = undefined;
        return c;
      }, { name: id, maxEpisodeSteps: steps, makeCopy: () => makeEnvironment(id, options) });
    },
    { family: 'mujoco', maxEpisodeSteps, ...(rewardThreshold === undefined ? {} : { rewardThreshold }), actionKind: 'box', description, prepare },
  );
}
