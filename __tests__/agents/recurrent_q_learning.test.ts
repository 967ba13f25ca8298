/**
 * Seeded learning test (issue 14): the recurrent Q preset remembers bsuite's context bit over
 * memory length 10 within 4,000 frames: at least 95% of 100 greedy test episodes answered right
 * (a memoryless agent gets 50%: feed-forward DQN measured 48% at 3,000 frames, seed 0).
 * Measured with bench/recurrent_q_learning.ts (session 15 code): 100/100 on seeds 0-4 at 4,000
 * frames; at 2,000 frames seeds 0 and 1 100/100 but seed 2 42/100, so 2,000 was too short.
 * The hidden-velocity CartPole figure is too slow for CI; it is in bench/ and the README.
 */
import { recurrentQ } from '../../presets/classic_control/recurrent_q';
import { runLearning } from '../helpers/learning';

it('recurrent Q answers MemoryLength-bsuite (memory 10) right in >= 95% of test episodes (seed 0)', async () => {
  const result = await runLearning(recurrentQ, { env: 'MemoryLength-bsuite', envOptions: { memoryLength: 10 }, frames: 4000, seed: 0, minTestReturns: 0 });
  expect(result.testReturns).toHaveLength(100);
  const right = result.testReturns.filter((r) => r === 1).length;
  console.log(`recurrent_q memory length 10: ${right}/100 test answers right`);
  expect(right).toBeGreaterThanOrEqual(95);
}, 600_000);
