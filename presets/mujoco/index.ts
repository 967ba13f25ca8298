/**
 * The MuJoCo family (ALL's `all-mujoco`): ALL runs its continuous presets on MuJoCo's tasks, so
 * these are the continuous presets' agents, hyperparameters and defaults under the family name
 * `mujoco` (`allts mujoco Hopper-v4 sac`, saved presets reload as mujoco ones).
 *
 * Measured (bench/learning.ts, 100 test episodes): sac on InvertedPendulum-v4 with the CI learning
 * test's shrunk settings (64-64 networks, minibatch 64, replay start 1,000, Adam 3e-3 for critics and
 * policy) for 15,000 frames: test mean 1000.0 on each of seeds 0-4 (worst 1000.0; train returns100
 * 140.7 on average, exploring), 120-144 s per run on a 2-core machine shared with two other jobs.
 * ALL's defaults (400-300, minibatch 256, replay start 5,000) on InvertedPendulum-v4, 20,000 frames,
 * 10 test episodes, seeds 0-2: sac 1000.0 / 1000.0 / 1000.0 (train returns100 154-157, 17-27 min per
 * run on a loaded machine); td3 3.0 / 72.2 / 665.6 (its actor saturates at the action bound; with
 * `preActivationWeight` 0.1 it does not, and tests 114.3 / 70.8 / 107.6; see presets/continuous/td3.ts); with the TD3 authors' settings (`hidden1=256 hidden2=256 lrQ=3e-4
 * lrPi=3e-4 replayStartSize=1000 randomWarmUp=true`) td3 tests 1000.0 on each of seeds 0-2 at 40,000
 * frames, hence the mujoco td3 defaults below (the continuous family keeps ALL's).
 * HalfCheetah-v4, 200,000 frames, with a 1,000-frame warm-up and cosine LR decay (this family's td3
 * defaults until session 17), seed 0 only: test mean 1247.6 (10 episodes), train returns100 1166.5,
 * flat from about 100,000 frames on, far below the authors' curves (sfujim/TD3 learning_curves,
 * HalfCheetah-v1, 10 seeds: mean 6,833, worst 5,785 at 200,000 steps). Their own code run here on
 * HalfCheetah-v4 with the same 1,000-step warm-up evaluates 817 at 100,000 steps, and with its
 * default 25,000 random steps 4,120 (seed 0): the warm-up was the gap, not our TD3.
 * Now the defaults are the authors': 25,000 random warm-up frames (`replayStartSize`) and constant
 * rates (`annealLr` false; ALL's presets decay theirs). HalfCheetah-v4, 200,000 frames, 10 test
 * episodes: seed 0 6,836.3 (train returns100 5,412.0), seed 1 7,875.4 (6,074.5); mean 7,355.8,
 * worst 6,836.3 (about 5,900 s a run, 2-4 runs sharing 2 cores). At 100,000 frames seed 0 tested
 * 4,083.9 (the authors' code: 4,120). InvertedPendulum-v4, 60,000 frames, 10 test episodes: 1000.0
 * on each of seeds 0-2 (train returns100 287.7 and 287.4 on seeds 1-2, with exploration noise).
 * sac on HalfCheetah-v4 is not yet measured to 200,000 (a seed-0 run passed 80,000 frames with
 * training returns of about 1,500).
 */
import { definePreset } from '../builder';
import { withDefaults } from '../hyperparameters';
import { DDPG_HYPERPARAMETERS, DDPGContinuousPreset } from '../continuous/ddpg';
import { PPO_CONTINUOUS_HYPERPARAMETERS, PPOContinuousPreset } from '../continuous/ppo';
import { SAC_HYPERPARAMETERS, SACContinuousPreset } from '../continuous/sac';
import { TD3_HYPERPARAMETERS, TD3ContinuousPreset } from '../continuous/td3';
import { continuous } from '../continuous';

const as = <K extends keyof typeof continuous>(id: K) => `${continuous[id].description} (ALL's continuous defaults)`;

/**
 * td3 on MuJoCo takes the TD3 authors' settings (sfujim/TD3): with ALL's continuous defaults its
 * actor saturates on InvertedPendulum-v4 (see presets/continuous/td3.ts); with these it learns.
 */
export const MUJOCO_TD3_HYPERPARAMETERS = withDefaults(
  'td3',
  TD3_HYPERPARAMETERS,
  { hidden1: 256, hidden2: 256, lrQ: 3e-4, lrPi: 3e-4, annealLr: false, replayStartSize: 25000, randomWarmUp: true },
  "the TD3 authors' code, measured on InvertedPendulum-v4 and HalfCheetah-v4 (presets/mujoco/index.ts)",
);

/** MuJoCo presets by id (`mujoco.sac.env(makeEnvironment('Hopper-v4')).build()`). */
export const mujoco = {
  ddpg: definePreset({ id: 'ddpg', family: 'mujoco', specs: DDPG_HYPERPARAMETERS, preset: DDPGContinuousPreset, description: as('ddpg') }),
  sac: definePreset({ id: 'sac', family: 'mujoco', specs: SAC_HYPERPARAMETERS, preset: SACContinuousPreset, description: as('sac') }),
  td3: definePreset({ id: 'td3', family: 'mujoco', specs: MUJOCO_TD3_HYPERPARAMETERS, preset: TD3ContinuousPreset, description: "TD3 with the authors' settings (256-256 networks, Adam 3e-4 at a constant rate, 25,000 random warm-up frames)" }),
  ppo: definePreset({ id: 'ppo', family: 'mujoco', specs: PPO_CONTINUOUS_HYPERPARAMETERS, preset: PPOContinuousPreset, parallel: true, description: as('ppo') }),
};
