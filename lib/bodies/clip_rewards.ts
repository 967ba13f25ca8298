/**
 * ClipRewards: the wrapped agent sees sign(reward), -1, 0 or 1 (ALL's all/bodies/rewards.py;
 * Mnih et al. 2015, https://doi.org/10.1038/nature14236: "we clipped all positive rewards at 1
 * and all negative rewards at -1"). The environment's returns, which experiments log, are unchanged.
 */
import type { Observation, State, StateArray } from '../core/state';
import { Body, withArrayChanges, withChanges } from './body';

/** Passes sign(reward) to the wrapped agent. */
export class ClipRewards extends Body {
  protected override processState(state: State<Observation>): State<Observation> {
    return withChanges(state, { reward: Math.sign(state.reward) });
  }

  protected override processStates(states: StateArray<Observation>): StateArray<Observation> {
    return withArrayChanges(states, { reward: states.reward.map(Math.sign) });
  }
}
