/**
 * Seeded learning test (issue 5): VSarsa with ALL's classic-control defaults learns CartPole-v0
 * within 50,000 frames: its test agent averages at least 195 over 100 episodes.
 */
import { vsarsa } from '../../presets/classic_control/vsarsa';
import { expectLearns } from '../helpers/learning';

// two seeds: one is an anecdote (measured test means 200.0 and 200.0; bench:learning has seeds 0-4)
it.each([0, 1])('VSarsa learns CartPole-v0 within 50,000 frames (seed %i)', async (seed) => {
  const figures = await expectLearns(vsarsa, { seed, minTestReturns: 195 });
  console.log(`vsarsa: train returns100 ${figures.train100.toFixed(1)}, test mean ${figures.test.toFixed(1)}`);
}, 600_000);
