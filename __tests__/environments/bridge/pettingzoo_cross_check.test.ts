/**
 * Our tic-tac-toe and connect four against PettingZoo's, through the bridge: random legal games
 * (plus one illegal move per few games), compared at every turn (agent order, live agents,
 * observations, action masks, rewards, terminations), until every agent has left.
 */
import { makeMultiagentEnvironment } from '../../../environments';
import { closeSharedBridges } from '../../../environments/bridge/bridge';
import type { MultiagentEnvironment } from '../../../environments/multiagent_environment';
import { Random } from '../../../lib/core/random';

afterAll(() => closeSharedBridges());

function snapshot(env: MultiagentEnvironment): unknown {
  if (env.agents.length === 0) return { agents: [] };
  const s = env.last();
  return {
    agents: [...env.agents],
    agent: env.agentSelection,
    observation: Array.from(s.observation),
    mask: Array.from(s.actionMask),
    reward: s.reward,
    terminated: s.terminated,
    truncated: s.truncated,
    done: env.possibleAgents.map((a) => env.isDone(a)),
  };
}

function playRandomGames(id: string, games: number): number {
  const ours = makeMultiagentEnvironment(id);
  const theirs = makeMultiagentEnvironment(`pettingzoo:classic/${id}`);
  expect(theirs.possibleAgents).toEqual(ours.possibleAgents);
  const rng = new Random(11);
  let turns = 0;
  for (let g = 0; g < games; g++) {
    ours.reset({ seed: g });
    theirs.reset({ seed: g });
    for (let t = 0; t < 100 && theirs.agents.length > 0; t++) {
      expect([g, t, snapshot(ours)]).toEqual([g, t, snapshot(theirs)]);
      const s = theirs.last();
      let action: number | null = null;
      if (!theirs.isDone(theirs.agentSelection)) {
        const legal = Array.from(s.actionMask).flatMap((m, i) => (m === 1 ? [i] : []));
        // every fifth game, one illegal move somewhere (both end the game with -1 for the mover)
        const illegal = Array.from(s.actionMask).flatMap((m, i) => (m === 0 ? [i] : []));
        action = g % 5 === 4 && illegal.length > 0 && rng.random() < 0.3 ? illegal[rng.int(illegal.length)]! : legal[rng.int(legal.length)]!;
      }
      ours.step(action);
      theirs.step(action);
      turns++;
    }
    expect(snapshot(ours)).toEqual(snapshot(theirs));
  }
  ours.close();
  theirs.close();
  return turns;
}

describe('native games = PettingZoo (through the bridge)', () => {
  test('tictactoe_v3: 30 random games', () => {
    expect(playRandomGames('tictactoe_v3', 30)).toBeGreaterThan(150);
  });

  test('connect_four_v3: 20 random games', () => {
    expect(playRandomGames('connect_four_v3', 20)).toBeGreaterThan(200);
  });
});
