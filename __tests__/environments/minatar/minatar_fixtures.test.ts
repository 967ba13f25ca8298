/**
 * Our MinAtar games against the original (MinAtar 1.0.15 run in Python by
 * scripts/minatar/export_fixtures.py): every observation, reward and terminal flag of the
 * recorded runs, with the original's random draws replayed into our games (sticky-action draws
 * included), over two episodes in a row per run (so the sticky action carries over a reset).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import '../../../environments/minatar/index';
import type { MinAtarCore } from '../../../environments/minatar/minatar_core';
import { makeEnvironment } from '../../../environments/registry';
import { type Draw, ReplayRandom } from './replay_random';

interface Episode {
  obs0: number[];
  actions: number[];
  rewards: number[];
  terminals: boolean[];
  obs: number[][];
  obsFrom: number;
}

interface Run {
  game: string;
  seed: number;
  stickyActionProb: number;
  difficultyRamping: boolean;
  episodes: Episode[];
  draws: Draw[];
}

const fixture = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../fixtures/minatar/trajectories.json'), 'utf8'),
) as { runs: Run[] };

function active(obs: Float32Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < obs.length; i++) {
    if (obs[i] !== 0 && obs[i] !== 1) throw new Error(`observation value ${obs[i]} at ${i} is not 0 or 1`);
    if (obs[i] === 1) out.push(i);
  }
  return out;
}

/** Replays `run` and returns a description of the first difference from the original, or undefined. */
function firstDifference(run: Run): string | undefined {
  const env = makeEnvironment(`MinAtar/${run.game}-v0`, {
    stickyActionProb: run.stickyActionProb,
    difficultyRamping: run.difficultyRamping,
  });
  const core = env.unwrapped as MinAtarCore;
  const rng = new ReplayRandom(run.draws);
  const same = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
  for (const [e, ep] of run.episodes.entries()) {
    core.reset(rng);
    if (!same(active(core.observation()), ep.obs0)) return `episode ${e}: reset observation differs`;
    for (let t = 0; t < ep.actions.length; t++) {
      const { reward, terminated } = core.step(ep.actions[t]!);
      const where = `episode ${e} step ${t} (action ${ep.actions[t]})`;
      if (reward !== ep.rewards[t]) return `${where}: reward ${reward}, original ${ep.rewards[t]}`;
      if (terminated !== ep.terminals[t]) return `${where}: terminated ${terminated}, original ${ep.terminals[t]}`;
      if (t >= ep.obsFrom) {
        const ours = active(core.observation());
        const theirs = ep.obs[t - ep.obsFrom]!;
        if (!same(ours, theirs)) return `${where}: observation cells ${JSON.stringify(ours)}, original ${JSON.stringify(theirs)}`;
      }
    }
  }
  if (rng.used !== run.draws.length) return `used ${rng.used} random draws, the original ${run.draws.length}`;
  return undefined;
}

describe('MinAtar games step for step against the original', () => {
  for (const run of fixture.runs) {
    const steps = run.episodes.map((e) => e.actions.length).join(' + ');
    const ret = run.episodes.map((e) => e.rewards.reduce((a, b) => a + b, 0)).join(', ');
    it(`${run.game} run ${run.seed} (sticky ${run.stickyActionProb}, ramping ${run.difficultyRamping}; ${steps} steps, returns ${ret})`, () => {
      expect(firstDifference(run)).toBeUndefined();
    });
  }

  it('covers both Breakout start sides, a Freeway time-out, and rewards in every game', () => {
    const sides = new Set(
      fixture.runs.filter((r) => r.game === 'Breakout').flatMap((r) => r.draws.filter((d) => d[0] === 'i' && d[2] === 2).map((d) => d[1])),
    );
    expect([...sides].sort()).toEqual([0, 1]);
    const freeway = fixture.runs.find((r) => r.game === 'Freeway' && r.episodes[0]!.actions.length === 2501);
    expect(freeway?.episodes[0]!.terminals[2500]).toBe(true);
    for (const game of ['Asterix', 'Breakout', 'Freeway', 'Seaquest', 'SpaceInvaders']) {
      const total = fixture.runs.filter((r) => r.game === game).flatMap((r) => r.episodes.flatMap((e) => e.rewards)).reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThan(0);
    }
  });
});
