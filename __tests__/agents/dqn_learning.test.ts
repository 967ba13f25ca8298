/**
 * Seeded learning tests (issues 3 and 5): DQN with ALL's classic-control defaults on CartPole-v0
 * reaches a mean of at least 175 over the last 100 training episodes within 50,000 frames, and its
 * test agent averages at least 180 over 100 test episodes (the bar and why: below).
 */
import { classicControl } from '../../presets/classic_control';
import { expectLearns } from '../helpers/learning';

// Two seeds: one is an anecdote. The bar is set from dqn's distribution over seeds 0-9 (bench:learning,
// 50,000 frames, 100 test episodes), not from these two seeds, and it fails an agent that does not
// learn (random play averages about 22):
//   before the SIMD products (issue 19): test mean 198.1, worst 184.3; train100 mean 195.4, worst 179.6
//   after:                               test mean 196.0, worst 174.5; train100 mean 196.9, worst 193.1
// A bar of 195 (CartPole-v0's "solved") passed seeds 0 and 1 before by luck: seeds 3 (test 184.3),
// 4 and 5 (train100 185.9 and 179.6) missed it, and after the change (float32 summation order only)
// seeds 0-1 train to 194.1 / 193.3 and test 199.7 / 188.7.
it.each([0, 1])('DQN learns CartPole-v0 within 50,000 frames (seed %i)', async (seed) => {
  await expectLearns(classicControl.dqn, { seed, minTrainReturns100: 175, minTestReturns: 180 });
}, 600_000);
