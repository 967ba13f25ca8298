/**
 * VAC classic-control preset (ALL's presets/classic_control/vac.py): parallel one-step
 * actor-critic with a shared ReLU feature layer, a Linear0 value head and a Linear0 softmax policy
 * head (presets/classic_control/ac_models.ts). Each of the three has its own Adam (features at
 * lrPi) and clips its gradient norm to clipGrad.
 *
 * Defaults are ALL's except where noted below; network widths are the integer `hidden`.
 * CHANGES_PLACEHOLDER
 */
import { VAC, VACTestAgent } from '../../lib/agents/vac';
import { FeatureNetwork } from '../../lib/approximation/feature_network';
import { VNetwork } from '../../lib/approximation/v_network';
import { Random } from '../../lib/core/random';
import type { Module } from '../../lib/nn/module';
import { SoftmaxPolicy } from '../../lib/policies/softmax';
import { PresetBuilder } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import { Preset, type AgentOptions } from '../preset';
import { fcPolicyHead, fcReluFeatures, fcValueHead } from './ac_models';

/** VAC's hyperparameters (ALL's classic-control defaults except as the file header notes). */
export const VAC_HYPERPARAMETERS = {
  discountFactor: { default: 0.99, doc: 'discount factor gamma', min: 0, max: 1 },
  lrV: { default: 5e-4, doc: 'Adam learning rate of the value head', min: 0 },
  lrPi: { default: 1e-4, doc: 'Adam learning rate of the policy head and the shared features', min: 0 },
  eps: { default: 1.5e-4, doc: "Adam's epsilon", min: 0 },
  clipGrad: { default: 0.5, doc: 'gradient-norm clip of each network (0 disables)', min: 0 },
  valueLossScaling: { default: 0.25, doc: "multiplies the value loss in the value head's own step", min: 0 },
  nEnvs: { default: 16, doc: 'parallel environment copies', integer: true, min: 1 },
  hidden: { default: 64, doc: 'width of the shared feature layer', integer: true, min: 1 },
} satisfies ParamSpecs;

type H = ParamValues<typeof VAC_HYPERPARAMETERS>;

class VACClassicControlPreset extends Preset {
  private readonly featureModel: Module;
  private readonly valueModel: Module;
  private readonly policyModel: Module;
  private readonly h: H;

  constructor(args: ConstructorParameters<typeof Preset>) {
    super(...args);
    this.h = this.hyperparameters as H;
    this.featureModel = fcReluFeatures(this.env, this.h.hidden, new Random(this.seed));
    this.valueModel = fcValueHead(this.h.hidden);
    this.policyModel = fcPolicyHead(this.env, this.h.hidden, this.id);
    this.models.features = this.featureModel;
    this.models.v = this.valueModel;
    this.models.policy = this.policyModel;
  }

  override get parallel(): boolean {
    return true;
  }

  override get nEnvs(): number {
    return this.h.nEnvs;
  }

  agent(options: AgentOptions = {}): VAC {
    const h = this.h;
    const common = { eps: h.eps, clipGrad: h.clipGrad, logger: options.logger };
    const features = new FeatureNetwork(this.featureModel, { ...common, lr: h.lrPi });
    const v = new VNetwork(this.valueModel, { ...common, lr: h.lrV, lossScaling: h.valueLossScaling });
    const policy = new SoftmaxPolicy(this.policyModel, this.agentRng(options, 1), { ...common, lr: h.lrPi });
    return new VAC(features, v, policy, { discountFactor: h.discountFactor });
  }

  testAgent(): VACTestAgent {
    return new VACTestAgent(new FeatureNetwork(this.featureModel.clone()), new SoftmaxPolicy(this.policyModel.clone(), new Random(this.seed + 17)));
  }

  override parallelTestAgent(): VACTestAgent {
    return this.testAgent();
  }
}

/** `classicControl.vac`: Vanilla Actor-Critic, parallel one-step actor-critic with shared features. */
export const vac = new PresetBuilder(
  'vac',
  'classic',
  VAC_HYPERPARAMETERS,
  (a) => new VACClassicControlPreset([a.id, a.family, a.name, a.env, a.hyperparameters, a.seed]),
  'Vanilla Actor-Critic: parallel one-step TD actor-critic, shared features, softmax policy',
  true,
);
