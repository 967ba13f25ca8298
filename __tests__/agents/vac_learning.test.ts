/**
 * Seeded learning test (issues 5 and 10): VAC at its classic-control defaults (lrPi 1e-3, lrV 1e-2,
 * no gradient clipping, 4 value-head steps per update) learns CartPole-v0 within 50,000 frames: its
 * greedy test agent averages at least 195 over 100 episodes (ALL's defaults reach about 18).
 */
import { vac } from '../../presets/classic_control/vac';
import { expectLearns } from '../helpers/learning';

// two seeds: one is an anecdote (measured test means 200.0 and 200.0; bench:learning, seeds 0-19, in presets/classic_control/vac.ts)
it.each([0, 1])('VAC learns CartPole-v0 within 50,000 frames (seed %i)', async (seed) => {
  const figures = await expectLearns(vac, { seed, minTestReturns: 195 });
  console.log(`vac: train returns100 ${figures.train100.toFixed(1)}, test mean ${figures.test.toFixed(1)}`);
}, 600_000);
