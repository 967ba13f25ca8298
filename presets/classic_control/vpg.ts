/**
 * VPG classic-control preset (ALL's presets/classic_control/vpg.py): REINFORCE with a value
 * baseline on one environment (ALL's VPG is not a parallel agent), with a shared ReLU feature
 * layer, a Linear0 value head and a Linear0 softmax policy head
 * (presets/classic_control/ac_models.ts). Each of the three has its own Adam (features at lrPi)
 * and clips its gradient norm to clipGrad.
 *
 * Defaults are ALL's except one; network widths are the integer `hidden`.
 *
 * Changed from ALL: lrPi 1e-4 -> 1e-2. With ALL's 1e-4 the policy and features barely move in the
 * ~100 updates that 50,000 frames give (500-state batches): measured on CartPole-v0, seed 0, 50,000
 * frames, mean of the last 100 training episodes 23.8 and test mean 25.1 (Python ALL: about 25).
 * With 1e-2 (seeds 0, 1, 2): training 121.5 / 123.9 / 165.3, test 192.7 / 168.8 / 193.2.
 * (3e-3 gave test 93.5 / 83.0 / 169.1.) These test figures are for ALL's sampling test agent
 * (`testGreedy=false`).
 *
 * Added: `testGreedy` (default true), the test agent takes the most probable action; seeds 0 and 1:
 * tests 200.0 / 174.2.
 */
import { VPG } from '../../lib/agents/vpg';
import { FeatureNetwork } from '../../lib/approximation/feature_network';
import { VNetwork } from '../../lib/approximation/v_network';
import { SoftmaxPolicy } from '../../lib/policies/softmax';
import { PresetBuilder } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { AgentOptions } from '../preset';
import { ActorCriticClassicControlPreset } from './actor_critic_preset';

/** VPG's hyperparameters (ALL's classic-control defaults except as the file header notes). */
export const VPG_HYPERPARAMETERS = {
  discountFactor: { default: 0.99, doc: 'discount factor gamma', min: 0, max: 1 },
  lrV: { default: 5e-3, doc: 'Adam learning rate of the value head', min: 0 },
  lrPi: { default: 1e-2, doc: 'Adam learning rate of the policy head and the shared features (ALL: 1e-4)', min: 0 },
  eps: { default: 1.5e-4, doc: "Adam's epsilon", min: 0 },
  clipGrad: { default: 0.5, doc: 'gradient-norm clip of each network (0 disables)', min: 0 },
  valueLossScaling: { default: 0.25, doc: "multiplies the value loss in the value head's own step", min: 0 },
  minBatchSize: { default: 500, doc: 'update once the finished episodes since the last update hold this many states', integer: true, min: 1 },
  hidden: { default: 64, doc: 'width of the shared feature layer', integer: true, min: 1 },
  testGreedy: { default: true, doc: 'test agent takes the most probable action (false: samples, as ALL\'s test agent)' },
} satisfies ParamSpecs;

type H = ParamValues<typeof VPG_HYPERPARAMETERS>;

export class VPGClassicControlPreset extends ActorCriticClassicControlPreset {
  private get h(): H {
    return this.hyperparameters as H;
  }

  agent(options: AgentOptions = {}): VPG {
    const h = this.h;
    const common = { eps: h.eps, clipGrad: h.clipGrad, logger: options.logger };
    const features = new FeatureNetwork(this.featureModel, { ...common, lr: h.lrPi });
    const v = new VNetwork(this.valueModel, { ...common, lr: h.lrV, lossScaling: h.valueLossScaling });
    const policy = new SoftmaxPolicy(this.policyModel, this.agentRng(options, 1), { ...common, lr: h.lrPi });
    return new VPG(features, v, policy, { discountFactor: h.discountFactor, minBatchSize: h.minBatchSize });
  }
}

/** `classicControl.vpg`: Vanilla Policy Gradient (REINFORCE with a value baseline) on one environment. */
export const vpg = new PresetBuilder(
  'vpg',
  'classic',
  VPG_HYPERPARAMETERS,
  (a) => new VPGClassicControlPreset([a.id, a.family, a.name, a.env, a.hyperparameters, a.seed]),
  'Vanilla Policy Gradient: REINFORCE with a value baseline over batches of whole episodes, shared features',
);
