/**
 * Seeded learning test: Rainbow with its classic-control defaults on CartPole-v0 learns within
 * 50,000 training frames (an untrained agent averages about 20).
 *
 * With ALL's Adam eps 1.5e-4, Rainbow missed issue 10's target (test mean >= 195 over seeds 0-4,
 * none below 150): seeds 0-4 tested 85.4 / 95.6 / 200.0 / 131.2 / 200.0 (seed 0: returns100
 * 122.2). With eps 1e-8, the default since issue 10 (Adam's eps had been larger than the root
 * second moment of most parameters, so the step shrank with the loss and the importance weights;
 * see presets/classic_control/rainbow.ts), bench:learning measured 200.0 / 200.0 / 194.0 / 200.0
 * / 200.0 (seed 0: returns100 197.1), and on seeds 5-9 200.0 / 200.0 / 200.0 / 199.9 / 200.0.
 * One seed only: a Rainbow run is the suite's slowest (about 4 minutes on the CI machine).
 */
import { rainbow } from '../../presets/classic_control/rainbow';
import { expectLearns } from '../helpers/learning';

it('Rainbow learns CartPole-v0 within 50,000 frames (seed 0)', async () => {
  await expectLearns(rainbow, { minTrainReturns100: 150, minTestReturns: 195 });
}, 900_000);
