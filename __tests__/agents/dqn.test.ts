import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeEnvironment } from '../../environments/registry';
import { classicControl } from '../../presets/classic_control';
import { loadPreset } from '../../presets/registry';
import { FileFormatError } from '../../lib/core/errors';
import { drive, expectFlatTensorCount } from '../helpers/drive';

describe.each(['dqn', 'ddqn'] as const)('%s preset', (id) => {
  const builder = classicControl[id];

  it('builds, trains inside act and leaks no tensors over 5,000 steps', () => {
    const env = makeEnvironment('CartPole-v0');
    const preset = builder.env(env).hyperparameters({ replayStartSize: 100, hidden: 16 }).seed(3).build();
    // warm-up: the first updates create optimizer slots and the target copy
    expectFlatTensorCount(preset.agent(), env, 200, 5000);
    preset.dispose();
  });

  it('saves and loads: the loaded test agent chooses the same actions', async () => {
    const env = makeEnvironment('CartPole-v0');
    const preset = builder.env(env).hyperparameters({ replayStartSize: 50, hidden: 16, testExploration: 0 }).seed(5).build();
    drive(preset.agent(), env, 300);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `allts-${id}-`));
    await preset.save(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'preset.json'), 'utf8'))).toMatchObject({ preset: id, family: 'classic', hyperparameters: { hidden: 16 } });
    const loaded = await loadPreset(dir);
    const a = drive(preset.testAgent(), makeEnvironment('CartPole-v0'), 400, 9);
    const b = drive(loaded.testAgent(), makeEnvironment('CartPole-v0'), 400, 9);
    expect(b).toEqual(a);
    // the comparison discriminates: an untrained preset of another seed acts differently
    const other = builder.env(env).hyperparameters({ hidden: 16, testExploration: 0 }).seed(99).build();
    expect(drive(other.testAgent(), makeEnvironment('CartPole-v0'), 400, 9)).not.toEqual(a);
    preset.dispose();
    loaded.dispose();
    other.dispose();
  });
});

describe('loadPreset errors', () => {
  it('says what is missing or corrupt', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-bad-'));
    await expect(loadPreset(dir)).rejects.toThrow(/preset\.json is missing/);
    const env = makeEnvironment('CartPole-v0');
    const preset = classicControl.dqn.env(env).seed(1).build();
    await preset.save(dir);
    fs.writeFileSync(path.join(dir, 'q.weights'), 'garbage');
    await expect(loadPreset(dir)).rejects.toThrow(FileFormatError);
    await expect(loadPreset(dir)).rejects.toThrow(/not an allts weights file/);
    fs.writeFileSync(path.join(dir, 'preset.json'), '{ torn');
    await expect(loadPreset(dir)).rejects.toThrow(/not valid JSON/);
    preset.dispose();
  });
});
