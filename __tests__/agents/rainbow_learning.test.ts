/**
 * Seeded learning test (issue 5): Rainbow with ALL's classic-control defaults on CartPole-v0; its
 * test agent should average at least 195 over 100 test episodes within 50,000 training frames.
 *
 * NOT YET VERIFIED at 50,000 frames (the machine was too loaded to finish the run). Measured,
 * seed 0, wasm: with ALL's defaults Rainbow learns but oscillates. A 30,000-frame run (test
 * agent checkpoints, 20 episodes each; frame = updates + 1,000) averaged 32 at frame 6,000, 164
 * at 10,800, 200 (min 200) from 15,200 to 16,400, 118-185 from 17,600 to 21,800, 200 at 22,400,
 * then 25-60 around 25,000-26,000. A 16,000-frame run ended with test mean 193.4 (fails by 1.6).
 * The run length matters: ALL's Rainbow decays its 0.02 epsilon to 0 over the whole run, so a
 * shorter run is not a prefix of a longer one.
 */
import { rainbow } from '../../presets/classic_control/rainbow';
import { expectLearns } from '../helpers/learning';

it('Rainbow learns CartPole-v0 within 50,000 frames (seed 0)', async () => {
  const { train100, test } = await expectLearns(rainbow, { minTestReturns: 195 });
  console.log(`rainbow CartPole-v0: returns100 ${train100.toFixed(1)}, test mean ${test.toFixed(1)}`);
}, 600_000);
