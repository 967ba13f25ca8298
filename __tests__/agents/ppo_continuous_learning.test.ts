/**
 * Seeded learning test (issue 6): continuous PPO clearly improves on Pendulum-v1. The test mean
 * (100 episodes, the greedy test agent) after 80,000 training frames must be at least 300 above
 * the same seed's untrained preset. Python ALL's PPO on Pendulum is not a reference we have.
 *
 * To fit the CI budget the run is shrunk through hyperparameters (LEARNING_HYPERPARAMETERS); with
 * ALL's values for the rest (lr 3e-4, 20 epochs, discount 0.99) 100,000 frames moved the test mean
 * only from -1344 to -1013 on this seed, too slowly for the budget. Measured with these settings
 * (runExperiment, 100 test episodes; untrained -> trained test mean): seed 0 -1344 -> -178 (train
 * returns100 -382), seed 1 -1192 -> -201; at 50,000 frames seed 1 gained only 258, hence 80,000.
 */
import type { ParallelAgent } from '../../lib/agents/agent';
import { makeEnvironment } from '../../environments/registry';
import { ppo } from '../../presets/continuous/ppo';
import { expectLearns } from '../helpers/learning';

/**
 * 64-64 networks instead of 400-300 and 16 environments instead of 32 (speed), 10 epochs instead
 * of 20 (speed), lr 1e-3 instead of 3e-4 and discount 0.95 instead of 0.99 (learning within the
 * frames: Pendulum's reward is dense, a shorter horizon suffices).
 */
const LEARNING_HYPERPARAMETERS = { hidden1: 64, hidden2: 64, nEnvs: 16, epochs: 10, lr: 1e-3, discountFactor: 0.95 };
const SEED = 0;
const FRAMES = 80_000;

/** Mean return of 100 Pendulum-v1 episodes (200 steps each) of the untrained preset's parallel test agent. */
function untrainedTestMean(): number {
  const env = makeEnvironment('Pendulum-v1');
  const preset = ppo.hyperparameters(LEARNING_HYPERPARAMETERS).env(env).seed(SEED).build();
  const agent = preset.parallelTestAgent() as ParallelAgent;
  const venv = env.duplicate(100);
  let states = venv.reset({ seed: SEED });
  const returns = new Float64Array(100);
  for (let t = 0; t < 200; t++) {
    states = venv.step(agent.act(states));
    for (let i = 0; i < 100; i++) returns[i] = returns[i]! + states.reward[i]!;
  }
  // every copy has finished exactly one episode (Pendulum-v1 truncates at 200 steps)
  expect(Array.from(states.done).every((d) => d === 1)).toBe(true);
  preset.dispose();
  return returns.reduce((a, b) => a + b, 0) / 100;
}

it('PPO clearly improves on Pendulum-v1 within 80,000 frames (seed 0): test mean >= untrained + 300', async () => {
  const untrained = untrainedTestMean();
  // an untrained agent swings badly: Pendulum-v1 returns near -1,200 or worse
  expect(untrained).toBeLessThan(-900);
  await expectLearns(ppo.hyperparameters(LEARNING_HYPERPARAMETERS), {
    env: 'Pendulum-v1',
    frames: FRAMES,
    seed: SEED,
    minTestReturns: untrained + 300,
  });
}, 600_000);
