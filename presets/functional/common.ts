/**
 * What the registered functional presets (dqn.ts, a2c.ts, ppo.ts) share: the network width
 * hyperparameters and their translation into the explicit-state agents' options.
 */
import type { ParamSpecs } from '../hyperparameters';
import { count, hidden } from '../specs';

/** `hidden`, `hiddenLayers`: the MLP(s) of an explicit-state agent. */
export const FUNCTIONAL_NETWORK_SPECS = {
  ...hidden(64, 'width of each hidden layer'),
  hiddenLayers: count(1, 'hidden layers of each network'),
} satisfies ParamSpecs;

/** The agent's `hidden` option: `hiddenLayers` layers of `hidden` units. */
export function hiddenOf(h: { hidden: number; hiddenLayers: number }): number[] {
  return new Array<number>(h.hiddenLayers).fill(h.hidden);
}

/** The agent's `maxGradNorm` from the `clipGrad` hyperparameter (0 disables clipping: Infinity). */
export function gradLimit(clipGrad: number): number {
  return clipGrad === 0 ? Infinity : clipGrad;
}
