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
import { PeriodicCheckpointer } from '../../lib/approximation/checkpointer';
import { QContinuous } from '../../lib/approximation/q_continuous';
import { PolyakTarget } from '../../lib/approximation/target';
import type { Random } from '../../lib/core/random';
import { ExperienceReplayBuffer } from '../../lib/memory/experience_replay';
import type { Module } from '../../lib/nn/module';
import { DeterministicPolicy } from '../../lib/policies/deterministic';
import { PresetBuilder } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { AgentOptions } from '../preset';
import { TwinCriticContinuousPreset } from './twin_critic_preset';
import { cosineLr } from './ddpg';
import { fcDeterministicPolicy } from './models';

/** TD3's hyperparameters (the paper's values; see the file header for the rest). */
export const TD3_HYPERPARAMETERS = {
  discountFactor: { default: 0.99, doc: 'discount factor gamma', min: 0, max: 1 },
  lrQ: { default: 1e-3, doc: 'Adam learning rate of both critics (cosine-decayed to 0 over training)', min: 0 },
  lrPi: { default: 1e-3, doc: 'Adam learning rate of the actor (cosine-decayed to 0 over training)', min: 0 },
  minibatchSize: { default: 256, doc: 'transitions per update', integer: true, min: 1 },
  updateFrequency: { default: 1, doc: 'environment frames between updates', integer: true, min: 1 },
  polyakRate: { default: 0.005, doc: 'weight of the online networks in each soft target update', min: 0, max: 1 },
  replayStartSize: { default: 5000, doc: 'frames stored before the first update', integer: true, min: 0 },
  replayBufferSize: { default: 1e6, doc: 'replay capacity in transitions', integer: true, min: 1 },
  noise: { default: 0.1, doc: 'exploration noise std as a fraction of half the action range', min: 0 },
  policyNoise: { default: 0.2, doc: 'target smoothing noise std as a fraction of half the action range', min: 0 },
  noiseClip: { default: 0.5, doc: 'target smoothing noise clip as a fraction of half the action range', min: 0 },
  policyUpdateFrequency: { default: 2, doc: 'critic updates per actor and target update', integer: true, min: 1 },
  hidden1: { default: 400, doc: 'width of the first hidden layer of every network', integer: true, min: 1 },
  hidden2: { default: 300, doc: 'width of the second hidden layer of every network', integer: true, min: 1 },
} satisfies ParamSpecs;

type H = ParamValues<typeof TD3_HYPERPARAMETERS>;

export class TD3ContinuousPreset extends TwinCriticContinuousPreset {
  private get h(): H {
    return this.hyperparameters as H;
  }

  protected override makePolicyModel(hidden1: number, hidden2: number, rng: Random): Module {
    return fcDeterministicPolicy(this.env, hidden1, hidden2, rng, this.id);
  }

  agent(options: AgentOptions = {}): TD3 {
    const h = this.h;
    const rng = this.agentRng(options, 1);
    const q1Target = new DelayedPolyakTarget(h.polyakRate);
    const q2Target = new DelayedPolyakTarget(h.polyakRate);
    const common = { logger: options.logger, checkpointer: new PeriodicCheckpointer(), checkpointDir: options.logger?.logdir };
    const q1 = new QContinuous(this.q1Model, { ...common, name: 'q1', lr: cosineLr(h.lrQ, options.trainSteps, h), target: q1Target });
    const q2 = new QContinuous(this.q2Model, {
      ...common,
      checkpointer: new PeriodicCheckpointer(),
      name: 'q2',
      lr: cosineLr(h.lrQ, options.trainSteps, h),
      target: q2Target,
    });
    const policy = new DeterministicPolicy(this.policyModel, this.space, {
      logger: options.logger,
      checkpointer: new PeriodicCheckpointer(),
      checkpointDir: options.logger?.logdir,
      lr: cosineLr(h.lrPi, options.trainSteps, h, h.policyUpdateFrequency),
      target: new PolyakTarget(h.polyakRate),
    });
    const replay = new ExperienceReplayBuffer(h.replayBufferSize, { rng: rng.spawn() });
    return new TD3(q1, q2, policy, q1Target, q2Target, replay, rng, {
      discountFactor: h.discountFactor,
      minibatchSize: h.minibatchSize,
      noise: h.noise,
      policyNoise: h.policyNoise,
      noiseClip: h.noiseClip,
      policyUpdateFrequency: h.policyUpdateFrequency,
      replayStartSize: h.replayStartSize,
      updateFrequency: h.updateFrequency,
    });
  }

  testAgent(): TD3TestAgent {
    return new TD3TestAgent(new DeterministicPolicy(this.policyModel.clone(), this.space));
  }
}

/** `continuous.td3`: Twin Delayed DDPG. */
export const td3 = new PresetBuilder(
  'td3',
  'continuous',
  TD3_HYPERPARAMETERS,
  (a) => new TD3ContinuousPreset([a.id, a.family, a.name, a.env, a.hyperparameters, a.seed]),
  'Twin Delayed DDPG (Fujimoto et al. 2018): twin critics, target smoothing, delayed actor updates',
);
