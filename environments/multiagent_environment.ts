/**
 * The turn-based multi-agent environment interface: PettingZoo's AEC API (agent_selection,
 * last(), step(action), step(None) for a done agent) as ALL's MultiagentEnvironment wraps it, with
 * States in place of PettingZoo's tuples. Deliberate differences: `step` returns nothing (read
 * `last()`), and stepping when every agent has been removed is a StateError, not a warning.
 */
import type { MultiagentState } from '../lib/core/multiagent_state';
import type { Box, Discrete } from '../lib/core/spaces';
import type { ResetOptions } from './environment';

/** A turn-based (AEC) multi-agent environment. */
export interface MultiagentEnvironment {
  /** The PettingZoo id, e.g. `tictactoe_v3`. */
  readonly name: string;
  /** Every agent that can take part, in turn order. */
  readonly possibleAgents: readonly string[];
  /** The agents still in the episode (a done agent leaves after its `step(null)`). */
  readonly agents: readonly string[];
  /** The agent whose turn it is (PettingZoo's `agent_selection`). */
  readonly agentSelection: string;
  /** The observation space of `agent`. */
  observationSpace(agent: string): Box;
  /** The action space of `agent`. */
  actionSpace(agent: string): Discrete;
  /** Starts a new episode and returns `last()`. */
  reset(options?: ResetOptions): MultiagentState;
  /**
   * Plays `action` for the selected agent, or, with `null`, removes the selected agent once it is
   * done. Illegal moves follow PettingZoo's TerminateIllegalWrapper (see the implementation).
   */
  step(action: number | null): void;
  /**
   * The selected agent's view: its observation and action mask, the reward it accumulated since
   * it last acted, and whether it is terminated or truncated.
   */
  last(): MultiagentState;
  /** The agents in the order they are selected, until none is left (PettingZoo's `agent_iter`). */
  agentIter(): IterableIterator<string>;
  /** True when `agent` is terminated or truncated. */
  isDone(agent: string): boolean;
  /** A drawing of the current position. */
  render(mode?: 'text'): string;
  close(): void;
}
