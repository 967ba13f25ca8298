/**
 * DDPG continuous-control preset (ALL's presets/continuous/ddpg.py, same defaults): 400-300 ReLU
 * actor and critic with Polyak targets (0.005), Adam at 1e-3 for both with cosine decay over the
 * training updates, minibatch 256, replay of 1e6 transitions started after 5,000 frames, and
 * Gaussian exploration of 0.1 of half the action range.
 */
import { DDPG, DDPGTestAgent } from '../../lib/agents/ddpg';
import { PeriodicCheckpointer } from '../../lib/approximation/checkpointer';
import { QContinuous } from '../../lib/approximation/q_continuous';
import { PolyakTarget } from '../../lib/approximation/target';
import type { Random } from '../../lib/core/random';
import { ExperienceReplayBuffer } from '../../lib/memory/experience_replay';
import type { Module } from '../../lib/nn/module';
import { constantSchedule, cosineSchedule, type Schedule } from '../../lib/optim/schedules';
import { DeterministicPolicy } from '../../lib/policies/deterministic';
import { PresetBuilder } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { AgentOptions, Preset } from '../preset';
import { CriticActorContinuousPreset } from './critic_actor_preset';
import { fcDeterministicPolicy, fcQ } from './models';

/** DDPG's hyperparameters with ALL's continuous defaults. */
export const DDPG_HYPERPARAMETERS = {
  discountFactor: { default: 0.99, doc: 'discount factor gamma', min: 0, max: 1 },
  lrQ: { default: 1e-3, doc: 'Adam learning rate of the critic (cosine-decayed to 0 over training)', min: 0 },
  lrPi: { default: 1e-3, doc: 'Adam learning rate of the actor (cosine-decayed to 0 over training)', min: 0 },
  minibatchSize: { default: 256, doc: 'transitions per update', integer: true, min: 1 },
  updateFrequency: { default: 1, doc: 'environment frames between updates', integer: true, min: 1 },
  polyakRate: { default: 0.005, doc: 'weight of the online network in each soft target update', min: 0, max: 1 },
  replayStartSize: { default: 5000, doc: 'frames stored before the first update', integer: true, min: 0 },
  replayBufferSize: { default: 1e6, doc: 'replay capacity in transitions', integer: true, min: 1 },
  noise: { default: 0.1, doc: 'exploration noise std as a fraction of half the action range', min: 0 },
  hidden1: { default: 400, doc: 'width of the first hidden layer of both networks', integer: true, min: 1 },
  hidden2: { default: 300, doc: 'width of the second hidden layer of both networks', integer: true, min: 1 },
} satisfies ParamSpecs;

type H = ParamValues<typeof DDPG_HYPERPARAMETERS>;

/**
 * ALL's learning-rate schedule of its continuous presets: cosine annealing to 0 over the number of
 * updates training will make, (trainSteps - replayStartSize) / updateFrequency, divided by
 * `every` for an approximation updated once per `every` updates; constant when that is not a
 * positive finite number (e.g. trainSteps Infinity).
 * @param lr initial learning rate
 * @param trainSteps training length in environment frames
 */
export function cosineLr(
  lr: number,
  trainSteps: number | undefined,
  h: { replayStartSize: number; updateFrequency: number },
  every = 1,
): Schedule {
  const updates = ((trainSteps ?? Infinity) - h.replayStartSize) / h.updateFrequency / every;
  return Number.isFinite(updates) && updates >= 1 ? cosineSchedule(lr, updates) : constantSchedule(lr);
}

export class DDPGContinuousPreset extends CriticActorContinuousPreset {
  constructor(args: ConstructorParameters<typeof Preset>) {
    super(args, 'q');
  }

  private get h(): H {
    return this.hyperparameters as H;
  }

  protected makeCriticModel(hidden1: number, hidden2: number, rng: Random): Module {
    return fcQ(this.env, hidden1, hidden2, rng, this.id);
  }

  protected makePolicyModel(hidden1: number, hidden2: number, rng: Random): Module {
    return fcDeterministicPolicy(this.env, hidden1, hidden2, rng, this.id);
  }

  agent(options: AgentOptions = {}): DDPG {
    const h = this.h;
    const rng = this.agentRng(options, 1);
    const q = new QContinuous(this.criticModel, {
      lr: cosineLr(h.lrQ, options.trainSteps, h),
      target: new PolyakTarget(h.polyakRate),
      logger: options.logger,
      checkpointer: new PeriodicCheckpointer(),
      checkpointDir: options.logger?.logdir,
    });
    const policy = new DeterministicPolicy(this.policyModel, this.space, {
      lr: cosineLr(h.lrPi, options.trainSteps, h),
      target: new PolyakTarget(h.polyakRate),
      logger: options.logger,
      checkpointer: new PeriodicCheckpointer(),
      checkpointDir: options.logger?.logdir,
    });
    const replay = new ExperienceReplayBuffer(h.replayBufferSize, { rng: rng.spawn() });
    return new DDPG(q, policy, replay, rng, {
      discountFactor: h.discountFactor,
      minibatchSize: h.minibatchSize,
      noise: h.noise,
      replayStartSize: h.replayStartSize,
      updateFrequency: h.updateFrequency,
    });
  }

  testAgent(): DDPGTestAgent {
    return new DDPGTestAgent(new DeterministicPolicy(this.policyModel.clone(), this.space));
  }
}

/** `continuous.ddpg`: Deep Deterministic Policy Gradient. */
export const ddpg = new PresetBuilder(
  'ddpg',
  'continuous',
  DDPG_HYPERPARAMETERS,
  (a) => new DDPGContinuousPreset([a.id, a.family, a.name, a.env, a.hyperparameters, a.seed]),
  'Deep Deterministic Policy Gradient (Lillicrap et al. 2016): replay, Polyak targets, Gaussian exploration',
);
