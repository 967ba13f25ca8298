/**
 * The policies of the Q presets' test agents (dqn, ddqn, vqn, vsarsa), as ALL's: epsilon-greedy at
 * `testExploration` over a QNetwork on a copy of the trained network (no optimizer, no target), in
 * evaluation mode, with a generator seeded from the preset's seed plus a salt.
 */
import { QNetwork } from '../../lib/approximation/q_network';
import type { Approximation } from '../../lib/approximation/approximation';
import { Random } from '../../lib/core/random';
import type { Module } from '../../lib/nn/module';
import type { GreedyOptions } from '../../lib/policies/greedy';
import type { EnvSpec } from '../preset';
import { actionCount } from './models';

/**
 * An evaluation policy of class `Policy` (GreedyPolicy or ParallelGreedyPolicy) over a copy of `model`.
 * @param preset the preset id, for the error on a continuous action space
 * @param seed the generator's seed (the preset's seed plus 17 for single, 19 for parallel test agents)
 * @param epsilon the test agent's epsilon (testExploration)
 */
export function evaluationPolicy<P>(
  Policy: new (q: Approximation, nActions: number, rng: Random, options: GreedyOptions) => P,
  model: Module,
  env: EnvSpec,
  preset: string,
  seed: number,
  epsilon: number,
): P {
  return new Policy(new QNetwork(model.clone()), actionCount(env, preset), new Random(seed), { epsilon, evaluation: true });
}
