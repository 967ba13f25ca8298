/**
 * What the classic-control actor-critic presets (a2c, ppo, vac, vpg) share, as in ALL: a ReLU
 * feature layer, a Linear0 value head and a Linear0 softmax policy head (ac_models.ts; other
 * registered models by the `featureModel`, `valueModel` and `policyModel` hyperparameters), saved as
 * `features`, `v` and `policy`; a test agent over copies of the features and the policy head that
 * takes the most probable action when `testGreedy` is set (else it samples, as ALL's). Subclasses
 * build their agent from the three models.
 */
import { A2CTestAgent } from '../../lib/agents/a2c';
import { FeatureNetwork } from '../../lib/approximation/feature_network';
import { VNetwork } from '../../lib/approximation/v_network';
import { Random } from '../../lib/core/random';
import type { Module } from '../../lib/nn/module';
import { SoftmaxPolicy } from '../../lib/policies/softmax';
import type { ParamValues } from '../hyperparameters';
import { annealedLr } from '../lr_annealing';
import { Preset, type AgentOptions, type PresetArgs } from '../preset';
import { adamEpsilon, clipGrad, hidden, modelSpec, nonNegative, testGreedy } from '../specs';
import { FC_POLICY_HEAD, FC_RELU_FEATURES, FC_VALUE_HEAD } from './ac_models';

/**
 * The hyperparameters every classic actor-critic preset ends with: its three networks by name
 * (ALL's fc_relu_features, fc_value_head, fc_policy_head), the feature width and the test switch.
 */
export const ACTOR_CRITIC_NETWORK_SPECS = {
  featureModel: modelSpec(FC_RELU_FEATURES, 'shared feature network'),
  valueModel: modelSpec(FC_VALUE_HEAD, 'value head over the features'),
  policyModel: modelSpec(FC_POLICY_HEAD, 'softmax policy head over the features'),
  ...hidden(64, 'width of the shared feature layer'),
  ...testGreedy(),
};

/**
 * The optimizer hyperparameters of the presets with one Adam per network at its own rate (vac,
 * vpg, as ALL's): `lrV` for the value head, `lrPi` for the policy head and the features.
 * @param docs doc lines of a preset that changed ALL's default (it says ALL's value there)
 */
export function perNetworkOptimizers(
  d: { lrV: number; lrPi: number; eps: number; clipGrad: number; valueLossScaling: number },
  docs: { lrV?: string; lrPi?: string; clipGrad?: string } = {},
) {
  return {
    lrV: nonNegative(d.lrV, docs.lrV ?? 'Adam learning rate of the value head'),
    lrPi: nonNegative(d.lrPi, docs.lrPi ?? 'Adam learning rate of the policy head and the shared features'),
    ...adamEpsilon(d.eps),
    ...clipGrad(d.clipGrad, docs.clipGrad ?? 'gradient-norm clip of each network (0 disables)'),
    valueLossScaling: nonNegative(d.valueLossScaling, "multiplies the value loss in the value head's own step"),
  };
}

/** The hyperparameters every actor-critic preset has. */
type ActorCriticShared = ParamValues<typeof ACTOR_CRITIC_NETWORK_SPECS> & {
  /** Present on parallel presets. */
  nEnvs?: number;
};

/** The resolved values of `perNetworkOptimizers`. */
type PerNetworkOptimizers = ParamValues<ReturnType<typeof perNetworkOptimizers>>;

/** The three trained parts of an actor-critic agent. */
export interface ActorCriticParts {
  features: FeatureNetwork;
  v: VNetwork;
  policy: SoftmaxPolicy;
}

export abstract class ActorCriticClassicControlPreset<H extends ActorCriticShared> extends Preset<H> {
  protected readonly featureModel: Module;
  protected readonly valueModel: Module;
  protected readonly policyModel: Module;

  constructor(args: PresetArgs<H>) {
    super(...args);
    const rng = new Random(this.seed);
    this.featureModel = this.buildModel('featureModel', rng);
    this.valueModel = this.buildModel('valueModel', rng);
    this.policyModel = this.buildModel('policyModel', rng);
    this.models.features = this.featureModel;
    this.models.v = this.valueModel;
    this.models.policy = this.policyModel;
  }

  /** Parallel when the preset has an `nEnvs` hyperparameter (all but vpg). */
  override get parallel(): boolean {
    return this.h.nEnvs !== undefined;
  }

  override get nEnvs(): number {
    return this.h.nEnvs ?? 1;
  }

  /**
   * The parts of the presets with one Adam per network (vac, vpg): features at `lrPi`, the value
   * head at `lrV` with its loss scaled by `valueLossScaling`, the policy at `lrPi`, all with the
   * same epsilon and gradient clip; the policy samples from the agent generator (salt 1). With
   * `annealLr`, every rate is cosine-annealed to 0 over `updates` (the preset counts them), the
   * value head's over `updates * valueSteps` (its steps per update, default 1).
   */
  protected perNetworkParts(h: PerNetworkOptimizers & { annealLr: boolean; valueSteps?: number }, options: AgentOptions, updates: number): ActorCriticParts {
    const common = { eps: h.eps, clipGrad: h.clipGrad, logger: options.logger };
    const lrPi = annealedLr(h.lrPi, updates, h.annealLr);
    return {
      features: new FeatureNetwork(this.featureModel, { ...common, lr: lrPi }),
      v: new VNetwork(this.valueModel, { ...common, lr: annealedLr(h.lrV, updates * (h.valueSteps ?? 1), h.annealLr), lossScaling: h.valueLossScaling }),
      policy: new SoftmaxPolicy(this.policyModel, this.agentRng(options, 1), { ...common, lr: lrPi }),
    };
  }

  testAgent(): A2CTestAgent {
    const h = this.h;
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
