/**
 * Seeded learning test (issue 17): SAC balances MuJoCo's InvertedPendulum-v4 (gymnasium's reward
 * threshold 950 over 100 test episodes) within 15,000 training frames. To fit the CI budget the
 * networks and batches are shrunk and the learning rates raised (LEARNING_HYPERPARAMETERS); every
 * other value is ALL's continuous default. Figures over seeds are in the mujoco family's header
 * (presets/mujoco/index.ts).
 */
import { mujoco } from '../../presets/mujoco';
import { expectLearns } from '../helpers/learning';

/** 64-64 networks instead of 400-300, minibatch 64 instead of 256, replay start 1,000 instead of 5,000, Adam 3e-3 instead of 1e-3. */
export const LEARNING_HYPERPARAMETERS = { hidden1: 64, hidden2: 64, minibatchSize: 64, replayStartSize: 1000, lrQ: 3e-3, lrPi: 3e-3 };

it('SAC balances InvertedPendulum-v4 within 15,000 frames (seed 0)', async () => {
  await expectLearns(mujoco.sac.hyperparameters(LEARNING_HYPERPARAMETERS), { env: 'InvertedPendulum-v4', frames: 15_000, minTestReturns: 950 });
}, 600_000);
