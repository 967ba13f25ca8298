/**
 * VQN classic-control preset (ALL's presets/classic_control/vqn.py, same defaults): parallel
 * online Q-learning with a dueling network, epsilon decaying linearly over the first
 * `finalExplorationStep` frames (counted across all copies) and the learning rate cosine-annealed
 * to 0 over the training run, as ALL does.
 *
 * Differs from ALL: the network width is the integer hyperparameter `hidden` (ALL's
 * dueling_fc_relu_q hard-codes 256).
 */
import { VQN } from '../../lib/agents/vqn';
import { definePreset } from '../builder';
import type { ParamSpecs } from '../hyperparameters';
import { adamEpsilon, discount, epsilonDecay, explorationEnd, hidden, learningRate, modelSpec, parallelEnvs, testEpsilon } from '../specs';
import { DUELING_FC_RELU_Q } from './models';
import { ParallelQClassicControlPreset } from './parallel_q_preset';

/** VQN's (and VSarsa's) hyperparameters with ALL's classic-control defaults. */
export const VQN_HYPERPARAMETERS = {
  ...discount(0.99),
  ...learningRate(1e-2, 'Adam learning rate at the start (cosine-annealed to 0 over the training frames)'),
  ...adamEpsilon(1.5e-4),
  ...epsilonDecay(1.0, 0.0),
  ...explorationEnd(10000, 'environment frames (over all copies) that end the epsilon decay'),
  ...testEpsilon(0.001, 'epsilon of the test agents'),
  ...parallelEnvs(8),
  model: modelSpec(DUELING_FC_RELU_Q, 'Q network'),
  ...hidden(256, 'width of the hidden layer of the value and advantage streams'),
} satisfies ParamSpecs;

/** VQN over the shared parallel-Q preset. */
export class VQNClassicControlPreset extends ParallelQClassicControlPreset {
  protected readonly Agent = VQN;
}

/** `classicControl.vqn`: Vanilla Q-Network, parallel online Q-learning without replay or target network. */
export const vqn = definePreset({
  id: 'vqn', family: 'classic', specs: VQN_HYPERPARAMETERS, preset: VQNClassicControlPreset, parallel: true,
  description: 'Vanilla Q-Network: parallel online Q-learning, dueling network, no replay or target network',
});
