/**
 * `functional.a2c`: the explicit-state advantage actor-critic (lib/functional_agents/a2c.ts; Mnih
 * et al. 2016, https://arxiv.org/abs/1602.01783) as a registered preset. Defaults are
 * FUNCTIONAL_A2C_DEFAULTS (lr 3e-3, rollouts of 8 steps, value weight 0.5, entropy 0.01, gradient
 * norm 0.5) on 8 copies. CartPole-v0, 30,000 frames, greedy test means over 100 episodes, seeds 0-4
 * (`allts functional CartPole-v0 a2c --frames 30000 --seeds 0-4`): 200.0, 200.0, 198.1, 108.6, 200.0
 * (one seed short). Parallel (ParallelEnvExperiment) even with nEnvs 1.
 */
import { FUNCTIONAL_A2C_DEFAULTS as D, FunctionalA2C, type FunctionalA2COptions } from '../../lib/functional_agents/a2c';
import { definePreset } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { EnvSpec, PresetArgs } from '../preset';
import { clipGrad, discount, learningRate, lossWeights, rollouts } from '../specs';
import { FUNCTIONAL_NETWORK_SPECS, gradLimit, hiddenOf } from './common';
import { envSizes, FunctionalPreset } from './functional_preset';

/** The functional A2C's hyperparameters. */
export const FUNCTIONAL_A2C_HYPERPARAMETERS = {
  ...discount(D.discount),
  ...learningRate(D.lr, 'Adam learning rate of both networks'),
  ...clipGrad(D.maxGradNorm, "limit of the gradients' global norm (0 disables)"),
  ...lossWeights(D.entropyCoef, D.valueCoef),
  ...rollouts(8, D.rolloutLength, 'steps per rollout (one update every nEnvs * nSteps frames)'),
  ...FUNCTIONAL_NETWORK_SPECS,
} satisfies ParamSpecs;

type H = ParamValues<typeof FUNCTIONAL_A2C_HYPERPARAMETERS>;

/** FunctionalA2C's options from the hyperparameters. */
export function functionalA2COptions(env: EnvSpec, h: H): FunctionalA2COptions {
  return {
    ...envSizes(env),
    hidden: hiddenOf(h),
    discount: h.discountFactor,
    lr: h.lr,
    rolloutLength: h.nSteps,
    valueCoef: h.valueLossScaling,
    entropyCoef: h.entropyLossScaling,
    maxGradNorm: gradLimit(h.clipGrad),
  };
}

/** The explicit-state A2C as a preset (records held by value). */
export class FunctionalA2CPreset extends FunctionalPreset<H> {
  constructor(args: PresetArgs<H>) {
    super(args, new FunctionalA2C(functionalA2COptions(args[3], args[4])), args[4].nEnvs, true);
  }
}

/** `functional.a2c`: the explicit-state A2C on `nEnvs` copies. */
export const a2c = definePreset({
  id: 'a2c',
  family: 'functional',
  specs: FUNCTIONAL_A2C_HYPERPARAMETERS,
  preset: FunctionalA2CPreset,
  description: 'explicit-state advantage actor-critic, records by value, on nEnvs copies',
  parallel: true,
}).name('functional_a2c'); // run directories and summaries tell it from the classic a2c
