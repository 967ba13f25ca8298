/**
 * PPO classic-control preset (ALL's presets/classic_control/ppo.py), same defaults: shared
 * Linear-ReLU features, a Linear0 value head and a Linear0 softmax policy head, one Adam optimizer
 * (lr 1e-3, eps 1.5e-4) per part, gradients clipped to norm 0.1, 8 environments, rollouts of 8
 * steps, GAE lambda 0.95, 4 epochs of 4 minibatches, clip epsilon decayed linearly from 0.1 to 0.01
 * over the training frames. The hyperparameters PPO presets share, the clip schedule and the agent
 * settings are in ../ppo_common.ts.
 *
 * Differences from ALL: the model constructors are the integer `hidden`; `valueLossScaling` is
 * applied (see lib/agents/ppo.ts).
 */
import { PPO } from '../../lib/agents/ppo';
import { FeatureNetwork } from '../../lib/approximation/feature_network';
import { VNetwork } from '../../lib/approximation/v_network';
import { SoftmaxPolicy } from '../../lib/policies/softmax';
import { definePreset } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import { ppoAgentSettings, ppoHyperparameters } from '../ppo_common';
import type { AgentOptions } from '../preset';
import { ACTOR_CRITIC_NETWORK_SPECS, ActorCriticClassicControlPreset } from './actor_critic_preset';

export { clipSchedule } from '../ppo_common';

/** PPO's hyperparameters with ALL's classic-control defaults. */
export const PPO_HYPERPARAMETERS = {
  ...ppoHyperparameters({
    discountFactor: 0.99,
    lr: 1e-3,
    lrDoc: 'Adam learning rate of features, value head and policy head',
    eps: 1.5e-4,
    clipGrad: 0.1,
    entropyLossScaling: 0.001,
    valueLossScaling: 0.5,
    clipInitial: 0.1,
    clipFinal: 0.01,
    epochs: 4,
    minibatches: 4,
    nEnvs: 8,
    nSteps: 8,
    lam: 0.95,
  }),
  ...ACTOR_CRITIC_NETWORK_SPECS,
} satisfies ParamSpecs;

type H = ParamValues<typeof PPO_HYPERPARAMETERS>;

export class PPOClassicControlPreset extends ActorCriticClassicControlPreset<H> {
  agent(options: AgentOptions = {}): PPO {
    const h = this.h;
    const rng = this.agentRng(options, 1);
    const common = { lr: h.lr, eps: h.eps, clipGrad: h.clipGrad, logger: options.logger };
    const features = new FeatureNetwork(this.featureModel, common);
    const v = new VNetwork(this.valueModel, common);
    const policy = new SoftmaxPolicy(this.policyModel, rng, common);
    return new PPO(features, v, policy, ppoAgentSettings(h, options, rng));
  }
}

/** `classicControl.ppo`: Proximal Policy Optimization. */
export const ppo = definePreset({
  id: 'ppo', family: 'classic', specs: PPO_HYPERPARAMETERS, preset: PPOClassicControlPreset, parallel: true,
  description: 'Proximal Policy Optimization (Schulman et al. 2017): clipped surrogate, GAE, minibatch epochs',
});
