/**
 * Many runs at once (issue 18): every preset x environment x seed in worker processes, the same
 * results as running them here one after another, failures reported without stopping the others.
 * Workers run the compiled package (dist/, built by jest's global setup), as users' runs do.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeEnvironment } from '../../environments/registry';
import { CartPole } from '../../environments/classic_control/cart_pole';
import { GymEnvironment } from '../../environments/gym_environment';
import { runExperiment } from '../../experiments/run_experiment';
import { runInParallel } from '../../experiments/parallel_runs';
import { runSpecs, type RunSpec } from '../../experiments/run_spec';
import { groupBySeed, summaryTable } from '../../experiments/run_summary';
import { parseSeeds } from '../../experiments/seeds';
import { classicControl } from '../../presets/classic_control';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'allts-parallel-'));

describe('runExperiment with seeds', () => {
  it('runs presets x seeds in workers, each the same run as in this process', async () => {
    const logdir = tmp();
    const lines: string[] = [];
    const results = await runExperiment([classicControl.a2c, classicControl.vpg], [makeEnvironment('CartPole-v0')], 1500, {
      seeds: [0, 1], workers: 2, logdir, testEpisodes: 3, verbose: false, print: (l) => lines.push(l), quiet: false,
    });
    expect(results.map((r) => [r.agent, r.seed, r.status])).toEqual([['a2c', 0, 'done'], ['a2c', 1, 'done'], ['vpg', 0, 'done'], ['vpg', 1, 'done']]);
    for (const r of results) {
      const info = JSON.parse(fs.readFileSync(path.join(r.logdir, 'run.json'), 'utf8'));
      expect(info).toMatchObject({ agent: r.agent, seed: r.seed, status: 'done', frames: 1500 });
      expect(fs.readFileSync(path.join(r.logdir, 'returns100.csv'), 'utf8').trim().length).toBeGreaterThan(0);
      expect(r.testReturns).toHaveLength(3);
    }
    // the summary has one row per preset with both seeds
    const table = lines.join('\n');
    expect(table).toMatch(/\| a2c \| CartPole-v0 \| 0,1 \|/);
    expect(table).toMatch(/\| vpg \| CartPole-v0 \| 0,1 \|/);

    // a worker's run is the run this process makes with the same seed
    const [here] = await runExperiment([classicControl.vpg], [makeEnvironment('CartPole-v0')], 1500, { seed: 1, logdir: tmp(), testEpisodes: 3, verbose: false, quiet: true });
    expect(results[3]!.trainingReturns).toEqual(here!.trainingReturns);
    expect(results[3]!.testReturns).toEqual(here!.testReturns);
  }, 120_000);

  it('reports a failing run with its error and finishes the others', async () => {
    const logdir = tmp();
    const [good] = runSpecs([classicControl.a2c], [makeEnvironment('CartPole-v0')], 800, [3], { logdir, testEpisodes: 2, verbose: false });
    const bad: RunSpec = { ...good!, preset: 'no_such_agent' };
    const badEnv: RunSpec = { ...good!, envOptions: { gravity: 'strong' } };
    const ended: string[] = [];
    const outcomes = await runInParallel([bad, good!, badEnv], { workers: 2, quiet: true, onOutcome: (o) => ended.push(o.status) });
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'done', 'failed']);
    expect(outcomes[0]!.error).toMatch(/Unknown agent "no_such_agent" in family "classic"; valid agents: .*a2c/);
    expect(outcomes[2]!.error).toMatch(/option "gravity"/i);
    expect(outcomes[1]!.testReturns).toHaveLength(2);
    expect(ended).toHaveLength(3);
    const table = summaryTable(groupBySeed(outcomes));
    expect(table).toMatch(/\| no_such_agent \| CartPole-v0 \| 3 \| - \| - \| - \| - \| 1 \|/);
  }, 120_000);

  it('refuses what a worker could not rebuild, saying how to fix it', () => {
    const custom = new GymEnvironment(() => new CartPole('CartPole-v0'), { name: 'CartPole-v0', maxEpisodeSteps: 200 });
    expect(() => runSpecs([classicControl.dqn], [custom], 100, [0])).toThrow(/was not made by makeEnvironment\(id, options\)/);
    const renamed = Object.create(classicControl.dqn, { specs: { value: {} } });
    expect(() => runSpecs([renamed], [makeEnvironment('CartPole-v0')], 100, [0])).toThrow(/not the registered preset/);
    expect(() => runSpecs([classicControl.dqn], [makeEnvironment('CartPole-v0')], 100, [])).toThrow(/seeds is empty/);
    expect(() => runSpecs([classicControl.dqn], [makeEnvironment('CartPole-v0')], 100, [-1])).toThrow(/non-negative integer/);
  });

  it('keeps environment options and hyperparameters in the specs', () => {
    const specs = runSpecs([classicControl.dqn.hyperparameters({ lr: 3e-4 })], [makeEnvironment('CartPole-v1', { maxEpisodeSteps: 50 })], 100, [4, 5]);
    expect(specs).toHaveLength(2);
    expect(specs[0]).toMatchObject({ family: 'classic', preset: 'dqn', env: 'CartPole-v1', envOptions: { maxEpisodeSteps: 50 }, seed: 4 });
    expect(specs[1]!.hyperparameters.lr).toBe(3e-4);
  });
});

describe('parseSeeds', () => {
  it('reads ranges and lists, and refuses the rest', () => {
    expect(parseSeeds('0-4')).toEqual([0, 1, 2, 3, 4]);
    expect(parseSeeds('0-2,9')).toEqual([0, 1, 2, 9]);
    expect(() => parseSeeds('4-2')).toThrow(/runs backwards/);
    expect(() => parseSeeds('a')).toThrow(/not a seed or a range/);
    expect(() => parseSeeds('1,1')).toThrow(/twice/);
  });
});
