/**
 * Seeded learning checks run as a user runs an agent: train for `frames` on an environment with
 * runExperiment, then test 100 episodes with the preset's test agent. The experiment runs in a
 * child Node process (learning_child.js) on the same TypeScript sources: inside jest's vm sandbox
 * every global lookup (`Math.exp` in a host loop) is an interceptor call, which made the learning
 * tests run several times slower than the agents really are. The results are the same numbers:
 * runs are seeded and deterministic.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { PresetBuilder } from '../../presets/builder';

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export interface LearningCheck {
  /** Training frames. Default 50,000. */
  frames?: number;
  /** Seed. Default 0. */
  seed?: number;
  /** Minimum mean over the last 100 training episodes, if checked. */
  minTrainReturns100?: number;
  /** Minimum mean over 100 test episodes. */
  minTestReturns: number;
  /** Environment id. Default CartPole-v0. */
  env?: string;
  /** Options of makeEnvironment (e.g. `{ memoryLength: 10 }`). Default none. */
  envOptions?: Record<string, unknown>;
}

/** The returns of one seeded run of `builder` (with its hyperparameters) in a child process. */
export function runLearning(builder: PresetBuilder<any>, check: LearningCheck): Promise<{ trainingReturns: number[]; testReturns: number[] }> {
  const job = {
    family: builder.family,
    id: builder.id,
    hyperparameters: builder.currentHyperparameters,
    env: check.env ?? 'CartPole-v0',
    envOptions: check.envOptions ?? {},
    frames: check.frames ?? 50_000,
    seed: check.seed ?? 0,
    testEpisodes: 100,
  };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(__dirname, 'learning_child.js'), JSON.stringify(job)], { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      let out: { trainingReturns: number[]; testReturns: number[]; error?: { message: string; stack: string } };
      try {
        out = JSON.parse(stdout);
      } catch {
        reject(new Error(`the learning run of ${job.id} printed no result (${error?.message ?? 'no error'}):\n${stderr}`));
        return;
      }
      if (out.error !== undefined) reject(new Error(`the learning run of ${job.id} failed: ${out.error.stack}`));
      else resolve(out);
    });
  });
}

/** Trains and tests; asserts the thresholds; returns the figures for the test's own checks. */
export async function expectLearns(builder: PresetBuilder<any>, check: LearningCheck): Promise<{ train100: number; test: number }> {
  const result = await runLearning(builder, check);
  const last100 = result.trainingReturns.slice(-100);
  const figures = { train100: mean(last100), test: mean(result.testReturns) };
  if (check.minTrainReturns100 !== undefined) {
    expect(last100).toHaveLength(100);
    expect(figures.train100).toBeGreaterThanOrEqual(check.minTrainReturns100);
  }
  expect(result.testReturns).toHaveLength(100);
  expect(figures.test).toBeGreaterThanOrEqual(check.minTestReturns);
  return figures;
}
