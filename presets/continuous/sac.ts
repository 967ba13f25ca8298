/**
 * SAC continuous-control preset (ALL's presets/continuous/sac.py, same defaults): twin 400-300
 * ReLU critics with Polyak targets (0.005), a 400-300 squashed Gaussian policy, Adam at 1e-3 with
 * cosine decay over the training updates, minibatch 256, replay of 1e6 transitions started after
 * 5,000 frames, initial temperature 1, entropy target -(action dimensions), temperature step
 * 3e-5 / (action dimensions) (in log space, see lib/agents/sac.ts).
 */
import { SAC, SACTestAgent } from '../../lib/agents/sac';
import { PeriodicCheckpointer } from '../../lib/approximation/checkpointer';
import { QContinuous } from '../../lib/approximation/q_continuous';
import { PolyakTarget } from '../../lib/approximation/target';
import { Random } from '../../lib/core/random';
import { ExperienceReplayBuffer } from '../../lib/memory/experience_replay';
import type { Module } from '../../lib/nn/module';
import { SoftDeterministicPolicy } from '../../lib/policies/soft_deterministic';
import { PresetBuilder } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { AgentOptions } from '../preset';
import { TwinCriticContinuousPreset } from './twin_critic_preset';
import { cosineLr } from './ddpg';
import { fcSoftPolicy } from './models';

/** SAC's hyperparameters with ALL's continuous defaults. */
export const SAC_HYPERPARAMETERS = {
  discountFactor: { default: 0.99, doc: 'discount factor gamma', min: 0, max: 1 },
  lrQ: { default: 1e-3, doc: 'Adam learning rate of both critics (cosine-decayed to 0 over training)', min: 0 },
  lrPi: { default: 1e-3, doc: 'Adam learning rate of the policy (cosine-decayed to 0 over training)', min: 0 },
  minibatchSize: { default: 256, doc: 'transitions per update', integer: true, min: 1 },
  updateFrequency: { default: 1, doc: 'environment frames between updates', integer: true, min: 1 },
  polyakRate: { default: 0.005, doc: 'weight of the online critics in each soft target update', min: 0, max: 1 },
  replayStartSize: { default: 5000, doc: 'frames stored before the first update', integer: true, min: 0 },
  replayBufferSize: { default: 1e6, doc: 'replay capacity in transitions', integer: true, min: 1 },
  temperatureInitial: { default: 1.0, doc: 'initial entropy temperature alpha (> 0)', min: 1e-12 },
  lrTemperatureScaling: { default: 3e-5, doc: 'log-temperature step size times the action dimensions', min: 0 },
  entropyBackups: { default: true, doc: 'include the entropy term in the critics\' targets' },
  entropyTargetScaling: { default: 1.0, doc: 'entropy target = -(this * action dimensions) nats' },
  hidden1: { default: 400, doc: 'width of the first hidden layer of every network', integer: true, min: 1 },
  hidden2: { default: 300, doc: 'width of the second hidden layer of every network', integer: true, min: 1 },
} satisfies ParamSpecs;

type H = ParamValues<typeof SAC_HYPERPARAMETERS>;

export class SACContinuousPreset extends TwinCriticContinuousPreset {
  private get h(): H {
    return this.hyperparameters as H;
  }

  protected override makePolicyModel(hidden1: number, hidden2: number, rng: Random): Module {
    return fcSoftPolicy(this.env, hidden1, hidden2, rng, this.id);
  }

  agent(options: AgentOptions = {}): SAC {
    const h = this.h;
    const rng = this.agentRng(options, 1);
    const critic = (model: Module, name: string): QContinuous =>
      new QContinuous(model, {
        name,
        lr: cosineLr(h.lrQ, options.trainSteps, h),
        target: new PolyakTarget(h.polyakRate),
        logger: options.logger,
        checkpointer: new PeriodicCheckpointer(),
        checkpointDir: options.logger?.logdir,
      });
    const policy = new SoftDeterministicPolicy(this.policyModel, this.space, rng.spawn(), {
      lr: cosineLr(h.lrPi, options.trainSteps, h),
      logger: options.logger,
      checkpointer: new PeriodicCheckpointer(),
      checkpointDir: options.logger?.logdir,
    });
    const replay = new ExperienceReplayBuffer(h.replayBufferSize, { rng: rng.spawn() });
    const dims = this.space.size;
    return new SAC(policy, critic(this.q1Model, 'q1'), critic(this.q2Model, 'q2'), replay, rng.spawn(), {
      discountFactor: h.discountFactor,
      entropyBackups: h.entropyBackups,
      entropyTarget: -dims * h.entropyTargetScaling,
      lrTemperature: h.lrTemperatureScaling / dims,
      minibatchSize: h.minibatchSize,
      replayStartSize: h.replayStartSize,
      temperatureInitial: h.temperatureInitial,
      updateFrequency: h.updateFrequency,
      logger: options.logger,
    });
  }

  testAgent(): SACTestAgent {
    return new SACTestAgent(new SoftDeterministicPolicy(this.policyModel.clone(), this.space, new Random(this.seed + 17)));
  }
}

/** `continuous.sac`: Soft Actor-Critic. */
export const sac = new PresetBuilder(
  'sac',
  'continuous',
  SAC_HYPERPARAMETERS,
  (a) => new SACContinuousPreset([a.id, a.family, a.name, a.env, a.hyperparameters, a.seed]),
  'Soft Actor-Critic (Haarnoja et al. 2018): twin critics, squashed Gaussian policy, automatic temperature',
);
