/**
 * Every registered functional preset (presets/functional: dqn, a2c, ppo) on CartPole-v0: it builds
 * from the registry, trains inside act without leaking tensors, its test agents act, and it
 * survives a save and a loadPreset (the loaded test agent chooses the same actions from the saved
 * records, by value). Replay starts early and rollouts are short so updates happen within a few
 * hundred frames; the networks are narrowed to 16 units.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ParallelAgent } from '../../../lib/agents/agent';
import { ConfigError, FileFormatError } from '../../../lib/core/errors';
import { tf } from '../../../lib/tf';
import { makeEnvironment } from '../../../environments';
import { FUNCTIONAL_A2C_DEFAULTS } from '../../../lib/functional_agents/a2c';
import { FUNCTIONAL_DQN_DEFAULTS } from '../../../lib/functional_agents/dqn';
import { FUNCTIONAL_PPO_DEFAULTS } from '../../../lib/functional_agents/ppo';
import { loadRecords } from '../../../lib/functional_agents/checkpoint';
import { disposeRecord, snapshotRecord } from '../../../lib/functional_agents/records';
import { functionalPresets, FunctionalPreset } from '../../../presets/functional';
import { getPresetBuilder, loadPreset } from '../../../presets/registry';
import { drive, driveParallel, expectFlatTensorCount, expectFlatTensorCountParallel } from '../../helpers/drive';

const ENV = 'CartPole-v0';
type Id = keyof typeof functionalPresets;

/** Overrides that make the first updates come early. */
const QUICK: Record<Id, Record<string, number>> = {
  dqn: { replayStartSize: 100, minibatchSize: 16, nEnvs: 2, hidden: 16 },
  a2c: { nEnvs: 4, nSteps: 5, hidden: 16 },
  ppo: { nEnvs: 4, nSteps: 8, epochs: 2, minibatches: 2, hidden: 16 },
};

function build(id: Id, seed: number): FunctionalPreset<any> {
  return getPresetBuilder('functional', id).env(makeEnvironment(ENV)).hyperparameters(QUICK[id]).seed(seed).build() as FunctionalPreset<any>;
}

/** The resolved options of a preset's explicit-state agent. */
function settingsOf(preset: FunctionalPreset<any>): Record<string, unknown> {
  return (preset.functionalAgent as unknown as { settings: Record<string, unknown> }).settings;
}

/** Records' update count of a preset (what training has done to its records). */
function updateCount(preset: FunctionalPreset<any>): number {
  const r = preset.records();
  const n = (r.optimState as { updateCount: number }).updateCount;
  disposeRecord(r as never);
  return n;
}

describe.each(Object.keys(functionalPresets) as Id[])('functional %s preset', (id) => {
  it('is registered, trains inside act without leaking tensors, and its test agents act', () => {
    const before = tf.memory().numTensors;
    const preset = build(id, 3);
    expect(preset.family).toBe('functional');
    expect(preset.parallel).toBe(true);
    expect(preset.nEnvs).toBe(QUICK[id].nEnvs);
    const env = makeEnvironment(ENV);
    const n = preset.nEnvs;
    expectFlatTensorCountParallel(preset.agent() as ParallelAgent, env, n, 150, 300);
    expect(updateCount(preset)).toBeGreaterThan(0);
    const parallelTest = preset.parallelTestAgent()!;
    expect(driveParallel(parallelTest, env, n, 30).every((a) => a === 0 || a === 1)).toBe(true);
    expectFlatTensorCount(preset.testAgent(), env, 0, 200, 2);
    preset.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('saves and loads by value: the loaded test agent chooses the same actions', async () => {
    const preset = build(id, 5);
    driveParallel(preset.agent() as ParallelAgent, makeEnvironment(ENV), preset.nEnvs, 200);
    const trainedUpdates = updateCount(preset);
    expect(trainedUpdates).toBeGreaterThan(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `allts-functional-${id}-`));
    await preset.save(dir);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'preset.json'), 'utf8'));
    expect(json).toMatchObject({ format: 'allts-preset', family: 'functional', preset: id, name: `functional_${id}`, seed: 5, hyperparameters: QUICK[id] });
    // records.json holds the trained values, not the initial ones
    const saved = loadRecords<{ optimState: { updateCount: number } }>(path.join(dir, 'records.json'));
    expect(saved.records.optimState.updateCount).toBe(trainedUpdates);
    disposeRecord(saved.records as never);

    const a = drive(preset.testAgent(), makeEnvironment(ENV), 300, 9);
    const loaded = (await loadPreset(dir)) as FunctionalPreset<any>;
    expect(loaded).toBeInstanceOf(FunctionalPreset);
    expect(loaded.hyperparameters).toEqual(preset.hyperparameters);
    expect(updateCount(loaded)).toBe(trainedUpdates);
    expect(drive(loaded.testAgent(), makeEnvironment(ENV), 300, 9)).toEqual(a);
    // every value of the records came back (float32-exact), not just the counters
    const [mine, theirs] = [preset.records(), loaded.records()];
    expect(snapshotRecord(theirs as never)).toEqual(snapshotRecord(mine as never));
    disposeRecord(mine as never, theirs as never);
    // while a fresh preset of the same seed starts from untrained records
    const fresh = build(id, 5);
    expect(updateCount(fresh)).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
    preset.dispose();
    loaded.dispose();
    fresh.dispose();
  });
});

