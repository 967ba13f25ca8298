/**
 * DDPG continuous-control preset (ALL's presets/continuous/ddpg.py, same defaults): 400-300 ReLU
 * actor and critic with Polyak targets (0.005), Adam at 1e-3 for both with cosine decay over the
 * training updates, minibatch 256, replay of 1e6 transitions started after 5,000 frames, and
 * Gaussian exploration of 0.1 of half the action range.
 */
import { DDPG, DDPGTestAgent } from '../../lib/agents/ddpg';
import { DeterministicPolicy } from '../../lib/policies/deterministic';
import { definePreset } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { AgentOptions, PresetArgs } from '../preset';
import { CriticActorContinuousPreset } from './critic_actor_preset';
import { FC_DETERMINISTIC_POLICY } from './models';
import { criticActorNetworks, explorationNoise, offPolicySpecs, replayBuffer, replaySettings, trainedActor, trainedCritic } from './off_policy';

export { cosineLr } from './off_policy';

/** DDPG's hyperparameters with ALL's continuous defaults. */
export const DDPG_HYPERPARAMETERS = {
  ...offPolicySpecs({ critics: 'the critic', actor: 'the actor', targets: 'network' }),
  ...explorationNoise(0.1, false, "ALL's DDPG: false"),
  ...criticActorNetworks(FC_DETERMINISTIC_POLICY, 'deterministic actor', false),
} satisfies ParamSpecs;

type H = ParamValues<typeof DDPG_HYPERPARAMETERS>;

export class DDPGContinuousPreset extends CriticActorContinuousPreset<H> {
  constructor(args: PresetArgs<H>) {
    super(args, { name: 'q', key: 'qModel' });
  }

  agent(options: AgentOptions = {}): DDPG {
    const h = this.h;
    const rng = this.agentRng(options, 1);
    const q = trainedCritic(this.criticModel, h, options);
    const policy = trainedActor(this.policyModel, this.space, h, options);
    return new DDPG(q, policy, replayBuffer(h, rng.spawn()), rng, { ...replaySettings(h), noise: h.noise, randomWarmUp: h.randomWarmUp });
  }

  testAgent(): DDPGTestAgent {
    return new DDPGTestAgent(new DeterministicPolicy(this.policyModel.clone(), this.space));
  }
}

/** `continuous.ddpg`: Deep Deterministic Policy Gradient. */
export const ddpg = definePreset({
  id: 'ddpg', family: 'continuous', specs: DDPG_HYPERPARAMETERS, preset: DDPGContinuousPreset,
  description: 'Deep Deterministic Policy Gradient (Lillicrap et al. 2016): replay, Polyak targets, Gaussian exploration',
});
