/**
 * VSarsa classic-control preset (ALL's presets/classic_control/vsarsa.py, same defaults as VQN):
 * parallel online Sarsa with a dueling network. Shares VQN's preset class and hyperparameters
 * (presets/classic_control/vqn.ts); only the agent's update differs.
 */
import { VSarsa } from '../../lib/agents/vsarsa';
import { PresetBuilder } from '../builder';
import { ParallelQClassicControlPreset, VQN_HYPERPARAMETERS } from './vqn';

/** VSarsa's hyperparameters: ALL's defaults, identical to VQN's. */
export const VSARSA_HYPERPARAMETERS = VQN_HYPERPARAMETERS;

/** `classicControl.vsarsa`: Vanilla Sarsa, parallel online on-policy TD control. */
export const vsarsa = new PresetBuilder(
  'vsarsa',
  'classic',
  VSARSA_HYPERPARAMETERS,
  (a) => new ParallelQClassicControlPreset([a.id, a.family, a.name, a.env, a.hyperparameters, a.seed], VSarsa),
  'Vanilla Sarsa: parallel online Sarsa, dueling network, no replay or target network',
  true,
);
