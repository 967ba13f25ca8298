/**
 * DDPG continuous-control preset (ALL's presets/continuous/ddpg.py, same defaults): 400-300 ReLU
 * actor and critic with Polyak targets (0.005), Adam at 1e-3 for both with cosine decay over the
 * training updates, minibatch 256, replay of 1e6 transitions started after 5,000 frames, and
 * Gaussian exploration of 0.1 of half the action range.
 */
import { DDPG, DDPGTestAgent } from '../../lib/agents/ddpg';
import { QContinuous } from '../../lib/approximation/q_continuous';
import { PolyakTarget } from '../../lib/approximation/target';
import { DeterministicPolicy } from '../../lib/policies/deterministic';
import { definePreset, type PresetArgs } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { AgentOptions } from '../preset';
import { hiddenWidths, modelSpec } from '../specs';
import { CriticActorContinuousPreset } from './critic_actor_preset';
import { FC_DETERMINISTIC_POLICY, FC_Q } from './models';
import { checkpointed, cosineLr, explorationNoise, offPolicySpecs, replayBuffer, replaySettings } from './off_policy';

export { cosineLr } from './off_policy';

/** DDPG's hyperparameters with ALL's continuous defaults. */
export const DDPG_HYPERPARAMETERS = {
  ...offPolicySpecs({ critics: 'the critic', actor: 'the actor', targets: 'network' }),
  ...explorationNoise(0.1),
  qModel: modelSpec(FC_Q, 'critic Q(s, a)'),
  policyModel: modelSpec(FC_DETERMINISTIC_POLICY, 'deterministic actor'),
  ...hiddenWidths(400, 300, 'both networks'),
} satisfies ParamSpecs;

type H = ParamValues<typeof DDPG_HYPERPARAMETERS>;

export class DDPGContinuousPreset extends CriticActorContinuousPreset {
  constructor(args: PresetArgs) {
    super(args, { name: 'q', key: 'qModel', kind: 'q_continuous' }, 'deterministic_policy');
  }

  private get h(): H {
    return this.hyperparameters as H;
  }

  agent(options: AgentOptions = {}): DDPG {
    const h = this.h;
    const rng = this.agentRng(options, 1);
    const q = new QContinuous(this.criticModel, {
      lr: cosineLr(h.lrQ, options.trainSteps, h),
      target: new PolyakTarget(h.polyakRate),
      ...checkpointed(options),
    });
    const policy = new DeterministicPolicy(this.policyModel, this.space, {
      lr: cosineLr(h.lrPi, options.trainSteps, h),
      target: new PolyakTarget(h.polyakRate),
      ...checkpointed(options),
    });
    return new DDPG(q, policy, replayBuffer(h, rng.spawn()), rng, { ...replaySettings(h), noise: h.noise });
  }

  testAgent(): DDPGTestAgent {
    return new DDPGTestAgent(new DeterministicPolicy(this.policyModel.clone(), this.space));
  }
}

/** `continuous.ddpg`: Deep Deterministic Policy Gradient. */
export const ddpg = definePreset({
  id: 'ddpg',
  family: 'continuous',
  specs: DDPG_HYPERPARAMETERS,
  preset: DDPGContinuousPreset,
  description: 'Deep Deterministic Policy Gradient (Lillicrap et al. 2016): replay, Polyak targets, Gaussian exploration',
});
