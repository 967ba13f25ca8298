/**
 * The independent-learners preset (ALL's all/presets/independent_multiagent.py,
 * IndependentMultiagentPreset): one single-agent preset per agent id of a turn-based environment,
 * each built for that agent's observation and action spaces; `agent()` and `testAgent()` are
 * IndependentMultiagents of the seats' agents. Differences from ALL: a builder
 * (`independentMultiagent(classicControl.dqn).env(env).seed(0).build()`) instead of a dict of
 * built presets; a seat may hold a fixed player (`random`, `minimax`); each seat logs under its
 * agent id (PrefixedLogger); save/load write one directory per seat and `multiagent.json` last.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../lib/core/atomic_file';
import { ConfigError, FileFormatError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import type { Box, Discrete } from '../../lib/core/spaces';
import type { Agent } from '../../lib/agents/agent';
import { IndependentMultiagent } from '../../lib/agents/independent_multiagent';
import { PrefixedLogger } from '../../lib/logging/prefixed_logger';
import type { PresetBuilder } from '../builder';
import type { AgentOptions, Preset } from '../preset';
import { loadPreset } from '../registry';
import { PlayerSeat } from './players';

/** What a seat can be: a single-agent preset builder (e.g. `classicControl.dqn`) or a fixed player's name. */
export type SeatChoice = PresetBuilder<any> | string;

/** What the preset needs of a multi-agent environment (any MultiagentEnvironment satisfies it). */
export interface MultiagentEnvSpec {
  readonly name: string;
  readonly possibleAgents: readonly string[];
  observationSpace(agent: string): Box;
  actionSpace(agent: string): Discrete;
}

/** A seat's preset: a single-agent Preset or a fixed player. */
export type SeatPreset = Preset | PlayerSeat;

/** The file format version of multiagent.json. */
export const MULTIAGENT_PRESET_FORMAT = 1;

/** One single-agent preset (or fixed player) per agent id (see the file header). */
export class IndependentMultiagentPreset {
  /**
   * @param name shown in logs and run directories, e.g. `dqn` or `dqn-random`
   * @param env the environment's name and spaces
   * @param seats a preset per agent id, in the environment's agent order
   * @param seed the seed the seats' seeds were drawn from
   */
  constructor(
    readonly name: string,
    readonly env: MultiagentEnvSpec,
    readonly seats: Readonly<Record<string, SeatPreset>>,
    readonly seed: number,
  ) {}

  /** The hyperparameters of each seat's preset, by agent id. */
  get hyperparameters(): Record<string, Readonly<Record<string, unknown>>> {
    return Object.fromEntries(Object.entries(this.seats).map(([a, p]) => [a, p.hyperparameters]));
  }

  /** Training agents, one per agent id; each logs under its agent id. */
  agent(options: AgentOptions = {}): IndependentMultiagent {
    const agents: Record<string, Agent> = {};
    for (const [id, seat] of Object.entries(this.seats)) {
      const logger = options.logger === undefined ? undefined : new PrefixedLogger(options.logger, id);
      agents[id] = seat.agent({ ...options, logger }) as Agent;
    }
    return new IndependentMultiagent(agents);
  }

  /** Test agents (no training, test exploration), one per agent id. */
  testAgent(): IndependentMultiagent {
    return new IndependentMultiagent(Object.fromEntries(Object.entries(this.seats).map(([id, seat]) => [id, seat.testAgent()])));
  }

  /** Saves each seat to `<dir>/<agent id>/`, then `multiagent.json` (atomically, last). */
  async save(dir: string): Promise<void> {
    fs.mkdirSync(dir, { recursive: true });
    const seats: Record<string, { kind: 'preset' | 'player'; name: string }> = {};
    for (const [id, seat] of Object.entries(this.seats)) {
      await seat.save(path.join(dir, id));
      seats[id] = { kind: seat instanceof PlayerSeat ? 'player' : 'preset', name: seat.name };
    }
    const env = {
      name: this.env.name,
      possibleAgents: this.env.possibleAgents,
      actionSpaces: Object.fromEntries(this.env.possibleAgents.map((a) => [a, this.env.actionSpace(a).toJSON()])),
    };
    const json = { format: 'allts-multiagent-preset', version: MULTIAGENT_PRESET_FORMAT, name: this.name, seed: this.seed, env, seats };
    writeFileAtomic(path.join(dir, 'multiagent.json'), JSON.stringify(json, null, 2) + '\n');
  }

  /** Releases every seat's models. */
  dispose(): void {
    for (const seat of Object.values(this.seats)) seat.dispose();
  }
}

/** The immutable builder of an IndependentMultiagentPreset. */
export class IndependentMultiagentBuilder {
  constructor(
    private readonly choices: SeatChoice | Readonly<Record<string, SeatChoice>>,
    private readonly state: { env?: MultiagentEnvSpec; seed?: number; name?: string } = {},
  ) {}

  /** The environment to build for (a MultiagentEnvironment, e.g. makeMultiagentEnvironment('tictactoe_v3')). */
  env(env: MultiagentEnvSpec): IndependentMultiagentBuilder {
    if (env === undefined || env === null || !Array.isArray(env.possibleAgents)) {
      throw new ConfigError(`independentMultiagent().env() needs a multi-agent environment, e.g. makeMultiagentEnvironment('tictactoe_v3'); received ${String(env)}`);
    }
    return new IndependentMultiagentBuilder(this.choices, { ...this.state, env });
  }

