/**
 * What the classic-control actor-critic presets (a2c, ppo, vac, vpg) share, as in ALL: a ReLU
 * feature layer, a Linear0 value head and a Linear0 softmax policy head (ac_models.ts), saved as
 * `features`, `v` and `policy`; a test agent over copies of the features and the policy head that
 * takes the most probable action when `testGreedy` is set (else it samples, as ALL's). Subclasses
 * build their agent from the three models.
 */
import { A2CTestAgent } from '../../lib/agents/a2c';
import { FeatureNetwork } from '../../lib/approximation/feature_network';
import { Random } from '../../lib/core/random';
import type { Module } from '../../lib/nn/module';
import { SoftmaxPolicy } from '../../lib/policies/softmax';
import { Preset } from '../preset';
import { fcPolicyHead, fcReluFeatures, fcValueHead } from './ac_models';

/** The hyperparameters every actor-critic preset has. */
interface ActorCriticShared {
  hidden: number;
  testGreedy: boolean;
  /** Present on parallel presets. */
  nEnvs?: number;
}

export abstract class ActorCriticClassicControlPreset extends Preset {
  protected readonly featureModel: Module;
  protected readonly valueModel: Module;
  protected readonly policyModel: Module;

  constructor(args: ConstructorParameters<typeof Preset>) {
    super(...args);
    const h = this.hyperparameters as unknown as ActorCriticShared;
    this.featureModel = fcReluFeatures(this.env, h.hidden, new Random(this.seed));
    this.valueModel = fcValueHead(h.hidden);
    this.policyModel = fcPolicyHead(this.env, h.hidden, this.id);
    this.models.features = this.featureModel;
    this.models.v = this.valueModel;
    this.models.policy = this.policyModel;
  }

  /** Parallel when the preset has an `nEnvs` hyperparameter (all but vpg). */
  override get parallel(): boolean {
    return (this.hyperparameters as unknown as ActorCriticShared).nEnvs !== undefined;
  }

  override get nEnvs(): number {
    return (this.hyperparameters as unknown as ActorCriticShared).nEnvs ?? 1;
  }

  testAgent(): A2CTestAgent {
    const h = this.hyperparameters as unknown as ActorCriticShared;
    return new A2CTestAgent(
      new FeatureNetwork(this.featureModel.clone()),
      new SoftmaxPolicy(this.policyModel.clone(), new Random(this.seed + 17)),
      h.testGreedy,
    );
  }

  override parallelTestAgent(): A2CTestAgent | undefined {
    return this.parallel ? this.testAgent() : undefined;
  }
}
