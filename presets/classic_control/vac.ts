/**
 * VAC classic-control preset (ALL's presets/classic_control/vac.py): parallel one-step
 * actor-critic with a shared ReLU feature layer, a Linear0 value head and a Linear0 softmax policy
 * head (presets/classic_control/ac_models.ts). Each of the three has its own Adam (features at
 * lrPi) and clips its gradient norm to clipGrad when that is positive.
 *
 * Defaults are ALL's except three, plus `valueSteps` (ALL: one step); network widths are the
 * integer `hidden`.
 *
 * Changed in issue 10 (fourth pass): valueSteps 1 -> 4, after each shared update the value head
 * alone takes 3 more Adam steps toward the same TD targets (computed once, at the pre-update
 * weights; the policy and features steps are unchanged). Cause: the critic is under-fitted with
 * one Adam step per 16-transition batch, and the policy's TD advantages are mostly critic error.
 * Measured on seeds 0 and 3 (per 500 updates): on non-terminal transitions the TD error has a
 * persistent positive mean (0.6-0.8 at 500-1,000 updates, 0.47-0.52 at 1,500, against a mean |delta|
 * of 0.9-1.0): V lags the rising value of the improving policy, an action-independent offset that
 * only adds variance to `-delta * grad log pi`; and at the step into a termination, delta = 1 -
 * V(s) with V(s) 22-58 (from 1,000 updates on) where the true value is about 1, so 91-95% of the squared advantage mass
 * sits on under 1% of the transitions. With 4 value steps the offset falls faster (0.28-0.31 at
 * 1,500 updates, 0.07-0.15 from 2,500) and the terminal share to 83-89% (from 1,000 updates on); the value at pre-terminal
 * states stays as high (a representation limit, left alone). Training returns rise sooner (seed
 * 0, per 5,000 frames: 22, 52, 85, 136 against 16, 37, 53, 90). Not found: a better ranking of the
 * two actions by the critic's one-step advantage against Monte Carlo rollouts of the same policy
 * (agreement 0.5-0.85 either way, seeds 0 and 3), so the gain is in the advantage's noise, not in
 * its direction. Greedy test means (train returns100), CartPole-v0, 50,000 frames, 100 episodes:
 * | valueSteps | seeds 0-4 | mean / min | seeds 5-9 | mean / min | seeds 10-19: mean / min |
 * |---|---|---|---|---|---|
 * | 1 (before) | 159.5 (143.6), 183.9 (148.5), 199.8 (151.9), 169.3 (160.3), 194.5 (163.0) | 181.4 / 159.5 | 199.4, 200.0, 198.1, 200.0, 167.4 | 193.0 / 167.4 | 167.8 / 137.7 |
 * | 4 (after) | 200.0 (165.2), 200.0 (168.1), 200.0 (167.7), 200.0 (150.2), 200.0 (164.7) | 200.0 / 200.0 | 200.0, 200.0, 198.8, 200.0, 200.0 | 199.8 / 198.8 | 198.0 / 183.6 |
 * Sampled test means (ALL's test agent) with 4: seeds 0-9 189.6 (worst 182.2), 10-19 187.5
 * (worst 159.8). valueSteps 4 was run on seeds 0-9 together; seeds 10-19 were run after the
 * choice. Other counts (mean / min of the test means): 2 steps, seeds 0-4 200.0 / 199.9 (train
 * returns100 146.0) but seeds 5-19 166.4 / 96.1, too few, and a warning that seeds 0-4 alone prove
 * little; 8 steps, seeds 0-4 191.7 / 163.2 (train returns100 173.5), seeds 5-19 200.0 / 199.8.
 * Earlier passes below (no default changed there).
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
 *
 * Not yet at issue 10's target, no default changed. The curves say under-trained in the number of
 * updates: VAC makes one update per parallel step, so 50,000 frames over 16 copies give 3,125;
 * greedy tests every 5,000 frames (20 episodes) still rise at the end on every seed (seed 1: 9, 37,
 * 46, 49, 100, 144, 185, 134, 154, 189). Bigger steps do not help (lrPi 2e-3, seeds 0-4: 126.4 /
 * 39.4 / 200.0 / 144.9 / 128.7; annealLr: 127.1 / 107.4 / 197.6 / 183.8 / 192.5); more, smaller
 * updates do on seeds 0-4 but not reliably beyond. Greedy test mean (train returns100), CartPole-v0,
 * 50,000 frames, 100 test episodes:
 * | nEnvs | seeds 0-4 | mean / min | seeds 5-9 | mean / min |
 * |---|---|---|---|---|
 * | 16 | 159.5 (143.6), 183.9 (148.5), 199.8 (151.9), 169.3 (160.3), 194.5 (163.0) | 181.4 / 159.5 | 199.4 (170.4), 200.0 (151.5), 198.1 (145.1), 200.0 (169.6), 167.4 (110.4) | 193.0 / 167.4 |
 * | 8 | 195.3 (116.3), 198.9 (155.3), 195.9 (86.1), 186.6 (96.9), 199.2 (158.5) | 195.2 / 186.6 | 200.0 (160.8), 200.0 (111.9), 198.7 (136.8), 200.0 (161.9), 170.3 (92.2) | 193.8 / 170.3 |
 * | 4 | 200.0 (170.6), 200.0 (153.1), 195.3 (107.6), 200.0 (137.9), 200.0 (168.5) | 199.1 / 195.3 | 114.6 (170.4), 200.0 (164.8), 200.0 (168.3), 200.0 (183.2), 171.8 (91.7) | 177.3 / 114.6 |
 * nEnvs 4, the best on seeds 0-4, failed on seeds 5-9; nEnvs 8 is better than 16 on both sets but
 * short of a mean of 195 on seeds 5-9 (and it was seen on 5-9 before the choice), so 16 stays.
 *
 * Issue 10, second pass: Adam's eps is not a cause. The bias-corrected root second moment of the
 * three optimizers (seed 0) has medians 0.13-0.39 at update 500 and 0.18-2.2 at 2,000-3,000, with
 * 2-3% of the parameters below eps 1.5e-4 at update 500 and none from 2,000 on (12-23% in the first
 * 50 updates), so eps hardly enters the step. Seeds 0-4; 5-9, test means (mean / worst):
 * eps 1e-8: 130.4 / 194.8 / 195.7 / 200.0 / 184.7 (181.1 / 130.4); 172.7 / 146.2 / 198.1 / 199.9 /
 * 110.3 (165.4 / 110.3).
 * eps 1e-5: 151.9 / 149.6 / 200.0 / 169.5 / 200.0 (174.2 / 149.6); 188.2 / 147.5 / 166.5 / 200.0 /
 * 171.7 (174.8 / 147.5). Both worse than the defaults (181.4 / 159.5; 193.0 / 167.4).
 *
 * Issue 10, third pass (no default changed; seeds 0-9, test mean / worst; defaults 187.2 / 159.5):
 * nEnvs 8 on seeds 10-19 166.2 / 53.1 (so its good seeds 0-9 were luck); nEnvs 8 with lrV 5e-3
 * 167.2 / 80.3, with annealLr 177.9 / 131.6; lrV 2e-2 161.5 / 120.4; valueLossScaling 0.5 166.6 /
 * 112.5; hidden 128 162.9 / 52.6. None is better than the defaults.
 * An entropy bonus in the policy loss (a local change, not kept): weight 0.01 178.8 / 141.8, 0.03
 * 175.3 / 137.8.
 */
