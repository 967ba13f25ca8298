/**
 * The plot of a sweep: returns100 against frames, one colour per configuration, its line the mean
 * over seeds and its band the smallest to largest seed. Seeds log at different frames (a row every
 * 100 episodes), so each seed's curve is interpolated onto a common grid of frames, and only the
 * frames that every seed covers are drawn.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../lib/core/atomic_file';
import { parseReturnsCsv, RETURNS_FILE } from './load_runs';
import { specToSvg, svgToPng } from './render';
import { colourScheme, FRAMES_TITLE, RETURNS_TITLE, type VegaLiteSpec } from './returns_spec';

/** One configuration: its name and its runs' directories (one per seed). */
export interface SweepCurveSource {
  name: string;
  runs: readonly string[];
}

/** Linear interpolation of (xs, ys) at x; xs ascending; NaN outside [xs[0], xs[last]]. */
export function interpolate(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (n === 0 || x < xs[0]! || x > xs[n - 1]!) return NaN;
  let i = 0;
  while (i < n - 1 && xs[i + 1]! < x) i++;
  if (i === n - 1 || xs[i] === x) return ys[i]!;
  const t = (x - xs[i]!) / (xs[i + 1]! - xs[i]!);
  return ys[i]! + t * (ys[i + 1]! - ys[i]!);
}

/**
 * Mean, min and max over curves at `points` frames where every curve has a value. A run's last
 * row is its end of training, so it holds until `end` (runs stop a few frames apart).
 */
export function seedBand(
  curves: readonly { frames: ArrayLike<number>; mean: ArrayLike<number> }[],
  points: readonly number[],
  end = -Infinity,
): { frame: number; mean: number; lo: number; hi: number }[] {
  const out: { frame: number; mean: number; lo: number; hi: number }[] = [];
  for (const frame of points) {
    const values = curves.map((c) => {
      const last = c.frames.length - 1;
      const held = last >= 0 && frame > c.frames[last]! && frame <= end;
      return held ? c.mean[last]! : interpolate(c.frames, c.mean, frame);
    });
    if (values.length === 0 || values.some(Number.isNaN)) continue;
    out.push({ frame, mean: values.reduce((a, b) => a + b, 0) / values.length, lo: Math.min(...values), hi: Math.max(...values) });
  }
  return out;
}

/**
 * Writes the sweep plot as PNG (and SVG beside it), atomically. Returns false, writing nothing,
 * when no run has a readable returns100.csv; `warnings` collects what was skipped.
 */
export async function writeSweepPlot(
  configs: readonly SweepCurveSource[],
  pngPath: string,
  options: { title: string; points?: number; warnings?: string[] },
): Promise<boolean> {
  const warnings = options.warnings ?? [];
  const loaded = configs.map((config) => {
    const curves = [];
    for (const dir of config.runs) {
      const file = path.join(dir, RETURNS_FILE);
      try {
        curves.push(parseReturnsCsv(fs.readFileSync(file, 'utf8'), file, warnings));
      } catch (e) {
        warnings.push(`${file}: ${(e as Error).message}`);
      }
    }
    return { name: config.name, curves };
  });
  // up to the last frame any run reached: each run's last row holds to there
  const end = Math.max(...loaded.flatMap((c) => c.curves.map((k) => k.frames[k.frames.length - 1]!)));
  if (!Number.isFinite(end)) return false;
  const points = options.points ?? 60;
  const grid = Array.from({ length: points + 1 }, (_, i) => Math.round((i * end) / points));
  const values: Record<string, string | number>[] = [];
  for (const { name, curves } of loaded) for (const p of seedBand(curves, grid, end)) values.push({ config: name, ...p });
  if (values.length === 0) return false;
  const names = configs.map((c) => c.name);
  const x = { field: 'frame', type: 'quantitative', title: FRAMES_TITLE, axis: { tickCount: 5, labelExpr: "datum.value === 0 ? '0' : format(datum.value, '~s')" } };
  const color = {
    field: 'config', type: 'nominal', title: 'configuration', scale: { domain: names, scheme: colourScheme(names.length) },
    legend: { orient: 'bottom', columns: 1, symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolOpacity: 1 },
  };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 8,
    title: options.title,
    config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal' }, legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 600 } },
    data: { values },
    width: 480,
    height: 300,
    layer: [
      { mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: RETURNS_TITLE, scale: { zero: false } }, y2: { field: 'hi' }, color } },
      { mark: { type: 'line', strokeWidth: 1.75, point: { size: 12 } }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: RETURNS_TITLE }, color } },
    ],
  } as unknown as VegaLiteSpec;
  const svg = await specToSvg(spec);
  const ext = path.extname(pngPath);
  writeFileAtomic(path.join(path.dirname(pngPath), `${path.basename(pngPath, ext)}.svg`), svg);
  writeFileAtomic(pngPath, svgToPng(svg).png);
  return true;
}
