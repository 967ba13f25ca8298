/**
 * The environment registry: `makeEnvironment(id, options)` as ALL's `GymEnvironment(id)` over
 * `gymnasium.make(id, **kwargs)`. Built-in ids are gymnasium 0.29.1's classic-control
 * registrations with their `max_episode_steps`; later families (Box2D, MinAtar, ...) add theirs
 * with `registerEnvironment`.
 *
 * Options: every id accepts `maxEpisodeSteps` (alias `max_episode_steps`) to change the time
 * limit, as `gymnasium.make` does; Pendulum-v1 accepts `g`; both mountain cars accept
 * `goalVelocity` (alias `goal_velocity`); the CartPole ids accept `observe: 'full' | 'positions'` (velocities
 * hidden). Unknown options and ids throw a ConfigError.
 */
import { ConfigError } from '../lib/core/errors';
import { Acrobot } from './classic_control/acrobot';
import { CartPole } from './classic_control/cart_pole';
import { ContinuousMountainCar } from './classic_control/continuous_mountain_car';
import { MountainCar } from './classic_control/mountain_car';
import { Pendulum } from './classic_control/pendulum';
import type { Environment } from './environment';
import { type EnvironmentCore, GymEnvironment } from './gym_environment';
import { editDistance } from '../lib/core/edit_distance';
import { rememberRecipe } from './recipe';
import { bridgedSpec, isBridgedId } from './bridge/bridged_spec';

/** Builds an environment from the options given to `makeEnvironment` (already copied; validate them). */
export type EnvironmentFactory = (options: Record<string, unknown>) => Environment;

/** What the registry knows about an id besides its factory. */
export interface EnvironmentMeta {
  /** Family, e.g. `classic_control`, `box2d`. */
  family: string;
  /** Default time limit in steps (gymnasium's `max_episode_steps`). */
  maxEpisodeSteps: number;
  /** gymnasium's `reward_threshold`, when it has one. */
  rewardThreshold?: number;
  /** Whether the action space is discrete or continuous (lets presets and the CLI filter ids). */
  actionKind: 'discrete' | 'box';
  /** One-line description. */
  description?: string;
  /**
   * Loads what the environment needs before it can be made synchronously, e.g. MuJoCo's
   * WebAssembly build; `prepareEnvironment(id)` awaits it (the CLI and run workers call it).
   */
  prepare?: () => Promise<void>;
}

/** A registry entry. */
export interface EnvironmentSpec extends EnvironmentMeta {
  id: string;
  factory: EnvironmentFactory;
}

const registry = new Map<string, EnvironmentSpec>();

/**
 * Adds an environment id to the registry.
 * @param id gymnasium-style id, e.g. `LunarLander-v2`
 * @param factory builds a fresh environment from `makeEnvironment`'s options
 * @param meta family, default time limit and action kind
 */
export function registerEnvironment(id: string, factory: EnvironmentFactory, meta: EnvironmentMeta): void {
  if (registry.has(id)) {
    throw new ConfigError(`Environment id "${id}" is already registered; pick another id or version suffix`);
  }
  registry.set(id, { id, factory, ...meta });
}

/** Every registered id, in registration order. */
export function listEnvironments(): string[] {
  return [...registry.keys()];
}

/** The registry entry of `id`; throws ConfigError (listing the known ids) if unknown. */
export function environmentSpec(id: string): EnvironmentSpec {
  if (isBridgedId(id)) return bridgedSpec(id);
  const spec = registry.get(id);
  if (spec === undefined) throw unknownId(id);
  return spec;
}

/**
 * Awaits whatever `id` needs loaded before `makeEnvironment(id)` (nothing for most ids); throws
 * the unknown-id error for an unknown id.
 */
export async function prepareEnvironment(id: string): Promise<void> {
  await environmentSpec(id).prepare?.();
}

/**
 * Builds a fresh environment by gymnasium id, with the registered time limit.
 * @param id e.g. `CartPole-v1`
 * @param options environment options (see the file header), e.g. `{ g: 9.81 }` or `{ maxEpisodeSteps: 100 }`
 */
export function makeEnvironment(id: string, options: Record<string, unknown> = {}): Environment {
  if (typeof id !== 'string') {
    throw new ConfigError(`makeEnvironment needs an environment id string; received ${typeof id}. Known ids: ${listEnvironments().join(', ')}`);
  }
  const env = environmentSpec(id).factory({ ...options });
  rememberRecipe(env, id, options);
  return env;
}

