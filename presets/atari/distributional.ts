/**
 * C51 and Rainbow for Atari, ALL's all/presets/atari/{c51,rainbow}.py defaults: Adam (lr 1e-4,
 * epsilon 1.5e-4), cosine-annealed, batch 32, an update every 4 steps, target every 1,000 updates,
 * replay of 1,000,000 transitions from 80,000 on, 51 atoms on [-10, 10], test epsilon 0.001.
 * c51: epsilon 0.02 -> 0 over finalExplorationStep - replayStartSize = 170,000 steps (ALL's
 * schedule, counted as the classic c51 preset counts it); rainbow: 3-step returns over prioritized
 * replay (alpha 0.5, beta 0.5), noisy layers (sigma 0.5) in both dueling streams, and epsilon
 * 0.02 -> 0 over the whole run.
 */
import { definePreset } from '../builder';
import type { ParamSpecs } from '../hyperparameters';
import { C51_HYPERPARAMETERS, C51ClassicControlPreset } from '../classic_control/c51';
import { RAINBOW_HYPERPARAMETERS, RainbowClassicControlPreset } from '../classic_control/rainbow';
import {
  adamEpsilon, annealLr, atomSupport, count, epsilonDecay, explorationEnd, learningRate, modelSpec, priorities, replayMemory,
  replayUpdates, targetUpdates, testEpsilon,
} from '../specs';
import { atariPreset, natureNetwork } from './atari_preset';
import { NATURE_C51, NATURE_RAINBOW } from './models';

/** The replay, rate and support both share (ALL's Atari values). */
const ATARI_DISTRIBUTIONAL = {
  ...learningRate(1e-4, 'Adam learning rate (cosine-annealed to 0 over the training run)'),
  ...adamEpsilon(1.5e-4),
  ...replayUpdates(32, 4),
  ...targetUpdates(1000),
  ...replayMemory(80000, 1000000, 'transitions stored before the first update (actions are random until then)'),
  ...testEpsilon(0.001),
  ...annealLr(true),
  ...atomSupport(51, -10, 10),
  ...natureNetwork(),
};

/** c51's hyperparameters. */
export const ATARI_C51_HYPERPARAMETERS = {
  ...C51_HYPERPARAMETERS,
  ...ATARI_DISTRIBUTIONAL,
  ...epsilonDecay(0.02, 0.0, { initial: 'epsilon at the start' }),
  ...explorationEnd(250000, 'as ALL: epsilon decays over this minus replayStartSize steps from the start'),
  model: modelSpec(NATURE_C51, 'distributional Q network'),
} satisfies ParamSpecs;

/** rainbow's hyperparameters. */
export const ATARI_RAINBOW_HYPERPARAMETERS = {
  ...RAINBOW_HYPERPARAMETERS,
  ...ATARI_DISTRIBUTIONAL,
  ...priorities(0.5, 0.5),
  nSteps: count(3, 'steps per n-step return'),
  model: modelSpec(NATURE_RAINBOW, 'distributional Q network'),
} satisfies ParamSpecs;

/** `atari.c51`: categorical DQN. */
export const c51 = definePreset({
  id: 'c51', family: 'atari', specs: ATARI_C51_HYPERPARAMETERS, preset: atariPreset(C51ClassicControlPreset),
  description: 'Categorical DQN (Bellemare et al. 2017) over 51 atoms on the Nature network',
});

/** `atari.rainbow`: Rainbow. */
export const rainbow = definePreset({
  id: 'rainbow', family: 'atari', specs: ATARI_RAINBOW_HYPERPARAMETERS, preset: atariPreset(RainbowClassicControlPreset),
  description: 'Rainbow (Hessel et al. 2018) on the Nature network: noisy dueling categorical streams, prioritized 3-step replay',
});
