/**
 * Recurrent Q-learning figures (issue 14): trains a recurrent-Q preset on a memory task with
 * runExperiment and tests it, for several seeds, printing the test mean per seed as JSON lines.
 * Tasks: `memory` (MemoryLength-bsuite, memory length 10; score = fraction of test episodes
 * answered right), `cartpole` (CartPole-v1 with `observe: 'positions'`; test mean return) and
 * `breakout` (MinAtar/Breakout-v1 with the minatar family's preset).
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/recurrent_q_learning.js <memory|cartpole> [frames]
 *   [seeds e.g. 0-2] [preset: recurrent_q|dqn] [hyperparameters as k=v ...]`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeEnvironment } from '../environments';
import { runExperiment } from '../experiments/run_experiment';
import type { ParamValue } from '../presets/hyperparameters';
import { parseHyperparameters } from '../experiments/cli';
import { FAMILIES } from '../presets/registry';

/** The environment and options of a task. */
export const TASKS: Record<string, { id: string; options: Record<string, unknown>; family: string }> = {
  memory: { id: 'MemoryLength-bsuite', options: { memoryLength: 10 }, family: 'classic' },
  cartpole: { id: 'CartPole-v1', options: { observe: 'positions' }, family: 'classic' },
  breakout: { id: 'MinAtar/Breakout-v1', options: {}, family: 'minatar' },
};

/** One seeded run: test returns and the last 100 training returns' mean. */
export async function runTask(task: string, frames: number, seed: number, preset = 'recurrent_q', hyperparameters: Record<string, ParamValue> = {}) {
  const t = TASKS[task]!;
  const builder = FAMILIES[t.family]![preset]!.hyperparameters(hyperparameters);
  const logdir = fs.mkdtempSync(path.join(os.tmpdir(), `allts-rq-${task}-`));
  try {
    const start = Date.now();
    const [result] = await runExperiment([builder], [makeEnvironment(t.id, t.options)], frames, { logdir, seed, quiet: true, verbose: false, testEpisodes: 100 });
    const test = result!.testReturns;
    const train = result!.trainingReturns.slice(-100);
    const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    return {
      task, preset, seed, frames,
      testMean: mean(test),
      testCorrect: test.filter((r) => r > 0).length / Math.max(1, test.length),
      train100: mean(train),
      seconds: (Date.now() - start) / 1000,
    };
  } finally {
    fs.rmSync(logdir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [task = 'memory', framesArg = '20000', seedsArg = '0', preset = 'recurrent_q', ...rest] = process.argv.slice(2);
  const [lo, hi] = seedsArg.split('-').map(Number);
  const hyperparameters = parseHyperparameters(TASKS[task]!.family, preset, rest);
  for (let seed = lo!; seed <= (hi ?? lo!); seed++) {
    console.log(JSON.stringify(await runTask(task, Number(framesArg), seed, preset, hyperparameters)));
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
