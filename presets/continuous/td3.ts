/**
 * TD3 continuous-control preset (Fujimoto et al. 2018, https://arxiv.org/abs/1802.09477; ALL
 * has no TD3). The paper's values: Adam at 1e-3 for actor and critics, Polyak 0.005, target
 * smoothing noise 0.2 clipped to 0.5 and exploration noise 0.1 (all as fractions of half the
 * action range), actor and targets updated every 2nd critic update, discount 0.99. For
 * consistency with the other continuous presets: ALL's 400-300 ReLU networks (the paper's size;
 * the authors' later code uses 256-256), minibatch 256 (the authors' later code; the paper: 100),
 * replay start 5,000 frames (the authors' code: 25,000 random-action frames; we act with the
 * initial policy plus noise from the start, as ALL's DDPG), and cosine LR decay over training.
 */
import { TD3, TD3TestAgent, DelayedPolyakTarget } from '../../lib/agents/td3';
import { QContinuous } from '../../lib/approximation/q_continuous';
import { PolyakTarget } from '../../lib/approximation/target';
import type { Module } from '../../lib/nn/module';
import { DeterministicPolicy } from '../../lib/policies/deterministic';
import { definePreset, type PresetArgs } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { AgentOptions } from '../preset';
import { count, hiddenWidths, modelSpec, nonNegative } from '../specs';
import { FC_DETERMINISTIC_POLICY, FC_Q } from './models';
import { checkpointed, cosineLr, explorationNoise, offPolicySpecs, replayBuffer, replaySettings } from './off_policy';
import { TwinCriticContinuousPreset } from './twin_critic_preset';

/** TD3's hyperparameters (the paper's values; see the file header for the rest). */
export const TD3_HYPERPARAMETERS = {
  ...offPolicySpecs({ critics: 'both critics', actor: 'the actor', targets: 'networks' }),
  ...explorationNoise(0.1),
  policyNoise: nonNegative(0.2, 'target smoothing noise std as a fraction of half the action range'),
  noiseClip: nonNegative(0.5, 'target smoothing noise clip as a fraction of half the action range'),
  policyUpdateFrequency: count(2, 'critic updates per actor and target update'),
  qModel: modelSpec(FC_Q, 'both critics Q(s, a)'),
  policyModel: modelSpec(FC_DETERMINISTIC_POLICY, 'deterministic actor'),
  ...hiddenWidths(400, 300, 'every network'),
} satisfies ParamSpecs;

type H = ParamValues<typeof TD3_HYPERPARAMETERS>;

export class TD3ContinuousPreset extends TwinCriticContinuousPreset {
  constructor(args: PresetArgs) {
    super(args, 'deterministic_policy');
  }

  private get h(): H {
    return this.hyperparameters as H;
  }

  agent(options: AgentOptions = {}): TD3 {
    const h = this.h;
    const rng = this.agentRng(options, 1);
    const q1Target = new DelayedPolyakTarget(h.polyakRate);
    const q2Target = new DelayedPolyakTarget(h.polyakRate);
    const critic = (model: Module, name: string, target: DelayedPolyakTarget): QContinuous =>
      new QContinuous(model, { ...checkpointed(options), name, lr: cosineLr(h.lrQ, options.trainSteps, h), target });
    const q1 = critic(this.q1Model, 'q1', q1Target);
    const q2 = critic(this.q2Model, 'q2', q2Target);
    const policy = new DeterministicPolicy(this.policyModel, this.space, {
      ...checkpointed(options),
      lr: cosineLr(h.lrPi, options.trainSteps, h, h.policyUpdateFrequency),
      target: new PolyakTarget(h.polyakRate),
    });
    return new TD3(q1, q2, policy, q1Target, q2Target, replayBuffer(h, rng.spawn()), rng, {
      ...replaySettings(h),
      noise: h.noise,
      policyNoise: h.policyNoise,
      noiseClip: h.noiseClip,
      policyUpdateFrequency: h.policyUpdateFrequency,
    });
  }

  testAgent(): TD3TestAgent {
    return new TD3TestAgent(new DeterministicPolicy(this.policyModel.clone(), this.space));
  }
}

/** `continuous.td3`: Twin Delayed DDPG. */
export const td3 = definePreset({
  id: 'td3',
  family: 'continuous',
  specs: TD3_HYPERPARAMETERS,
  preset: TD3ContinuousPreset,
  description: 'Twin Delayed DDPG (Fujimoto et al. 2018): twin critics, target smoothing, delayed actor updates',
});
