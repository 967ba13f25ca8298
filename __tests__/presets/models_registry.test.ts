/**
 * presets/models/registry.ts: networks chosen by name. The default names rebuild today's networks
 * bit for bit (initial weights hashed before the registry existed, fixtures/preset_specs.json);
 * a bad name is a ConfigError listing the valid ones; a model registered by a user is rebuilt by
 * loadPreset from the name saved in preset.json; a preset.json saved before the model
 * hyperparameters existed still loads, with the default networks.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeEnvironment } from '../../environments/registry';
import { ConfigError } from '../../lib/core/errors';
import { Activation, Flatten, Linear, Sequential, type Module } from '../../lib/nn/module';
import { serializeWeights } from '../../lib/nn/weights';
import { tf } from '../../lib/tf';
import { DQN_HYPERPARAMETERS, DQNClassicControlPreset } from '../../presets/classic_control/dqn';
import { parseValue, type ParamValues } from '../../presets/hyperparameters';
import { getModel, modelNames, registerModel } from '../../presets/models/registry';
import type { Preset } from '../../presets/preset';
import { FAMILIES, loadPreset } from '../../presets/registry';
import { Box, Discrete } from '../../lib/core/spaces';
import { expectNoTensorLeak } from '../helpers/leak_check';
import fixture from './fixtures/preset_specs.json';

type Hashes = Record<string, { shapes: number[][]; sha256: string }>;
const SNAPSHOT = fixture as unknown as Record<string, Record<string, { initialWeights: Hashes }>>;

const modelsOf = (preset: Preset): Record<string, Module> => (preset as unknown as { models: Record<string, Module> }).models;

function weightHashes(preset: Preset): Hashes {
  const out: Hashes = {};
  for (const [name, model] of Object.entries(modelsOf(preset))) {
    const w = serializeWeights(model.variables);
    const bytes = Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength);
    out[name] = { shapes: w.manifest.map((m) => m.shape), sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  return out;
}

/** A q model the library does not have: Linear, tanh, Linear (fc_relu_q's shapes, another activation). */
const FC_TANH_Q = registerModel({
  name: 'test_fc_tanh_q',
  kind: 'q',
  doc: 'Flatten, Linear(obs, hidden), tanh, Linear(hidden, actions) (tests only)',
  reads: ['hidden'],
  build: ({ env, sizes, rng }) =>
    new Sequential([
      new Flatten(),
      new Linear(env.observationSpace.size, sizes.hidden!, rng),
      new Activation('tanh'),
      new Linear(sizes.hidden!, (env.actionSpace as { n: number }).n, rng),
    ]),
});

const tmp = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `allts-models-${label}-`));

/** The q network's outputs on a fixed batch of CartPole-sized observations. */
function qValues(preset: Preset): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor2d([[0.5, -2, 1.5, -3], [-1, 2, -0.5, 3]]);
    return modelsOf(preset).q!.apply(x).dataSync() as Float32Array;
  });
}

