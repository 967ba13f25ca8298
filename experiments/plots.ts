/**
 * Plots the learning curves of every run under a logdir to a PNG (and the SVG beside it).
 *
 * Ports ALL's `all/experiments/plots.py` (`plot_returns_100`): one panel per environment, one
 * line per agent (mean of the last 100 episodes' returns, with a +-std band) against frames, one
 * legend. Differences: it writes files instead of opening a window (vega-lite + resvg instead of
 * matplotlib); several seeds of one agent and env are drawn as separate lines of the agent's
 * colour rather than overwriting each other; agent and env come from run.json when present; see
 * `plot/load_runs.ts` for reading runs and `plot/run_name.ts` for ALL's directory names.
 */
import * as path from 'path';
import { ConfigError } from '../lib/core/errors';
import { writeFileAtomic } from '../lib/core/atomic_file';
import { loadRuns, noRunsError } from './plot/load_runs';
import { svgToPng, specToSvg } from './plot/render';
import { returnsSpec } from './plot/returns_spec';

export { loadRuns, type RunCurve, type LoadedRuns } from './plot/load_runs';
export { parseRunName, splitAgentEnv, KNOWN_AGENTS, KNOWN_ENVS, type RunName, type RunNameOptions } from './plot/run_name';

/** Options of {@link plotReturns}. */
export interface PlotReturnsOptions {
  /** Directory holding the run directories (e.g. `runs`). */
  logdir: string;
  /** PNG path (default `<logdir>/returns.png`); the SVG goes beside it with the extension `.svg`. */
  out?: string;
  /** Width of each panel's plotting area, in CSS pixels (default 320). */
  width?: number;
  /** Height of each panel's plotting area, in CSS pixels (default 240). */
  height?: number;
  /** PNG pixels per CSS pixel (default 2). */
  scale?: number;
}

/** What {@link plotReturns} wrote. */
export interface PlotReturnsResult {
  /** Path of the PNG written. */
  png: string;
  /** Path of the SVG written. */
  svg: string;
  /** Number of runs drawn. */
  runs: number;
  /** Runs or rows skipped, and font fallbacks, one message each. */
  warnings: string[];
}

function positive(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new ConfigError(`plotReturns: ${name} must be a positive number of pixels, received ${value}; omit it for the default`);
  }
}

/**
 * Draws the returns100 curves of every run under `logdir` and writes `<out>` (PNG) and the SVG
 * beside it, each atomically (temp file in the same directory, then rename).
 * @throws ConfigError when the logdir is missing, empty, or none of its runs can be read.
 */
export async function plotReturns(options: PlotReturnsOptions): Promise<PlotReturnsResult> {
  positive('width', options.width);
  positive('height', options.height);
  positive('scale', options.scale);
  const runs = await loadRuns(options.logdir);
  const warnings = [...runs.warnings];
  if (runs.length === 0) throw noRunsError(options.logdir, `; every run was unreadable:\n  ${warnings.join('\n  ')}`);

  const pngPath = options.out ?? path.join(options.logdir, 'returns.png');
  const ext = path.extname(pngPath);
  const svgPath = path.join(path.dirname(pngPath), `${path.basename(pngPath, ext)}.svg`);
  if (svgPath === pngPath) {
    throw new ConfigError(`plotReturns: out "${pngPath}" ends in .svg; give the PNG path (e.g. returns.png), the SVG is written beside it`);
  }

  const spec = returnsSpec(runs, {
    ...(options.width !== undefined ? { width: options.width } : {}),
    ...(options.height !== undefined ? { height: options.height } : {}),
  });
  const svg = await specToSvg(spec);
  const image = svgToPng(svg, options.scale !== undefined ? { scale: options.scale } : {});
  if (image.builtinFont) {
    warnings.push('no system font found: PNG text drawn with the built-in stroke font (install fonts-dejavu-core for nicer text)');
  }
  writeFileAtomic(svgPath, svg);
  writeFileAtomic(pngPath, image.png);
  return { png: pngPath, svg: svgPath, runs: runs.length, warnings };
}
