/**
 * DQN and Double DQN for Atari, ALL's all/presets/atari/{dqn,ddqn}.py defaults: Adam (lr 1e-4,
 * epsilon 1.5e-4) cosine-annealed over the run, Huber (smooth L1) loss, discount 0.99, batch 32,
 * one update every 4 steps, target copied every 1,000 updates, replay of 1,000,000 transitions
 * starting after 80,000, epsilon 1 -> 0.01 over the 170,000 steps after replay starts, test
 * epsilon 0.001, on the Nature network; ddqn adds prioritized replay (alpha 0.5, beta 0.5), the
 * double-Q target and dueling streams. Stacked frames are kept once each in replay (FrameStack
 * marks them; lib/memory/frame_stack_store.ts), as ALL's lazy frames.
 */
import { definePreset } from '../builder';
import type { ParamSpecs } from '../hyperparameters';
import { optimizerChoice, tdLossChoice } from '../optimizer_choice';
import { annealLr, epsilonDecay, explorationEnd, learningRate, modelSpec, priorities, replayMemory, replayUpdates, targetUpdates, testEpsilon } from '../specs';
import { DDQNClassicControlPreset } from '../classic_control/ddqn';
import { DQN_HYPERPARAMETERS, DQNClassicControlPreset } from '../classic_control/dqn';
import { atariPreset, natureNetwork } from './atari_preset';
import { NATURE_DDQN, NATURE_DQN } from './models';

/** dqn's hyperparameters (ALL's Atari dqn). */
export const ATARI_DQN_HYPERPARAMETERS = {
  ...DQN_HYPERPARAMETERS,
  ...learningRate(1e-4, 'Adam learning rate (cosine-annealed to 0 over the training run)'),
  ...optimizerChoice({ optimizer: 'adam', eps: 1.5e-4, rmspropDecay: 0.99, rmspropCentered: false }),
  ...tdLossChoice('huber'),
  ...replayUpdates(32, 4),
  ...targetUpdates(1000),
  ...replayMemory(80000, 1000000),
  ...epsilonDecay(1.0, 0.01),
  ...explorationEnd(250000, 'frame count that ends the decay (as ALL: it starts at replayStartSize)'),
  ...testEpsilon(0.001),
  ...annealLr(true),
  model: modelSpec(NATURE_DQN, 'Q network'),
  ...natureNetwork(),
} satisfies ParamSpecs;

/** ddqn's: dqn's plus prioritized replay and dueling streams. */
export const ATARI_DDQN_HYPERPARAMETERS = {
  ...ATARI_DQN_HYPERPARAMETERS,
  ...priorities(0.5, 0.5),
  model: modelSpec(NATURE_DDQN, 'Q network'),
} satisfies ParamSpecs;

/** `atari.dqn`: Deep Q-Network on the Nature network. */
export const dqn = definePreset({
  id: 'dqn', family: 'atari', specs: ATARI_DQN_HYPERPARAMETERS, preset: atariPreset(DQNClassicControlPreset),
  description: 'Deep Q-Network (Mnih et al. 2015) with the Nature network and DeepMind Atari body',
});

/** `atari.ddqn`: Double DQN with prioritized replay and dueling streams. */
export const ddqn = definePreset({
  id: 'ddqn', family: 'atari', specs: ATARI_DDQN_HYPERPARAMETERS, preset: atariPreset(DDQNClassicControlPreset),
  description: 'Dueling Double DQN with prioritized replay on the Nature network',
});
