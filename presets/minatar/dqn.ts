/**
 * DQN and Double DQN for MinAtar. dqn's defaults are the MinAtar paper's (Young & Tian 2019,
 * https://arxiv.org/abs/1903.03176, and its examples/dqn.py settings): batch 32, replay of
 * 100,000 transitions starting after 5,000 frames, one update per frame, target copied every
 * 1,000 updates, epsilon 1 -> 0.1 over the 100,000 frames after replay starts, centered RMSprop
 * (lr 2.5e-4, decay 0.95, epsilon 0.01, torch's semantics), Huber loss, discount 0.99, on the
 * paper's network (presets/minatar/models.ts). ddqn adds ALL's Atari ddqn choices: prioritized
 * replay (alpha 0.5, beta 0.5), the double-Q target, dueling streams and Adam (lr 1e-4, epsilon
 * 1.5e-4); the rest is dqn's.
 *
 * Why ddqn does not keep the paper's RMSprop (issue 11): gradients here are far smaller than the
 * optimizers' epsilons, so both act as plain SGD (Adam with momentum) at rate lr / eps, and
 * anything that shrinks the gradients shrinks the step. `node dist/bench/gradient_scale.js`, seed
 * 0, the 3,000 updates before frame 30,000 (RMS gradient per parameter):
 * - dqn, RMSprop (eps 0.01): every parameter below eps (median 7.7e-5, 99th percentile 2.0e-3),
 *   so its rate is 2.5e-4 / 0.01 = 0.025;
 * - ddqn with the same RMSprop: median 1.8e-6, 90th percentile 4.9e-5, 17-40x below dqn's, in
 *   part because prioritized replay's importance weights (normalised by the largest possible
 *   weight, that of the buffer's lowest-priority transition) averaged 0.11; it learned at a third
 *   of dqn's pace (100,000 frames, seeds 0-1: test 1.9 and 1.7);
 * - ddqn with Adam (eps 1.5e-4): 99.5% of parameters below eps (median 7.0e-6), weights 0.13, so
 *   Adam's rate is 1e-4 / 1.5e-4 = 0.67, 27 times RMSprop's, more than the weights take away.
 * dqn keeps the paper's settings, which its figures below match.
 *
 * Measured (bench/learning.ts, greedy test mean of 100 episodes, train returns100 in brackets):
 * dqn at these defaults, MinAtar/Breakout-v1, 150,000 frames, seed 0: 6.0 (4.8), against about 0.5
 * for random play (1,871 s on a shared 2-core machine; see the README's Speed section). At
 * 100,000 frames, seeds 0 and 1 (one run at a time, machine shared with two other jobs):
 * dqn 4.6 (3.3) and 5.0 (3.5), mean 4.8, worst 4.6 (554-565 s a run); ddqn with Adam
 * 4.8 (4.2) and 5.5 (4.3), and on seed 2, run after the change, 6.3 (4.1): mean 5.5, worst 4.8
 * (1,010-1,486 s a run, machine shared with 2-3 other runs); with
 * the paper's RMSprop it was 1.9 (1.8) and 1.7 (1.8). The MinAtar paper's DQN curve is at about
 * 5 (training returns) at 100,000 frames.
 */
import { definePreset } from '../builder';
import type { ParamSpecs } from '../hyperparameters';
import { optimizerChoice, tdLossChoice } from '../optimizer_choice';
import { epsilonDecay, explorationEnd, learningRate, modelSpec, priorities, replayMemory, replayUpdates, targetUpdates } from '../specs';
import { DDQNClassicControlPreset } from '../classic_control/ddqn';
import { DQN_HYPERPARAMETERS, DQNClassicControlPreset } from '../classic_control/dqn';
import { MINATAR_CONV_Q, MINATAR_DUELING_CONV_Q } from './models';
import { minatarNetwork } from './network_specs';

/** dqn's hyperparameters: the classic table with the MinAtar paper's values, optimizer and loss. */
export const MINATAR_DQN_HYPERPARAMETERS = {
  ...DQN_HYPERPARAMETERS,
  ...learningRate(2.5e-4, 'learning rate of the optimizer'),
  ...optimizerChoice({ optimizer: 'rmsprop', eps: 0.01, rmspropDecay: 0.95, rmspropCentered: true }),
  ...tdLossChoice('huber'),
  ...replayUpdates(32, 1),
  ...targetUpdates(1000),
  ...replayMemory(5000, 100000),
  ...epsilonDecay(1.0, 0.1),
  ...explorationEnd(105000, 'frame count that ends the decay (it starts at replayStartSize)'),
  model: modelSpec(MINATAR_CONV_Q, 'Q network'),
  ...minatarNetwork(),
} satisfies ParamSpecs;

/** ddqn's: dqn's plus prioritized replay, dueling streams and Adam (see the header for why Adam). */
export const MINATAR_DDQN_HYPERPARAMETERS = {
  ...MINATAR_DQN_HYPERPARAMETERS,
  ...learningRate(1e-4, "Adam's learning rate (ALL's Atari ddqn)"),
  ...optimizerChoice({ optimizer: 'adam', eps: 1.5e-4, rmspropDecay: 0.95, rmspropCentered: true }),
  ...priorities(0.5, 0.5),
  model: modelSpec(MINATAR_DUELING_CONV_Q, 'Q network'),
} satisfies ParamSpecs;

/** `minatar.dqn`: DQN with the MinAtar paper's settings. */
export const dqn = definePreset({
  id: 'dqn', family: 'minatar', specs: MINATAR_DQN_HYPERPARAMETERS, preset: DQNClassicControlPreset,
  description: "Deep Q-Network with the MinAtar paper's settings (conv 16x3x3, dense 128, centered RMSprop, Huber)",
});

/** `minatar.ddqn`: Double DQN with prioritized replay and a dueling conv network. */
export const ddqn = definePreset({
  id: 'ddqn', family: 'minatar', specs: MINATAR_DDQN_HYPERPARAMETERS, preset: DDQNClassicControlPreset,
  description: 'Double DQN with prioritized replay, a dueling conv network and Adam',
});
