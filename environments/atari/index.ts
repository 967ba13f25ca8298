/**
 * The atari family: importing this module registers each Atari 2600 game of the Arcade Learning
 * Environment by its plain name (`Breakout`, `Pong`, ...) with `makeEnvironment`, as ALL's
 * `AtariEnvironment(name)`: gymnasium's `<Game>NoFrameskip-v4` through the Python bridge with
 * ALL's preprocessing (environments/atari/atari_environment.ts). The games need Python with
 * gymnasium and ale-py (python/requirements.txt); making one without them fails with a line
 * saying what to install.
 */
import { registerEnvironment } from '../registry';
import { ATARI_MAX_EPISODE_STEPS, AtariEnvironment, type AtariOptions } from './atari_environment';

export { AtariEnvironment, ATARI_MAX_EPISODE_STEPS, type AtariOptions } from './atari_environment';
export { AreaResize } from './area_resize';

/** The 57 games of the Atari benchmark (Badia et al. 2020), by ALE name. */
export const ATARI_GAMES: readonly string[] = [
  'Alien', 'Amidar', 'Assault', 'Asterix', 'Asteroids', 'Atlantis', 'BankHeist', 'BattleZone', 'BeamRider', 'Berzerk',
  'Bowling', 'Boxing', 'Breakout', 'Centipede', 'ChopperCommand', 'CrazyClimber', 'Defender', 'DemonAttack', 'DoubleDunk',
  'Enduro', 'FishingDerby', 'Freeway', 'Frostbite', 'Gopher', 'Gravitar', 'Hero', 'IceHockey', 'Jamesbond', 'Kangaroo',
  'Krull', 'KungFuMaster', 'MontezumaRevenge', 'MsPacman', 'NameThisGame', 'Phoenix', 'Pitfall', 'Pong', 'PrivateEye',
  'Qbert', 'Riverraid', 'RoadRunner', 'Robotank', 'Seaquest', 'Skiing', 'Solaris', 'SpaceInvaders', 'StarGunner',
  'Surround', 'Tennis', 'TimePilot', 'Tutankham', 'UpNDown', 'Venture', 'VideoPinball', 'WizardOfWor', 'YarsRevenge', 'Zaxxon',
];

for (const game of ATARI_GAMES) {
  registerEnvironment(game, (options) => new AtariEnvironment(game, options as AtariOptions), {
    family: 'atari',
    maxEpisodeSteps: ATARI_MAX_EPISODE_STEPS,
    actionKind: 'discrete',
    description: `Atari 2600 ${game} (${game}NoFrameskip-v4 via the Python bridge, ALL's preprocessing)`,
  });
}
