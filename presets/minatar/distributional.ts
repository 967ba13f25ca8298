/**
 * C51 and Rainbow for MinAtar: the classic presets' agents on the MinAtar network, with the
 * replay settings of the MinAtar paper's DQN (batch 32, 100,000 transitions, start after 5,000
 * frames, one update per frame, target every 1,000 updates) and ALL's Atari choices for the
 * rest: 51 atoms on [-10, 10], Adam at 1e-4 (Rainbow with epsilon 1.5e-4), Rainbow's 3-step
 * returns over prioritized replay (alpha 0.5, beta 0.5), noisy layers at sigma 0.5 and a small
 * explicit epsilon 0.02 -> 0 over the run. C51 explores with epsilon 1 -> 0.01 over the 100,000
 * frames after replay starts, as dqn does (ALL's Atari c51 starts at 0.02, which relies on its
 * 80,000 random frames).
 *
 * Measured (bench/learning.ts, MinAtar/Breakout-v1, 100,000 frames, greedy test mean of 100
 * episodes, train returns100 in brackets; one run at a time on a 2-core machine shared with two
 * other jobs): c51 5.6 (5.6) and 5.9 (4.8) on seeds 0 and 1 (mean 5.7, worst 5.6; 705-741 s a run),
 * against about 0.5 for random play and about 5 for the MinAtar paper's DQN curve at 100,000
 * frames. rainbow 5.3 (5.6) and 5.8 (5.7) on seeds 0 and 1 (mean 5.55, worst 5.3; 594-841 s a run).
 */
import { definePreset } from '../builder';
import type { ParamSpecs } from '../hyperparameters';
import { C51_HYPERPARAMETERS, C51ClassicControlPreset } from '../classic_control/c51';
import { distributionalReplay } from '../classic_control/dist_preset';
import { RAINBOW_HYPERPARAMETERS, RainbowClassicControlPreset } from '../classic_control/rainbow';
import { atomSupport, count, epsilonDecay, explorationEnd, learningRate, modelSpec, replayMemory, targetUpdates } from '../specs';
import { MINATAR_CONV_DIST_Q, MINATAR_CONV_RAINBOW } from './models';
import { minatarNetwork } from './network_specs';

/**
 * The replay settings of the MinAtar paper's DQN: batch 32, one update per frame, target every
 * 1,000 updates, 100,000 transitions stored from 5,000 frames on.
 */
const MINATAR_REPLAY = {
  ...distributionalReplay(32, 100000),
  ...replayMemory(5000, 100000, 'transitions stored before the first update (actions are random until then)'),
  ...targetUpdates(1000),
};

/** c51's hyperparameters: the classic table with MinAtar's replay, exploration, atoms and network. */
export const MINATAR_C51_HYPERPARAMETERS = {
  ...C51_HYPERPARAMETERS,
  ...MINATAR_REPLAY,
  ...epsilonDecay(1.0, 0.01, { initial: 'epsilon when replay starts' }),
  ...explorationEnd(105000, 'frame count that ends the decay (it starts at replayStartSize)'),
  ...atomSupport(51, -10, 10),
  model: modelSpec(MINATAR_CONV_DIST_Q, 'distributional Q network'),
  ...minatarNetwork(),
} satisfies ParamSpecs;

/** rainbow's hyperparameters: the classic table with MinAtar's replay, rate, 3-step returns, atoms and network. */
export const MINATAR_RAINBOW_HYPERPARAMETERS = {
  ...RAINBOW_HYPERPARAMETERS,
  ...learningRate(1e-4),
  ...MINATAR_REPLAY,
  nSteps: count(3, 'steps per n-step return'),
  ...atomSupport(51, -10, 10),
  model: modelSpec(MINATAR_CONV_RAINBOW, 'distributional Q network'),
  ...minatarNetwork(),
} satisfies ParamSpecs;

/** `minatar.c51`: categorical DQN on the MinAtar network. */
export const c51 = definePreset({
  id: 'c51', family: 'minatar', specs: MINATAR_C51_HYPERPARAMETERS, preset: C51ClassicControlPreset,
  description: 'Categorical DQN (Bellemare et al. 2017) over 51 atoms on the MinAtar network',
});

/** `minatar.rainbow`: Rainbow on the MinAtar network. */
export const rainbow = definePreset({
  id: 'rainbow', family: 'minatar', specs: MINATAR_RAINBOW_HYPERPARAMETERS, preset: RainbowClassicControlPreset,
  description: 'Rainbow (Hessel et al. 2018) on the MinAtar network: noisy dueling categorical head, prioritized 3-step replay',
});
