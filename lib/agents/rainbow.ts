/**
 * Rainbow (Hessel et al. 2018, "Rainbow: Combining Improvements in Deep Reinforcement Learning",
 * https://arxiv.org/abs/1710.02298), as ALL's all/agents/rainbow.py: the C51 agent unchanged,
 * made Rainbow by what it is given. Double Q-learning is always on in C51's target; dueling and
 * noisy networks live in the model (presets/classic_control/dist_models.ts `fcReluRainbow`);
 * prioritized replay and n-step returns live in the replay buffer (NStepReplayBuffer over
 * PrioritizedReplayBuffer), whose batches carry the importance weights used in the loss and the
 * step counts used for gamma^steps, and take the KL divergences back as priorities.
 *
 * Differs from ALL only as C51 does (see lib/agents/c51.ts); in particular each n-step transition
 * bootstraps with gamma^steps from the batch, where ALL's preset uses gamma^n throughout.
 */
import { C51, C51TestAgent, type C51Options } from './c51';

/** Rainbow's settings: C51's. */
export type RainbowOptions = C51Options;

/**
 * The Rainbow agent: C51 with a noisy dueling model and n-step prioritized replay (the preset
 * supplies them). Trains inside `act`.
 */
export class Rainbow extends C51 {}

/**
 * Rainbow's test agent (ALL's RainbowTestAgent, which is C51TestAgent): greedy on expected
 * values with the model in evaluation mode, so the noisy layers use their mean weights.
 */
export class RainbowTestAgent extends C51TestAgent {}
