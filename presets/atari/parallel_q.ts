/**
 * VQN and VSarsa for Atari, ALL's all/presets/atari/{vqn,vsarsa}.py defaults (Adam 1e-3, epsilon
 * 1.5e-4, cosine-annealed; exploration 1 -> 0.01 over 250,000 frames; 64 environments; test
 * epsilon 0.001) on the Nature network with dueling streams (ALL's nature_ddqn). The settings are
 * the minatar family's table, which is ALL's Atari one.
 */
import { definePreset } from '../builder';
import type { ParamSpecs } from '../hyperparameters';
import { VQNClassicControlPreset } from '../classic_control/vqn';
import { VSarsaClassicControlPreset } from '../classic_control/vsarsa';
import { MINATAR_VQN_HYPERPARAMETERS } from '../minatar/parallel_q';
import { modelSpec } from '../specs';
import { atariPreset } from './atari_preset';
import { NATURE_DDQN } from './models';
import { onNatureNetwork } from './network_tables';

/** vqn's (and vsarsa's) hyperparameters. */
export const ATARI_VQN_HYPERPARAMETERS = onNatureNetwork(MINATAR_VQN_HYPERPARAMETERS, { model: modelSpec(NATURE_DDQN, 'Q network') }) satisfies ParamSpecs;

/** `atari.vqn`: parallel online Q-learning. */
export const vqn = definePreset({
  id: 'vqn', family: 'atari', specs: ATARI_VQN_HYPERPARAMETERS, preset: atariPreset(VQNClassicControlPreset), parallel: true,
  description: 'Vanilla Q-learning over parallel environments on the dueling Nature network',
});

/** `atari.vsarsa`: parallel online Sarsa. */
export const vsarsa = definePreset({
  id: 'vsarsa', family: 'atari', specs: ATARI_VQN_HYPERPARAMETERS, preset: atariPreset(VSarsaClassicControlPreset), parallel: true,
  description: 'Vanilla Sarsa over parallel environments on the dueling Nature network',
});
