/**
 * Test episodes of an explicit-state agent: the evaluation policy (`predict(..., evaluation =
 * true)`) on one environment, seeded, returning each episode's return. Reads the records, never
 * changes or releases them. As ALL's test episodes (SingleEnvExperiment.test), with a key.
 */
import { ConfigError } from '../core/errors';
import type { EpisodeEnvironment } from './environments';
import type { BaseAgent } from './base_agent';
import { checkKey, splitKey, type Key } from './key';
import { disposeRecord, type OptimOutput, type OptimState, type Params, type PolicyOutput, type PolicyState } from './records';

/**
 * Runs `episodes` test episodes.
 * @param seed seed of the first reset (later episodes continue the environment's stream)
 */
export function evaluateFunctional<P extends Params, S extends PolicyState, O extends OptimState, B>(
  agent: BaseAgent<P, S, O, B, PolicyOutput, OptimOutput>,
  params: P,
  policyState: S,
  env: EpisodeEnvironment,
  episodes: number,
  options: { key: Key; seed?: number },
): number[] {
  if (!Number.isInteger(episodes) || episodes < 0) throw new ConfigError(`evaluateFunctional needs a non-negative integer episode count; received ${episodes}`);
  checkKey('evaluateFunctional', options.key);
  let key = options.key;
  const returns: number[] = [];
  let policy = policyState;
  for (let e = 0; e < episodes; e++) {
    let state = env.reset(e === 0 ? { seed: options.seed ?? 0 } : {});
    let total = 0;
    while (!state.done) {
      const [next, k] = splitKey(key, 2);
      key = next!;
      const { output, policyState: ps } = agent.predict(params, policy, state.observation as Float32Array, k!, true);
      if (policy !== policyState) disposeRecord(policy);
      policy = ps;
      const action = output.actions[0]!;
      disposeRecord(output);
      state = env.step(action);
      total += state.reward;
    }
    returns.push(total);
  }
  if (policy !== policyState) disposeRecord(policy);
  return returns;
}
