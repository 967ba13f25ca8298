/**
 * PPO classic-control preset (ALL's presets/classic_control/ppo.py), same defaults: shared
 * Linear-ReLU features, a Linear0 value head and a Linear0 softmax policy head, one Adam optimizer
 * (lr 1e-3, eps 1.5e-4) per part, gradients clipped to norm 0.1, 8 environments, rollouts of 8
 * steps, GAE lambda 0.95, 4 epochs of 4 minibatches, clip epsilon decayed linearly from 0.1 to 0.01
 * over the training frames.
 *
 * Differences from ALL: the model constructors are the integer `hidden`; `valueLossScaling` is
 * applied (see lib/agents/ppo.ts).
 */
import { PPO } from '../../lib/agents/ppo';
import { FeatureNetwork } from '../../lib/approximation/feature_network';
import { VNetwork } from '../../lib/approximation/v_network';
import { linearSchedule, type Schedule } from '../../lib/optim/schedules';
import { SoftmaxPolicy } from '../../lib/policies/softmax';
import { PresetBuilder } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { AgentOptions } from '../preset';
import { ActorCriticClassicControlPreset } from './actor_critic_preset';

/** PPO's hyperparameters with ALL's classic-control defaults. */
export const PPO_HYPERPARAMETERS = {
  discountFactor: { default: 0.99, doc: 'discount factor gamma', min: 0, max: 1 },
  lr: { default: 1e-3, doc: 'Adam learning rate of features, value head and policy head', min: 0 },
  eps: { default: 1.5e-4, doc: "Adam's epsilon", min: 0 },
  clipGrad: { default: 0.1, doc: 'global gradient-norm limit of each part (0 disables)', min: 0 },
  entropyLossScaling: { default: 0.001, doc: 'weight of the entropy bonus in the policy loss', min: 0 },
  valueLossScaling: { default: 0.5, doc: 'weight of the value loss (mse)', min: 0 },
  clipInitial: { default: 0.1, doc: 'clip epsilon of the surrogate objective at the start of training', min: 0, max: 0.999 },
  clipFinal: { default: 0.01, doc: 'clip epsilon at the end of training (trainSteps frames)', min: 0, max: 0.999 },
  epochs: { default: 4, doc: 'passes over each rollout', integer: true, min: 1 },
  minibatches: { default: 4, doc: 'minibatches per pass', integer: true, min: 1 },
  nEnvs: { default: 8, doc: 'environments stepped in parallel', integer: true, min: 1 },
  nSteps: { default: 8, doc: 'steps per rollout (training every nEnvs * nSteps frames)', integer: true, min: 1 },
  lam: { default: 0.95, doc: 'GAE lambda', min: 0, max: 1 },
  hidden: { default: 64, doc: 'width of the shared feature layer', integer: true, min: 1 },
  testGreedy: { default: true, doc: 'test agent takes the most probable action (false: samples, as ALL\'s test agent)' },
} satisfies ParamSpecs;

type H = ParamValues<typeof PPO_HYPERPARAMETERS>;

/**
 * The clip-epsilon schedule of ALL's PPO presets, indexed by minibatch updates: linear from
 * `clipInitial` to `clipFinal` over the `trainSteps * epochs * minibatches / (nSteps * nEnvs)`
 * updates that `trainSteps` frames give (constant `clipInitial` when trainSteps is Infinity).
 */
export function clipSchedule(h: Pick<H, 'clipInitial' | 'clipFinal' | 'epochs' | 'minibatches' | 'nSteps' | 'nEnvs'>, trainSteps: number): Schedule {
  const updates = (trainSteps * h.epochs * h.minibatches) / (h.nSteps * h.nEnvs);
  return linearSchedule(h.clipInitial, h.clipFinal, 0, updates);
}

export class PPOClassicControlPreset extends ActorCriticClassicControlPreset {
  private get h(): H {
    return this.hyperparameters as H;
  }

  agent(options: AgentOptions = {}): PPO {
    const h = this.h;
    const rng = this.agentRng(options, 1);
    const common = { lr: h.lr, eps: h.eps, clipGrad: h.clipGrad, logger: options.logger };
    const features = new FeatureNetwork(this.featureModel, common);
    const v = new VNetwork(this.valueModel, common);
    const policy = new SoftmaxPolicy(this.policyModel, rng, common);
    return new PPO(features, v, policy, {
      discountFactor: h.discountFactor,
      lam: h.lam,
      entropyLossScaling: h.entropyLossScaling,
      valueLossScaling: h.valueLossScaling,
      epochs: h.epochs,
      minibatches: h.minibatches,
      nEnvs: h.nEnvs,
      nSteps: h.nSteps,
      epsilon: clipSchedule(h, options.trainSteps ?? Infinity),
      rng: rng.spawn(),
      logger: options.logger,
    });
  }
}

/** `classicControl.ppo`: Proximal Policy Optimization. */
export const ppo = new PresetBuilder(
  'ppo',
  'classic',
  PPO_HYPERPARAMETERS,
  (a) => new PPOClassicControlPreset([a.id, a.family, a.name, a.env, a.hyperparameters, a.seed]),
  'Proximal Policy Optimization (Schulman et al. 2017): clipped surrogate, GAE, minibatch epochs',
  true,
);