  /** Seeds every seat (each gets its own seed drawn from this one). */
  seed(seed: number): IndependentMultiagentBuilder {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new ConfigError(`independentMultiagent().seed() needs a non-negative integer; received ${seed}`);
    return new IndependentMultiagentBuilder(this.choices, { ...this.state, seed });
  }

  /** The name used in logs and run directories. */
  name(name: string): IndependentMultiagentBuilder {
    if (typeof name !== 'string' || name.trim() === '') throw new ConfigError('independentMultiagent().name() needs a non-empty string');
    return new IndependentMultiagentBuilder(this.choices, { ...this.state, name });
  }

  /** The name a build would get: the seat names joined by `-` when they differ (`dqn-random`), else the one name. */
  get defaultName(): string {
    if (typeof this.choices === 'string' || isBuilder(this.choices)) return seatName(this.choices as SeatChoice);
    return [...new Set(Object.values(this.choices as Record<string, SeatChoice>).map(seatName))].join('-');
  }

  /** Builds every seat's preset. */
  build(): IndependentMultiagentPreset {
    const env = this.state.env;
    if (env === undefined) {
      throw new ConfigError("independentMultiagent(...): call .env(env) before .build(), e.g. .env(makeMultiagentEnvironment('tictactoe_v3'))");
    }
    const seed = this.state.seed ?? new Random().childSeed();
    const seeds = new Random(seed);
    const seats: Record<string, SeatPreset> = {};
    try {
      for (const agent of env.possibleAgents) {
        const choice = this.choiceFor(agent);
        const seatSeed = seeds.childSeed();
        if (typeof choice === 'string') {
          seats[agent] = new PlayerSeat(choice, env.name, env.actionSpace(agent), seatSeed);
          continue;
        }
        if (choice.parallel) {
          throw new ConfigError(
            `Preset "${choice.id}" acts on several environments at once (a parallel preset); a turn-based game needs a single-environment preset such as dqn, ddqn, c51, rainbow or vpg`,
          );
        }
        const spec = { name: env.name, observationSpace: env.observationSpace(agent), actionSpace: env.actionSpace(agent) };
        seats[agent] = choice.env(spec).seed(seatSeed).build();
      }
    } catch (e) {
      for (const s of Object.values(seats)) s.dispose();
      throw e;
    }
    return new IndependentMultiagentPreset(this.state.name ?? this.defaultName, env, seats, seed);
  }

  private choiceFor(agent: string): SeatChoice {
    if (typeof this.choices === 'string' || isBuilder(this.choices)) return this.choices as SeatChoice;
    const choice = (this.choices as Record<string, SeatChoice>)[agent];
    if (choice === undefined) {
      throw new ConfigError(
        `independentMultiagent: no preset for agent "${agent}"; give one per agent (${this.state.env?.possibleAgents.join(', ')}) or a single preset for all`,
      );
    }
    return choice;
  }
}

function isBuilder(x: unknown): x is PresetBuilder<any> {
  return typeof x === 'object' && x !== null && typeof (x as PresetBuilder).build === 'function' && typeof (x as PresetBuilder).id === 'string';
}

function seatName(choice: SeatChoice): string {
  return typeof choice === 'string' ? choice : choice.id;
}

/**
 * Independent learners for a turn-based environment: one preset (or fixed player) for every
 * agent, or one per agent id (ALL's IndependentMultiagentPreset).
 * @param choices e.g. `classicControl.dqn`, or `{ player_1: classicControl.dqn, player_2: 'random' }`
 */
export function independentMultiagent(choices: SeatChoice | Readonly<Record<string, SeatChoice>>): IndependentMultiagentBuilder {
  return new IndependentMultiagentBuilder(choices);
}

/**
 * Loads a preset saved by `IndependentMultiagentPreset.save(dir)`.
 * @throws FileFormatError when multiagent.json or a seat's files are missing or of another format
 */
export async function loadMultiagentPreset(dir: string, env: MultiagentEnvSpec): Promise<IndependentMultiagentPreset> {
  const file = path.join(dir, 'multiagent.json');
  let json: Record<string, any>;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new FileFormatError(`No readable multi-agent preset at ${dir}: ${file} is missing or not JSON (${(e as Error).message}); save one with preset.save(dir)`);
  }
  if (json.format !== 'allts-multiagent-preset' || json.version !== MULTIAGENT_PRESET_FORMAT) {
    throw new FileFormatError(`${file} is not an allts multi-agent preset of version ${MULTIAGENT_PRESET_FORMAT} (format ${json.format}, version ${json.version})`);
  }
  if (json.env?.name !== env.name) {
    throw new ConfigError(`${file} was saved for ${json.env?.name}, not ${env.name}; load it with that environment`);
  }
  const seats: Record<string, SeatPreset> = {};
  for (const agent of env.possibleAgents) {
    const seat = json.seats?.[agent];
    if (seat === undefined) throw new FileFormatError(`${file} has no seat for agent "${agent}"`);
    if (seat.kind === 'player') {
      const player = JSON.parse(fs.readFileSync(path.join(dir, agent, 'player.json'), 'utf8'));
      seats[agent] = new PlayerSeat(String(player.player), env.name, env.actionSpace(agent), Number(player.seed));
    } else {
      seats[agent] = await loadPreset(path.join(dir, agent));
    }
  }
  return new IndependentMultiagentPreset(String(json.name), env, seats, Number(json.seed));
}
