/**
 * VSarsa classic-control preset (ALL's presets/classic_control/vsarsa.py): parallel online Sarsa
 * with a dueling network. Shares VQN's preset class and hyperparameters
 * (presets/classic_control/vqn.ts); only the agent's update and one default differ.
 *
 * Changed from ALL: `hidden` 256 -> 64 (vqn's longer exploration is not shared) (ALL's dueling network is two 256-unit streams). Online
 * Sarsa with lr 1e-2 is high-variance; on CartPole-v0 over 50,000 frames, test means of 100
 * episodes for seeds 0-3: hidden 256: 126.3, 199.9, 194.6, 200.0 (mean 180.2); hidden 64: 200.0,
 * 200.0, 179.6, 200.0 (mean 194.9), and 20% faster. (Tried too: lr 5e-3: 192.2, 136.9, 200.0, 198.5;
 * finalExplorationStep 20,000: 200.0, 155.1, 200.0, 200.0.)
 */
import { VSarsa } from '../../lib/agents/vsarsa';
import { definePreset } from '../builder';
import type { ParamSpecs } from '../hyperparameters';
import { hidden } from '../specs';
import { ParallelQClassicControlPreset } from './parallel_q_preset';
import { PARALLEL_Q_HYPERPARAMETERS } from './vqn';

/** VSarsa's hyperparameters: VQN's (ALL's defaults) but a 64-unit dueling network (see the header). */
export const VSARSA_HYPERPARAMETERS = {
  ...PARALLEL_Q_HYPERPARAMETERS,
  ...hidden(64, 'width of the hidden layer of the value and advantage streams (ALL: 256)'),
} satisfies ParamSpecs;

/** VSarsa over the shared parallel-Q preset. */
export class VSarsaClassicControlPreset extends ParallelQClassicControlPreset {
  protected readonly Agent = VSarsa;
}

/** `classicControl.vsarsa`: Vanilla Sarsa, parallel online on-policy TD control. */
export const vsarsa = definePreset({
  id: 'vsarsa', family: 'classic', specs: VSARSA_HYPERPARAMETERS, preset: VSarsaClassicControlPreset, parallel: true,
  description: 'Vanilla Sarsa: parallel online Sarsa, dueling network, no replay or target network',
});
