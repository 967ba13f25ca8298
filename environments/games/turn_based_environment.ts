/**
 * TurnBasedEnvironment: a PettingZoo AEC environment over a pure two-player game state
 * (game_state.ts), as PettingZoo's classic games wrapped in TerminateIllegalWrapper(-1),
 * AssertOutOfBoundsWrapper and OrderEnforcingWrapper. Written from PettingZoo 1.27's
 * semantics (pettingzoo/utils/env.py `_was_dead_step`, `_deads_step_first`):
 * - after the winning move the other agent is selected; each done agent sees the end once through
 *   `last()` and leaves with `step(null)`, the next done agent in turn order being selected;
 * - rewards: +1 winner, -1 loser, 0 both on a draw; `last().reward` is what the agent
 *   accumulated since it last acted;
 * - an illegal move (an empty cell taken, a full column) ends the game: the offender gets -1, the
 *   other 0, every agent is terminated and truncated, and the first agent in turn order is selected.
 * Deliberate differences: each agent's `info.illegalMove` names the offender and its move; an
 * action outside the action space is a SpaceError (PettingZoo asserts), an action for a done agent
 * or `null` for a live one a StateError (PettingZoo raises ValueError), and stepping after every
 * agent left a StateError (PettingZoo only warns). `reset({ seed })` accepts a seed for API
 * compatibility; these games have no randomness.
 */
import { ConfigError, SpaceError, StateError } from '../../lib/core/errors';
import { MultiagentState } from '../../lib/core/multiagent_state';
import { Box, Discrete } from '../../lib/core/spaces';
import type { Info } from '../../lib/core/state';
import type { ResetOptions } from '../environment';
import type { MultiagentEnvironment } from '../multiagent_environment';
import type { GameState } from './game_state';

/** A game position that can also report PettingZoo's mask for the selected agent. */
export interface MaskedGameState<G extends MaskedGameState<G>> extends GameState<G> {
  /** PettingZoo's `action_mask` for the selected agent: the board's open moves, even once the game is over. */
  emptyMask(): Uint8Array;
}

/** What a TurnBasedEnvironment needs to know of its game. */
export interface TurnBasedGameSpec<G extends MaskedGameState<G>> {
  /** The PettingZoo id, e.g. `tictactoe_v3`. */
  name: string;
  /** Agent ids in turn order: index i plays the game's player i. */
  agents: readonly [string, string];
  /** The starting position. */
  initial: () => G;
}

/** Per-agent bookkeeping, PettingZoo's dicts keyed by agent id. */
type PerAgent<T> = Record<string, T>;

/** A two-player AEC environment (see the file header). */
export class TurnBasedEnvironment<G extends MaskedGameState<G>> implements MultiagentEnvironment {
  readonly name: string;
  readonly possibleAgents: readonly string[];
  private game: G;
  private live: string[] = [];
  private selected: string;
  private skipSelection: string | undefined;
  private terminations: PerAgent<boolean> = {};
  private truncations: PerAgent<boolean> = {};
  private rewards: PerAgent<number> = {};
  private cumulative: PerAgent<number> = {};
  private infos: PerAgent<Info> = {};
  private readonly observationSpaceOf: Box;
  private readonly actionSpaceOf: Discrete;

  constructor(private readonly spec: TurnBasedGameSpec<G>) {
    this.name = spec.name;
    this.possibleAgents = [...spec.agents];
    this.game = spec.initial();
    this.selected = this.possibleAgents[0]!;
    this.observationSpaceOf = new Box(0, 1, [...this.game.observationShape]);
    this.actionSpaceOf = new Discrete(this.game.actionCount);
    this.reset();
  }

  /** The current position (immutable; a search may play from it freely). */
  get position(): G {
    return this.game;
  }

  get agents(): readonly string[] {
    return this.live;
  }

  get agentSelection(): string {
    return this.selected;
  }

  observationSpace(agent: string): Box {
    this.checkAgent(agent);
    return this.observationSpaceOf;
  }

  actionSpace(agent: string): Discrete {
    this.checkAgent(agent);
    return this.actionSpaceOf;
  }

  reset(options: ResetOptions = {}): MultiagentState {
    if (options.seed !== undefined && !(Number.isSafeInteger(options.seed) && options.seed >= 0)) {
      throw new ConfigError(`${this.name}.reset: seed must be a non-negative integer; received ${options.seed}`);
    }
    this.game = this.spec.initial();
    this.live = [...this.possibleAgents];
    this.selected = this.live[0]!;
    this.skipSelection = undefined;
    this.terminations = {};
    this.truncations = {};
    this.rewards = {};
    this.cumulative = {};
    this.infos = {};
    for (const a of this.live) {
      this.terminations[a] = false;
      this.truncations[a] = false;
      this.rewards[a] = 0;
      this.cumulative[a] = 0;
      this.infos[a] = {};
    }
    return this.last();
  }

