/**
 * runExperiment's seed: with none given, a random one is drawn, printed (unless quiet) and
 * recorded in run.json, so a library user can repeat the run too.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeEnvironment } from '../../environments';
import { runExperiment } from '../../experiments/run_experiment';
import { FAMILIES } from '../../presets/registry';

describe('runExperiment seed', () => {
  let logdir: string;
  beforeEach(() => {
    logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-run-exp-'));
  });
  afterEach(() => {
    fs.rmSync(logdir, { recursive: true, force: true });
  });

  const tiny = () => FAMILIES.classic!.dqn!.hyperparameters({ replayStartSize: 50, hidden: 8 });

  it('without a seed draws one, prints it first and records it in run.json', async () => {
    const lines: string[] = [];
    const env = makeEnvironment('CartPole-v0');
    const [result] = await runExperiment([tiny()], [env], 100, { logdir, testEpisodes: 1, print: (l) => lines.push(l) });
    env.close();
    const drawn = /^runExperiment: no seed given, drew seed (\d+) \(recorded in run\.json\); pass \{ seed: (\d+) \} to repeat the run$/.exec(lines[0]!);
    expect(drawn).not.toBeNull();
    expect(drawn![2]).toBe(drawn![1]);
    const info = JSON.parse(fs.readFileSync(path.join(result!.logdir, 'run.json'), 'utf8'));
    expect(info.seed).toBe(Number(drawn![1]));
  });

  it('prints no seed line when quiet or when the seed is given', async () => {
    const lines: string[] = [];
    const env = makeEnvironment('CartPole-v0');
    await runExperiment([tiny()], [env], 100, { logdir, testEpisodes: 1, quiet: true, print: (l) => lines.push(l) });
    const [given] = await runExperiment([tiny()], [env], 100, { logdir, testEpisodes: 1, seed: 5, print: (l) => lines.push(l) });
    env.close();
    expect(lines.some((l) => l.includes('seed'))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(given!.logdir, 'run.json'), 'utf8')).seed).toBe(5);
  });
});
