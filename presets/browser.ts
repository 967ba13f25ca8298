/**
 * Presets in a browser: the families the browser build bundles, and loading a saved preset from
 * file contents (uploaded files) or from a URL (a served `preset/` folder), in `preset.save`'s
 * format. `presets/registry.ts`'s `loadPreset(dir)` is the Node counterpart.
 */
import { ConfigError, FileFormatError } from '../lib/core/errors';
import type { PresetBuilder } from './builder';
import { classicControl } from './classic_control';
import { continuous } from './continuous';
import { minatar } from './minatar';
import type { Preset, PresetFiles } from './preset';
import { parsePresetJson, presetFromFiles, type PresetFileContents } from './preset_files';

/** The preset families the browser build offers, by CLI name (those of `FAMILIES` without Node-only needs). */
export const BROWSER_FAMILIES: Record<string, Record<string, PresetBuilder<any>>> = {
  classic: classicControl,
  continuous,
  minatar,
};

/** The builder of `family`/`id` among the browser families, or a ConfigError listing what exists. */
export function browserPresetBuilder(family: string, id: string): PresetBuilder<any> {
  const presets = BROWSER_FAMILIES[family];
  if (presets === undefined) {
    throw new ConfigError(
      `Preset family "${family}" is not in the browser build; browser families: ${Object.keys(BROWSER_FAMILIES).join(', ')} (load other families in Node with loadPreset)`,
    );
  }
  const builder = presets[id];
  if (builder === undefined) {
    throw new ConfigError(`Unknown agent "${id}" in family "${family}"; valid agents: ${Object.keys(presets).join(', ')}`);
  }
  return builder;
}

/**
 * Rebuilds a saved preset from its files' contents (`preset.json` and `<model>.weights`), e.g.
 * the files of a `preset/` folder a user uploaded.
 * @param source where they came from, for error messages (default "the uploaded files")
 * @throws FileFormatError for a missing or corrupt file; ConfigError for a family the browser build lacks
 */
export function loadPresetFiles(files: PresetFileContents, source = 'the uploaded files'): Preset {
  return presetFromFiles(files, browserPresetBuilder, source);
}

/**
 * Fetches a saved preset from a URL prefix where its folder is served (`<url>/preset.json`, then
 * each model's `<url>/<model>.weights` that preset.json lists) and rebuilds it.
 * @param url the folder's URL, with or without a trailing `/`
 * @param fetchFn the fetch to use (default the global one)
 * @throws FileFormatError when a file cannot be fetched or is corrupt
 */
export async function loadPresetFromUrl(url: string, fetchFn: typeof fetch = fetch): Promise<Preset> {
  const base = url.endsWith('/') ? url : `${url}/`;
  const get = async (name: string): Promise<Uint8Array> => {
    let response: Response;
    try {
      response = await fetchFn(base + name);
    } catch (e) {
      throw new FileFormatError(`Cannot fetch ${base + name}: ${(e as Error).message}`);
    }
    if (!response.ok) throw new FileFormatError(`Cannot fetch ${base + name}: HTTP ${response.status}; is a preset/ folder saved by preset.save served there?`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const files: Record<string, Uint8Array> = { 'preset.json': await get('preset.json') };
  const json = parsePresetJson(new TextDecoder().decode(files['preset.json']), `${base}preset.json`);
  const models: unknown = json.models;
  if (!Array.isArray(models) || !models.every((m) => typeof m === 'string' && /^[A-Za-z0-9_.-]+$/.test(m))) {
    throw new FileFormatError(`${base}preset.json lists no readable "models" (names of its weights files)`);
  }
  for (const m of models as string[]) files[`${m}.weights`] = await get(`${m}.weights`);
  return loadPresetFiles(files, base.slice(0, -1));
}

/** The files of a preset, as `preset.save(dir)` would write them (for a download). */
export function presetFiles(preset: Preset): PresetFiles {
  return preset.files();
}
