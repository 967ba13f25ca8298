/** Plain statistics over number arrays, numpy-compatible (std is the population std, ddof 0). */

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

export function std(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) * (v - m);
  return Math.sqrt(s / values.length);
}

/** mean, std, max and min, in that order (the columns of returns100.csv). */
export function summarize(values: readonly number[]): { mean: number; std: number; max: number; min: number } {
  return { mean: mean(values), std: std(values), max: Math.max(...values), min: Math.min(...values) };
}
