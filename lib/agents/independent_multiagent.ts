/**
 * IndependentMultiagent (ALL's all/agents/independent.py): one ordinary agent per agent id; each
 * turn goes to the agent the state names. The agents learn independently, each seeing only its
 * own turns (its own observations, actions and accumulated rewards).
 */
import { ConfigError } from '../core/errors';
import type { Action } from '../core/action';
import type { MultiagentState } from '../core/multiagent_state';
import type { Agent, Multiagent } from './agent';

/** Routes each state to the agent of `state.agent`. */
export class IndependentMultiagent implements Multiagent {
  /** @param agents one agent per agent id, e.g. `{ player_1: dqnAgent, player_2: randomAgent }` */
  constructor(readonly agents: Readonly<Record<string, Agent>>) {
    if (Object.keys(agents).length === 0) throw new ConfigError('IndependentMultiagent needs at least one agent, keyed by agent id');
  }

  act(state: MultiagentState): Action {
    const agent = this.agents[state.agent];
    if (agent === undefined) {
      throw new ConfigError(`IndependentMultiagent has no agent for "${state.agent}"; it has ${Object.keys(this.agents).join(', ')}`);
    }
    return agent.act(state);
  }
}
