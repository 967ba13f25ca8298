/**
 * What the one-critic continuous presets (ddpg, ppo) share: a critic and an actor made from one
 * generator seeded with the preset's seed (critic first, then the actor, so the seeded weights
 * are those of each preset's own history), saved as `<criticName>` and `policy`, over the
 * environment's Box action space. The twin-critic presets (sac, td3) have their own base,
 * twin_critic_preset.ts.
 */
import { Random } from '../../lib/core/random';
import type { Box } from '../../lib/core/spaces';
import type { Module } from '../../lib/nn/module';
import { Preset, type PresetArgs } from '../preset';
import { boxActionSpace } from './models';

export abstract class CriticActorContinuousPreset<H extends object> extends Preset<H> {
  /** The critic network (Q(s, a) for ddpg, V(s) for ppo). */
  protected readonly criticModel: Module;
  /** The actor network. */
  protected readonly policyModel: Module;
  /** The environment's action space. */
  protected readonly space: Box;

  /**
   * @param args the Preset constructor's arguments
   * @param critic the critic's name in `models` and its weights file (`q` or `v`, as ALL) and the
   *   model hyperparameter naming its network (the actor's is `policyModel`)
   */
  constructor(args: PresetArgs<H>, critic: { name: string; key: string }) {
    super(...args);
    this.space = boxActionSpace(this.env, this.id);
    const rng = new Random(this.seed);
    this.criticModel = this.buildModel(critic.key, rng);
    this.policyModel = this.buildModel('policyModel', rng);
    this.models[critic.name] = this.criticModel;
    this.models.policy = this.policyModel;
  }
}
