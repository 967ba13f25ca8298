/**
 * The table at the end of many runs: one row per preset x environment (x configuration), with the
 * test mean over seeds and the worst seed, since a result on one seed is an anecdote.
 */
import type { RunOutcome } from './run_spec';

const mean = (xs: readonly number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');

/** Figures of one group of runs that differ only by seed. */
export interface SeedGroup {
  key: string;
  outcomes: RunOutcome[];
  seeds: number[];
  /** Test mean of each finished run, in seed order. */
  testMeans: number[];
  trainMeans: number[];
  testMean: number;
  testWorst: number;
  testStd: number;
  failed: number;
  seconds: number;
}

/** Groups outcomes by `key` (default: preset name and environment), keeping first-seen order. */
export function groupBySeed(outcomes: readonly RunOutcome[], key: (o: RunOutcome) => string = (o) => `${o.spec.name ?? o.spec.preset} | ${o.spec.env}`): SeedGroup[] {
  const groups = new Map<string, RunOutcome[]>();
  for (const o of outcomes) {
    const k = key(o);
    groups.set(k, [...(groups.get(k) ?? []), o]);
  }
  return [...groups.entries()].map(([k, runs]) => {
    const done = runs.filter((o) => o.status === 'done');
    const testMeans = done.map((o) => mean(o.testReturns));
    const m = mean(testMeans);
    return {
      key: k,
      outcomes: runs,
      seeds: runs.map((o) => o.spec.seed),
      testMeans,
      trainMeans: done.map((o) => mean(o.trainingReturns.slice(-100))),
      testMean: m,
      testWorst: testMeans.length === 0 ? NaN : Math.min(...testMeans),
      testStd: testMeans.length === 0 ? NaN : Math.sqrt(mean(testMeans.map((x) => (x - m) ** 2))),
      failed: runs.length - done.length,
      seconds: runs.reduce((a, o) => a + o.seconds, 0),
    };
  });
}

/** A markdown table of the groups; `keyTitle` names the key's columns. */
export function summaryTable(groups: readonly SeedGroup[], keyTitle = 'preset | env'): string {
  const columns = keyTitle.split('|').length;
  const lines = [
    `| ${keyTitle} | seeds | test mean | test std | worst seed | train returns100 | failed | run seconds |`,
    `|${'---|'.repeat(columns + 7)}`,
  ];
  for (const g of groups) {
    lines.push(
      `| ${g.key} | ${g.seeds.join(',')} | ${fmt(g.testMean)} | ${fmt(g.testStd)} | ${fmt(g.testWorst)} | ${fmt(mean(g.trainMeans))} | ${g.failed} | ${g.seconds.toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}