import { VAC } from '../../lib/agents/vac';
import { definePreset } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { AgentOptions } from '../preset';
import { annealLr, count, discount, parallelEnvs } from '../specs';
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
  valueSteps: count(4, 'value-head steps per update: the shared step, then valueSteps - 1 steps of the value head alone toward the same TD targets (ALL: 1)'),
  ...annealLr(false),
  ...ACTOR_CRITIC_NETWORK_SPECS,
} satisfies ParamSpecs;

type H = Omit<ParamValues<typeof VAC_HYPERPARAMETERS>, 'valueSteps'> & { valueSteps?: number };

export class VACClassicControlPreset extends ActorCriticClassicControlPreset<H> {
  agent(options: AgentOptions = {}): VAC {
    // one update per step of the nEnvs copies
    const { features, v, policy } = this.perNetworkParts(this.h, options, (options.trainSteps ?? Infinity) / this.h.nEnvs);
    return new VAC(features, v, policy, { discountFactor: this.h.discountFactor, valueSteps: this.h.valueSteps });
  }
}

/** `classicControl.vac`: Vanilla Actor-Critic, parallel one-step actor-critic with shared features. */
export const vac = definePreset({
  id: 'vac', family: 'classic', specs: VAC_HYPERPARAMETERS, preset: VACClassicControlPreset, parallel: true,
  description: 'Vanilla Actor-Critic: parallel one-step TD actor-critic, shared features, softmax policy',
});
