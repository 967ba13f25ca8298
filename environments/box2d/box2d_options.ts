/**
 * Reading `makeEnvironment` options for the Box2D ids: gymnasium's keyword arguments in camelCase
 * or snake_case, typed (numbers or booleans), with unknown names rejected. Plays the part of
 * `gymnasium.make(id, **kwargs)`'s argument passing; the registry's own reader takes numbers only.
 */
import { ConfigError } from '../../lib/core/errors';

/** What one accepted option is: its canonical name and its type. */
export interface OptionSpec {
  /** camelCase name the value is stored under */
  name: string;
  type: 'number' | 'boolean';
}

/**
 * Reads `options` against `accepted` (keyed by every accepted spelling).
 * @param id environment id, for messages
 * @returns values by canonical name
 */
export function readOptions(
  id: string,
  options: Record<string, unknown>,
  accepted: Record<string, OptionSpec>,
): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  for (const [key, value] of Object.entries(options)) {
    const spec = accepted[key];
    if (spec === undefined) {
      throw new ConfigError(`Unknown option "${key}" for ${id}; valid options: ${Object.keys(accepted).join(', ')}`);
    }
    if (spec.type === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) {
      throw new ConfigError(`Option "${key}" of ${id} must be a finite number; received ${String(value)} (${typeof value})`);
    }
    if (spec.type === 'boolean' && typeof value !== 'boolean') {
      throw new ConfigError(`Option "${key}" of ${id} must be true or false; received ${String(value)} (${typeof value})`);
    }
    out[spec.name] = value as number | boolean;
  }
  return out;
}

/** The time-limit option every id accepts, in both spellings. */
export const TIME_LIMIT_OPTION: Record<string, OptionSpec> = {
  maxEpisodeSteps: { name: 'maxEpisodeSteps', type: 'number' },
  max_episode_steps: { name: 'maxEpisodeSteps', type: 'number' },
};
