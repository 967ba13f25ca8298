/**
 * Seeded learning test (issue 5): PPO with ALL's classic-control defaults on CartPole-v0, trained
 * for 50,000 frames (the clip epsilon decays over them), then 100 test episodes with its
 * greedy test agent (`testGreedy`, the default; ALL samples).
 */
import { ppo } from '../../presets/classic_control/ppo';
import { expectLearns } from '../helpers/learning';

// two seeds: one is an anecdote (measured test means 200.0 and 200.0; bench:learning has seeds 0-4)
it.each([0, 1])('PPO learns CartPole-v0 within 50,000 frames (seed %i)', async (seed) => {
  await expectLearns(ppo, { seed, minTestReturns: 195 });
}, 600_000);
