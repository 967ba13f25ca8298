/**
 * MultiagentState: the State of a turn-based multi-agent environment (ALL's
 * `all.core.MultiagentState`): an ordinary State plus `agent`, the id of the agent to act, and
 * `actionMask`, its legal actions (PettingZoo's `observation["action_mask"]`). Deliberate
 * difference from ALL: the mask is a field of its own (a Uint8Array of 0/1), not a key of a dict
 * observation, so single-agent code reads `observation` unchanged and the policies read the mask.
 */
import { ConfigError } from './errors';
import { StateClass, type Observation, type StateInit } from './state';

/** What it takes to build a MultiagentState. */
export interface MultiagentStateInit<O extends ArrayLike<number> = ArrayLike<number>> extends StateInit<O> {
  /** The id of the agent this state belongs to (PettingZoo's `agent_selection`), e.g. `player_1`. */
  agent: string;
  /**
   * 1 for each legal action, 0 for each illegal one. As PettingZoo's games, a done agent's mask
   * still shows the board's empty cells (all 0 only on a full board); a done state needs no action.
   */
  actionMask: ArrayLike<number>;
}

/** A State that names the agent to act and its legal actions (see the file header). */
export class MultiagentState<O extends Observation = Float32Array> extends StateClass<O> {
  /** The id of the agent to act. */
  readonly agent: string;
  declare readonly actionMask: Uint8Array;

  constructor(init: MultiagentStateInit) {
    if (typeof init.agent !== 'string' || init.agent === '') {
      throw new ConfigError(`MultiagentState needs the acting agent's id, a non-empty string; received ${String(init.agent)}`);
    }
    if (init.actionMask === undefined) {
      throw new ConfigError(`MultiagentState of agent "${init.agent}" needs an actionMask (1 per legal action, 0 per illegal one)`);
    }
    super(init);
    this.agent = init.agent;
  }
}
