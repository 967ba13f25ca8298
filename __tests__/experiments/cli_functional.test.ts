/**
 * The functional family as users run it: `allts functional CartPole-v0 dqn` as a node process on
 * dist/ (run directory, run.json, the preset saved by value and loadable), `allts list`, a clear
 * one-line error for an unknown agent, and runExperiment with seeds in worker processes (which
 * rebuild the preset from the registry) giving the same run as this process; a builder's name
 * travels with its run specs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeEnvironment } from '../../environments/registry';
import { runExperiment } from '../../experiments/run_experiment';
import { runLabel, runSpec, runSpecs } from '../../experiments/run_spec';
import { classicControl } from '../../presets/classic_control';
import { disposeRecord } from '../../lib/functional_agents/records';
import { functionalPresets, type FunctionalPreset } from '../../presets/functional';
import { loadPreset } from '../../presets/registry';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'experiments', 'cli.js');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'allts-cli-functional-'));

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
}

describe('allts functional', () => {
  it('trains dqn, tests it and writes a run directory whose preset loads by value', async () => {
    const logdir = tmp();
    const r = run(['functional', 'CartPole-v0', 'dqn', '--frames', '2000', '--seed', '0', '--logdir', logdir, '--test-episodes', '3',
      '--hyperparameters', 'replay_start_size=200', 'hidden=32', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const runs = fs.readdirSync(logdir);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/^functional_dqn_CartPole-v0_\d{4}-\d\d-\d\d_/);
    const dir = path.join(logdir, runs[0]!);
    expect(r.stdout).toContain(`run directory: ${dir}`);
    const rows = fs.readFileSync(path.join(dir, 'returns100.csv'), 'utf8').trim().split('\n');
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const row of rows) expect(row.split(',').map(Number).every(Number.isFinite)).toBe(true);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('events.out.tfevents.'))).toBe(true);
    const info = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
    expect(info).toMatchObject({ agent: 'functional_dqn', preset: 'dqn', family: 'functional', env: 'CartPole-v0', seed: 0, frames: 2000, status: 'done' });
    expect(info.hyperparameters).toMatchObject({ replayStartSize: 200, hidden: 32, nEnvs: 4 });
    expect(info.testReturns).toHaveLength(3);

    const preset = (await loadPreset(path.join(dir, 'preset'))) as FunctionalPreset<any>;
    expect(preset.hyperparameters).toMatchObject({ replayStartSize: 200, hidden: 32 });
    const records = preset.records();
    // 2,000 frames on 4 copies are ~500 predict calls, and updates start after 200 stored transitions
    expect((records.policyState as { predictCount: number }).predictCount).toBeGreaterThanOrEqual(500);
    expect((records.optimState as { updateCount: number }).updateCount).toBeGreaterThan(400);
    disposeRecord(records as never);
    preset.dispose();
    fs.rmSync(logdir, { recursive: true, force: true });
  }, 120_000);

  it('lists the family and refuses an unknown agent with one clear line', () => {
    const list = run(['list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/^functional:\n  dqn .*\n  a2c .*\n  ppo /m);
    const bad = run(['functional', 'CartPole-v0', 'sac', '--frames', '100', '--quiet']);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('error: Unknown agent "sac" in family "functional"; valid agents: dqn, a2c, ppo');
    const badHp = run(['functional', 'CartPole-v0', 'ppo', '--frames', '100', '--hyperparameters', 'epochs=two', '--quiet']);
    expect(badHp.status).toBe(1);
    expect(badHp.stderr).toMatch(/Hyperparameter "epochs" of preset "ppo" must be a number; received "two"/);
  });
});

describe('runExperiment with seeds on a functional preset', () => {
  it('runs seeds 0 and 1 in two workers, each the same run as in this process', async () => {
    const logdir = tmp();
    const builder = functionalPresets.ppo.hyperparameters({ nEnvs: 4, nSteps: 8, hidden: 16 });
    const lines: string[] = [];
    const results = await runExperiment([builder], [makeEnvironment('CartPole-v0')], 1500, {
      seeds: [0, 1], workers: 2, logdir, testEpisodes: 3, verbose: false, quiet: false, print: (l) => lines.push(l),
    });
    // the summary over seeds names the preset as its run directories do
    expect(lines.join('\n')).toMatch(/\| functional_ppo \| CartPole-v0 \| 0,1 \|/);
    expect(results.map((r) => [r.agent, r.seed, r.status])).toEqual([['functional_ppo', 0, 'done'], ['functional_ppo', 1, 'done']]);
    for (const r of results) {
      const info = JSON.parse(fs.readFileSync(path.join(r.logdir, 'run.json'), 'utf8'));
      expect(info).toMatchObject({ agent: 'functional_ppo', family: 'functional', preset: 'ppo', seed: r.seed, status: 'done', frames: 1500 });
      expect(info.hyperparameters).toMatchObject({ nEnvs: 4, nSteps: 8, hidden: 16 });
      expect(fs.existsSync(path.join(r.logdir, 'preset', 'records.json'))).toBe(true);
      expect(r.testReturns).toHaveLength(3);
    }
    // different seeds, different runs
    expect(results[0]!.trainingReturns).not.toEqual(results[1]!.trainingReturns);
    // a worker's run is the run this process makes with the same seed
    const [here] = await runExperiment([builder], [makeEnvironment('CartPole-v0')], 1500, { seed: 1, logdir: tmp(), testEpisodes: 3, verbose: false, quiet: true });
    expect(results[1]!.trainingReturns).toEqual(here!.trainingReturns);
    expect(results[1]!.testReturns).toEqual(here!.testReturns);
    fs.rmSync(logdir, { recursive: true, force: true });
  }, 120_000);

  it("carries a builder's name into its run specs, and a worker's run uses it", async () => {
    const env = makeEnvironment('CartPole-v0');
    const logdir = tmp();
    const [named] = runSpecs([classicControl.vpg.name('my_vpg')], [env], 300, [0], { logdir, testEpisodes: 1, verbose: false });
    expect(named).toMatchObject({ family: 'classic', preset: 'vpg', name: 'my_vpg' });
    expect(runLabel(named!)).toBe('my_vpg CartPole-v0 seed 0');
    const [plain] = runSpecs([classicControl.vpg], [env], 300, [0]);
    expect('name' in plain!).toBe(false); // the id is the name: specs stay as they were
    expect(runSpecs([functionalPresets.a2c], [env], 300, [0])[0]!.name).toBe('functional_a2c');
    const outcome = await runSpec(named!);
    expect(path.basename(outcome.logdir)).toMatch(/^my_vpg_CartPole-v0_/);
    expect(JSON.parse(fs.readFileSync(path.join(outcome.logdir, 'run.json'), 'utf8'))).toMatchObject({ agent: 'my_vpg', preset: 'vpg' });
    fs.rmSync(logdir, { recursive: true, force: true });
  }, 60_000);
});
