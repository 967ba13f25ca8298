/**
 * The AEC environments against PettingZoo 1.27: the recorded trajectories of
 * __tests__/fixtures/games/pettingzoo_trajectories.json (scripts/games/export_fixtures.py) are
 * replayed action by action and every last() must match, then hand-written sequences check the
 * order of last()/step(null) after a win and an illegal move, and the errors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, SpaceError, StateError } from '../../../lib/core/errors';
import { makeMultiagentEnvironment } from '../../../environments/multiagent_registry';
import '../../../environments/games';

interface Step {
  agent: string;
  observation: number[];
  mask: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
  action: number | null;
  agentsAfter: string[];
}
const fixture = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'games', 'pettingzoo_trajectories.json'), 'utf8'),
) as Record<string, { steps: Step[]; finalSelection: string }[]>;

describe.each(['tictactoe_v3', 'connect_four_v3'])('%s matches PettingZoo', (id) => {
  it('on every recorded episode, step by step', () => {
    const episodes = fixture[id]!;
    let illegal = 0;
    for (const episode of episodes) {
      const env = makeMultiagentEnvironment(id);
      env.reset({ seed: 0 });
      const seen: Step[] = [];
      for (const agent of env.agentIter()) {
        const s = env.last();
        seen.push({
          agent,
          observation: [...s.observation],
          mask: [...s.actionMask],
          reward: s.reward,
          terminated: s.terminated,
          truncated: s.truncated,
          action: episode.steps[seen.length]?.action ?? null,
          agentsAfter: [],
        });
        if (s.truncated) expect(s.info.illegalMove).toBeDefined();
        env.step(seen[seen.length - 1]!.action);
        seen[seen.length - 1]!.agentsAfter = [...env.agents];
      }
      expect(seen).toEqual(episode.steps);
      expect(env.agentSelection).toBe(episode.finalSelection);
      if (episode.steps.some((s) => s.truncated)) illegal++;
    }
    expect(illegal).toBeGreaterThan(0);
  });
});

describe('AEC order after the end', () => {
  it('tic-tac-toe win: the loser sees -1 first, then the winner +1, each once', () => {
    const env = makeMultiagentEnvironment('tictactoe_v3');
    env.reset();
    for (const a of [0, 3, 1, 4, 2]) env.step(a); // player_1 completes 0-1-2
    let s = env.last();
    expect([s.agent, s.reward, s.terminated, s.truncated]).toEqual(['player_2', -1, true, false]);
    expect(() => env.step(5)).toThrow(StateError);
    env.step(null);
    s = env.last();
    expect([s.agent, s.reward, s.terminated]).toEqual(['player_1', 1, true]);
    env.step(null);
    expect(env.agents).toEqual([]);
    expect(() => env.last()).toThrow(/reset/);
    expect(() => env.step(null)).toThrow(StateError);
  });

  it('an illegal move by the second player: player_1 is visited first with 0, then the offender with -1', () => {
    const env = makeMultiagentEnvironment('tictactoe_v3');
    env.reset();
    env.step(4);
    env.step(4); // player_2 takes a taken cell
    let s = env.last();
    expect([s.agent, s.reward, s.terminated, s.truncated]).toEqual(['player_1', 0, true, true]);
    expect(s.info.illegalMove).toEqual({ agent: 'player_2', action: 4 });
    env.step(null);
    s = env.last();
    expect([s.agent, s.reward]).toEqual(['player_2', -1]);
    env.step(null);
    expect(env.agents).toEqual([]);
    expect(env.agentSelection).toBe('player_2');
  });

  it('bad input is a typed error', () => {
    const env = makeMultiagentEnvironment('connect_four_v3');
    env.reset();
    expect(() => env.step(7)).toThrow(SpaceError);
    expect(() => env.step(null)).toThrow(/not done/);
    expect(() => env.actionSpace('player_9')).toThrow(ConfigError);
    expect(() => makeMultiagentEnvironment('tictactoe_v2')).toThrow(/Did you mean "tictactoe_v3"/);
    expect(env.observationSpace('player_0').shape).toEqual([6, 7, 2]);
    expect(env.actionSpace('player_1').n).toBe(7);
  });

  it('reset starts over and render draws the board', () => {
    const env = makeMultiagentEnvironment('tictactoe_v3');
    env.reset();
    env.step(0);
    expect(env.render()).toBe(['X . .', '. . .', '. . .'].join('\n'));
    const s = env.reset();
    expect(s.agent).toBe('player_1');
    expect([...s.observation].every((v) => v === 0)).toBe(true);
    expect(env.agents).toEqual(['player_1', 'player_2']);
  });
});
