/**
 * VPG classic-control preset (ALL's presets/classic_control/vpg.py): REINFORCE with a value
 * baseline on one environment (ALL's VPG is not a parallel agent), with a shared ReLU feature
 * layer, a Linear0 value head and a Linear0 softmax policy head
 * (presets/classic_control/ac_models.ts). Each of the three has its own Adam (features at lrPi)
 * and clips its gradient norm to clipGrad.
 *
 * Defaults are ALL's except lrPi, plus `valueSteps` and `bootstrapTruncated` (ALL: one value
 * step, time-limit cuts treated as terminations); network widths are the integer `hidden`.
 *
 * Changed in issue 10 (fourth pass): valueSteps 1 -> 30 (after each shared update the value head
 * alone takes 29 more Adam steps toward the same returns; the advantages that drive the policy are
 * computed before, at the pre-update baseline) and bootstrapTruncated false -> true. Cause: the
 * baseline never fits the returns. With one Adam step per batch (about 100 updates in 50,000
 * frames, each moving a weight by at most about lrV), V trails the returns throughout: seed 3,
 * mean V 0.2 / 3.5 / 10.2 / 16.7 / 27.8 at updates 5 / 30 / 50 / 70 / 85 against mean returns 23
 * / 36 / 46 / 53 / 57, so the advantages have mean +23 to +42 and standard deviation 14-27: the
 * "baseline" removes almost nothing and the policy follows REINFORCE's raw returns. A larger lrV
 * overshoots instead (lrV 5e-2 with the cut bootstrapped: V 87 against returns 64 at update 50) and normalising each batch's advantages
 * (tried, not kept: seeds 0-9 153.6 / 61.5) keeps the noise: the advantage's spread is then
 * time-in-episode, not action quality. Second, with ALL's treatment of the 200-step cut as a
 * termination, the last states of every successful episode get returns near 1 that no baseline can
 * predict (the observation has no clock), so once episodes reach 200 the advantage keeps a standard
 * deviation of about 20-24 that pushes down whatever was done late in the best episodes; with the
 * cut bootstrapped from V(s_T) (Pardo et al. 2018) it falls to 4-9 in all-200 batches, but only
 * when V is fitted: bootstrapping from a trailing V was tried before and did not help (seeds 0-4
 * 173.6 / 130.8). Greedy test means (train returns100), CartPole-v0, 50,000 frames, 100 episodes:
 * | setting | seeds 0-4 | mean / min | seeds 5-9 | mean / min | seeds 10-19: mean / min |
 * |---|---|---|---|---|---|
 * | before (1 step, cut = terminal) | 200.0 (121.5), 174.2 (123.9), 200.0 (165.3), 106.4 (161.1), 200.0 (164.8) | 176.1 / 106.4 | 199.8, 198.1, 83.1, 200.0, 178.3 | 171.8 / 83.1 | 154.7 / 96.1 |
 * | valueSteps 10 | 200.0, 126.4, 197.1, 200.0, 200.0 | 184.7 / 126.4 | 149.7, 126.4, 200.0, 199.7, 188.8 | 172.9 / 126.4 | |
 * | valueSteps 10, bootstrapped cut | 184.5, 200.0, 200.0, 200.0, 199.8 | 196.9 / 184.5 | 200.0, 199.9, 151.2, 199.9, 181.7 | 186.5 / 151.2 | |
 * | valueSteps 30 | 200.0, 200.0, 196.2, 200.0, 200.0 | 199.2 / 196.2 | 195.0, 200.0, 195.2, 199.2, 169.3 | 191.7 / 169.3 | |
 * | valueSteps 20, bootstrapped cut | 200.0, 200.0, 200.0, 153.8, 200.0 | 190.8 / 153.8 | | | |
 * | after: valueSteps 30, bootstrapped cut | 200.0 (164.3), 200.0 (180.8), 200.0 (185.3), 200.0 (175.5), 198.6 (185.6) | 199.7 / 198.6 | 200.0 (163.8), 200.0 (167.2), 200.0 (167.6), 200.0 (177.1), 200.0 (164.7) | 200.0 / 200.0 | 200.0 / 199.7 |
 * | valueSteps 50, bootstrapped cut | 200.0 each | 200.0 / 200.0 | 191.2, 199.8, 199.8, 200.0, 197.1 | 197.6 / 191.2 | 199.1 / 191.2 |
 * Sampled test means (ALL's test agent) after: seeds 0-9 183.8 (worst 172.7), 10-19 183.1 (worst
 * 167.7). The settings were run on seeds 0-9 together; seeds 10-19 were run after the choice (and
 * for 50). Earlier passes below (no default changed there).
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
 *
 * Issue 10, second pass (no default changed; seeds 0-4 and 5-9, each: five test means (mean / worst)):
 * - defaults, rerun: 200.0 / 174.2 / 200.0 / 106.4 / 200.0 (176.1 / 106.4); 199.8 / 198.1 / 83.1 /
 *   200.0 / 178.3 (171.8 / 83.1), the figures above.
 * - Adam's eps is not a cause here: the bias-corrected root second moment of the three optimizers
 *   (seed 3, update 50 of fewer than 100, with bootstrapTruncated on) has medians 5.3e-3 (features),
 *   0.05 (value) and 0.04 (policy), with 3-7% of the parameters below eps 1.5e-4 (5-10% at update
 *   10), so eps hardly enters the step. Measured anyway: eps 1e-8: 200.0
 *   / 199.8 / 196.7 / 172.4 / 137.5 (181.3 / 137.5); 196.2 / 193.6 / 170.1 / 200.0 / 124.0
 *   (176.8 / 124.0). eps 1e-5: 194.2 / 200.0 / 200.0 / 200.0 / 200.0 (198.8 / 194.2) but 174.3 /
 *   200.0 / 182.3 / 118.5 / 144.4 (163.9 / 118.5) on seeds 5-9. A change that leaves the step almost
 *   unchanged moves single seeds by up to 94 in both directions: the final figure is chaotic in
 *   the run, and a pass on seeds 0-4 alone means little.
 * - Time-limit truncation (`bootstrapTruncated`, added, default false as ALL): ALL's VPG treats an
 *   episode cut at 200 steps as terminated, so the last states of the best episodes get returns
 *   near 1 that the baseline cannot predict (the observation has no clock). Bootstrapping them
 *   from V of the cut state (Pardo et al. 2018) is the correct return, but on CartPole-v0 it did
 *   not help: 130.8 / 137.3 / 200.0 / 200.0 / 200.0 (173.6 / 130.8); 135.9 / 127.0 / 191.8 / 200.0
 *   / 171.7 (165.3 / 127.0). So that bias is not what makes the final figure swing.
 *
 * Issue 10, third pass (no default changed; seeds 0-9, test mean / worst; defaults 174.0 / 83.1):
 * bootstrapTruncated with annealLr 166.1 / 78.8; lrV 2e-2 175.0 / 77.0; hidden 128 152.4 / 64.4.
 * More, smaller updates help a little but not enough: minBatchSize 250 with lrPi 5e-3 186.8 /
 * 123.3, with lrPi 3e-3 183.7 / 134.2; minBatchSize 100 with lrPi 2e-3 185.3 / 105.2.
 * An entropy bonus in the policy loss (a local change, not kept): weight 0.01 168.4 / 102.8, 0.03
 * 160.9 / 109.0.
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
  bootstrapTruncated: { default: true, doc: 'an episode cut by a time limit bootstraps its returns from V of the state it was cut at (false: treated as terminated, as ALL)' },
  valueSteps: count(30, 'value-head steps per batch: the shared step, then valueSteps - 1 steps of the value head alone toward the same returns (ALL: 1)'),
  ...annealLr(false),
  ...ACTOR_CRITIC_NETWORK_SPECS,
} satisfies ParamSpecs;

// optional so that presets reusing this class without the hyperparameter (minatar's vpg) get the agent's default (false, as ALL)
type H = Omit<ParamValues<typeof VPG_HYPERPARAMETERS>, 'bootstrapTruncated' | 'valueSteps'> & { bootstrapTruncated?: boolean; valueSteps?: number };

export class VPGClassicControlPreset extends ActorCriticClassicControlPreset<H> {
  agent(options: AgentOptions = {}): VPG {
    // at most one update per minBatchSize frames (an update waits for whole episodes)
    const { features, v, policy } = this.perNetworkParts(this.h, options, (options.trainSteps ?? Infinity) / this.h.minBatchSize);
    return new VPG(features, v, policy, { discountFactor: this.h.discountFactor, minBatchSize: this.h.minBatchSize, bootstrapTruncated: this.h.bootstrapTruncated, valueSteps: this.h.valueSteps });
  }
}

/** `classicControl.vpg`: Vanilla Policy Gradient (REINFORCE with a value baseline) on one environment. */
export const vpg = definePreset({
  id: 'vpg', family: 'classic', specs: VPG_HYPERPARAMETERS, preset: VPGClassicControlPreset,
  description: 'Vanilla Policy Gradient: REINFORCE with a value baseline over batches of whole episodes, shared features',
});
