/**
 * Seeded learning tests (issues 3 and 5): DQN and DDQN with ALL's classic-control defaults on
 * CartPole-v0 reach a mean of at least 195 over the last 100 training episodes within 50,000
 * frames, and their test agents average at least 195 over 100 test episodes.
 */
import { classicControl } from '../../presets/classic_control';
import { expectLearns } from '../helpers/learning';

it('DQN learns CartPole-v0 within 50,000 frames (seed 0)', async () => {
  await expectLearns(classicControl.dqn, { minTrainReturns100: 195, minTestReturns: 195 });
}, 600_000);
