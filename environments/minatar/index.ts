/**
 * The MinAtar family (Young & Tian 2019, https://arxiv.org/abs/1903.03176): importing this module
 * registers `MinAtar/{Asterix,Breakout,Freeway,Seaquest,SpaceInvaders}-v0` (all six actions) and
 * `-v1` (each game's minimal action set) with `makeEnvironment`, as MinAtar's gymnasium
 * registration (`minatar.gym.register_envs`) does. Like the original registration, the ids have no
 * time limit (Freeway ends itself after 2,500 frames; the others end only when the game is lost).
 *
 * Options (camelCase or MinAtar's snake_case):
 * - `stickyActionProb` / `sticky_action_prob`: probability in [0, 1] that the previous executed
 *   action repeats instead of the chosen one; default 0.1 (MinAtar's default).
 * - `difficultyRamping` / `difficulty_ramping`: whether Asterix, Seaquest and Space Invaders speed
 *   up as the game goes on; default true (MinAtar's default). Breakout and Freeway ignore it.
 * - `maxEpisodeSteps` / `max_episode_steps`: an optional time limit in steps (default none).
 *
 * Observations: `Box(0, 1, [10, 10, C])` of 0/1 values (row, column, channel), with C = 4, 4, 7,
 * 10, 6 for Asterix, Breakout, Freeway, Seaquest, SpaceInvaders.
 */
import { ConfigError } from '../../lib/core/errors';
import { readOptions, TIME_LIMIT_OPTION, type OptionSpec } from '../box2d/box2d_options';
import { GymEnvironment } from '../gym_environment';
import { type EnvironmentFactory, makeEnvironment, registerEnvironment } from '../registry';
import { Asterix } from './asterix';
import { Breakout } from './breakout';
import { Freeway } from './freeway';
import { type MinAtarGame, MinAtarCore } from './minatar_core';
import { Seaquest } from './seaquest';
import { SpaceInvaders } from './space_invaders';

export { Asterix } from './asterix';
export { Breakout } from './breakout';
export { Freeway } from './freeway';
export { Seaquest } from './seaquest';
export { SpaceInvaders } from './space_invaders';
export {
  ACTION as MINATAR_ACTION,
  CELL_PIXELS as MINATAR_CELL_PIXELS,
  MINATAR_ACTIONS,
  MinAtarCore,
  type MinAtarCoreOptions,
  type MinAtarGame,
} from './minatar_core';

/** MinAtar's default probability of repeating the previous action. */
export const DEFAULT_STICKY_ACTION_PROB = 0.1;

/** "No time limit": the registry needs a positive integer, so the ids use the largest safe one. */
export const NO_TIME_LIMIT = Number.MAX_SAFE_INTEGER;

/** Builds a game's rules; `ramping` is MinAtar's `difficulty_ramping`. */
type GameMaker = (ramping: boolean) => MinAtarGame;

const GAMES: ReadonlyArray<[string, GameMaker, string]> = [
  ['Asterix', (r) => new Asterix(r), 'Collect gold and dodge enemies crossing eight lanes'],
  ['Breakout', () => new Breakout(), 'Bounce a ball off a paddle to break three rows of bricks'],
  ['Freeway', () => new Freeway(), 'Get a chicken across eight lanes of traffic, 2,500 frames'],
  ['Seaquest', (r) => new Seaquest(r), 'Shoot enemies, rescue divers and surface for oxygen in a submarine'],
  ['SpaceInvaders', (r) => new SpaceInvaders(r), 'Shoot down marching aliens with a cannon'],
];

/** The MinAtar ids this module registers, in registration order. */
export const MINATAR_IDS: readonly string[] = GAMES.flatMap(([name]) => [`MinAtar/${name}-v0`, `MinAtar/${name}-v1`]);

const OPTIONS: Record<string, OptionSpec> = {
  ...TIME_LIMIT_OPTION,
  stickyActionProb: { name: 'stickyActionProb', type: 'number' },
  sticky_action_prob: { name: 'stickyActionProb', type: 'number' },
  difficultyRamping: { name: 'difficultyRamping', type: 'boolean' },
  difficulty_ramping: { name: 'difficultyRamping', type: 'boolean' },
};

function minatarFactory(id: string, makeGame: GameMaker, minimalActionSet: boolean): EnvironmentFactory {
  return (options) => {
    const o = readOptions(id, options, OPTIONS);
    const stickyActionProb = (o.stickyActionProb as number | undefined) ?? DEFAULT_STICKY_ACTION_PROB;
    if (stickyActionProb < 0 || stickyActionProb > 1) {
      throw new ConfigError(
        `Option stickyActionProb of ${id} is a probability and must lie in [0, 1]; received ${stickyActionProb} (MinAtar's default is 0.1; 0 turns sticky actions off)`,
      );
    }
    const ramping = (o.difficultyRamping as boolean | undefined) ?? true;
    return new GymEnvironment(() => new MinAtarCore(makeGame(ramping), { id, minimalActionSet, stickyActionProb }), {
      name: id,
      maxEpisodeSteps: (o.maxEpisodeSteps as number | undefined) ?? NO_TIME_LIMIT,
      makeCopy: () => makeEnvironment(id, options),
    });
  };
}

for (const [name, makeGame, description] of GAMES) {
  for (const version of [0, 1] as const) {
    const id = `MinAtar/${name}-v${version}`;
    const minimal = version === 1;
    registerEnvironment(id, minatarFactory(id, makeGame, minimal), {
      family: 'minatar',
      maxEpisodeSteps: NO_TIME_LIMIT,
      actionKind: 'discrete',
      description: `${description} (${minimal ? 'minimal action set' : 'all 6 actions'})`,
    });
  }
}
