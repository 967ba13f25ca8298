/**
 * The Box2D family: importing this module registers gymnasium's Box2D ids with
 * `makeEnvironment`, with gymnasium 0.29.1's time limits and reward thresholds
 * (gymnasium/envs/__init__.py), plus gymnasium 1.0's `LunarLander-v3` / `LunarLanderContinuous-v3`.
 *
 * Options (camelCase or gymnasium's snake_case): every id takes `maxEpisodeSteps`; the lander ids
 * take `continuous`, `gravity`, `enableWind`, `windPower`, `turbulencePower` (their defaults as
 * gymnasium's, `continuous` true for the *Continuous* ids); the walker ids take `hardcore`.
 * CarRacing is not ported.
 */
import { type EnvironmentFactory, makeEnvironment, registerEnvironment } from '../registry';
import { GymEnvironment } from '../gym_environment';
import { BipedalWalker } from './bipedal_walker';
import { readOptions, TIME_LIMIT_OPTION, type OptionSpec } from './box2d_options';
import { LunarLander } from './lunar_lander';

export { LunarLander, LUNAR_LANDER, lunarLanderShaping } from './lunar_lander';
export type { LunarLanderOptions, LunarLanderRewardTerms, LanderParticle } from './lunar_lander';
export { BipedalWalker, BIPEDAL_WALKER } from './bipedal_walker';
export type { BipedalWalkerOptions, BipedalWalkerRewardTerms, LidarRay } from './bipedal_walker';
export { generateWalkerCourse, WALKER_TERRAIN } from './bipedal_walker_terrain';
export type { WalkerCourse, Cloud, TerrainPolygon } from './bipedal_walker_terrain';
export { BODY_STATE_VARIABLES } from './rigid_group';

/** The Box2D ids this module registers, in registration order. */
export const BOX2D_IDS = [
  'LunarLander-v2',
  'LunarLanderContinuous-v2',
  'LunarLander-v3',
  'LunarLanderContinuous-v3',
  'BipedalWalker-v3',
  'BipedalWalkerHardcore-v3',
] as const;

const LANDER_OPTIONS: Record<string, OptionSpec> = {
  ...TIME_LIMIT_OPTION,
  continuous: { name: 'continuous', type: 'boolean' },
  gravity: { name: 'gravity', type: 'number' },
  enableWind: { name: 'enableWind', type: 'boolean' },
  enable_wind: { name: 'enableWind', type: 'boolean' },
  windPower: { name: 'windPower', type: 'number' },
  wind_power: { name: 'windPower', type: 'number' },
  turbulencePower: { name: 'turbulencePower', type: 'number' },
  turbulence_power: { name: 'turbulencePower', type: 'number' },
};

const WALKER_OPTIONS: Record<string, OptionSpec> = {
  ...TIME_LIMIT_OPTION,
  hardcore: { name: 'hardcore', type: 'boolean' },
};

function lunarLanderFactory(id: string, version: 2 | 3, continuousByDefault: boolean, maxEpisodeSteps: number): EnvironmentFactory {
  return (options) => {
    const o = readOptions(id, options, LANDER_OPTIONS);
    const makeCore = (): LunarLander =>
      new LunarLander({
        id,
        version,
        continuous: (o.continuous as boolean | undefined) ?? continuousByDefault,
        gravity: o.gravity as number | undefined,
        enableWind: o.enableWind as boolean | undefined,
        windPower: o.windPower as number | undefined,
        turbulencePower: o.turbulencePower as number | undefined,
      });
    return new GymEnvironment(makeCore, {
      name: id,
      maxEpisodeSteps: (o.maxEpisodeSteps as number | undefined) ?? maxEpisodeSteps,
      makeCopy: () => makeEnvironment(id, options),
    });
  };
}

function bipedalWalkerFactory(id: string, hardcoreByDefault: boolean, maxEpisodeSteps: number): EnvironmentFactory {
  return (options) => {
    const o = readOptions(id, options, WALKER_OPTIONS);
    const hardcore = (o.hardcore as boolean | undefined) ?? hardcoreByDefault;
    return new GymEnvironment(() => new BipedalWalker({ id, hardcore }), {
      name: id,
      maxEpisodeSteps: (o.maxEpisodeSteps as number | undefined) ?? maxEpisodeSteps,
      makeCopy: () => makeEnvironment(id, options),
    });
  };
}

const LANDER_DESCRIPTION = 'Land a rocket on a pad with a main and two side engines';
registerEnvironment('LunarLander-v2', lunarLanderFactory('LunarLander-v2', 2, false, 1000), {
  family: 'box2d',
  maxEpisodeSteps: 1000,
  rewardThreshold: 200,
  actionKind: 'discrete',
  description: `${LANDER_DESCRIPTION} (4 discrete actions)`,
});
registerEnvironment('LunarLanderContinuous-v2', lunarLanderFactory('LunarLanderContinuous-v2', 2, true, 1000), {
  family: 'box2d',
  maxEpisodeSteps: 1000,
  rewardThreshold: 200,
  actionKind: 'box',
  description: `${LANDER_DESCRIPTION} (continuous throttles)`,
});
registerEnvironment('LunarLander-v3', lunarLanderFactory('LunarLander-v3', 3, false, 1000), {
  family: 'box2d',
  maxEpisodeSteps: 1000,
  rewardThreshold: 200,
  actionKind: 'discrete',
  description: `${LANDER_DESCRIPTION} (v3; option continuous: true for throttles)`,
});
registerEnvironment('LunarLanderContinuous-v3', lunarLanderFactory('LunarLanderContinuous-v3', 3, true, 1000), {
  family: 'box2d',
  maxEpisodeSteps: 1000,
  rewardThreshold: 200,
  actionKind: 'box',
  description: `${LANDER_DESCRIPTION} (v3, continuous throttles)`,
});
registerEnvironment('BipedalWalker-v3', bipedalWalkerFactory('BipedalWalker-v3', false, 1600), {
  family: 'box2d',
  maxEpisodeSteps: 1600,
  rewardThreshold: 300,
  actionKind: 'box',
  description: 'Walk a two-legged robot over gently rolling grass',
});
registerEnvironment('BipedalWalkerHardcore-v3', bipedalWalkerFactory('BipedalWalkerHardcore-v3', true, 2000), {
  family: 'box2d',
  maxEpisodeSteps: 2000,
  rewardThreshold: 300,
  actionKind: 'box',
  description: 'BipedalWalker over stumps, stairs and pits',
});
