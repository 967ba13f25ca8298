/**
 * `functional.ppo`: the explicit-state PPO (lib/functional_agents/ppo.ts; Schulman et al. 2017,
 * https://arxiv.org/abs/1707.06347) as a registered preset. Defaults are FUNCTIONAL_PPO_DEFAULTS
 * (lr 1e-3, GAE lambda 0.95, rollouts of 8 steps, 4 epochs of 4 minibatches, constant clip 0.2,
 * gradient norm 0.5, normalised advantages) on 8 copies. CartPole-v0, 30,000 frames, greedy test
 * means over 100 episodes, seeds 0-4 (`allts functional CartPole-v0 ppo --frames 30000 --seeds 0-4`):
 * 200.0, 200.0, 197.2, 200.0, 200.0.
 * Differs from the classic ppo preset: the clip range is constant (the paper's), not scheduled.
 */
import { FUNCTIONAL_PPO_DEFAULTS as D, FunctionalPPO, type FunctionalPPOOptions } from '../../lib/functional_agents/ppo';
import { definePreset } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { EnvSpec, PresetArgs } from '../preset';
import { clipGrad, discount, gae, learningRate, lossWeights, ppoEpochs, rollouts } from '../specs';
import { FUNCTIONAL_NETWORK_SPECS, gradLimit, hiddenOf } from './common';
import { envSizes, FunctionalPreset } from './functional_preset';

/** The functional PPO's hyperparameters. */
export const FUNCTIONAL_PPO_HYPERPARAMETERS = {
  ...discount(D.discount),
  ...gae(D.lambda),
  ...learningRate(D.lr, 'Adam learning rate of both networks'),
  ...clipGrad(D.maxGradNorm, "limit of the gradients' global norm (0 disables)"),
  clip: { default: D.clip as number, doc: 'clip range epsilon of the probability ratio (constant over training)', min: 0, max: 0.999 },
  ...ppoEpochs(D.epochs, D.minibatches),
  ...lossWeights(D.entropyCoef, D.valueCoef),
  normalizeAdvantages: { default: D.normalizeAdvantages as boolean, doc: "normalise each rollout's advantages to mean 0, std 1" },
  ...rollouts(8, D.rolloutLength, 'steps per rollout (one update every nEnvs * nSteps frames)'),
  ...FUNCTIONAL_NETWORK_SPECS,
} satisfies ParamSpecs;

type H = ParamValues<typeof FUNCTIONAL_PPO_HYPERPARAMETERS>;

/** FunctionalPPO's options from the hyperparameters. */
export function functionalPPOOptions(env: EnvSpec, h: H): FunctionalPPOOptions {
  return {
    ...envSizes(env),
    hidden: hiddenOf(h),
    discount: h.discountFactor,
    lambda: h.lam,
    lr: h.lr,
    rolloutLength: h.nSteps,
    epochs: h.epochs,
    minibatches: h.minibatches,
    clip: h.clip,
    valueCoef: h.valueLossScaling,
    entropyCoef: h.entropyLossScaling,
    maxGradNorm: gradLimit(h.clipGrad),
    normalizeAdvantages: h.normalizeAdvantages,
  };
}

/** The explicit-state PPO as a preset (records held by value). */
export class FunctionalPPOPreset extends FunctionalPreset<H> {
  constructor(args: PresetArgs<H>) {
    super(args, new FunctionalPPO(functionalPPOOptions(args[3], args[4])), args[4].nEnvs, true);
  }
}

/** `functional.ppo`: the explicit-state PPO on `nEnvs` copies. */
export const ppo = definePreset({
  id: 'ppo',
  family: 'functional',
  specs: FUNCTIONAL_PPO_HYPERPARAMETERS,
  preset: FunctionalPPOPreset,
  description: 'explicit-state PPO (clipped surrogate, GAE), records by value, on nEnvs copies',
  parallel: true,
}).name('functional_ppo'); // run directories and summaries tell it from the classic ppo
