/**
 * Preset families by CLI name, and `loadPreset(dir)`, which rebuilds a saved preset from its
 * preset.json (family, preset id, environment spaces, hyperparameters, seed) and its weights.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, FileFormatError } from '../lib/core/errors';
import { Box, Discrete, type BoxDtype, type Space } from '../lib/core/spaces';
import type { PresetBuilder } from './builder';
import { classicControl } from './classic_control';
import { continuous } from './continuous';
import { minatar } from './minatar';
import { games } from './games';
import { mujoco } from './mujoco';
import { functionalPresets } from './functional';
import { atari } from './atari';
import { PRESET_FORMAT, reviveNumbers, type EnvSpec, type Preset } from './preset';

/** Every family: CLI name -> presets by id. */
export const FAMILIES: Record<string, Record<string, PresetBuilder<any>>> = {
  classic: classicControl,
  continuous,
  minatar,
  games,
  mujoco,
  functional: functionalPresets,
  atari,
};

/** The builder of `family`/`id`, or a ConfigError listing what exists. */
export function getPresetBuilder(family: string, id: string): PresetBuilder<any> {
  const presets = FAMILIES[family];
  if (presets === undefined) {
    throw new ConfigError(`Unknown preset family "${family}"; valid families: ${Object.keys(FAMILIES).join(', ')}`);
  }
  const builder = presets[id];
  if (builder === undefined) {
    throw new ConfigError(`Unknown agent "${id}" in family "${family}"; valid agents: ${Object.keys(presets).join(', ')}`);
  }
  return builder;
}

function spaceFromJson(json: unknown, file: string): Space {
  const s = json as { kind?: string; n?: number; start?: number; low?: number[]; high?: number[]; shape?: number[]; dtype?: BoxDtype };
  if (s?.kind === 'discrete' && typeof s.n === 'number') return new Discrete(s.n, s.start ?? 0);
  if (s?.kind === 'box' && Array.isArray(s.low) && Array.isArray(s.high)) {
    // dtype is saved only for non-float32 boxes (files of float boxes stay as they were)
    return new Box(s.low.map((v) => Number(reviveNumbers(v))), s.high.map((v) => Number(reviveNumbers(v))), s.shape, { dtype: s.dtype ?? 'float32' });
  }
  throw new FileFormatError(`${file} has an unreadable space description: ${JSON.stringify(json)}`);
}

/**
 * Loads a preset saved with `preset.save(dir)`.
 * @throws FileFormatError when preset.json or a weights file is missing, corrupt or of another version
 */
export async function loadPreset(dir: string): Promise<Preset> {
  const file = path.join(dir, 'preset.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new FileFormatError(`No saved preset at ${dir}: ${file} is missing; save one with preset.save(dir) or train with the CLI`);
  }
  let json: Record<string, any>;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FileFormatError(`${file} is not valid JSON (${(e as Error).message}); the save may be corrupt`);
  }
  if (json.format !== 'allts-preset' || json.version !== PRESET_FORMAT) {
    throw new FileFormatError(`${file} is not an allts preset of format version ${PRESET_FORMAT} (format ${json.format}, version ${json.version})`);
  }
  const builder = getPresetBuilder(String(json.family), String(json.preset));
  const env: EnvSpec = {
    name: String(json.env?.name),
    observationSpace: spaceFromJson(json.env?.observationSpace, file) as Box,
    actionSpace: spaceFromJson(json.env?.actionSpace, file),
  };
  const hyperparameters: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json.hyperparameters ?? {})) hyperparameters[k] = reviveNumbers(v);
  const preset = builder.env(env).hyperparameters(hyperparameters).name(String(json.name)).seed(Number(json.seed)).build();
  try {
    preset.loadWeightsFrom(dir);
  } catch (e) {
    preset.dispose(); // a failed load leaves no models (tensors) behind
    throw e;
  }
  return preset;
}
