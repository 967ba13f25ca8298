/**
 * The functional family: presets of the explicit-state agents (lib/functional_agents), their
 * records held and saved by value. CLI: `allts functional CartPole-v0 dqn` (or a2c, ppo).
 */
import { a2c } from './a2c';
import { dqn } from './dqn';
import { ppo } from './ppo';

export { FunctionalPreset, functionalPreset, envSizes, RECORDS_FILE, type AnyBaseAgent } from './functional_preset';
export { FunctionalDQNPreset, FUNCTIONAL_DQN_HYPERPARAMETERS, functionalDQNOptions } from './dqn';
export { FunctionalA2CPreset, FUNCTIONAL_A2C_HYPERPARAMETERS, functionalA2COptions } from './a2c';
export { FunctionalPPOPreset, FUNCTIONAL_PPO_HYPERPARAMETERS, functionalPPOOptions } from './ppo';
/**
 * The `functional` family's presets by id (CLI: `allts functional <env> dqn|a2c|ppo`); exported from
 * the package root as `functionalPresets` (the root's `functional` is the rlax-style functions).
 */
export const functionalPresets = { dqn, a2c, ppo };
