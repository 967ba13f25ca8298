/**
 * SAC continuous-control preset (ALL's presets/continuous/sac.py, same defaults): twin 400-300
 * ReLU critics with Polyak targets (0.005), a 400-300 squashed Gaussian policy, Adam at 1e-3 with
 * cosine decay over the training updates, minibatch 256, replay of 1e6 transitions started after
 * 5,000 frames, initial temperature 1, entropy target -(action dimensions), temperature step
 * 3e-5 / (action dimensions) (in log space, see lib/agents/sac.ts).
 */
import { SAC, SACTestAgent } from '../../lib/agents/sac';
import { Random } from '../../lib/core/random';
import { SoftDeterministicPolicy } from '../../lib/policies/soft_deterministic';
import { definePreset } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { AgentOptions } from '../preset';
import { FC_SOFT_POLICY } from './models';
import { checkpointed, cosineLr, criticActorNetworks, offPolicySpecs, replayBuffer, replaySettings, trainedCritic } from './off_policy';
import { TwinCriticContinuousPreset } from './twin_critic_preset';

/** SAC's hyperparameters with ALL's continuous defaults. */
export const SAC_HYPERPARAMETERS = {
  ...offPolicySpecs({ critics: 'both critics', actor: 'the policy', targets: 'critics' }),
  temperatureInitial: { default: 1.0, doc: 'initial entropy temperature alpha (> 0)', min: 1e-12 },
  lrTemperatureScaling: { default: 3e-5, doc: 'log-temperature step size times the action dimensions', min: 0 },
  entropyBackups: { default: true, doc: 'include the entropy term in the critics\' targets' },
  entropyTargetScaling: { default: 1.0, doc: 'entropy target = -(this * action dimensions) nats' },
  ...criticActorNetworks(FC_SOFT_POLICY, 'squashed Gaussian policy', true),
} satisfies ParamSpecs;

type H = ParamValues<typeof SAC_HYPERPARAMETERS>;

export class SACContinuousPreset extends TwinCriticContinuousPreset<H> {
  agent(options: AgentOptions = {}): SAC {
    const h = this.h;
    const rng = this.agentRng(options, 1);
    const policy = new SoftDeterministicPolicy(this.policyModel, this.space, rng.spawn(), {
      lr: cosineLr(h.lrPi, options.trainSteps, h),
      ...checkpointed(options),
    });
    const replay = replayBuffer(h, rng.spawn());
    const q1 = trainedCritic(this.q1Model, h, options, { name: 'q1' });
    const q2 = trainedCritic(this.q2Model, h, options, { name: 'q2' });
    const dims = this.space.size;
    return new SAC(policy, q1, q2, replay, rng.spawn(), {
      ...replaySettings(h),
      entropyBackups: h.entropyBackups,
      entropyTarget: -dims * h.entropyTargetScaling,
      lrTemperature: h.lrTemperatureScaling / dims,
      temperatureInitial: h.temperatureInitial,
      logger: options.logger,
    });
  }

  testAgent(): SACTestAgent {
    return new SACTestAgent(new SoftDeterministicPolicy(this.policyModel.clone(), this.space, new Random(this.seed + 17)));
  }
}

/** `continuous.sac`: Soft Actor-Critic. */
export const sac = definePreset({
  id: 'sac', family: 'continuous', specs: SAC_HYPERPARAMETERS, preset: SACContinuousPreset,
  description: 'Soft Actor-Critic (Haarnoja et al. 2018): twin critics, squashed Gaussian policy, automatic temperature',
});
