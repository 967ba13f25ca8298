/**
 * Win, draw and loss rates of an agent against an opponent, from each seat of a two-player
 * turn-based game: the agent plays `games` games in every seat, the opponent in the others, and
 * each game counts by the agent's final reward (> 0 win, 0 draw, < 0 loss). New in allts.
 */
import { ConfigError } from '../lib/core/errors';
import type { Action } from '../lib/core/action';
import type { MultiagentState } from '../lib/core/multiagent_state';
import type { Agent, Multiagent } from '../lib/agents/agent';
import type { ResetOptions } from '../environments/environment';
import type { MultiagentEnvironment } from '../environments/multiagent_environment';

/** The outcome counts of one seat. */
export interface SeatRecord {
  games: number;
  wins: number;
  draws: number;
  losses: number;
  /** wins / games. */
  winRate: number;
  drawRate: number;
  lossRate: number;
}

/** Something that acts for a seat: an Agent, or a Multiagent that acts for that seat's agent id. */
export type Player = Agent | Multiagent;

/**
 * ALL's AEC loop for one episode: reset, then every turn (done or not) goes to `act`; a done
 * agent's turn then steps with null, a live one's with the action.
 * @param act chooses the action of the state's agent (called for done states too; ignored there)
 * @param resetOptions options of the reset (e.g. the run's first seed)
 * @returns each agent's total reward and the number of turns (ALL's frames)
 */
export function runAecEpisode(
  env: MultiagentEnvironment,
  act: (state: MultiagentState) => Action,
  resetOptions: ResetOptions = {},
): { returns: Record<string, number>; turns: number } {
  env.reset(resetOptions);
  const returns: Record<string, number> = Object.fromEntries(env.agents.map((a) => [a, 0]));
  let turns = 0;
  for (const agent of env.agentIter()) {
    const state = env.last();
    returns[agent] = returns[agent]! + state.reward;
    const action = act(state);
    env.step(state.done ? null : (action as number));
    turns++;
  }
  return { returns, turns };
}

/** Plays one episode with `players[agentId]` acting for each agent; returns each agent's total reward. */
export function playEpisode(env: MultiagentEnvironment, players: Readonly<Record<string, Player>>): Record<string, number> {
  return runAecEpisode(env, (state) => {
    const player = players[state.agent];
    if (player === undefined) throw new ConfigError(`No player for agent "${state.agent}"; players: ${Object.keys(players).join(', ')}`);
    return (player as Agent).act(state);
  }).returns;
}

/**
 * The agent's record in each seat against `opponent`.
 * @param env a two-player turn-based environment
 * @param agent the agent evaluated (a Multiagent such as a test IndependentMultiagent acts for each seat's id)
 * @param opponent plays every other seat
 * @param games games per seat
 * @returns a record per agent id (the seat the evaluated agent took)
 */
export function seatRecords(env: MultiagentEnvironment, agent: Player, opponent: Player, games: number): Record<string, SeatRecord> {
  if (!Number.isInteger(games) || games < 1) throw new ConfigError(`seatRecords needs a positive number of games; received ${games}`);
  const out: Record<string, SeatRecord> = {};
  for (const seat of env.possibleAgents) {
    const players = Object.fromEntries(env.possibleAgents.map((a) => [a, a === seat ? agent : opponent]));
    const r: SeatRecord = { games, wins: 0, draws: 0, losses: 0, winRate: 0, drawRate: 0, lossRate: 0 };
    for (let g = 0; g < games; g++) {
      const ret = playEpisode(env, players)[seat]!;
      if (ret > 0) r.wins++;
      else if (ret < 0) r.losses++;
      else r.draws++;
    }
    r.winRate = r.wins / games;
    r.drawRate = r.draws / games;
    r.lossRate = r.losses / games;
    out[seat] = r;
  }
  return out;
}

/** One line per seat, e.g. `player_1: win 0.95, draw 0.03, loss 0.02 (100 games)`. */
export function formatRecords(records: Readonly<Record<string, SeatRecord>>): string[] {
  return Object.entries(records).map(
    ([seat, r]) => `${seat}: win ${r.winRate.toFixed(2)}, draw ${r.drawRate.toFixed(2)}, loss ${r.lossRate.toFixed(2)} (${r.games} games)`,
  );
}
