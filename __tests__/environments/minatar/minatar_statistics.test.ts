/**
 * Random-policy statistics of our MinAtar games against the original's (MinAtar 1.0.15, exported
 * by scripts/minatar/export_fixtures.py): uniform random actions over all six, default options
 * (sticky 0.1, difficulty ramping), as many episodes as the original ran. Our generator differs
 * from numpy's, so only distributions can agree here (the exact step-for-step checks are in
 * minatar_fixtures.test.ts).
 *
 * Tolerances, from the samples themselves: means must agree within 4 standard errors of their
 * difference, sqrt(s1^2/n1 + s2^2/n2) (a two-sided false alarm about 6e-5 per comparison if the
 * games are the same); standard deviations within 4 standard errors of the difference of sample
 * standard deviations, SE(s) ~ s * sqrt((k - 1) / 4n) with k the sample kurtosis (the
 * large-sample formula, valid for non-normal returns too). Freeway's length is exactly 2,501.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Random } from '../../../lib/core/random';
import '../../../environments/minatar/index';
import { makeEnvironment } from '../../../environments/registry';

interface Summary {
  mean: number;
  std: number;
  min: number;
  max: number;
  kurtosis: number | null;
}

interface Stats {
  game: string;
  episodes: number;
  return: Summary;
  length: Summary;
}

const fixture = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../fixtures/minatar/random_policy_stats.json'), 'utf8'),
) as { stats: Stats[] };

function summarize(xs: number[]): { mean: number; std: number; kurtosis: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const m2 = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / n;
  const m4 = xs.reduce((a, x) => a + (x - mean) ** 4, 0) / n;
  return { mean, std: Math.sqrt((m2 * n) / (n - 1)), kurtosis: m2 > 0 ? m4 / (m2 * m2) : 3 };
}

function play(game: string, episodes: number, seed: number): { returns: number[]; lengths: number[] } {
  const env = makeEnvironment(`MinAtar/${game}-v0`);
  const policy = new Random(seed + 1);
  const returns: number[] = [];
  const lengths: number[] = [];
  env.reset({ seed });
  for (let e = 0; e < episodes; e++) {
    let state = e === 0 ? env.state : env.reset();
    let total = 0;
    let steps = 0;
    while (!state.done) {
      state = env.step(policy.int(6));
      total += state.reward;
      steps++;
    }
    expect(state.terminated).toBe(true);
    returns.push(total);
    lengths.push(steps);
  }
  return { returns, lengths };
}

describe('MinAtar random-policy statistics against the original', () => {
  for (const stats of fixture.stats) {
    it(`${stats.game}: return and episode length over ${stats.episodes} episodes`, () => {
      const { returns, lengths } = play(stats.game, stats.episodes, 7);
      const n = stats.episodes;
      for (const [what, ours, theirs] of [
        ['return', summarize(returns), stats.return],
        ['length', summarize(lengths), stats.length],
      ] as const) {
        const report = `${stats.game} ${what}: ours mean ${ours.mean.toFixed(3)} std ${ours.std.toFixed(3)}; original mean ${theirs.mean.toFixed(3)} std ${theirs.std.toFixed(3)}`;
        if (theirs.std === 0) {
          expect({ report, mean: ours.mean, std: ours.std }).toEqual({ report, mean: theirs.mean, std: 0 });
          continue;
        }
        const seMean = Math.sqrt(ours.std ** 2 / n + theirs.std ** 2 / n);
        const k = Math.max(ours.kurtosis, theirs.kurtosis ?? 3);
        const seStd = Math.sqrt((ours.std ** 2 * (k - 1)) / (4 * n) + (theirs.std ** 2 * (k - 1)) / (4 * n));
        const zMean = Math.abs(ours.mean - theirs.mean) / seMean;
        const zStd = Math.abs(ours.std - theirs.std) / seStd;
        console.log(`${report}; z(mean) ${zMean.toFixed(2)}, z(std) ${zStd.toFixed(2)}`);
        expect({ report, meanWithin4SE: zMean < 4, stdWithin4SE: zStd < 4 }).toEqual({ report, meanWithin4SE: true, stdWithin4SE: true });
      }
    }, 120_000); // Freeway: 500,000 steps
  }
});
