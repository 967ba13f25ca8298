/**
 * Seeded learning test (issues 5 and 10): VPG at its classic-control defaults (lrPi 1e-2, 30
 * value-head steps per batch, time-limit cuts bootstrapped from V) learns CartPole-v0 within 50,000
 * frames: its greedy test agent averages at least 195 over 100 episodes (ALL's defaults reach about 25).
 */
import { vpg } from '../../presets/classic_control/vpg';
import { expectLearns } from '../helpers/learning';

// two seeds: one is an anecdote (measured test means 200.0 and 200.0; bench:learning, seeds 0-19, in presets/classic_control/vpg.ts)
it.each([0, 1])('VPG learns CartPole-v0 within 50,000 frames (seed %i)', async (seed) => {
  const figures = await expectLearns(vpg, { seed, minTestReturns: 195 });
  console.log(`vpg: train returns100 ${figures.train100.toFixed(1)}, test mean ${figures.test.toFixed(1)}`);
}, 600_000);