  isDone(agent: string): boolean {
    this.checkAgent(agent);
    return (this.terminations[agent] ?? false) || (this.truncations[agent] ?? false);
  }

  last(): MultiagentState {
    const agent = this.selected;
    if (!this.live.includes(agent)) {
      throw new StateError(`${this.name}: every agent has left the episode (the game is over); call reset() to start a new one`);
    }
    return new MultiagentState({
      agent,
      observation: this.game.observation(this.possibleAgents.indexOf(agent)),
      shape: this.game.observationShape,
      actionMask: this.game.emptyMask(),
      reward: this.cumulative[agent]!,
      terminated: this.terminations[agent]!,
      truncated: this.truncations[agent]!,
      info: this.infos[agent]!,
    });
  }

  step(action: number | null): void {
    if (this.live.length === 0) {
      throw new StateError(`${this.name}.step: every agent has left the episode (the game is over); call reset() to start a new one`);
    }
    const agent = this.selected;
    if (this.terminations[agent] || this.truncations[agent]) {
      if (action !== null) {
        throw new StateError(
          `${this.name}.step(${action}): agent "${agent}" is done, so the only valid action is null (it leaves the episode); ` +
            'ALL\'s loop: act, then step(null) when last().done',
        );
      }
      this.wasDeadStep();
      return;
    }
    if (action === null) {
      throw new StateError(`${this.name}.step(null): agent "${agent}" is not done; pass one of its legal actions`);
    }
    if (!this.actionSpaceOf.contains(action)) {
      throw new SpaceError(
        `${this.name}.step(${String(action)}): not in agent "${agent}"'s action space ${this.actionSpaceOf.toString()}; pass an integer 0..${this.actionSpaceOf.n - 1}`,
      );
    }
    this.cumulative[agent] = 0;
    if (!this.game.isLegal(action)) {
      this.endByIllegalMove(agent, action);
      return;
    }
    this.game = this.game.play(action);
    for (const a of this.live) this.rewards[a] = 0;
    if (this.game.over) {
      const winner = this.game.winner;
      if (winner !== undefined) {
        this.rewards[this.possibleAgents[winner]!] = 1;
        this.rewards[this.possibleAgents[1 - winner]!] = -1;
      }
      for (const a of this.live) this.terminations[a] = true;
      this.accumulateRewards();
    }
    this.selected = this.live[(this.live.indexOf(agent) + 1) % this.live.length]!;
  }

  *agentIter(): IterableIterator<string> {
    while (this.live.length > 0) yield this.selected;
  }

  render(_mode: 'text' = 'text'): string {
    return this.game.render();
  }

  close(): void {
    // nothing to release
  }

  /** TerminateIllegalWrapper: the offender gets -1, the other agent 0, everyone is done. */
  private endByIllegalMove(agent: string, action: number): void {
    for (const a of this.live) {
      this.terminations[a] = true;
      this.truncations[a] = true;
      this.rewards[a] = 0;
      this.infos[a] = { ...this.infos[a], illegalMove: { agent, action } };
    }
    this.rewards[agent] = -1;
    this.accumulateRewards();
    // _deads_step_first: remember the offender, select the first done agent in turn order
    this.skipSelection = this.selected;
    this.selected = this.live.find((a) => this.terminations[a] || this.truncations[a])!;
  }

  /** PettingZoo's `_was_dead_step`: remove the selected done agent, select the next done one. */
  private wasDeadStep(): void {
    const agent = this.selected;
    this.live = this.live.filter((a) => a !== agent);
    delete this.terminations[agent];
    delete this.truncations[agent];
    delete this.rewards[agent];
    delete this.cumulative[agent];
    delete this.infos[agent];
    const dead = this.live.filter((a) => this.terminations[a] || this.truncations[a]);
    if (dead.length > 0) {
      if (this.skipSelection === undefined) this.skipSelection = this.selected;
      this.selected = dead[0]!;
    } else {
      if (this.skipSelection !== undefined) this.selected = this.skipSelection;
      this.skipSelection = undefined;
    }
    for (const a of this.live) this.rewards[a] = 0;
  }

  private accumulateRewards(): void {
    for (const a of this.live) this.cumulative[a] = this.cumulative[a]! + this.rewards[a]!;
  }

  private checkAgent(agent: string): void {
    if (!this.possibleAgents.includes(agent)) {
      throw new ConfigError(`${this.name} has no agent "${agent}"; its agents are ${this.possibleAgents.join(', ')}`);
    }
  }
}
