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
import { Preset } from '../preset';
import { boxActionSpace } from './models';

export abstract class CriticActorContinuousPreset extends Preset {
  /** The critic network (Q(s, a) for ddpg, V(s) for ppo). */
  protected readonly criticModel: Module;
  /** The actor network. */
  protected readonly policyModel: Module;
  /** The environment's action space. */
  protected readonly space: Box;

  /**
   * @param args the Preset constructor's arguments
   * @param criticName the critic's name in `models` and its weights file (`q` or `v`, as ALL)
   */
  constructor(args: ConstructorParameters<typeof Preset>, criticName: string) {
    super(...args);
    const h = this.hyperparameters as { hidden1: number; hidden2: number };
    this.space = boxActionSpace(this.env, this.id);
    const rng = new Random(this.seed);
    this.criticModel = this.makeCriticModel(h.hidden1, h.hidden2, rng);
    this.policyModel = this.makePolicyModel(h.hidden1, h.hidden2, rng);
    this.models[criticName] = this.criticModel;
    this.models.policy = this.policyModel;
  }

  /** The critic network, drawing its initial weights from `rng` first. */
  protected abstract makeCriticModel(hidden1: number, hidden2: number, rng: Random): Module;

  /** The actor network, drawing its initial weights from `rng` after the critic. */
  protected abstract makePolicyModel(hidden1: number, hidden2: number, rng: Random): Module;
}
