/**
 * Seeded learning checks run through runExperiment, as a user runs an agent: train for `frames`
 * on CartPole-v0, then test 100 episodes with the preset's test agent.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeEnvironment } from '../../environments/registry';
import { runExperiment } from '../../experiments/run_experiment';
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
}

/** Trains and tests; asserts the thresholds; returns the figures for the test's own checks. */
export async function expectLearns(builder: PresetBuilder<any>, check: LearningCheck): Promise<{ train100: number; test: number }> {
  const logdir = fs.mkdtempSync(path.join(os.tmpdir(), `allts-learn-${builder.id}-`));
  const [result] = await runExperiment([builder], [makeEnvironment(check.env ?? 'CartPole-v0')], check.frames ?? 50_000, {
    logdir,
    seed: check.seed ?? 0,
    quiet: true,
    verbose: false,
    testEpisodes: 100,
  });
  const last100 = result!.trainingReturns.slice(-100);
  const figures = { train100: mean(last100), test: mean(result!.testReturns) };
  if (check.minTrainReturns100 !== undefined) {
    expect(last100).toHaveLength(100);
    expect(figures.train100).toBeGreaterThanOrEqual(check.minTrainReturns100);
  }
  expect(result!.testReturns).toHaveLength(100);
  expect(figures.test).toBeGreaterThanOrEqual(check.minTestReturns);
  fs.rmSync(logdir, { recursive: true, force: true });
  return figures;
}
