/**
 * Seeded learning test (issue 5): VQN at its classic-control defaults learns CartPole-v0
 * within 50,000 frames: its test agent averages at least 195 over 100 episodes.
 */
import { vqn } from '../../presets/classic_control/vqn';
import { expectLearns } from '../helpers/learning';

// two seeds: one is an anecdote (bench:learning measured 200.0 on each of seeds 0-19; see presets/classic_control/vqn.ts)
it.each([0, 1])('VQN learns CartPole-v0 within 50,000 frames (seed %i)', async (seed) => {
  const figures = await expectLearns(vqn, { seed, minTestReturns: 195 });
  console.log(`vqn: train returns100 ${figures.train100.toFixed(1)}, test mean ${figures.test.toFixed(1)}`);
}, 600_000);
