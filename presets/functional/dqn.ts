/**
 * `functional.dqn`: the explicit-state DQN (lib/functional_agents/dqn.ts; Mnih et al. 2015,
 * https://www.nature.com/articles/nature14236, double-Q target) as a registered preset, so the CLI
 * (`allts functional CartPole-v0 dqn`), loadPreset and worker processes know it. Defaults are
 * baselax's (discount 0.99, epsilon 0.9 -> 0.05 over 50,000 predict calls, target copied every 50
 * updates, 0.5 squared TD error, no gradient clipping), with the sizes of FUNCTIONAL_DQN_DEFAULTS and
 * 4 environment copies (DQN_LEARNING_CONFIG's; each predict call steps every copy). CartPole-v0,
 * 40,000 frames, greedy test means over 100 episodes, seeds 0-4 (`allts functional CartPole-v0 dqn
 * --frames 40000 --seeds 0-4`): 199.8, 199.9, 200.0, 199.9, 199.9. The agents act on a batch of copies:
 * the preset is parallel (ParallelEnvExperiment) even with nEnvs 1.
 */
import { FUNCTIONAL_DQN_DEFAULTS as D, FunctionalDQN, type FunctionalDQNOptions } from '../../lib/functional_agents/dqn';
import { definePreset } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { EnvSpec, PresetArgs } from '../preset';
import {
  clipGrad,
  count,
  discount,
  epsilonDecay,
  explorationEnd,
  learningRate,
  nonNegative,
  parallelEnvs,
  replayMemory,
  replayUpdates,
  targetUpdates,
  testEpsilon,
} from '../specs';
import { FUNCTIONAL_NETWORK_SPECS, gradLimit, hiddenOf } from './common';
import { envSizes, FunctionalPreset } from './functional_preset';

/** The functional DQN's hyperparameters (baselax's defaults; see the header). */
export const FUNCTIONAL_DQN_HYPERPARAMETERS = {
  ...discount(D.discount),
  ...learningRate(D.lr),
  ...replayUpdates(D.batchSize, D.updateEvery),
  updateFrequency: count(D.updateEvery, 'predict calls (one step of every copy) between updates'),
  ...replayMemory(D.replayStartSize, D.replayCapacity, 'transitions stored before the first update (at least minibatchSize)'),
  ...epsilonDecay(D.epsilonInitial, D.epsilonFinal),
  ...explorationEnd(D.epsilonSteps, 'training predict calls (one step of every copy) over which epsilon decays (baselax: 50,000)'),
  epsilonPower: nonNegative(D.epsilonPower, 'power of the polynomial epsilon decay (1: linear, baselax)'),
  ...testEpsilon(D.evaluationEpsilon),
  ...targetUpdates(D.targetPeriod),
  loss: { default: D.loss as string, doc: "loss of the TD error: l2 (0.5 x^2, rlax's l2_loss, baselax) or huber (delta 1)", choices: ['l2', 'huber'] },
  ...clipGrad(0, "limit of the gradients' global norm (0: none, as baselax)"),
  ...FUNCTIONAL_NETWORK_SPECS,
  ...parallelEnvs(4, 'environment copies stepped together (each predict call steps every copy)'),
} satisfies ParamSpecs;

type H = ParamValues<typeof FUNCTIONAL_DQN_HYPERPARAMETERS>;

/** FunctionalDQN's options from the hyperparameters. */
export function functionalDQNOptions(env: EnvSpec, h: H): FunctionalDQNOptions {
  return {
    ...envSizes(env),
    hidden: hiddenOf(h),
    discount: h.discountFactor,
    lr: h.lr,
    epsilonInitial: h.initialExploration,
    epsilonFinal: h.finalExploration,
    epsilonSteps: h.finalExplorationStep,
    epsilonPower: h.epsilonPower,
    evaluationEpsilon: h.testExploration,
    targetPeriod: h.targetUpdateFrequency,
    loss: h.loss as 'l2' | 'huber',
    maxGradNorm: gradLimit(h.clipGrad),
    batchSize: h.minibatchSize,
    replayCapacity: h.replayBufferSize,
    replayStartSize: h.replayStartSize,
    updateEvery: h.updateFrequency,
  };
}

/** The explicit-state DQN as a preset (records held by value). */
export class FunctionalDQNPreset extends FunctionalPreset<H> {
  constructor(args: PresetArgs<H>) {
    super(args, new FunctionalDQN(functionalDQNOptions(args[3], args[4])), args[4].nEnvs, true);
  }
}

/** `functional.dqn`: the explicit-state DQN (baselax's defaults) on `nEnvs` copies. */
export const dqn = definePreset({
  id: 'dqn',
  family: 'functional',
  specs: FUNCTIONAL_DQN_HYPERPARAMETERS,
  preset: FunctionalDQNPreset,
  description: "explicit-state DQN (baselax's defaults, double-Q), records by value, on nEnvs copies",
  parallel: true,
}).name('functional_dqn'); // run directories and summaries tell it from the classic dqn
