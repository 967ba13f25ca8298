/**
 * Seeded learning test (issue 5): PPO with ALL's classic-control defaults on CartPole-v0, trained
 * for 50,000 frames (the clip epsilon decays over them), then 100 test episodes with its
 * greedy test agent (`testGreedy`, the default; ALL samples).
 */
import { ppo } from '../../presets/classic_control/ppo';
import { expectLearns } from '../helpers/learning';

it('PPO learns CartPole-v0 within 50,000 frames (seed 0)', async () => {
  await expectLearns(ppo, { minTestReturns: 195 });
}, 600_000);
