/**
 * Rebuilds a saved preset from the contents of its files (`preset.json` and `<model>.weights`,
 * as `preset.save(dir)` writes them and `preset.files()` returns them), with no file system: the
 * part of `loadPreset(dir)` that the browser shares. Where the builder of a family/id comes from
 * is a parameter, so the browser build can offer only the families it bundles.
 */
import { FileFormatError } from '../lib/core/errors';
import { Box, Discrete, type BoxDtype, type Space } from '../lib/core/spaces';
import type { PresetBuilder } from './builder';
import { PRESET_FORMAT, reviveNumbers, type EnvSpec, type Preset } from './preset';

/** Finds the builder of a family and preset id, throwing a ConfigError that lists what exists. */
export type BuilderLookup = (family: string, id: string) => PresetBuilder<any>;

/** File contents by file name; text or bytes (bytes of preset.json are decoded as UTF-8). */
export type PresetFileContents = Readonly<Record<string, string | Uint8Array | undefined>>;

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
 * Parses and checks a preset.json's text.
 * @param file names the file in errors
 * @throws FileFormatError when it is not JSON or not an allts preset of this format version
 */
export function parsePresetJson(text: string, file: string): Record<string, any> {
  let json: Record<string, any>;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FileFormatError(`${file} is not valid JSON (${(e as Error).message}); the save may be corrupt`);
  }
  if (json === null || typeof json !== 'object' || json.format !== 'allts-preset' || json.version !== PRESET_FORMAT) {
    throw new FileFormatError(`${file} is not an allts preset of format version ${PRESET_FORMAT} (format ${json?.format}, version ${json?.version})`);
  }
  return json;
}

/**
 * Builds the preset a parsed preset.json describes (fresh weights; load them next).
 * @param file names preset.json in errors
 */
export function buildSavedPreset(json: Record<string, any>, lookup: BuilderLookup, file: string): Preset {
  const builder = lookup(String(json.family), String(json.preset));
  const env: EnvSpec = {
    name: String(json.env?.name),
    observationSpace: spaceFromJson(json.env?.observationSpace, file) as Box,
    actionSpace: spaceFromJson(json.env?.actionSpace, file),
  };
  const hyperparameters: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json.hyperparameters ?? {})) hyperparameters[k] = reviveNumbers(v);
  return builder.env(env).hyperparameters(hyperparameters).name(String(json.name)).seed(Number(json.seed)).build();
}

/**
 * Rebuilds a preset from its files' contents: `preset.json` and one `<model>.weights` per model.
 * @param files contents by file name (extra files are ignored)
 * @param lookup the builder of a family/id
 * @param source where the files came from (a URL, "uploaded files"), for error messages
 * @throws FileFormatError when preset.json or a weights file is missing, corrupt or of another version
 */
export function presetFromFiles(files: PresetFileContents, lookup: BuilderLookup, source: string): Preset {
  const file = `${source}/preset.json`;
  const contents = files['preset.json'];
  if (contents === undefined) {
    throw new FileFormatError(`No saved preset in ${source}: preset.json is missing; a saved preset is the folder preset.save(dir) writes (preset.json and <model>.weights files)`);
  }
  const text = typeof contents === 'string' ? contents : new TextDecoder().decode(contents);
  const preset = buildSavedPreset(parsePresetJson(text, file), lookup, file);
  try {
    preset.loadWeightsFromFiles(files, source);
  } catch (e) {
    preset.dispose(); // a failed load leaves no models (tensors) behind
    throw e;
  }
  return preset;
}
