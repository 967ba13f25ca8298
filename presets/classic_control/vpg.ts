/**
 * VPG classic-control preset (ALL's presets/classic_control/vpg.py): REINFORCE with a value
 * baseline on one environment (ALL's VPG is not a parallel agent), with a shared ReLU feature
 * layer, a Linear0 value head and a Linear0 softmax policy head
 * (presets/classic_control/ac_models.ts). Each of the three has its own Adam (features at lrPi)
 * and clips its gradient norm to clipGrad.
 *
 * Defaults are ALL's except one; network widths are the integer `hidden`.
 *
 * Changed from ALL: lrPi 1e-4 -> 1e-2. With ALL's 1e-4 the policy and features barely move in the
 * ~100 updates that 50,000 frames give (500-state batches): measured on CartPole-v0, seed 0, 50,000
 * frames, mean of the last 100 training episodes 23.8 and test mean 25.1 (Python ALL: about 25).
 * With 1e-2 (seeds 0, 1, 2): training 121.5 / 123.9 / 165.3, test 192.7 / 168.8 / 193.2.
 * (3e-3 gave test 93.5 / 83.0 / 169.1.) These test figures are for ALL's sampling test agent
 * (`testGreedy=false`).
 *
 * Added: `testGreedy` (default true), the test agent takes the most probable action; seeds 0 and 1:
 * tests 200.0 / 174.2.
 *
 * Not yet at issue 10's target, no default changed: greedy test means (seeds 0-4) 200.0 / 174.2 /
 * 200.0 / 106.4 / 200.0 (mean 176.1), seeds 5-9 199.8 / 198.1 / 83.1 / 200.0 / 178.3 (mean 171.8).
 * The learning curves oscillate rather than stall: greedy tests every 5,000 frames reach 200 by
 * 25,000-30,000 frames on every seed, then swing (seed 0: 180, 200, 198, 118, 119, 200; seed 3:
 * ..., 200, 200, 200, 188, 107) while training returns100 stay 100-170, so the final figure depends
 * on where the last of the ~100 updates lands. Tried (seeds 0-4, mean / min): annealLr 184.7 / 123.5
 * (seeds 5-9: 149.3 / 108.2); lrPi 5e-3: 179.6 / 135.4; minBatchSize 1000: 167.3 / 120.6; annealLr
 * with lrPi 2e-2: 137.2 / 101.5.
 */
import { VPG } from '../../lib/agents/vpg';
import { definePreset } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { AgentOptions } from '../preset';
import { annealLr, count, discount } from '../specs';
import { ACTOR_CRITIC_NETWORK_SPECS, ActorCriticClassicControlPreset, perNetworkOptimizers } from './actor_critic_preset';

/** VPG's hyperparameters (ALL's classic-control defaults except as the file header notes). */
export const VPG_HYPERPARAMETERS = {
  ...discount(0.99),
  ...perNetworkOptimizers(
    { lrV: 5e-3, lrPi: 1e-2, eps: 1.5e-4, clipGrad: 0.5, valueLossScaling: 0.25 },
    { lrPi: 'Adam learning rate of the policy head and the shared features (ALL: 1e-4)' },
  ),
  minBatchSize: count(500, 'update once the finished episodes since the last update hold this many states'),
  ...annealLr(false),
  ...ACTOR_CRITIC_NETWORK_SPECS,
} satisfies ParamSpecs;

type H = ParamValues<typeof VPG_HYPERPARAMETERS>;

export class VPGClassicControlPreset extends ActorCriticClassicControlPreset<H> {
  agent(options: AgentOptions = {}): VPG {
    // at most one update per minBatchSize frames (an update waits for whole episodes)
    const { features, v, policy } = this.perNetworkParts(this.h, options, (options.trainSteps ?? Infinity) / this.h.minBatchSize);
    return new VPG(features, v, policy, { discountFactor: this.h.discountFactor, minBatchSize: this.h.minBatchSize });
  }
}

/** `classicControl.vpg`: Vanilla Policy Gradient (REINFORCE with a value baseline) on one environment. */
export const vpg = definePreset({
  id: 'vpg', family: 'classic', specs: VPG_HYPERPARAMETERS, preset: VPGClassicControlPreset,
  description: 'Vanilla Policy Gradient: REINFORCE with a value baseline over batches of whole episodes, shared features',
});
