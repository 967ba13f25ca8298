/**
 * Seeds of the explicit-state DQN's learning configuration (the one
 * __tests__/functional_agents/dqn_learning.test.ts checks): train on CartPole-v0 copies with
 * trainFunctional, test 100 greedy episodes, print the test mean per seed, then mean and worst.
 * Usage: node -r ./__tests__/helpers/register_ts.js bench/functional_dqn.ts [seeds, e.g. 0-4] [--baselax-epsilon]
 * (`--baselax-epsilon` keeps baselax's 50,000-predict-call epsilon decay instead of the test's 5,000).
 */
import { makeEnvironment } from '../environments';
import { initBackend } from '../lib/tf';
import { disposeRecord } from '../lib/functional_agents/records';
import { FunctionalDQN } from '../lib/functional_agents/dqn';
import { evaluateFunctional } from '../lib/functional_agents/evaluate';
import { makeKey, splitKey } from '../lib/functional_agents/key';
import { trainFunctional } from '../lib/functional_agents/train';
import { DQN_LEARNING_CONFIG } from '../lib/functional_agents/learning_config';

async function main(): Promise<void> {
  await initBackend();
  const arg = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '0-4';
  const baselaxEpsilon = process.argv.includes('--baselax-epsilon');
  const [lo, hi] = arg.includes('-') ? arg.split('-').map(Number) : [Number(arg), Number(arg)];
  const means: number[] = [];
  for (let seed = lo!; seed <= hi!; seed++) {
    const started = Date.now();
    const r = runSeed(seed, baselaxEpsilon);
    means.push(r.test);
    console.log(`seed ${seed}: test mean ${r.test.toFixed(1)} (last-100 train ${r.train100.toFixed(1)}, ${r.updates} updates, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  const mean = means.reduce((a, b) => a + b, 0) / means.length;
  console.log(`seeds ${arg}: mean ${mean.toFixed(1)}, worst ${Math.min(...means).toFixed(1)}`);
}

/** One seeded run of the learning configuration. */
export function runSeed(seed: number, baselaxEpsilon = false): { test: number; train100: number; updates: number } {
  const { frames, numEnvs, env: envId, options } = DQN_LEARNING_CONFIG;
  const env = makeEnvironment(envId);
  const agent = new FunctionalDQN({ observationSize: 4, numActions: 2, ...(baselaxEpsilon ? {} : options) });
  const [kTrain, kTest] = splitKey(makeKey(seed), 2);
  const result = trainFunctional(agent, env.duplicate(numEnvs), frames, { key: kTrain!, seed });
  const returns = evaluateFunctional(agent, result.records.params, result.records.policyState, makeEnvironment(envId), 100, { key: kTest!, seed: 1000 + seed });
  disposeRecord(result.records.params, result.records.policyState, result.records.optimState);
  const last = result.episodeReturns.slice(-100);
  return { test: returns.reduce((a, b) => a + b, 0) / returns.length, train100: last.reduce((a, b) => a + b, 0) / last.length, updates: result.updates };
}

if (require.main === module) main().catch((e) => { console.error(e); process.exitCode = 1; });
