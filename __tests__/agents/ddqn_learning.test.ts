/** Seeded learning test: DDQN (prioritized replay, dueling network) on CartPole-v0, as for DQN. */
import { classicControl } from '../../presets/classic_control';
import { expectLearns } from '../helpers/learning';

it('DDQN learns CartPole-v0 within 50,000 frames (seed 0)', async () => {
  await expectLearns(classicControl.ddqn, { minTrainReturns100: 195, minTestReturns: 195 });
}, 600_000);