describe('models registry', () => {
  for (const [family, presets] of Object.entries(SNAPSHOT)) {
    const envId = family === 'classic' ? 'CartPole-v0' : 'Pendulum-v1';
    for (const [id, before] of Object.entries(presets)) {
      it(`${family}.${id}: the default model names give the same seeded initial weights as before`, () => {
        const tensors = tf.memory().numTensors;
        const preset = FAMILIES[family]![id]!.env(makeEnvironment(envId)).seed(0).build();
        expectNoTensorLeak(() => expect(weightHashes(preset)).toEqual(before.initialWeights));
        preset.dispose();
        // building and disposing a preset leaves no tensor behind
        expect(tf.memory().numTensors).toBe(tensors);
      });
    }
  }

  it('lists the names of each kind', () => {
    expect(modelNames('q')).toEqual(['fc_relu_q', 'dueling_fc_relu_q', 'minatar_conv_q', 'minatar_dueling_conv_q', 'nature_dqn', 'nature_ddqn', 'test_fc_tanh_q']);
    expect(modelNames('dist_q')).toEqual(['fc_relu_dist_q', 'fc_relu_rainbow', 'minatar_conv_dist_q', 'minatar_conv_rainbow', 'nature_c51', 'nature_rainbow']);
    expect(modelNames('features')).toEqual(['fc_relu_features', 'minatar_conv_features', 'nature_features']);
    expect(modelNames('q_continuous')).toEqual(['fc_q']);
    expect(getModel('fc_v', 'v', 'test').reads).toEqual(['hidden1', 'hidden2']);
  });

  it('rejects an unknown model name with a ConfigError listing the valid names of its kind', () => {
    const set = () => FAMILIES.classic!.dqn!.hyperparameters({ model: 'fc_relu_qq' });
    expect(set).toThrow(ConfigError);
    expect(set).toThrow(/Hyperparameter "model" of preset "dqn" names no registered model \("fc_relu_qq"\); it needs a q model, valid: fc_relu_q, dueling_fc_relu_q, minatar_conv_q, minatar_dueling_conv_q, nature_dqn, nature_ddqn, test_fc_tanh_q/);
    // the CLI path (snake_case key, string value) checks the same way
    expect(() => parseValue('a2c', FAMILIES.classic!.a2c!.specs, 'policy_model', 'conv')).toThrow(/needs a policy_head model, valid: fc_policy_head/);
  });

  it('rejects a registered model of the wrong kind, saying what it is', () => {
    expect(() => FAMILIES.continuous!.td3!.hyperparameters({ policyModel: 'fc_soft_policy' })).toThrow(
      /names "fc_soft_policy", a soft_policy model; it needs a deterministic_policy model, valid: fc_deterministic_policy/,
    );
  });

  it('rejects, at build, a model that reads a size the preset does not have', () => {
    const env = makeEnvironment('CartPole-v0');
    const builder = FAMILIES.classic!.c51!.hyperparameters({ model: 'fc_relu_rainbow' }).env(env);
    expect(() => builder.build()).toThrow(ConfigError);
    expect(() => builder.build()).toThrow(/Model "fc_relu_rainbow" reads the number hyperparameter "sigma", but preset "c51" has none/);
  });

  it('needs the spec table to know a model hyperparameter\'s kind: a preset class built without it says so', () => {
    const env = makeEnvironment('CartPole-v0');
    const h = FAMILIES.classic!.dqn!.currentHyperparameters as ParamValues<typeof DQN_HYPERPARAMETERS>;
    expect(() => new DQNClassicControlPreset(['dqn', 'classic', 'dqn', env, h, 0])).toThrow(
      /Preset "dqn" has no model hyperparameter "model" in its \(missing\) spec table; build presets through their PresetBuilder/,
    );
    const built = new DQNClassicControlPreset(['dqn', 'classic', 'dqn', env, h, 0, DQN_HYPERPARAMETERS]);
    expect(Object.keys(modelsOf(built))).toEqual(['q']);
    built.dispose();
  });

  it('refuses a second model under a taken name', () => {
    expect(() => registerModel({ ...FC_TANH_Q, name: 'fc_relu_q' })).toThrow(/model named "fc_relu_q" \(q\) is already registered/);
    expect(registerModel(FC_TANH_Q)).toBe(FC_TANH_Q); // the same definition again is harmless
  });

  it('builds a registered custom model by name, and loadPreset rebuilds it from preset.json', async () => {
    const env = makeEnvironment('CartPole-v0');
    const preset = FAMILIES.classic!.dqn!.hyperparameters({ model: 'test_fc_tanh_q', hidden: 8 }).env(env).seed(3).build();
    const relu = FAMILIES.classic!.dqn!.hyperparameters({ hidden: 8 }).env(env).seed(3).build();
    // same shapes and seeded weights, other activation: only the architecture tells them apart
    expect(weightHashes(preset)).toEqual(weightHashes(relu));
    const values = qValues(preset);
    expect(Array.from(values)).not.toEqual(Array.from(qValues(relu)));

    const dir = tmp('custom');
    await preset.save(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'preset.json'), 'utf8')).hyperparameters.model).toBe('test_fc_tanh_q');
    const loaded = await loadPreset(dir);
    expect(loaded.hyperparameters.model).toBe('test_fc_tanh_q');
    expect(Array.from(qValues(loaded))).toEqual(Array.from(values));
    for (const p of [preset, relu, loaded]) p.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads a preset.json saved before the model hyperparameters existed, with the default networks', async () => {
    const env = makeEnvironment('Pendulum-v1');
    const preset = FAMILIES.continuous!.ddpg!.hyperparameters({ hidden1: 16, hidden2: 8 }).env(env).seed(5).build();
    const dir = tmp('legacy');
    await preset.save(dir);
    const file = path.join(dir, 'preset.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    delete json.hyperparameters.qModel;
    delete json.hyperparameters.policyModel;
    fs.writeFileSync(file, JSON.stringify(json));

    const loaded = await loadPreset(dir);
    expect(loaded.hyperparameters).toMatchObject({ qModel: 'fc_q', policyModel: 'fc_deterministic_policy', hidden1: 16 });
    expect(weightHashes(loaded)).toEqual(weightHashes(preset));
    preset.dispose();
    loaded.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('saved spaces', () => {
  it('loadPreset keeps a uint8 observation Box a uint8 Box', async () => {
    const env = { name: 'Bytes-v0', observationSpace: new Box(0, 255, [4], { dtype: 'uint8' }), actionSpace: new Discrete(2) };
    const preset = FAMILIES.classic!.dqn!.hyperparameters({ hidden: 8 }).env(env).seed(1).build();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-uint8-'));
    await preset.save(dir);
    const again = await loadPreset(dir);
    expect(again.env.observationSpace.dtype).toBe('uint8');
    expect(again.env.observationSpace.high[0]).toBe(255);
    preset.dispose();
    again.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
