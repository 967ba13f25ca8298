/**
 * VQN and VSarsa for MinAtar: ALL's Atari settings (Adam at 1e-3 with epsilon 1.5e-4,
 * cosine-annealed over the run; epsilon 1 -> 0.01 over 250,000 frames; 64 environment copies;
 * a dueling network) on the MinAtar network with dueling streams.
 *
 * Measured at these defaults on MinAtar/Breakout-v1, 1,000,000 frames, greedy test mean of 100
 * episodes (train returns100 in brackets; bench/learning.ts, 2-core machine shared with other jobs,
 * so the wall times are long): vqn seed 0 15.0 (12.6), seed 1 15.9 (14.7), 1,100 s each; vsarsa
 * seed 0 17.3 (16.3), seed 1 14.0 (13.5), 1,190-1,590 s. Random play scores about 0.5; a2c scores
 * 8.7 there. On MinAtar/SpaceInvaders-v1 (machine less loaded): vqn seed 0 35.5 (34.3) in 401 s,
 * seed 1 37.2 (37.0); vsarsa seed 0 41.4 (36.4), seed 1 37.2 (35.4); a2c 27.6 and 40.1, ppo 37.1
 * and 42.2 there. Two seeds each, so far.
 */
import { definePreset } from '../builder';
import type { ParamSpecs } from '../hyperparameters';
import { PARALLEL_Q_HYPERPARAMETERS, VQNClassicControlPreset } from '../classic_control/vqn';
import { VSarsaClassicControlPreset } from '../classic_control/vsarsa';
import { epsilonDecay, explorationEnd, learningRate, modelSpec, parallelEnvs } from '../specs';
import { MINATAR_DUELING_CONV_Q } from './models';
import { minatarNetwork } from './network_specs';

/** vqn's (and vsarsa's) hyperparameters: the classic table with ALL's Atari exploration, copies and a conv network. */
export const MINATAR_VQN_HYPERPARAMETERS = {
  ...PARALLEL_Q_HYPERPARAMETERS,
  ...learningRate(1e-3, 'Adam learning rate at the start (cosine-annealed to 0 over the training frames)'),
  ...epsilonDecay(1.0, 0.01),
  ...explorationEnd(250000, 'environment frames (over all copies) that end the epsilon decay'),
  ...parallelEnvs(64),
  model: modelSpec(MINATAR_DUELING_CONV_Q, 'Q network'),
  ...minatarNetwork(),
} satisfies ParamSpecs;

/** `minatar.vqn`: parallel online Q-learning. */
export const vqn = definePreset({
  id: 'vqn', family: 'minatar', specs: MINATAR_VQN_HYPERPARAMETERS, preset: VQNClassicControlPreset, parallel: true,
  description: 'Vanilla Q-learning over parallel environments on a dueling conv network',
});

/** `minatar.vsarsa`: parallel online Sarsa. */
export const vsarsa = definePreset({
  id: 'vsarsa', family: 'minatar', specs: MINATAR_VQN_HYPERPARAMETERS, preset: VSarsaClassicControlPreset, parallel: true,
  description: 'Vanilla Sarsa over parallel environments on a dueling conv network',
});
