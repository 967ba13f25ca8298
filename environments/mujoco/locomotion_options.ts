/**
 * The options gymnasium's v4 locomotion tasks take (camelCase, or gymnasium's snake_case), checked:
 * numbers, booleans and [low, high] ranges, with a clear error for an unknown name or a wrong type.
 */
import { ConfigError } from '../../lib/core/errors';
import { camelCase } from '../../presets/hyperparameters';

export type OptionValue = number | boolean | readonly [number, number];

/** Reads `options` against `defaults` (the task's gymnasium defaults); returns the merged values. */
export function taskOptions<T extends Record<string, OptionValue>>(id: string, defaults: T, options: Record<string, unknown>): T {
  const out: Record<string, OptionValue> = { ...defaults };
  for (const [raw, value] of Object.entries(options)) {
    const key = camelCase(raw);
    if (key === 'maxEpisodeSteps') continue; // the registry's time limit
    if (!(key in defaults)) {
      throw new ConfigError(`Unknown option "${raw}" for ${id}; valid options: ${[...Object.keys(defaults), 'maxEpisodeSteps'].join(', ')}`);
    }
    const expected = defaults[key]!;
    const where = `Option "${raw}" of ${id}`;
    if (typeof expected === 'number') {
      if (typeof value !== 'number' || Number.isNaN(value)) throw new ConfigError(`${where} must be a number (default ${expected}); received ${String(value)}`);
    } else if (typeof expected === 'boolean') {
      if (typeof value !== 'boolean') throw new ConfigError(`${where} must be true or false (default ${expected}); received ${String(value)}`);
    } else if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === "number") || !((value[0] as number) <= (value[1] as number))) {
      throw new ConfigError(`${where} must be a range [low, high] with low <= high (default [${expected.join(', ')}]); received ${JSON.stringify(value)}`);
    }
    out[key] = value as OptionValue;
  }
  return out as T;
}
