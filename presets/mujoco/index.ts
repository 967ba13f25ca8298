/**
 * The MuJoCo family (ALL's `all-mujoco`): ALL runs its continuous presets on MuJoCo's tasks, so
 * these are the continuous presets' agents, hyperparameters and defaults under the family name
 * `mujoco` (`allts mujoco Hopper-v4 sac`, saved presets reload as mujoco ones).
 */
import { definePreset } from '../builder';
import { DDPG_HYPERPARAMETERS, DDPGContinuousPreset } from '../continuous/ddpg';
import { PPO_CONTINUOUS_HYPERPARAMETERS, PPOContinuousPreset } from '../continuous/ppo';
import { SAC_HYPERPARAMETERS, SACContinuousPreset } from '../continuous/sac';
import { TD3_HYPERPARAMETERS, TD3ContinuousPreset } from '../continuous/td3';
import { continuous } from '../continuous';

const as = <K extends keyof typeof continuous>(id: K) => `${continuous[id].description} (ALL's continuous defaults)`;

/** MuJoCo presets by id (`mujoco.sac.env(makeEnvironment('Hopper-v4')).build()`). */
export const mujoco = {
  ddpg: definePreset({ id: 'ddpg', family: 'mujoco', specs: DDPG_HYPERPARAMETERS, preset: DDPGContinuousPreset, description: as('ddpg') }),
  sac: definePreset({ id: 'sac', family: 'mujoco', specs: SAC_HYPERPARAMETERS, preset: SACContinuousPreset, description: as('sac') }),
  td3: definePreset({ id: 'td3', family: 'mujoco', specs: TD3_HYPERPARAMETERS, preset: TD3ContinuousPreset, description: as('td3') }),
  ppo: definePreset({ id: 'ppo', family: 'mujoco', specs: PPO_CONTINUOUS_HYPERPARAMETERS, preset: PPOContinuousPreset, parallel: true, description: as('ppo') }),
};