describe('functional presets', () => {
  it('take their defaults from the explicit-state agents', () => {
    const envSizes = { observationSize: 4, numActions: 2 };
    const dqn = build('dqn', 0);
    expect(settingsOf(dqn)).toEqual({ ...FUNCTIONAL_DQN_DEFAULTS, ...envSizes, hidden: [16], batchSize: 16, replayStartSize: 100 });
    dqn.dispose();
    const env = makeEnvironment(ENV);
    for (const [id, defaults] of [['a2c', FUNCTIONAL_A2C_DEFAULTS], ['ppo', FUNCTIONAL_PPO_DEFAULTS]] as const) {
      const p = functionalPresets[id].env(env).seed(0).build();
      expect(settingsOf(p)).toEqual({ ...defaults, ...envSizes });
      expect(p.nEnvs).toBe(8);
      p.dispose();
    }
    const d = functionalPresets.dqn.env(env).seed(0).build();
    expect(settingsOf(d)).toEqual({ ...FUNCTIONAL_DQN_DEFAULTS, ...envSizes });
    expect(d.nEnvs).toBe(4);
    d.dispose();
  });

  it('pass hyperparameters (snake_case too) to the agent; clipGrad 0 means no clipping', () => {
    const p = functionalPresets.ppo
      .env(makeEnvironment(ENV))
      .hyperparameters({ lr: 3e-4, clip_grad: 0, hidden_layers: 2, hidden: 32, lam: 0.9, normalize_advantages: false })
      .seed(0)
      .build();
    expect(settingsOf(p)).toMatchObject({ lr: 3e-4, maxGradNorm: Infinity, hidden: [32, 32], lambda: 0.9, normalizeAdvantages: false });
    p.dispose();
  });

  it('refuse bad input with typed errors', async () => {
    expect(() => functionalPresets.dqn.hyperparameters({ lrr: 1 })).toThrow(/Unknown hyperparameter "lrr".*did you mean "lr"/);
    expect(() => functionalPresets.dqn.hyperparameters({ loss: 'l1' })).toThrow(ConfigError);
    expect(() => functionalPresets.a2c.env(makeEnvironment('Pendulum-v1')).seed(0).build()).toThrow(/discrete actions.*Pendulum-v1/);
    // the agent's own check: replay must hold a minibatch before the first update
    expect(() => functionalPresets.dqn.env(makeEnvironment(ENV)).hyperparameters({ replayStartSize: 8 }).seed(0).build()).toThrow(/replayStartSize/);
  });

  it('refuse records that do not fit the agent when loading', async () => {
    const small = build('a2c', 1);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-functional-misfit-'));
    await small.save(dir);
    // the same preset.json with a wider network: the saved records no longer fit
    const file = path.join(dir, 'preset.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.hyperparameters.hidden = 24;
    fs.writeFileSync(file, JSON.stringify(json));
    const before = tf.memory().numTensors;
    await expect(loadPreset(dir)).rejects.toThrow(FileFormatError);
    await expect(loadPreset(dir)).rejects.toThrow(/params\.policy\.layers\[0\]\.b is tensor float32 \[16\], expected tensor float32 \[24\]/);
    // the other agent's records
    json.preset = 'ppo';
    json.hyperparameters = { hidden: 16 };
    fs.writeFileSync(file, JSON.stringify(json));
    await expect(loadPreset(dir)).rejects.toThrow(/agent "functional_a2c"/);
    fs.rmSync(path.join(dir, 'records.json'));
    await expect(loadPreset(dir)).rejects.toThrow(/records\.json/);
    // a failed load releases what it built
    expect(tf.memory().numTensors).toBe(before);
    small.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
