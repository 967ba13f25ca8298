/**
 * Fixed players for the turn-based games, shaped like presets so they can take a seat beside a
 * learning agent (`allts multiagent tictactoe_v3 dqn random`) or serve as evaluation opponents
 * (`--opponent random|minimax`): `random` (a uniformly random legal move, any game) and
 * `minimax` (exact tic-tac-toe). They have no weights; `save` records which player it is.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../lib/core/atomic_file';
import { ConfigError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import type { Discrete } from '../../lib/core/spaces';
import type { Agent } from '../../lib/agents/agent';
import { RandomAgent } from '../../lib/agents/random_agent';
import { MinimaxTicTacToeAgent } from '../../environments/games/tictactoe_minimax';

/** The fixed players by name, with one line for `allts list`. */
export const PLAYERS = {
  random: 'a uniformly random legal move (any game)',
  minimax: 'exact minimax play (tictactoe_v3 only)',
} as const;

/** A fixed player's name. */
export type PlayerName = keyof typeof PLAYERS;

/** True when `name` is a fixed player. */
export function isPlayerName(name: string): name is PlayerName {
  return Object.prototype.hasOwnProperty.call(PLAYERS, name);
}

/**
 * A fixed player for environment `envName`.
 * @param name `random` or `minimax`
 * @param envName the multi-agent environment id (minimax needs tictactoe_v3)
 * @param actionSpace the seat's action space
 * @param rng the player's generator (random moves, minimax's ties)
 * @throws ConfigError for an unknown player or minimax outside tic-tac-toe
 */
export function makePlayer(name: string, envName: string, actionSpace: Discrete, rng: Random): Agent {
  if (name === 'random') return new RandomAgent(actionSpace.n, rng);
  if (name === 'minimax') {
    if (envName !== 'tictactoe_v3') {
      throw new ConfigError(`The minimax player knows only tictactoe_v3; for ${envName} use --opponent random`);
    }
    return new MinimaxTicTacToeAgent(rng);
  }
  throw new ConfigError(`Unknown player "${name}"; valid players: ${Object.keys(PLAYERS).join(', ')}`);
}

/** A fixed player in a seat: the preset-shaped wrapper the independent preset holds. */
export class PlayerSeat {
  readonly id: string;
  readonly family = 'player';
  readonly parallel = false;
  readonly hyperparameters: Readonly<Record<string, unknown>> = {};

  /**
   * @param name `random` or `minimax`
   * @param envName the environment id
   * @param actionSpace the seat's action space
   * @param seed seeds the training player's generator; the test player uses seed + 17
   */
  constructor(
    readonly name: string,
    private readonly envName: string,
    private readonly actionSpace: Discrete,
    readonly seed: number,
  ) {
    this.id = name;
    makePlayer(name, envName, actionSpace, new Random(seed)); // validates the name now
  }

  agent(): Agent {
    return makePlayer(this.name, this.envName, this.actionSpace, new Random(this.seed));
  }

  testAgent(): Agent {
    return makePlayer(this.name, this.envName, this.actionSpace, new Random(this.seed + 17));
  }

  async save(dir: string): Promise<void> {
    fs.mkdirSync(dir, { recursive: true });
    writeFileAtomic(path.join(dir, 'player.json'), JSON.stringify({ format: 'allts-player', player: this.name, seed: this.seed }, null, 2) + '\n');
  }

  dispose(): void {}
}
