/**
 * Seeded learning test (issue 5): A2C with ALL's classic-control defaults on CartPole-v0, trained
 * for 50,000 frames, then 100 test episodes with its (sampling) test agent.
 */
import { a2c } from '../../presets/classic_control/a2c';
import { expectLearns } from '../helpers/learning';

it('A2C learns CartPole-v0 within 50,000 frames (seed 0)', async () => {
  const figures = await expectLearns(a2c, { minTestReturns: 195 });
  console.log(`a2c: ${JSON.stringify(figures)}`);
}, 600_000);
