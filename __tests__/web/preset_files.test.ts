/**
 * Loading saved presets from file contents and URLs (presets/preset_files.ts, presets/browser.ts),
 * as the browser does, checked in Node against `preset.save` / `loadPreset`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, FileFormatError } from '../../lib/core/errors';
import { tf } from '../../lib/tf';
import { makeEnvironment } from '../../environments/registry';
import { classicControl } from '../../presets/classic_control';
import { continuous } from '../../presets/continuous';
import { minatar } from '../../presets/minatar';
import '../../environments/minatar/index'; // registers the MinAtar ids, as the browser entry does
import { loadPresetFiles, loadPresetFromUrl } from '../../presets/browser';
import type { Agent } from '../../lib/agents/agent';
import type { Preset } from '../../presets/preset';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-files-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function actions(agent: Agent, id: string, seed: number, n = 60): number[] {
  const env = makeEnvironment(id);
  let state = env.reset({ seed });
  const out: number[] = [];
  for (let i = 0; i < n && !state.done; i++) {
    const a = agent.act(state);
    out.push(...(typeof a === 'number' ? [a] : Array.from(a as Float32Array)));
    state = env.step(a as never);
  }
  return out;
}

/** A dqn preset whose weights differ from a fresh build's (so loading them is observable). */
function trainedDqn(): Preset {
  const env = makeEnvironment('CartPole-v1');
  const preset = classicControl.dqn.env(env).seed(2).hyperparameters({ replayStartSize: 50 }).build();
  const agent = preset.agent({ trainSteps: 400 }) as Agent;
  let state = env.reset({ seed: 0 });
  for (let i = 0; i < 400; i++) {
    const a = agent.act(state);
    state = state.done ? env.reset() : env.step(a as number);
  }
  return preset;
}

test('files() are byte for byte what save() writes, and loadPresetFiles acts like loadPreset', async () => {
  const preset = trainedDqn();
  await preset.save(dir);
  const files = preset.files();
  expect(Object.keys(files).sort()).toEqual(fs.readdirSync(dir).sort());
  for (const [name, contents] of Object.entries(files)) {
    const onDisk = fs.readFileSync(path.join(dir, name));
    expect(Buffer.from(typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents).equals(onDisk)).toBe(true);
  }
  const fromDisk: Record<string, Uint8Array> = {};
  for (const name of fs.readdirSync(dir)) fromDisk[name] = new Uint8Array(fs.readFileSync(path.join(dir, name)));
  const loaded = loadPresetFiles(fromDisk, dir);
  expect(actions(loaded.testAgent(), 'CartPole-v1', 4)).toEqual(actions(preset.testAgent(), 'CartPole-v1', 4));
  // the weights come from the files, not from the seed in preset.json: swap in another preset's
  const other = classicControl.dqn.env(makeEnvironment('CartPole-v1')).seed(9).hyperparameters({ replayStartSize: 50 }).build();
  const w = Object.keys(files).find((f) => f.endsWith('.weights'))!;
  const swapped = loadPresetFiles({ ...fromDisk, [w]: other.files()[w] });
  expect(Buffer.from(swapped.files()[w] as Uint8Array).equals(Buffer.from(other.files()[w] as Uint8Array))).toBe(true);
  expect(Buffer.from(swapped.files()[w] as Uint8Array).equals(Buffer.from(files[w] as Uint8Array))).toBe(false);
  for (const p of [preset, loaded, other, swapped]) p.dispose();
});

test('a continuous preset round-trips through its files', () => {
  const env = makeEnvironment('Pendulum-v1');
  const preset = continuous.sac.env(env).seed(5).build();
  const loaded = loadPresetFiles(preset.files());
  expect(actions(loaded.testAgent(), 'Pendulum-v1', 1, 10)).toEqual(actions(preset.testAgent(), 'Pendulum-v1', 1, 10));
  preset.dispose();
  loaded.dispose();
});

test('a MinAtar preset (convolutional network) round-trips through its files', () => {
  const env = makeEnvironment('MinAtar/Breakout-v1');
  const preset = minatar.dqn.env(env).seed(2).build();
  const loaded = loadPresetFiles(preset.files());
  expect(actions(loaded.testAgent(), 'MinAtar/Breakout-v1', 1, 30)).toEqual(actions(preset.testAgent(), 'MinAtar/Breakout-v1', 1, 30));
  preset.dispose();
  loaded.dispose();
});

test('loadPresetFromUrl fetches preset.json and the weights it lists', async () => {
  const preset = trainedDqn();
  await preset.save(dir);
  const asked: string[] = [];
  const fakeFetch = (async (url: string) => {
    asked.push(url);
    const file = path.join(dir, url.replace('https://example.org/runs/a/preset/', ''));
    if (!fs.existsSync(file)) return new Response('missing', { status: 404 });
    return new Response(fs.readFileSync(file));
  }) as unknown as typeof fetch;
  const loaded = await loadPresetFromUrl('https://example.org/runs/a/preset', fakeFetch);
  expect(asked[0]).toBe('https://example.org/runs/a/preset/preset.json');
  expect(asked.length).toBe(1 + JSON.parse(fs.readFileSync(path.join(dir, 'preset.json'), 'utf8')).models.length);
  expect(actions(loaded.testAgent(), 'CartPole-v1', 9)).toEqual(actions(preset.testAgent(), 'CartPole-v1', 9));
  preset.dispose();
  loaded.dispose();
  await expect(loadPresetFromUrl('https://example.org/nothing/', fakeFetch)).rejects.toThrow(
    /Cannot fetch https:\/\/example.org\/nothing\/preset.json: HTTP 404/,
  );
});

test('missing, corrupt and foreign files fail with clear errors and leave no tensors', () => {
  const preset = classicControl.dqn.env(makeEnvironment('CartPole-v1')).seed(0).build();
  const files = preset.files();
  preset.dispose();
  const weights = Object.keys(files).find((f) => f.endsWith('.weights'))!;
  const before = tf.memory().numTensors;
  expect(() => loadPresetFiles({ [weights]: files[weights] })).toThrow(FileFormatError);
  expect(() => loadPresetFiles({ [weights]: files[weights] })).toThrow(/preset.json is missing/);
  expect(() => loadPresetFiles({ 'preset.json': '{oops', [weights]: files[weights] })).toThrow(/preset.json is not valid JSON/);
  expect(() => loadPresetFiles({ 'preset.json': files['preset.json'] })).toThrow(new RegExp(`has no ${weights.replace('.', '\\.')}`));
  const torn = (files[weights] as Uint8Array).subarray(0, (files[weights] as Uint8Array).length - 8);
  expect(() => loadPresetFiles({ 'preset.json': files['preset.json'], [weights]: torn })).toThrow(/should hold \d+ float32 values/);
  const bad = new Uint8Array(files[weights] as Uint8Array);
  bad[0] = 0;
  expect(() => loadPresetFiles({ 'preset.json': files['preset.json'], [weights]: bad })).toThrow(/bad magic bytes/);
  const functional = (files['preset.json'] as string).replace('"family": "classic"', '"family": "functional"');
  expect(() => loadPresetFiles({ 'preset.json': functional, [weights]: files[weights] })).toThrow(ConfigError);
  expect(() => loadPresetFiles({ 'preset.json': functional, [weights]: files[weights] })).toThrow(/browser families: classic, continuous, minatar/);
  expect(tf.memory().numTensors).toBe(before);
});
