/**
 * Shared smoke checks for the replay-based classic-control presets (c51, rainbow): the leak
 * check of the training and test agents, and the save / reload round trip through both
 * `loadWeightsFrom` and `loadPreset`, on CartPole-v0.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Agent } from '../../lib/agents/agent';
import { makeEnvironment } from '../../environments/registry';
import type { Environment } from '../../environments/environment';
import type { Preset } from '../../presets/preset';
import { loadPreset } from '../../presets/registry';
import { drive, expectFlatTensorCount } from '../helpers/drive';

/**
 * Leak check: the training agent over 5,000 steps after `warmup` steps (optimizer slots and the
 * target copy), then the test agent over 500 steps.
 */
export function expectPresetAgentsDoNotLeak(preset: Preset, env: Environment, warmup: number): void {
  expectFlatTensorCount(preset.agent() as Agent, env, warmup, 5000);
  expectFlatTensorCount(preset.testAgent(), env, 0, 500, 2);
}

/**
 * Trains `build(5)` for 400 steps on `env`, saves it, and checks that preset.json holds `json`,
 * that an untrained `build(99)` acts differently (the comparison discriminates), and that it acts
 * the same after `loadWeightsFrom`, as does `loadPreset` of the directory (greedy test agents
 * over 400 steps of a fresh CartPole-v0 seeded 9).
 * @returns the saved preset's test actions, for further checks
 */
export async function expectSaveAndReload(build: (seed: number) => Preset, env: Environment, json: Record<string, unknown>): Promise<number[]> {
  const preset = build(5);
  drive(preset.agent() as Agent, env, 400);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `allts-${preset.id}-`));
  await preset.save(dir);
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'preset.json'), 'utf8'))).toMatchObject(json);
  const a = drive(preset.testAgent(), makeEnvironment('CartPole-v0'), 400, 9);
  const other = build(99);
  expect(drive(other.testAgent(), makeEnvironment('CartPole-v0'), 400, 9)).not.toEqual(a); // discriminates
  other.loadWeightsFrom(dir);
  expect(drive(other.testAgent(), makeEnvironment('CartPole-v0'), 400, 9)).toEqual(a);
  const loaded = await loadPreset(dir);
  expect(loaded.id).toBe(preset.id);
  expect(drive(loaded.testAgent(), makeEnvironment('CartPole-v0'), 400, 9)).toEqual(a);
  loaded.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
  preset.dispose();
  other.dispose();
  return a;
}
