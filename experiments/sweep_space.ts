/**
 * The configurations of a sweep: a grid (every combination of listed values) or N random draws
 * (per hyperparameter a choice among listed values, uniform, or log-uniform). Values are checked
 * against the preset's hyperparameter specs before any run starts.
 */
import { ConfigError } from '../lib/core/errors';
import { Random } from '../lib/core/random';
import { checkValue, parseValue, resolveKey, type ParamSpecs, type ParamValue } from '../presets/hyperparameters';

/** How one hyperparameter varies. */
export type Dimension =
  | { kind: 'choice'; values: ParamValue[] }
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'log'; low: number; high: number };

/** Hyperparameter (the spec's camelCase key) -> how it varies. */
export type SweepSpace = Record<string, Dimension>;

/** One configuration: hyperparameter -> value. */
export type SweepConfig = Record<string, ParamValue>;

/**
 * Parses `key=a,b,c` (a choice), `key=uniform:low:high` or `key=log:low:high` (random sweeps
 * only), checking keys and values against the preset's specs.
 */
export function parseSpace(preset: string, specs: ParamSpecs, pairs: readonly string[]): SweepSpace {
  const space: SweepSpace = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) {
      throw new ConfigError(`Sweep dimension "${pair}" must be written key=values, e.g. lr=1e-3,3e-4 or lr=log:1e-4:1e-2`);
    }
    const key = resolveKey(preset, specs, pair.slice(0, eq));
    if (key in space) throw new ConfigError(`Sweep dimension "${key}" is given twice; give each hyperparameter once`);
    const raw = pair.slice(eq + 1);
    const range = /^(uniform|log):([^:]+):([^:]+)$/.exec(raw);
    if (range) {
      const [low, high] = [Number(range[2]), Number(range[3])];
      if (typeof specs[key]!.default !== 'number') throw new ConfigError(`Sweep dimension "${pair}": ${key} is not a number, so it takes a list of values, not a range`);
      if (!Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) {
        throw new ConfigError(`Sweep dimension "${pair}": the range needs two finite numbers, low < high; received "${range[2]}" and "${range[3]}"`);
      }
      if (range[1] === 'log' && low <= 0) throw new ConfigError(`Sweep dimension "${pair}": a log range needs low > 0; received ${low}`);
      checkValue(preset, key, { ...specs[key]!, integer: false }, low);
      checkValue(preset, key, { ...specs[key]!, integer: false }, high);
      space[key] = { kind: range[1] as 'uniform' | 'log', low, high };
    } else {
      const values = raw.split(',').map((v) => parseValue(preset, specs, key, v)[1]);
      space[key] = { kind: 'choice', values };
    }
  }
  return space;
}

/** Every combination of the space's values, first dimension slowest. Ranges are refused. */
export function gridConfigs(space: SweepSpace): SweepConfig[] {
  let configs: SweepConfig[] = [{}];
  for (const [key, dim] of Object.entries(space)) {
    if (dim.kind !== 'choice') {
      throw new ConfigError(`Sweep dimension "${key}" is a ${dim.kind} range, which only a random sweep can draw from; list values instead (${key}=a,b) or add --random N`);
    }
    configs = configs.flatMap((c) => dim.values.map((v) => ({ ...c, [key]: v })));
  }
  return configs;
}

/** `n` configurations drawn from the space with a seeded generator; integers are rounded. */
export function randomConfigs(space: SweepSpace, specs: ParamSpecs, n: number, seed: number): SweepConfig[] {
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`A random sweep needs a positive whole number of configurations; received ${String(n)}`);
  const rng = new Random(seed);
  const configs: SweepConfig[] = [];
  for (let i = 0; i < n; i++) {
    const config: SweepConfig = {};
    for (const [key, dim] of Object.entries(space)) {
      let value: ParamValue;
      if (dim.kind === 'choice') value = dim.values[Math.floor(rng.uniform() * dim.values.length)]!;
      else {
        const u = rng.uniform();
        value = dim.kind === 'uniform' ? dim.low + u * (dim.high - dim.low) : Math.exp(Math.log(dim.low) + u * (Math.log(dim.high) - Math.log(dim.low)));
        if (specs[key]!.integer) value = Math.min(Math.max(Math.round(value), Math.ceil(dim.low)), Math.floor(dim.high));
        else value = Number(value.toPrecision(4));
      }
      config[key] = value;
    }
    configs.push(config);
  }
  return configs;
}

/** A configuration's name, also its directory: `lr=0.001,minibatchSize=32` (`defaults` when empty). */
export function configName(config: SweepConfig): string {
  const parts = Object.entries(config).map(([k, v]) => `${k}=${String(v)}`);
  return parts.length === 0 ? 'defaults' : parts.join(',');
}
