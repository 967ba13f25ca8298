/**
 * Seeded learning test (issue 15): the explicit-state DQN (DQN_LEARNING_CONFIG: baselax's defaults
 * but epsilon decaying over 5,000 predict calls, 4 copies, 40,000 frames) reaches a mean of at least
 * 195 over 100 greedy test episodes of CartPole-v0, and the same key gives the same run twice.
 * bench/functional_dqn.ts runs seeds 0-4 (measured: 199.9, 200.0, 200.0, 200.0, 200.0).
 */
import { mean, runChild } from './run_child';

it('the explicit-state DQN learns CartPole-v0 (seed 0) and repeats itself from the same key', async () => {
  const [first, second] = await Promise.all([runChild({ agent: 'dqn', seed: 0 }), runChild({ agent: 'dqn', seed: 0 })]);
  expect(first.testReturns).toHaveLength(100);
  expect(mean(first.testReturns)).toBeGreaterThanOrEqual(195);
  // it learned: the untrained greedy policy is far below
  expect(mean(first.initialTestReturns)).toBeLessThan(100);
  // same key, same run: every episode, every update, every parameter
  expect(second.trainReturns).toEqual(first.trainReturns);
  expect(second.testReturns).toEqual(first.testReturns);
  expect(second.updates).toBe(first.updates);
  expect(second.paramsDigest).toBe(first.paramsDigest);
}, 240_000);

// a second seed: one is an anecdote (bench/functional_dqn.ts has seeds 0-4)
it('the explicit-state DQN learns CartPole-v0 (seed 1), and a different key gives a different run', async () => {
  const [one, zero] = await Promise.all([runChild({ agent: 'dqn', seed: 1 }), runChild({ agent: 'dqn', seed: 0, testEpisodes: 1 })]);
  expect(one.testReturns).toHaveLength(100);
  expect(mean(one.testReturns)).toBeGreaterThanOrEqual(195);
  expect(one.paramsDigest).not.toBe(zero.paramsDigest);
  expect(one.trainReturns).not.toEqual(zero.trainReturns);
}, 240_000);
