/**
 * RandomAgent: a uniformly random legal action (any action of a discrete space when the state has
 * no mask), from a seeded generator. The baseline opponent of the turn-based games; no training.
 */
import { ConfigError } from '../core/errors';
import type { Random } from '../core/random';
import type { State } from '../core/state';
import { actionMaskOf, randomLegalAction } from '../policies/action_mask';
import type { Agent } from './agent';

/** Plays a uniformly random legal action. */
export class RandomAgent implements Agent {
  /**
   * @param nActions size of the discrete action space
   * @param rng the generator (one draw per decision)
   */
  constructor(
    readonly nActions: number,
    private readonly rng: Random,
  ) {
    if (!Number.isInteger(nActions) || nActions < 1) {
      throw new ConfigError(`RandomAgent needs a positive integer number of actions; received ${nActions}`);
    }
  }

  act(state: State): number {
    if (state.done) return 0;
    const mask = actionMaskOf(state);
    return mask === undefined ? this.rng.int(this.nActions) : randomLegalAction(mask, 0, this.nActions, this.rng);
  }
}
