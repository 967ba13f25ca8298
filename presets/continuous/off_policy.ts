/**
 * What the off-policy continuous presets (ddpg, sac, td3) share, as in ALL's
 * presets/continuous/{ddpg,sac}.py: the replay and optimizer hyperparameters with ALL's continuous
 * defaults (one set for all three), the Gaussian exploration noise, the networks by name with
 * ALL's 400-300 widths, the cosine learning-rate schedule over the training's replay updates, the
 * trained critics and deterministic actors (each with a periodic checkpointer into the logger's
 * directory), the replay memory and the replay settings of the agents.
 */
import { PeriodicCheckpointer } from '../../lib/approximation/checkpointer';
import { QContinuous } from '../../lib/approximation/q_continuous';
import { PolyakTarget, type TargetNetwork } from '../../lib/approximation/target';
import type { Random } from '../../lib/core/random';
import type { Box } from '../../lib/core/spaces';
import { ExperienceReplayBuffer } from '../../lib/memory/experience_replay';
import type { Module } from '../../lib/nn/module';
import type { Schedule } from '../../lib/optim/schedules';
import { DeterministicPolicy } from '../../lib/policies/deterministic';
import { annealedLr, replayUpdateCount } from '../lr_annealing';
import type { ModelDefinition } from '../models/registry';
import type { AgentOptions } from '../preset';
import { annealLr, discount, hiddenWidths, modelSpec, nonNegative, replayMemory, replayUpdates, unitInterval } from '../specs';
import { FC_Q } from './models';

/**
 * The hyperparameters ddpg, sac and td3 open with, at ALL's continuous defaults: discount 0.99,
 * Adam at 1e-3 for critics and actor (cosine-decayed), minibatch 256 every frame, Polyak rate
 * 0.005, replay of 1e6 transitions from 5,000 frames.
 * @param docs which networks the preset's doc lines name: its critics (`the critic`, `both
 *   critics`), its actor (`the actor`, `the policy`) and its Polyak-averaged ones (`network`, ...)
 */
export function offPolicySpecs(docs: { critics: string; actor: string; targets: string }) {
  return {
    ...discount(0.99),
    lrQ: nonNegative(1e-3, `Adam learning rate of ${docs.critics} (cosine-decayed to 0 over training)`),
    lrPi: nonNegative(1e-3, `Adam learning rate of ${docs.actor} (cosine-decayed to 0 over training)`),
    ...annealLr(true, "cosine-anneal the learning rates to 0 over the training run, as ALL's continuous presets (false: constant, as the TD3 authors' code)"),
    ...replayUpdates(256, 1),
    polyakRate: unitInterval(0.005, `weight of the online ${docs.targets} in each soft target update`),
    ...replayMemory(5000, 1e6),
  };
}

/**
 * `noise`: the std of the Gaussian exploration noise of the deterministic actors (ddpg, td3), and
 * `randomWarmUp`: whether they act uniformly at random until the first update.
 */
export function explorationNoise(noise: number, randomWarmUp: boolean, warmUpDoc: string) {
  return {
    noise: nonNegative(noise, 'exploration noise std as a fraction of half the action range'),
    randomWarmUp: { default: randomWarmUp, doc: `act uniformly at random until the first update instead of policy + noise (${warmUpDoc})` },
  };
}

/**
 * The network hyperparameters ddpg, sac and td3 end with: the critics (ALL's fc_q), the actor,
 * and ALL's 400-300 widths of every network.
 * @param policy the actor's default model; @param role what the actor is, for its doc line
 * @param twin two critics (sac, td3) or one (ddpg)
 */
export function criticActorNetworks(policy: ModelDefinition, role: string, twin: boolean) {
  return {
    qModel: modelSpec(FC_Q, twin ? 'both critics Q(s, a)' : 'critic Q(s, a)'),
    policyModel: modelSpec(policy, role),
    ...hiddenWidths(400, 300, twin ? 'every network' : 'both networks'),
  };
}

/** The values of `offPolicySpecs` that the agents, networks and schedules read. */
export interface OffPolicyReplay {
  discountFactor: number;
  lrQ: number;
  lrPi: number;
  minibatchSize: number;
  polyakRate: number;
  replayStartSize: number;
  replayBufferSize: number;
  updateFrequency: number;
  annealLr: boolean;
}

/**
 * ALL's learning-rate schedule of its continuous presets: cosine annealing to 0 over the number of
 * updates training will make, (trainSteps - replayStartSize) / updateFrequency, divided by
 * `every` for an approximation updated once per `every` updates; constant when `annealLr` is
 * false (the TD3 authors' code) or that number is not positive and finite (e.g. trainSteps Infinity).
 * @param lr initial learning rate
 * @param trainSteps training length in environment frames
 */
export function cosineLr(
  lr: number,
  trainSteps: number | undefined,
  h: { replayStartSize: number; updateFrequency: number; annealLr: boolean },
  every = 1,
): Schedule {
  return annealedLr(lr, replayUpdateCount(trainSteps, h) / every, h.annealLr);
}

/** The options of every trained network here: the run's logger and a periodic checkpointer into its directory. */
export function checkpointed(options: AgentOptions) {
  return { logger: options.logger, checkpointer: new PeriodicCheckpointer(), checkpointDir: options.logger?.logdir };
}

/**
 * A trained critic: Adam at `lrQ` cosine-decayed over the training's updates, checkpointed.
 * @param critic its name in logs (default QContinuous's `q`) and its target network (default
 *   Polyak at `polyakRate`)
 */
export function trainedCritic(
  model: Module,
  h: OffPolicyReplay,
  options: AgentOptions,
  critic: { name?: string; target?: TargetNetwork } = {},
): QContinuous {
  return new QContinuous(model, {
    ...(critic.name === undefined ? {} : { name: critic.name }),
    lr: cosineLr(h.lrQ, options.trainSteps, h),
    target: critic.target ?? new PolyakTarget(h.polyakRate),
    ...checkpointed(options),
  });
}

/**
 * A trained deterministic actor (ddpg, td3): Adam at `lrPi` cosine-decayed over its updates (one
 * per `every` critic updates), a Polyak target at `polyakRate`, checkpointed.
 */
export function trainedActor(model: Module, space: Box, h: OffPolicyReplay, options: AgentOptions, every = 1): DeterministicPolicy {
  return new DeterministicPolicy(model, space, {
    lr: cosineLr(h.lrPi, options.trainSteps, h, every),
    target: new PolyakTarget(h.polyakRate),
    ...checkpointed(options),
  });
}

/** The uniform replay memory of `replayBufferSize` transitions, sampling with `rng`. */
export function replayBuffer(h: OffPolicyReplay, rng: Random): ExperienceReplayBuffer {
  return new ExperienceReplayBuffer(h.replayBufferSize, { rng });
}

/** The replay settings every off-policy agent takes. */
export function replaySettings(h: OffPolicyReplay) {
  return {
    discountFactor: h.discountFactor,
    minibatchSize: h.minibatchSize,
    replayStartSize: h.replayStartSize,
    updateFrequency: h.updateFrequency,
  };
}
