/**
 * EpisodicLives: a state whose `info.lifeLost` is true (AtariEnvironment sets it) reaches the
 * wrapped agent as terminal, so losing a life ends the agent's bootstrapping there (ALL's
 * EpisodicLives in all/bodies/atari.py; Mnih et al. 2015).
 *
 * Difference from ALL: ALL sets only the mask to 0 and leaves `done` false. An allts State's mask
 * is 0 exactly when it is terminated, so here the state is marked terminated, which also makes it
 * done for the agent: as baselines' EpisodicLifeEnv, the agent does not learn from the transition
 * that starts at the life-lost state (the environment itself goes on).
 */
import type { Observation, State, StateArray } from '../core/state';
import { Body, withArrayChanges, withChanges } from './body';

/** Marks life-lost states terminal for the wrapped agent. */
export class EpisodicLives extends Body {
  protected override processState(state: State<Observation>): State<Observation> {
    return state.info.lifeLost === true && !state.terminated ? withChanges(state, { terminated: true }) : state;
  }

  protected override processStates(states: StateArray<Observation>): StateArray<Observation> {
    if (!states.info.some((info) => info?.lifeLost === true)) return states;
    const terminated = states.terminated.slice();
    states.info.forEach((info, i) => {
      if (info?.lifeLost === true) terminated[i] = 1;
    });
    return withArrayChanges(states, { terminated });
  }
}
