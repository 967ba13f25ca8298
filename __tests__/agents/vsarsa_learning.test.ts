/**
 * Seeded learning test (issue 5): VSarsa with ALL's classic-control defaults learns CartPole-v0
 * within 50,000 frames: its test agent averages at least 180 over 100 episodes.
 */
import { vsarsa } from '../../presets/classic_control/vsarsa';
import { expectLearns } from '../helpers/learning';

// Two seeds: one is an anecdote. The bar comes from vsarsa's test means on seeds 0-4 (bench:learning):
//   before the SIMD products of issue 19: 200.0 / 200.0 / 180.6 / 200.0 / 200.0 (mean 196.1)
//   after (float32 summation order only): 194.4 / 200.0 / 191.4 / 200.0 / 200.0 (mean 197.2)
// so 195 held on seeds 0-1 by luck before (seed 2 missed it), and seed 0 now tests 194.4.
it.each([0, 1])('VSarsa learns CartPole-v0 within 50,000 frames (seed %i)', async (seed) => {
  const figures = await expectLearns(vsarsa, { seed, minTestReturns: 180 });
  console.log(`vsarsa: train returns100 ${figures.train100.toFixed(1)}, test mean ${figures.test.toFixed(1)}`);
}, 600_000);
