/**
 * What the twin-critic presets (sac, td3) share: two critics named by `qModel` (ALL's fc_q by
 * default) and an actor named by `policyModel`, made from one
 * generator seeded with the preset's seed (critic 1, critic 2, then the actor, so the seeded
 * weights are those of each preset's own history), saved as `q1`, `q2` and `policy`, over the
 * environment's Box action space.
 */
import { Random } from '../../lib/core/random';
import type { Box } from '../../lib/core/spaces';
import type { Module } from '../../lib/nn/module';
import { Preset } from '../preset';
import { boxActionSpace } from './models';

export abstract class TwinCriticContinuousPreset extends Preset {
  protected readonly q1Model: Module;
  protected readonly q2Model: Module;
  protected readonly policyModel: Module;
  protected readonly space: Box;

  /**
   * @param args the Preset constructor's arguments
   * @param policyKind the kind of model the `policyModel` hyperparameter must name (its initial
   *   weights are drawn after both critics')
   */
  constructor(args: ConstructorParameters<typeof Preset>, policyKind: string) {
    super(...args);
    this.space = boxActionSpace(this.env, this.id);
    const rng = new Random(this.seed);
    this.q1Model = this.buildModel('qModel', 'q_continuous', rng);
    this.q2Model = this.buildModel('qModel', 'q_continuous', rng);
    this.policyModel = this.buildModel('policyModel', policyKind, rng);
    this.models.q1 = this.q1Model;
    this.models.q2 = this.q2Model;
    this.models.policy = this.policyModel;
  }
}
