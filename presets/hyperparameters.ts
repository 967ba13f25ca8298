/**
 * Typed hyperparameters with their defaults and docs in one place per preset. Overrides are
 * checked: an unknown key or a wrong type is a ConfigError that lists the valid keys. Keys are
 * camelCase; ALL's snake_case names (`minibatch_size`) are accepted as aliases everywhere.
 */
import { ConfigError } from '../lib/core/errors';
import { editDistance } from '../lib/core/edit_distance';
import { getModel } from './models/registry';

/** One hyperparameter: its default, what it means (with units), and its constraints. */
export interface ParamSpec {
  default: number | boolean | string;
  doc: string;
  /** The value must be an integer. */
  integer?: boolean;
  min?: number;
  max?: number;
  /** Allowed values of a string hyperparameter. */
  choices?: readonly string[];
  /** The value names a registered model of this kind (presets/models/registry.ts), e.g. `q`. */
  model?: string;
}

/** The hyperparameters of one preset. */
export type ParamSpecs = Record<string, ParamSpec>;

type Widen<T> = T extends number ? number : T extends boolean ? boolean : T extends string ? string : never;

/** The resolved values of a spec. */
export type ParamValues<S extends ParamSpecs> = { [K in keyof S]: Widen<S[K]['default']> };

/** A hyperparameter value as accepted from code. */
export type ParamValue = number | boolean | string;

/** `minibatch_size` -> `minibatchSize`. */
export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `minibatchSize` -> `minibatch_size`. */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The defaults of a spec. */
export function defaultsOf<S extends ParamSpecs>(specs: S): ParamValues<S> {
  const out: Record<string, ParamValue> = {};
  for (const [k, s] of Object.entries(specs)) out[k] = s.default;
  return out as ParamValues<S>;
}

/** Maps a user key (camel or snake case) to the spec's key, or throws listing the valid keys. */
export function resolveKey(presetName: string, specs: ParamSpecs, key: string): string {
  const camel = camelCase(key);
  if (camel in specs) return camel;
  const valid = Object.keys(specs);
  const close = valid.filter((k) => editDistance(k.toLowerCase(), camel.toLowerCase()) <= 2);
  throw new ConfigError(
    `Unknown hyperparameter "${key}" for preset "${presetName}"` +
      (close.length > 0 ? ` (did you mean ${close.map((c) => `"${c}"`).join(' or ')}?)` : '') +
      `; valid: ${valid.join(', ')}`,
  );
}

/** Checks one value against its spec; returns it or throws a ConfigError saying what was expected. */
export function checkValue(presetName: string, key: string, spec: ParamSpec, value: unknown): ParamValue {
  const expected = typeof spec.default;
  const where = `Hyperparameter "${key}" of preset "${presetName}"`;
  if (typeof value !== expected) {
    throw new ConfigError(`${where} must be a ${expected} (default ${JSON.stringify(spec.default)}); received ${JSON.stringify(value)} (${typeof value})`);
  }
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw new ConfigError(`${where} must be a number; received NaN`);
    if (spec.integer && !Number.isInteger(value) && Number.isFinite(value)) {
      throw new ConfigError(`${where} must be an integer; received ${value}`);
    }
    if (spec.min !== undefined && value < spec.min) throw new ConfigError(`${where} must be >= ${spec.min}; received ${value}`);
    if (spec.max !== undefined && value > spec.max) throw new ConfigError(`${where} must be <= ${spec.max}; received ${value}`);
  }
  if (typeof value === 'string' && spec.choices && !spec.choices.includes(value)) {
    throw new ConfigError(`${where} must be one of ${spec.choices.join(', ')}; received "${value}"`);
  }
  if (typeof value === 'string' && spec.model !== undefined) getModel(value, spec.model, where);
  return value as ParamValue;
}

/** Applies checked overrides (camel or snake case keys) on top of `base`. */
export function applyOverrides<S extends ParamSpecs>(
  presetName: string,
  specs: S,
  base: ParamValues<S>,
  overrides: Record<string, unknown>,
): ParamValues<S> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const k = resolveKey(presetName, specs, key);
    out[k] = checkValue(presetName, k, specs[k]!, value);
  }
  return out as ParamValues<S>;
}

/** A command-line value without a spec to type it: `true`/`false`, a finite number, else the string. */
export function parseUntypedValue(raw: string): number | boolean | string {
  const t = raw.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : raw;
}

/**
 * Parses a CLI string by the hyperparameter's type: numbers (`1e-3`, `inf`), booleans
 * (`true`/`false`/`1`/`0`, so "false" is false), strings as they are.
 */
export function parseValue(presetName: string, specs: ParamSpecs, key: string, raw: string): [string, ParamValue] {
  const k = resolveKey(presetName, specs, key);
  const spec = specs[k]!;
  const where = `Hyperparameter "${key}" of preset "${presetName}"`;
  let value: ParamValue;
  if (typeof spec.default === 'number') {
    const t = raw.trim().toLowerCase();
    value = t === 'inf' || t === 'infinity' ? Infinity : t === '-inf' ? -Infinity : Number(t);
    if (t === '' || Number.isNaN(value)) throw new ConfigError(`${where} must be a number; received "${raw}"`);
  } else if (typeof spec.default === 'boolean') {
    const t = raw.trim().toLowerCase();
    if (['true', '1', 'yes'].includes(t)) value = true;
    else if (['false', '0', 'no'].includes(t)) value = false;
    else throw new ConfigError(`${where} must be true or false; received "${raw}"`);
  } else {
    value = raw;
  }
  return [k, checkValue(presetName, k, spec, value)];
}

/**
 * A copy of `specs` with some defaults changed (checked like overrides), for a family that keeps
 * another family's hyperparameters but measured better defaults on its own tasks. `why` is added
 * to each changed key's doc so `--help` and saved presets say where the default comes from.
 */
export function withDefaults<S extends ParamSpecs>(presetName: string, specs: S, defaults: Partial<ParamValues<S>>, why: string): S {
  const out: Record<string, ParamSpec> = { ...specs };
  for (const [key, value] of Object.entries(defaults)) {
    const k = resolveKey(presetName, specs, key);
    const spec = specs[k]!;
    out[k] = { ...spec, default: checkValue(presetName, k, spec, value), doc: `${spec.doc} (${why}; elsewhere ${JSON.stringify(spec.default)})` };
  }
  return out as S;
}
