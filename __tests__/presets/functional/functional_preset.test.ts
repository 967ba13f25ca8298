/**
 * `functionalPreset(id, (env) => agent)`: any explicit-state agent run by runExperiment as an
 * ordinary preset (single and parallel), writing its run directory with the records saved by
 * value; and what needs the registry (loadPreset, worker runs) refusing it clearly.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../../lib/core/errors';
import { makeEnvironment } from '../../../environments';
import { runExperiment } from '../../../experiments/run_experiment';
import { runSpecs } from '../../../experiments/run_spec';
import { tf } from '../../../lib/tf';
import { loadRecords } from '../../../lib/functional_agents/checkpoint';
import { FunctionalDQN } from '../../../lib/functional_agents/dqn';
import { FunctionalA2C } from '../../../lib/functional_agents/a2c';
import { disposeRecord } from '../../../lib/functional_agents/records';
import { envSizes, functionalPreset } from '../../../presets/functional/functional_preset';
import { loadPreset } from '../../../presets/registry';

describe('functionalPreset (an unregistered explicit-state agent) through runExperiment', () => {
  it('trains for a few thousand frames and writes its run directory with the records', async () => {
    const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-functional-run-'));
    const tensorsBefore = tf.memory().numTensors;
    const builder = functionalPreset('functional_dqn', (env) => new FunctionalDQN({ ...envSizes(env), epsilonSteps: 2_000, replayStartSize: 500 }));
    const [result] = await runExperiment([builder], [makeEnvironment('CartPole-v0')], 3_000, { logdir, seed: 0, quiet: true, testEpisodes: 5 });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(result!.testReturns).toHaveLength(5);
    expect(result!.trainingReturns.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3_000);
    const files = fs.readdirSync(result!.logdir);
    expect(files).toEqual(expect.arrayContaining(['run.json', 'returns100.csv', 'preset']));
    expect(files.some((f) => f.startsWith('events.out.tfevents'))).toBe(true);
    const run = JSON.parse(fs.readFileSync(path.join(result!.logdir, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ agent: 'functional_dqn', status: 'done', family: 'functional' });
    expect(run.hyperparameters).toMatchObject({ agent: 'functional_dqn', epsilonSteps: 2_000, discount: 0.99 });
    // the saved records are the trained values: about (3,000 - 500) updates were made
    const { records, meta } = loadRecords<{ optimState: { updateCount: number }; policyState: { predictCount: number } }>(path.join(result!.logdir, 'preset', 'records.json'));
    expect(meta).toMatchObject({ agent: 'functional_dqn' });
    expect(records.optimState.updateCount).toBeGreaterThan(2_000);
    expect(records.policyState.predictCount).toBeGreaterThan(3_000);
    disposeRecord(records as never);
    fs.rmSync(logdir, { recursive: true, force: true });
  }, 120_000);

  it('runs a parallel functional preset (A2C on 8 copies) through ParallelEnvExperiment, and it learns', async () => {
    const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-functional-par-'));
    const tensorsBefore = tf.memory().numTensors;
    const builder = functionalPreset('functional_a2c', (env) => new FunctionalA2C(envSizes(env)), { numEnvs: 8 });
    const [result] = await runExperiment([builder], [makeEnvironment('CartPole-v0')], 20_000, { logdir, seed: 0, quiet: true, testEpisodes: 10 });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(result!.testReturns).toHaveLength(10);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(result!.testReturns)).toBeGreaterThan(100); // measured 190.3 (seed 0, wasm)
    const run = JSON.parse(fs.readFileSync(path.join(result!.logdir, 'run.json'), 'utf8'));
    expect(run.hyperparameters).toMatchObject({ agent: 'functional_a2c', numEnvs: 8 });
    expect(fs.existsSync(path.join(result!.logdir, 'preset', 'records.json'))).toBe(true);
    fs.rmSync(logdir, { recursive: true, force: true });
  }, 120_000);

  it('saves by value; loadPreset and worker runs, which need the registry, refuse it with a clear error', async () => {
    const builder = functionalPreset('my_dqn', (env) => new FunctionalDQN(envSizes(env)));
    const env = makeEnvironment('CartPole-v0');
    const preset = builder.env(env).seed(2).build();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-functional-adhoc-'));
    await preset.save(dir);
    const { records } = loadRecords<{ policyState: { predictCount: number } }>(path.join(dir, 'records.json'));
    expect(records.policyState.predictCount).toBe(0);
    disposeRecord(records as never);
    await expect(loadPreset(dir)).rejects.toThrow(/Unknown agent "my_dqn" in family "functional"; valid agents: dqn, a2c, ppo/);
    expect(() => runSpecs([builder], [env], 1_000, [0])).toThrow(/functional\/my_dqn is not registered/);
    // an unregistered preset that takes a registered id is refused too (its hyperparameters differ)
    expect(() => runSpecs([functionalPreset('dqn', (e) => new FunctionalDQN(envSizes(e)))], [env], 1_000, [0])).toThrow(/not the registered preset/);
    preset.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses bad arguments with typed errors', () => {
    expect(() => functionalPreset('', () => new FunctionalDQN({ observationSize: 4, numActions: 2 }))).toThrow(ConfigError);
    expect(() => functionalPreset('x', 3 as never)).toThrow(/needs a function/);
    expect(() => functionalPreset('x', (env) => new FunctionalDQN(envSizes(env)), { numEnvs: 0 })).toThrow(/numEnvs must be a positive integer/);
    expect(() => envSizes(makeEnvironment('Pendulum-v1'))).toThrow(/discrete actions/);
  });
});
