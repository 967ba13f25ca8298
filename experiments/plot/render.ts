/**
 * Renders a vega-lite spec to SVG (vega, headless) and the SVG to PNG (resvg).
 *
 * No ALL counterpart (ALL shows a matplotlib window). vega and vega-lite 6 are ESM-only while
 * our output is CommonJS: they are loaded with a real dynamic `import()` (TypeScript with
 * `module: nodenext` keeps it as `import()` in CommonJS output), once, on first use.
 * Fonts: resvg loads the system fonts; we look for a common sans-serif font file in the usual
 * font directories and name its family as resvg's sans-serif and default family. A machine with
 * no font at all (a fresh Debian with Node only) still gets readable text: every SVG `<text>` is
 * then drawn with the built-in stroke font of `stroke_font.ts` before rasterising (the SVG file
 * keeps real text).
 */
import { existsSync, readdirSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Resvg } from '@resvg/resvg-js';
import type { VegaLiteSpec } from './returns_spec';
import { textToPaths } from './stroke_font';

type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');

let modules: Promise<{ vega: VegaModule; vegaLite: VegaLiteModule }> | undefined;

/** Loads vega and vega-lite (ESM-only) once, through a real dynamic import. */
export function loadVega(): Promise<{ vega: VegaModule; vegaLite: VegaLiteModule }> {
  // One after the other: jest's ESM loader (--experimental-vm-modules) fails on concurrent
  // imports sharing dependencies ("request for './accessor.js' is not in cache").
  modules ??= (async () => {
    const vega = await import('vega');
    const vegaLite = await import('vega-lite');
    return { vega, vegaLite };
  })().catch((error: unknown) => {
    modules = undefined;
    throw new Error(
      `cannot load vega / vega-lite (ESM-only packages) for plotting: ${(error as Error).message}. ` +
        'Under jest, dynamic import() of ESM needs --experimental-vm-modules and swc module.ignoreDynamic.',
      { cause: error },
    );
  });
  return modules;
}

/**
 * Renders a vega-lite spec to an SVG document with vega's headless view (renderer `none`).
 * @returns the SVG text; its `width`/`height` attributes are the plot's size in CSS pixels.
 */
export async function specToSvg(spec: VegaLiteSpec): Promise<string> {
  const { vega, vegaLite } = await loadVega();
  const compiled = vegaLite.compile(spec).spec;
  // Headless vega guesses 0.8 em per character, which leaves wide gaps around long titles;
  // measure with per-character widths instead (vega supports replacing textMetrics.width).
  const metrics = (vega as unknown as { textMetrics?: TextMetrics }).textMetrics;
  const previous = metrics?.width;
  if (metrics) metrics.width = (item, text) => estimateTextWidth(textOf(text ?? item.text), item.fontSize ?? 11);
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
    if (metrics && previous) metrics.width = previous;
  }
}

/** The part of vega-scenegraph's `textMetrics` we replace (not in vega's typings). */
interface TextMetrics {
  width: (item: { fontSize?: number; text?: unknown }, text?: unknown) => number;
}

function textOf(text: unknown): string {
  return Array.isArray(text) ? text.map(String).reduce((a, b) => (b.length > a.length ? b : a), '') : String(text ?? '');
}

/**
 * Width of a single line of text in a typical sans-serif font (between Arial and DejaVu Sans),
 * from per-character advances in em.
 * @param fontSize in pixels; the result is in pixels.
 */
export function estimateTextWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    if ('ijl.,:;!|\'`'.includes(ch)) em += 0.3;
    else if (ch === ' ') em += 0.32;
    else if ('frt()[]{}-_/'.includes(ch)) em += 0.4;
    else if ('mwMW%'.includes(ch)) em += 0.9;
    else if (ch >= 'A' && ch <= 'Z') em += 0.7;
    else em += 0.6;
  }
  return em * fontSize;
}

/** Font files we prefer, by file name, with the family name each one declares. */
const PREFERRED_FONTS: readonly [file: string, family: string][] = [
  ['DejaVuSans.ttf', 'DejaVu Sans'],
  ['LiberationSans-Regular.ttf', 'Liberation Sans'],
  ['Arial.ttf', 'Arial'],
  ['arial.ttf', 'Arial'],
  ['NotoSans-Regular.ttf', 'Noto Sans'],
  ['FreeSans.ttf', 'FreeSans'],
  ['Helvetica.ttc', 'Helvetica'],
  ['Roboto-Regular.ttf', 'Roboto'],
  ['Cantarell-Regular.otf', 'Cantarell'],
];

/** The font directories fontdb (inside resvg) scans when loading system fonts. */
function fontDirectories(): string[] {
  const home = os.homedir();
  return [
    '/usr/share/fonts', '/usr/local/share/fonts', path.join(home, '.fonts'), path.join(home, '.local/share/fonts'),
    '/Library/Fonts', '/System/Library/Fonts', path.join(home, 'Library/Fonts'),
    path.join(process.env.WINDIR ?? 'C:\\Windows', 'Fonts'),
  ];
}

/** What the PNG renderer found: a preferred family, whether any font file exists at all. */
export interface FontReport {
  /** A sans-serif family found by file name, if any. */
  family?: string;
  /** Whether any .ttf/.otf/.ttc file exists in the usual font directories. */
  anyFont: boolean;
}

let fontReport: FontReport | undefined;

/** Looks (once, at most 4 directory levels and 5000 entries) for font files in the usual places. */
export function findFonts(): FontReport {
  if (fontReport) return fontReport;
  const names = new Set<string>();
  let budget = 5000;
  const walk = (dir: string, depth: number): void => {
    if (depth > 4 || budget <= 0) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (--budget <= 0) return;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), depth + 1);
      else if (/\.(ttf|otf|ttc)$/i.test(entry.name)) names.add(entry.name);
    }
  };
  for (const dir of fontDirectories()) if (existsSync(dir)) walk(dir, 0);
  const preferred = PREFERRED_FONTS.find(([file]) => names.has(file));
  fontReport = { anyFont: names.size > 0, ...(preferred ? { family: preferred[1] } : {}) };
  return fontReport;
}

/** Options of {@link svgToPng}. */
export interface PngOptions {
  /** Device pixels per CSS pixel (default 2). */
  scale?: number;
  /** Draw text with the built-in stroke font even when system fonts exist (default: only without fonts). */
  builtinFont?: boolean;
}

/**
 * Rasterises an SVG document to PNG bytes with resvg.
 * @returns the PNG and its size in pixels (SVG size times `scale`, rounded).
 */
export function svgToPng(svg: string, options: PngOptions = {}): { png: Buffer; width: number; height: number; builtinFont: boolean } {
  const fonts = findFonts();
  const builtinFont = options.builtinFont ?? !fonts.anyFont;
  const source = builtinFont ? textToPaths(svg) : svg;
  const family = fonts.family;
  const resvg = new Resvg(source, {
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: 'white',
    font: builtinFont
      ? { loadSystemFonts: false }
      : { loadSystemFonts: true, ...(family ? { sansSerifFamily: family, defaultFontFamily: family } : {}) },
    logLevel: 'off',
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height, builtinFont };
}
