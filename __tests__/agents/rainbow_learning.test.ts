/**
 * Seeded learning test: Rainbow with ALL's classic-control defaults on CartPole-v0 learns within
 * 50,000 training frames (an untrained agent averages about 20).
 *
 * Rainbow does NOT yet meet issue 10's target (test mean >= 195 over seeds 0-4, none below 150);
 * this test guards that it learns at all, at what it measures now. Measured, seed 0, wasm, with
 * one Adam precision for every model (float32, as torch; session 3): returns100 122.2, test mean
 * 85.4; seed 1: 127.9 / 95.6. With the double-precision host Adam it ran before (models of
 * 25,000 values or more), seeds 0/1/2 tested 200.0 / 94.9 / 200.0: rounding alone flips seeds,
 * so this preset is unstable, not tuned. Earlier checkpoints of a seed-0 run: 200 from frame
 * 15,200 to 16,400, 118-185 to 21,800, 25-60 around 25,000. A cosine-annealed learning rate
 * (`annealLr`, which fixed ddqn's late collapse) gave 111.9 on seed 0: not the cure here; nor
 * nSteps=1 (128.5). Without prioritization (alpha=0) seeds 0-4 test 200 / 200 / 200 / 161.3 / 200
 * (mean 192.3). Checked against ALL's source, the prioritized replay, n-step buffer, noisy layers
 * and agent match it (no bug found); the runs oscillate under every replay setting and prioritized
 * replay slows the value propagation that ends the oscillation: see the diagnosis and what was
 * tried in presets/classic_control/rainbow.ts. Once a default meets the target, this test should
 * check seeds 0 and 1 at 195 like ddqn's.
 */
import { rainbow } from '../../presets/classic_control/rainbow';
import { expectLearns } from '../helpers/learning';

it('Rainbow learns CartPole-v0 within 50,000 frames (seed 0)', async () => {
  await expectLearns(rainbow, { minTrainReturns100: 100, minTestReturns: 70 });
}, 900_000);
