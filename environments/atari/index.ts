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

/**
 * The games ALL's AtariEnvironment can build: every `<Game>NoFrameskip-v4` id that gymnasium 1.4 with
 * ale-py 0.12 registers (62 games; Surround, one of the 57 of the benchmark, has only `ALE/Surround-v5`).
 */
export const ATARI_GAMES: readonly string[] = [
  'Adventure', 'AirRaid', 'Alien', 'Amidar', 'Assault', 'Asterix', 'Asteroids', 'Atlantis', 'BankHeist',
  'BattleZone', 'BeamRider', 'Berzerk', 'Bowling', 'Boxing', 'Breakout', 'Carnival', 'Centipede', 'ChopperCommand',
  'CrazyClimber', 'Defender', 'DemonAttack', 'DoubleDunk', 'ElevatorAction', 'Enduro', 'FishingDerby', 'Freeway',
  'Frostbite', 'Gopher', 'Gravitar', 'Hero', 'IceHockey', 'Jamesbond', 'JourneyEscape', 'Kangaroo', 'Krull',
  'KungFuMaster', 'MontezumaRevenge', 'MsPacman', 'NameThisGame', 'Phoenix', 'Pitfall', 'Pong', 'Pooyan',
  'PrivateEye', 'Qbert', 'Riverraid', 'RoadRunner', 'Robotank', 'Seaquest', 'Skiing', 'Solaris', 'SpaceInvaders',
  'StarGunner', 'Tennis', 'TimePilot', 'Tutankham', 'UpNDown', 'Venture', 'VideoPinball', 'WizardOfWor',
  'YarsRevenge', 'Zaxxon',
];

for (const game of ATARI_GAMES) {
  registerEnvironment(game, (options) => new AtariEnvironment(game, options as AtariOptions), {
    family: 'atari',
    maxEpisodeSteps: ATARI_MAX_EPISODE_STEPS,
    actionKind: 'discrete',
    description: `Atari 2600 ${game} (${game}NoFrameskip-v4 via the Python bridge, ALL's preprocessing)`,
  });
}
