/**
 * Turns a minatar preset's table into an Atari one: the minatar family already carries ALL's
 * Atari algorithm settings (presets/minatar/), so an Atari table is that table without the MinAtar
 * network's `filters`, with the Nature network's models, `frames` and `hidden` instead.
 */
import type { ParamSpecs } from '../hyperparameters';
import { natureNetwork } from './atari_preset';

/** `table` without `filters`, with `networks` and the Nature network sizes. */
export function onNatureNetwork<T extends ParamSpecs, N extends ParamSpecs>(table: T, networks: N) {
  const { filters: _filters, ...rest } = table as T & { filters?: unknown };
  return { ...(rest as Omit<T, 'filters'>), ...networks, ...natureNetwork() };
}
