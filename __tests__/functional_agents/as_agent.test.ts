/**
 * The bridges: an explicit-state agent run by runExperiment as an ordinary Agent (through a
 * functional preset), writing its run directory with the records saved by value; and an ordinary
 * agent seen through the BaseAgent API.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../lib/core/errors';
import { makeEnvironment } from '../../environments';
import { runExperiment } from '../../experiments/run_experiment';
import { tf } from '../../lib/tf';
import { asAgent, asParallelAgent, functionalPolicyOf } from '../../lib/functional_agents/as_agent';
import { loadRecords } from '../../lib/functional_agents/checkpoint';
import { FunctionalDQN } from '../../lib/functional_agents/dqn';
import { FunctionalA2C } from '../../lib/functional_agents/a2c';
import { envSizes, functionalPreset } from '../../lib/functional_agents/functional_preset';
import { evaluateFunctional } from '../../lib/functional_agents/evaluate';
import { makeKey } from '../../lib/functional_agents/key';
import { disposeRecord } from '../../lib/functional_agents/records';

describe('asAgent through runExperiment', () => {
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

  it('acts from given records without training, and rejects what is not a State', () => {
    const agent = new FunctionalDQN({ observationSize: 4, numActions: 2 });
    const params = agent.initParams(makeKey(0));
    const policyState = agent.initPolicy(makeKey(0));
    const optimState = agent.initOptimizer(params, makeKey(0));
    const wrapped = asAgent(agent, { key: makeKey(1), records: { params, policyState, optimState }, train: false });
    const env = makeEnvironment('CartPole-v0');
    let state = env.reset({ seed: 0 });
    for (let i = 0; i < 20 && !state.done; i++) state = env.step(wrapped.act(state));
    const after = wrapped.records();
    expect(after.optimState.updateCount).toBe(0);
    expect(after.policyState.predictCount).toBe(0);
    expect(() => wrapped.act({ observation: new Float32Array(4) } as never)).toThrow(ConfigError);
    wrapped.dispose();
    disposeRecord(params, policyState, optimState, after as never);
  });

  it('the other way: an ordinary agent runs where a BaseAgent is expected', () => {
    const env = makeEnvironment('CartPole-v0');
    let calls = 0;
    const ordinary = { act: () => (calls++ % 2) };
    const fa = functionalPolicyOf(ordinary, { observationShape: env.observationSpace.shape, numActions: 2 });
    const returns = evaluateFunctional(fa, {}, {}, env, 3, { key: makeKey(0), seed: 0 });
    expect(returns).toHaveLength(3);
    expect(calls).toBe(returns.reduce((a, b) => a + b, 0));
    expect(() => fa.update({}, {}, undefined as never)).toThrow(/trains inside its own act/);
  });

  it('asParallelAgent acts on a StateArray, one action per copy, and rejects anything else', () => {
    const agent = new FunctionalDQN({ observationSize: 4, numActions: 2 });
    const wrapped = asParallelAgent(agent, { key: makeKey(3) });
    const venv = makeEnvironment('CartPole-v0').duplicate(3);
    let states = venv.reset({ seed: 0 });
    for (let i = 0; i < 30; i++) states = venv.step(wrapped.act(states));
    expect(wrapped.act(states)).toHaveLength(3);
    const r = wrapped.records();
    expect(r.policyState.predictCount).toBe(31);
    expect(() => wrapped.act({ observation: [1, 2] } as never)).toThrow(/StateArray/);
    wrapped.dispose();
    disposeRecord(r as never);
  });
});
