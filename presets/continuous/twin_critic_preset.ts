/**
 * What the twin-critic presets (sac, td3) share: two `fcQ` critics and an actor made from one
 * generator seeded with the preset's seed (critic 1, critic 2, then the actor, so the seeded
 * weights are those of each preset's own history), saved as `q1`, `q2` and `policy`, over the
 * environment's Box action space.
 */
import { Random } from '../../lib/core/random';
import type { Box } from '../../lib/core/spaces';
import type { Module } from '../../lib/nn/module';
import { Preset } from '../preset';
import { boxActionSpace, fcQ } from './models';

export abstract class TwinCriticContinuousPreset extends Preset {
  protected readonly q1Model: Module;
  protected readonly q2Model: Module;
  protected readonly policyModel: Module;
  protected readonly space: Box;

  constructor(args: ConstructorParameters<typeof Preset>) {
    super(...args);
    const h = this.hyperparameters as { hidden1: number; hidden2: number };
    this.space = boxActionSpace(this.env, this.id);
    const rng = new Random(this.seed);
    this.q1Model = fcQ(this.env, h.hidden1, h.hidden2, rng, this.id);
    this.q2Model = fcQ(this.env, h.hidden1, h.hidden2, rng, this.id);
    this.policyModel = this.makePolicyModel(h.hidden1, h.hidden2, rng);
    this.models.q1 = this.q1Model;
    this.models.q2 = this.q2Model;
    this.models.policy = this.policyModel;
  }

  /** The actor network (drawing its initial weights from `rng` after both critics). */
  protected abstract makePolicyModel(hidden1: number, hidden2: number, rng: Random): Module;
}
