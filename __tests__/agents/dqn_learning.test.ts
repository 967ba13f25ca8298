/**
 * Seeded learning test (issue 3): DQN with ALL's classic-control defaults on CartPole-v0 reaches a
 * mean of at least 195 over the last 100 training episodes within 50,000 frames, and its test agent
 * averages at least 195 over 100 test episodes. Runs through runExperiment, as a user would.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeEnvironment } from '../../environments/registry';
import { runExperiment } from '../../experiments/run_experiment';
import { classicControl } from '../../presets/classic_control';

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

it('DQN learns CartPole-v0 within 50,000 frames (seed 0)', async () => {
  const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-dqn-learn-'));
  const [result] = await runExperiment([classicControl.dqn], [makeEnvironment('CartPole-v0')], 50_000, {
    logdir,
    seed: 0,
    quiet: true,
    verbose: false,
    testEpisodes: 100,
  });
  const last100 = result!.trainingReturns.slice(-100);
  expect(last100).toHaveLength(100);
  expect(mean(last100)).toBeGreaterThanOrEqual(195);
  expect(result!.testReturns).toHaveLength(100);
  expect(mean(result!.testReturns)).toBeGreaterThanOrEqual(195);
}, 600_000);
