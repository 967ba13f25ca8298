/**
 * The actor-critic presets for Atari (a2c, ppo, vac, vpg) with ALL's all/presets/atari defaults on
 * the Nature network (features: the convolutions and a 512-unit dense layer; a Linear(512, 1)
 * value head; a Linear0(512, actions) policy head):
 * - a2c: Adam 7e-4, gradient norm 0.5, entropy 0.01, value 0.5, 16 environments x 5 steps (ALL's
 *   eps of 1e-3 is not a key of the a2c preset; it keeps Adam's default, as the minatar family);
 * - ppo: Adam 2.5e-4 (eps 1e-5), gradient norm 0.5, entropy 0.01, value 0.5, clip 0.1 -> 0.01,
 *   4 epochs of 4 minibatches, 8 environments x 128 steps, GAE lambda 0.95;
 * - vac: value head 5e-4, policy and features 1e-4 (eps 1.5e-4), gradient norm 0.5, value 0.25,
 *   16 environments;
 * - vpg: as vac on one environment, updating once 1,000 states of finished episodes are stored.
 * The algorithm settings are the minatar family's tables (which are ALL's Atari ones; its vpg
 * differs, so vpg's table is written out here at ALL's values).
 */
import { definePreset } from '../builder';
import type { ParamSpecs } from '../hyperparameters';
import { A2CClassicControlPreset } from '../classic_control/a2c';
import { FC_POLICY_HEAD } from '../classic_control/ac_models';
import { perNetworkOptimizers } from '../classic_control/actor_critic_preset';
import { PPOClassicControlPreset } from '../classic_control/ppo';
import { VACClassicControlPreset } from '../classic_control/vac';
import { VPGClassicControlPreset } from '../classic_control/vpg';
import { MINATAR_A2C_HYPERPARAMETERS, MINATAR_PPO_HYPERPARAMETERS, MINATAR_VAC_HYPERPARAMETERS, MINATAR_VPG_HYPERPARAMETERS } from '../minatar/actor_critic';
import { count, modelSpec } from '../specs';
import { atariPreset } from './atari_preset';
import { NATURE_FEATURES, NATURE_VALUE_HEAD } from './models';
import { onNatureNetwork } from './network_tables';

/** The three networks of every Atari actor-critic preset. */
const NATURE_ACTOR_CRITIC = {
  featureModel: modelSpec(NATURE_FEATURES, 'shared feature network'),
  valueModel: modelSpec(NATURE_VALUE_HEAD, 'value head over the features'),
  policyModel: modelSpec(FC_POLICY_HEAD, 'softmax policy head over the features'),
};

/** a2c's hyperparameters. */
export const ATARI_A2C_HYPERPARAMETERS = onNatureNetwork(MINATAR_A2C_HYPERPARAMETERS, NATURE_ACTOR_CRITIC) satisfies ParamSpecs;
/** ppo's hyperparameters. */
export const ATARI_PPO_HYPERPARAMETERS = onNatureNetwork(MINATAR_PPO_HYPERPARAMETERS, NATURE_ACTOR_CRITIC) satisfies ParamSpecs;
/** vac's hyperparameters. */
export const ATARI_VAC_HYPERPARAMETERS = onNatureNetwork(MINATAR_VAC_HYPERPARAMETERS, NATURE_ACTOR_CRITIC) satisfies ParamSpecs;
/** vpg's hyperparameters: ALL's Atari rates (value 5e-4, policy and features 1e-4). */
export const ATARI_VPG_HYPERPARAMETERS = onNatureNetwork(
  {
    ...MINATAR_VPG_HYPERPARAMETERS,
    ...perNetworkOptimizers({ lrV: 5e-4, lrPi: 1e-4, eps: 1.5e-4, clipGrad: 0.5, valueLossScaling: 0.25 }),
    minBatchSize: count(1000, 'update once the finished episodes since the last update hold this many states'),
  },
  NATURE_ACTOR_CRITIC,
) satisfies ParamSpecs;

/** `atari.a2c`: Advantage Actor-Critic. */
export const a2c = definePreset({
  id: 'a2c', family: 'atari', specs: ATARI_A2C_HYPERPARAMETERS, preset: atariPreset(A2CClassicControlPreset), parallel: true,
  description: 'Advantage Actor-Critic (Mnih et al. 2016) on the Nature network',
});

/** `atari.ppo`: Proximal Policy Optimization. */
export const ppo = definePreset({
  id: 'ppo', family: 'atari', specs: ATARI_PPO_HYPERPARAMETERS, preset: atariPreset(PPOClassicControlPreset), parallel: true,
  description: 'Proximal Policy Optimization (Schulman et al. 2017) on the Nature network',
});

/** `atari.vac`: parallel one-step actor-critic. */
export const vac = definePreset({
  id: 'vac', family: 'atari', specs: ATARI_VAC_HYPERPARAMETERS, preset: atariPreset(VACClassicControlPreset), parallel: true,
  description: 'Vanilla Actor-Critic: parallel one-step TD actor-critic on the Nature network',
});

/** `atari.vpg`: REINFORCE with a value baseline. */
export const vpg = definePreset({
  id: 'vpg', family: 'atari', specs: ATARI_VPG_HYPERPARAMETERS, preset: atariPreset(VPGClassicControlPreset),
  description: 'Vanilla Policy Gradient (REINFORCE with a value baseline) on the Nature network',
});
