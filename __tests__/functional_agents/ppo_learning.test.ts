/**
 * Short seeded learning test of the explicit-state PPO (8 copies of CartPole-v0, rollouts of 8,
 * 30,000 frames): the greedy test mean over 20 episodes rises to at least 195 (measured 200.0 on
 * each of seeds 0-4 in a trial run).
 */
import { mean, runChild } from './run_child';

it('the explicit-state PPO learns CartPole-v0 (seed 0)', async () => {
  const r = await runChild({ agent: 'ppo', seed: 0, frames: 30_000, testEpisodes: 20 });
  expect(r.testReturns).toHaveLength(20);
  expect(mean(r.testReturns)).toBeGreaterThanOrEqual(195);
  expect(mean(r.initialTestReturns)).toBeLessThan(100);
}, 180_000);
