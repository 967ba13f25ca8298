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
import type { MujocoCore } from './mujoco_core';
import { loadMujoco } from './physics';

export { HalfCheetah, HALF_CHEETAH_DEFAULTS } from './half_cheetah';
export { Hopper, HOPPER_DEFAULTS } from './hopper';
export { InvertedPendulum } from './inverted_pendulum';
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
