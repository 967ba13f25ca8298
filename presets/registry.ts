/**
 * Preset families by CLI name, and `loadPreset(dir)`, which rebuilds a saved preset from its
 * preset.json (family, preset id, environment spaces, hyperparameters, seed) and its weights.
 */
import { ConfigError, FileFormatError } from '../lib/core/errors';
import { nodeBuiltin } from '../lib/core/node_builtins';
import type { PresetBuilder } from './builder';
import { classicControl } from './classic_control';
import { continuous } from './continuous';
import { minatar } from './minatar';
import { games } from './games';
import { mujoco } from './mujoco';
import { functionalPresets } from './functional';
import { atari } from './atari';
import type { Preset } from './preset';
import { buildSavedPreset, parsePresetJson } from './preset_files';
const fs = nodeBuiltin('fs'); // Node-only loadPreset(dir); the browser uses presets/preset_files.ts
const path = nodeBuiltin('path');

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

/**
 * Loads a preset saved with `preset.save(dir)`. Node-only: in a browser use `loadPresetFiles`.
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
  const preset = buildSavedPreset(parsePresetJson(text, file), getPresetBuilder, file);
  try {
    preset.loadWeightsFrom(dir);
  } catch (e) {
    preset.dispose(); // a failed load leaves no models (tensors) behind
    throw e;
  }
  return preset;
}