function unknownId(id: string): ConfigError {
  const ids = listEnvironments();
  const suggestion = closestId(id, ids);
  return new ConfigError(
    `Unknown environment id "${id}".` +
      (suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`) +
      ` Known ids: ${ids.join(', ')}`,
  );
}

/** The known id nearest to `id` by edit distance (case-insensitive), if it is close enough to be a typo. */
export function closestId(id: string, ids: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const needle = id.toLowerCase();
  // a missing version suffix: "Pendulum" -> "Pendulum-v1"
  const prefixed = ids.filter((candidate) => candidate.toLowerCase().startsWith(`${needle}-v`));
  if (prefixed.length > 0) return prefixed[prefixed.length - 1];
  for (const candidate of ids) {
    const d = editDistance(needle, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(id.length / 3)) ? best : undefined;
}

/** Reads the options a classic-control id accepts, rejecting unknown names and non-numbers. */
function takeNumberOptions(
  id: string,
  options: Record<string, unknown>,
  accepted: Record<string, string>,
  otherValid: readonly string[] = [],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(options)) {
    const name = accepted[key];
    if (name === undefined) {
      const valid = [...Object.keys(accepted), ...otherValid].join(', ');
      throw new ConfigError(`Unknown option "${key}" for ${id}; valid options: ${valid}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ConfigError(`Option "${key}" of ${id} must be a finite number; received ${String(value)}`);
    }
    out[name] = value;
  }
  return out;
}

const TIME_LIMIT_OPTIONS = { maxEpisodeSteps: 'maxEpisodeSteps', max_episode_steps: 'maxEpisodeSteps' };

function registerClassic(
  id: string,
  meta: Omit<EnvironmentMeta, 'family'>,
  extraOptions: Record<string, string>,
  makeCore: (options: Record<string, number>, choices: Record<string, string>) => EnvironmentCore,
  choiceOptions: Record<string, readonly string[]> = {},
): void {
  const factory: EnvironmentFactory = (options) => {
    const numeric: Record<string, unknown> = {};
    const choices: Record<string, string> = {};
    for (const [key, value] of Object.entries(options)) {
      const allowed = choiceOptions[key];
      if (allowed === undefined) {
        numeric[key] = value;
      } else if (typeof value === 'string' && allowed.includes(value)) {
        choices[key] = value;
      } else {
        throw new ConfigError(`Option "${key}" of ${id} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; received ${String(value)}`);
      }
    }
    const parsed = takeNumberOptions(id, numeric, { ...TIME_LIMIT_OPTIONS, ...extraOptions }, Object.keys(choiceOptions));
    const { maxEpisodeSteps = meta.maxEpisodeSteps, ...coreOptions } = parsed;
    return new GymEnvironment(() => makeCore(coreOptions, choices), {
      name: id,
      maxEpisodeSteps,
      makeCopy: () => makeEnvironment(id, options),
    });
  };
  registerEnvironment(id, factory, { family: 'classic_control', ...meta });
}

registerClassic(
  'CartPole-v0',
  { maxEpisodeSteps: 200, rewardThreshold: 195, actionKind: 'discrete', description: 'Balance a pole on a cart (200 steps)' },
  {},
  (_, c) => new CartPole('CartPole-v0', { observe: c.observe as 'full' | 'positions' | undefined }),
  { observe: ['full', 'positions'] },
);
registerClassic(
  'CartPole-v1',
  { maxEpisodeSteps: 500, rewardThreshold: 475, actionKind: 'discrete', description: 'Balance a pole on a cart (500 steps)' },
  {},
  (_, c) => new CartPole('CartPole-v1', { observe: c.observe as 'full' | 'positions' | undefined }),
  { observe: ['full', 'positions'] },
);
registerClassic(
  'MountainCar-v0',
  { maxEpisodeSteps: 200, rewardThreshold: -110, actionKind: 'discrete', description: 'Drive an under-powered car up a hill' },
  { goalVelocity: 'goalVelocity', goal_velocity: 'goalVelocity' },
  (o) => new MountainCar({ goalVelocity: o.goalVelocity }),
);
registerClassic(
  'MountainCarContinuous-v0',
  { maxEpisodeSteps: 999, rewardThreshold: 90, actionKind: 'box', description: 'Mountain car with a continuous force' },
  { goalVelocity: 'goalVelocity', goal_velocity: 'goalVelocity' },
  (o) => new ContinuousMountainCar({ goalVelocity: o.goalVelocity }),
);
registerClassic(
  'Pendulum-v1',
  { maxEpisodeSteps: 200, actionKind: 'box', description: 'Swing a pendulum up and hold it' },
  { g: 'g' },
  (o) => new Pendulum({ g: o.g }),
);
registerClassic(
  'Acrobot-v1',
  { maxEpisodeSteps: 500, rewardThreshold: -100, actionKind: 'discrete', description: 'Swing a two-link arm above a line' },
  {},
  () => new Acrobot(),
);
