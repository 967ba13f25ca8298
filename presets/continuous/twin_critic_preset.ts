/**
 * What the twin-critic presets (sac, td3) share: two critics of the model `qModel` names (ALL's
 * fc_q by default) and an actor of the model `policyModel` names, made from one generator seeded
 * with the preset's seed (critic 1, critic 2, then the actor, so the seeded weights are those of
 * each preset's own history), saved as `q1`, `q2` and `policy`, over the environment's Box action
 * space.
 */
import { Random } from '../../lib/core/random';
import type { Box } from '../../lib/core/spaces';
import type { Module } from '../../lib/nn/module';
import { Preset, type PresetArgs } from '../preset';
import { boxActionSpace } from './models';

export abstract class TwinCriticContinuousPreset<H extends object> extends Preset<H> {
  protected readonly q1Model: Module;
  protected readonly q2Model: Module;
  protected readonly policyModel: Module;
  protected readonly space: Box;

  constructor(args: PresetArgs<H>) {
    super(...args);
    this.space = boxActionSpace(this.env, this.id);
    const rng = new Random(this.seed);
    this.q1Model = this.buildModel('qModel', rng);
    this.q2Model = this.buildModel('qModel', rng);
    this.policyModel = this.buildModel('policyModel', rng);
    this.models.q1 = this.q1Model;
    this.models.q2 = this.q2Model;
    this.models.policy = this.policyModel;
  }
}
