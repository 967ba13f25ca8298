/** The continuous-control family: presets for Pendulum, MountainCarContinuous, LunarLanderContinuous and other Box-action tasks. */
import { ddpg } from './ddpg';
import { ppo } from './ppo';
import { sac } from './sac';
import { td3 } from './td3';

/** Continuous-control presets by id (`continuous.sac.env(env).build()`). */
export const continuous = { ddpg, sac, td3, ppo };
