/**
 * What the explicit-state training loop and evaluation need of environments, as structural types:
 * any allts Environment or VectorEnvironment satisfies them, and lib/ stays below environments/.
 */
import type { Space } from '../core/spaces';
import type { State, StateArray } from '../core/state';

/** One environment stepped with discrete actions (evaluateFunctional). */
export interface EpisodeEnvironment {
  reset(options?: { seed?: number }): State;
  step(action: number): State;
}

/** Copies of an environment stepped together (trainFunctional). */
export interface BatchEnvironment {
  readonly name: string;
  readonly numEnvs: number;
  readonly observationSpace: { readonly shape: readonly number[] };
  readonly actionSpace: Space;
  reset(options?: { seed?: number }): StateArray;
  step(actions: Int32Array): StateArray;
}
