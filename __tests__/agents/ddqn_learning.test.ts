/**
 * Seeded learning tests: DDQN (prioritized replay, dueling network) on CartPole-v0, as for DQN.
 * Seed 1 is the case issue 10 found: with ALL's constant learning rate the greedy test agent
 * collapsed at the very end of training (test mean 123.2, train returns100 193.1); with the
 * preset's cosine-annealed rate (`annealLr`) it tests 200.0 (seed 0: 200.0 as before).
 */
import { classicControl } from '../../presets/classic_control';
import { expectLearns } from '../helpers/learning';

it.each([0, 1])('DDQN learns CartPole-v0 within 50,000 frames (seed %i)', async (seed) => {
  await expectLearns(classicControl.ddqn, { seed, minTrainReturns100: 195, minTestReturns: 195 });
}, 600_000);
