/**
 * VAC classic-control preset (ALL's presets/classic_control/vac.py): parallel one-step
 * actor-critic with a shared ReLU feature layer, a Linear0 value head and a Linear0 softmax policy
 * head (presets/classic_control/ac_models.ts). Each of the three has its own Adam (features at
 * lrPi) and clips its gradient norm to clipGrad when that is positive.
 *
 * Defaults are ALL's except three; network widths are the integer `hidden`.
 *
 * Changed from ALL: lrPi 1e-4 -> 1e-3, lrV 5e-4 -> 1e-2, clipGrad 0.5 -> 0 (off). Measured on
 * CartPole-v0 over 50,000 frames (mean of the last 100 training episodes / test mean of 100):
 * - ALL's defaults, seed 0: 17.2 / 17.7 (Python ALL: about 18); the policy hardly moves.
 * - lrPi 1e-3 and lrV 5e-3 or 1e-2 with clipping kept: bimodal, e.g. tests 169.7 / 199.2 / 33.5 and
 *   16.4 / 23.2 / 110.1 (seeds 0-2); higher lrPi (2e-3, 3e-3) no better; nEnvs 4 or 8 collapsed to
 *   always pushing one way (about 9.4); hidden 256 no better. Clipping the shared features' gradient,
 *   which the value loss dominates, appears to drown the policy's share of it.
 * - clipGrad 0 alone: 15.3 / 13.9 / 15.8 (tests 16.6 / 13.0 / 16.7); with lrPi 1e-3 too: tests
 *   26.4 / 51.9 / 59.3.
 * - the three changes, seeds 0-4: training 143.6 / 148.5 / 151.9 / 160.3 / 163.0, tests 143.0 /
 *   173.1 / 174.9 / 160.2 / 177.5 (with lrV 5e-3 instead: tests 157.0 / 149.9 / 112.0 / 146.6 / 195.9).
 *   These test figures are for ALL's sampling test agent (`testGreedy=false`).
 *
 * Added: `testGreedy` (default true), the test agent takes the most probable action; seeds 0 and 1:
 * tests 159.5 / 183.9.
 */
import { VAC } from '../../lib/agents/vac';
import { definePreset } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { AgentOptions } from '../preset';
import { annealLr, discount, parallelEnvs } from '../specs';
import { ACTOR_CRITIC_NETWORK_SPECS, ActorCriticClassicControlPreset, perNetworkOptimizers } from './actor_critic_preset';

/** VAC's hyperparameters (ALL's classic-control defaults except as the file header notes). */
export const VAC_HYPERPARAMETERS = {
  ...discount(0.99),
  ...perNetworkOptimizers(
    { lrV: 1e-2, lrPi: 1e-3, eps: 1.5e-4, clipGrad: 0, valueLossScaling: 0.25 },
    {
      lrV: 'Adam learning rate of the value head (ALL: 5e-4)',
      lrPi: 'Adam learning rate of the policy head and the shared features (ALL: 1e-4)',
      clipGrad: 'gradient-norm clip of each network, 0 disables (ALL: 0.5)',
    },
  ),
  ...parallelEnvs(16),
  ...annealLr(false),
  ...ACTOR_CRITIC_NETWORK_SPECS,
} satisfies ParamSpecs;

type H = ParamValues<typeof VAC_HYPERPARAMETERS>;

export class VACClassicControlPreset extends ActorCriticClassicControlPreset<H> {
  agent(options: AgentOptions = {}): VAC {
    // one update per step of the nEnvs copies
    const { features, v, policy } = this.perNetworkParts(this.h, options, (options.trainSteps ?? Infinity) / this.h.nEnvs);
    return new VAC(features, v, policy, { discountFactor: this.h.discountFactor });
  }
}

/** `classicControl.vac`: Vanilla Actor-Critic, parallel one-step actor-critic with shared features. */
export const vac = definePreset({
  id: 'vac', family: 'classic', specs: VAC_HYPERPARAMETERS, preset: VACClassicControlPreset, parallel: true,
  description: 'Vanilla Actor-Critic: parallel one-step TD actor-critic, shared features, softmax policy',
});
