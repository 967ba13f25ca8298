/**
 * The configuration of the explicit-state DQN that the seeded CartPole-v0 learning test and
 * bench/functional_dqn.ts run: baselax's defaults except where listed, each change with its reason.
 */
import type { FunctionalDQNOptions } from './dqn';

/** CartPole-v0 learning configuration of FunctionalDQN. */
export const DQN_LEARNING_CONFIG = {
  env: 'CartPole-v0',
  /** Environment frames, summed over the copies. */
  frames: 40_000,
  /** Copies of the environment stepped together. */
  numEnvs: 4,
  options: {
    // baselax decays epsilon over 50,000 predict calls (200,000 frames on 4 copies): too long for a CI test.
    epsilonSteps: 5_000,
  } satisfies Partial<FunctionalDQNOptions>,
} as const;
