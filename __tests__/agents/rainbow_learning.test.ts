/**
 * Seeded learning test (issue 5): Rainbow with ALL's classic-control defaults on CartPole-v0; its
 * test agent averages at least 195 over 100 test episodes after 50,000 training frames.
 */
import { rainbow } from '../../presets/classic_control/rainbow';
import { expectLearns } from '../helpers/learning';

it('Rainbow learns CartPole-v0 within 50,000 frames (seed 0)', async () => {
  const { train100, test } = await expectLearns(rainbow, { minTestReturns: 195 });
  console.log(`rainbow CartPole-v0: returns100 ${train100.toFixed(1)}, test mean ${test.toFixed(1)}`);
}, 600_000);
