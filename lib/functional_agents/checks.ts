/**
 * Input checks shared by the explicit-state agents: each throws a typed error saying what was
 * received, what was expected and how to fix it.
 */
import { ConfigError, ShapeError } from '../core/errors';
import type { RolloutBatch } from './base_agent';

/** Rows of a flat observation batch; throws ShapeError unless `obs` holds whole rows. */
export function observationRows(fn: string, obs: unknown, observationSize: number): number {
  if (!(obs instanceof Float32Array)) {
    throw new ShapeError(`${fn} needs observations as one flat Float32Array (rows x ${observationSize} values); received ${describe(obs)}`);
  }
  if (obs.length === 0 || obs.length % observationSize !== 0) {
    throw new ShapeError(
      `${fn}: the observations hold ${obs.length} values, not a whole number of rows of ${observationSize}; ` +
        'pass rows x observationSize values (e.g. StateArray.observation)',
    );
  }
  return obs.length / observationSize;
}

/** Checks that a typed array has `n` entries. */
export function expectLength(fn: string, name: string, a: unknown, n: number, kind: 'Float32Array' | 'Int32Array' | 'Uint8Array'): void {
  const ok = kind === 'Float32Array' ? a instanceof Float32Array : kind === 'Int32Array' ? a instanceof Int32Array : a instanceof Uint8Array;
  if (!ok) throw new ShapeError(`${fn}: ${name} must be a ${kind}; received ${describe(a)}`);
  if ((a as Float32Array).length !== n) {
    throw new ShapeError(`${fn}: ${name} must hold ${n} values; received ${(a as Float32Array).length}`);
  }
}

/** Checks a positive integer option. */
export function positiveInt(fn: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`${fn}: ${name} must be a positive integer; received ${value}`);
  return value;
}

/** Checks a number in [min, max]. */
export function numberIn(fn: string, name: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    throw new ConfigError(`${fn}: ${name} must be a number in [${min}, ${max}]; received ${value}`);
  }
  return value;
}

function describe(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === 'object') return `a ${(x as object).constructor?.name ?? 'object'}${'length' in (x as object) ? ` of length ${(x as { length: number }).length}` : ''}`;
  return `${typeof x} ${String(x)}`;
}

/**
 * Checks a RolloutBatch for an agent of `observationSize` values and `numActions` actions: its
 * sizes, array types and lengths, and that every valid step's action is one of the agent's.
 * @returns the rollout's length T and its number of environments n
 */
export function checkRolloutBatch(fn: string, batch: RolloutBatch, observationSize: number, numActions: number): { T: number; n: number } {
  if (batch === null || typeof batch !== 'object') throw new ConfigError(`${fn} needs a RolloutBatch { length, numEnvs, obs, actions, rewards, discounts, valid }; received ${String(batch)}`);
  const T = positiveInt(fn, 'batch.length', batch.length);
  const n = positiveInt(fn, 'batch.numEnvs', batch.numEnvs);
  expectLength(fn, 'obs', batch.obs, (T + 1) * n * observationSize, 'Float32Array');
  expectLength(fn, 'actions', batch.actions, T * n, 'Int32Array');
  expectLength(fn, 'rewards', batch.rewards, T * n, 'Float32Array');
  expectLength(fn, 'discounts', batch.discounts, T * n, 'Float32Array');
  expectLength(fn, 'valid', batch.valid, T * n, 'Uint8Array');
  for (let i = 0; i < T * n; i++) {
    const a = batch.actions[i]!;
    if (batch.valid[i] && (a < 0 || a >= numActions)) throw new ConfigError(`${fn}: actions[${i}] = ${a} is not an action of 0..${numActions - 1}`);
  }
  return { T, n };
}
