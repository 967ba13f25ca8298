/**
 * What the PPO presets of every family (classic_control/ppo.ts, continuous/ppo.ts) share, as in
 * ALL's presets/{classic_control,continuous}/ppo.py: the hyperparameters that configure the PPO
 * agent itself (with each family's own defaults), the clip-epsilon schedule over the training's
 * minibatch updates, and the agent settings read from those hyperparameters. The networks, their
 * learning rates and the test agents stay in each preset, where they differ.
 */
import type { PPOOptions } from '../lib/agents/ppo';
import type { Random } from '../lib/core/random';
import { linearSchedule, type Schedule } from '../lib/optim/schedules';
import type { AgentOptions } from './preset';
import { adamEpsilon, clipGrad, discount, gae, learningRate, lossWeights, ppoClipping, ppoEpochs, rollouts } from './specs';

/** The defaults a PPO preset chooses for the hyperparameters of `ppoHyperparameters`. */
export interface PPODefaults {
  discountFactor: number;
  lr: number;
  /** What the learning rate applies to and how it is scheduled (the `lr` doc line). */
  lrDoc: string;
  eps: number;
  clipGrad: number;
  entropyLossScaling: number;
  valueLossScaling: number;
  clipInitial: number;
  clipFinal: number;
  epochs: number;
  minibatches: number;
  nEnvs: number;
  nSteps: number;
  lam: number;
}

/**
 * The hyperparameter specs every PPO preset has, in one order and with one doc line each, from a
 * family's defaults; a preset adds its network sizes and test-agent switch after them.
 * @param d the family's defaults (ALL's values for that family)
 */
export function ppoHyperparameters(d: PPODefaults) {
  return {
    ...discount(d.discountFactor),
    ...learningRate(d.lr, d.lrDoc),
    ...adamEpsilon(d.eps),
    ...clipGrad(d.clipGrad, 'global gradient-norm limit of each trained network (0 disables)'),
    ...lossWeights(d.entropyLossScaling, d.valueLossScaling),
    ...ppoClipping(d.clipInitial, d.clipFinal),
    ...ppoEpochs(d.epochs, d.minibatches),
    ...rollouts(d.nEnvs, d.nSteps, 'steps per rollout (training every nEnvs * nSteps frames)'),
    ...gae(d.lam),
  };
}

/** The resolved values of `ppoHyperparameters` that the PPO agent reads. */
export type PPOAgentHyperparameters = Pick<
  PPODefaults,
  'discountFactor' | 'lam' | 'entropyLossScaling' | 'valueLossScaling' | 'epochs' | 'minibatches' | 'nEnvs' | 'nSteps' | 'clipInitial' | 'clipFinal'
>;

/**
 * The clip-epsilon schedule of ALL's PPO presets, indexed by minibatch updates: linear from
 * `clipInitial` to `clipFinal` over the `trainSteps * epochs * minibatches / (nSteps * nEnvs)`
 * updates that `trainSteps` frames give (constant `clipInitial` when trainSteps is Infinity).
 * @param trainSteps training length in environment frames
 */
export function clipSchedule(
  h: Pick<PPODefaults, 'clipInitial' | 'clipFinal' | 'epochs' | 'minibatches' | 'nSteps' | 'nEnvs'>,
  trainSteps: number,
): Schedule {
  const updates = (trainSteps * h.epochs * h.minibatches) / (h.nSteps * h.nEnvs);
  return linearSchedule(h.clipInitial, h.clipFinal, 0, updates);
}

/**
 * The PPO agent's settings from a preset's hyperparameters: clip epsilon scheduled over
 * `options.trainSteps` frames, and a generator spawned from `rng` (call it where the preset
 * spawned it before, so seeded runs keep their random streams).
 * @param h the preset's resolved hyperparameters
 * @param options the `preset.agent()` options (trainSteps, logger)
 * @param rng the agent's generator; one child is spawned for minibatch shuffling
 */
export function ppoAgentSettings(h: PPOAgentHyperparameters, options: AgentOptions, rng: Random): PPOOptions {
  return {
    discountFactor: h.discountFactor,
    lam: h.lam,
    entropyLossScaling: h.entropyLossScaling,
    valueLossScaling: h.valueLossScaling,
    epochs: h.epochs,
    minibatches: h.minibatches,
    nEnvs: h.nEnvs,
    nSteps: h.nSteps,
    epsilon: clipSchedule(h, options.trainSteps ?? Infinity),
    rng: rng.spawn(),
    logger: options.logger,
  };
}
