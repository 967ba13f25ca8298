/**
 * The vega-lite specification of the returns plot: one panel per environment, one colour per
 * agent, the mean of the last 100 episodes' returns as a line with a +-1 std band, against frames.
 *
 * Ports what `plot_returns_100` of ALL's `all/experiments/plots.py` draws (matplotlib: one subplot
 * per env in a row, a line per agent with `fill_between(mean - std, mean + std, alpha=0.2)`, one
 * figure legend, colours shared across subplots). Differences: panels wrap after three columns;
 * each panel has its own x and y scales; colours are fixed to the sorted agent list, so an agent
 * has the same colour in every panel and every plot of the same agent set; several runs of one
 * agent and env (seeds) are each drawn as their own line and band in the agent's colour (not
 * averaged: seeds log at different frames, and the spread between seeds is worth seeing).
 */
import type { RunCurve } from './load_runs';

/** The vega-lite top-level spec type (vega-lite is ESM-only; this is a type query, no runtime import). */
export type VegaLiteSpec = Parameters<(typeof import('vega-lite'))['compile']>[0];

/** Layout of the returns plot. */
export interface ReturnsSpecOptions {
  /** Width of each panel's plotting area, in CSS pixels (default 320). */
  width?: number;
  /** Height of each panel's plotting area, in CSS pixels (default 240). */
  height?: number;
  /** Panels per row before wrapping (default 3). */
  columns?: number;
  /** Font family list for all text (default `sans-serif`). */
  font?: string;
}

/** Axis titles of every panel. */
export const FRAMES_TITLE = 'frames';
/** Y axis title of every panel. */
export const RETURNS_TITLE = 'returns (mean of last 100 episodes)';

/** Ten colours from vega's `tableau10` scheme, then twenty from `tableau20` for larger agent sets. */
export function colourScheme(agentCount: number): string {
  return agentCount <= 10 ? 'tableau10' : 'tableau20';
}

const sortedUnique = (values: Iterable<string>): string[] =>
  [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Builds the vega-lite spec for the given runs (pure; no rendering).
 * @param runs curves from `loadRuns`, at least one.
 * @returns the spec, with the data inlined (one row per run and csv row).
 */
export function returnsSpec(runs: readonly RunCurve[], options: ReturnsSpecOptions = {}): VegaLiteSpec {
  const width = options.width ?? 320;
  const height = options.height ?? 240;
  const envs = sortedUnique(runs.map((r) => r.env));
  const agents = sortedUnique(runs.map((r) => r.agent));
  const values: Record<string, string | number>[] = [];
  for (const run of runs) {
    for (let i = 0; i < run.frames.length; i++) {
      const mean = run.mean[i] as number;
      const std = run.std[i] as number;
      values.push({ run: run.id, agent: run.agent, env: run.env, frame: run.frames[i] as number, mean, lo: mean - std, hi: mean + std });
    }
  }
  // SI labels (20k, 1.5M); a bare 0 instead of d3's "0k".
  const x = {
    field: 'frame',
    type: 'quantitative',
    title: FRAMES_TITLE,
    axis: { tickCount: 5, labelExpr: "datum.value === 0 ? '0' : format(datum.value, '~s')" },
  } as const;
  const color = {
    field: 'agent',
    type: 'nominal',
    title: 'agent',
    scale: { domain: agents, scheme: colourScheme(agents.length) },
    legend: { orient: 'right', symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolOpacity: 1, symbolSize: 200 },
  } as const;
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 8,
    config: {
      font: options.font ?? 'sans-serif',
      view: { stroke: '#bbbbbb' },
      axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal' },
      // Keep the end labels inside the panel, so every panel's bounds (and title) start at its top.
      axisY: { labelFlush: true },
      header: { labelFontSize: 14, labelFontWeight: 'bold', labelPadding: 6 },
      legend: { labelFontSize: 12, titleFontSize: 12 },
    },
    data: { values },
    facet: { field: 'env', type: 'nominal', sort: envs, header: { title: null, labelOrient: 'top' } },
    align: 'all',
    columns: Math.max(1, Math.min(envs.length, options.columns ?? 3)),
    resolve: { scale: { x: 'independent', y: 'independent' }, axis: { x: 'independent', y: 'independent' } },
    spec: {
      width,
      height,
      layer: [
        {
          mark: { type: 'area', opacity: 0.2, interpolate: 'linear' },
          encoding: {
            x,
            y: { field: 'lo', type: 'quantitative', title: RETURNS_TITLE, scale: { zero: false } },
            y2: { field: 'hi' },
            color,
            detail: { field: 'run', type: 'nominal' },
          },
        },
        {
          mark: { type: 'line', strokeWidth: 1.75, interpolate: 'linear' },
          encoding: {
            x,
            y: { field: 'mean', type: 'quantitative', title: RETURNS_TITLE },
            color,
            detail: { field: 'run', type: 'nominal' },
          },
        },
      ],
    },
  };
  return spec as unknown as VegaLiteSpec;
}
