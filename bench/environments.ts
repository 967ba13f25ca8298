/**
 * Environment throughput: steps per second of every registered environment, single and as a
 * vector of 8 copies (DuplicateEnvironment). Random actions are drawn before timing so the figures
 * measure the environment (physics, action check, State creation, resets), not the sampler.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/environments.js [steps]`.
 */
import { Random } from '../lib/core/random';
import type { Action } from '../environments/environment';
import { environmentSpec, listEnvironments, makeEnvironment } from '../environments/registry';

/** One measured figure. */
export interface EnvironmentBenchResult {
  id: string;
  /** Copies stepped together (1 for the single environment). */
  numEnvs: number;
  /** Environment steps per second (a vector step of n copies counts n). */
  stepsPerSecond: number;
}

const ACTION_POOL = 4096;

function actionPool(id: string, count: number, rng: Random): Action[] {
  const env = makeEnvironment(id);
  const space = env.actionSpace;
  return Array.from({ length: count }, () => space.sample(rng));
}

function timeSingle(id: string, steps: number, rng: Random): number {
  const env = makeEnvironment(id);
  const actions = actionPool(id, ACTION_POOL, rng);
  env.reset({ seed: 0 });
  const run = (n: number): void => {
    for (let i = 0; i < n; i++) {
      const s = env.step(actions[i & (ACTION_POOL - 1)]!);
      if (s.done) env.reset();
    }
  };
  run(Math.min(steps, 20_000)); // warm up the JIT
  const start = process.hrtime.bigint();
  run(steps);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return steps / seconds;
}

function timeVector(id: string, steps: number, numEnvs: number, rng: Random): number {
  const vec = makeEnvironment(id).duplicate(numEnvs);
  const single = actionPool(id, ACTION_POOL, rng);
  const batches: (Action[] | Int32Array)[] = [];
  for (let b = 0; b < ACTION_POOL / numEnvs; b++) {
    const batch = single.slice(b * numEnvs, (b + 1) * numEnvs);
    batches.push(typeof batch[0] === 'number' ? Int32Array.from(batch as number[]) : batch);
  }
  vec.reset({ seed: 0 });
  const mask = batches.length - 1;
  const run = (n: number): void => {
    for (let i = 0; i < n; i++) vec.step(batches[i & mask]!);
  };
  const vecSteps = Math.max(1, Math.floor(steps / numEnvs));
  run(Math.min(vecSteps, 5000));
  const start = process.hrtime.bigint();
  run(vecSteps);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return (vecSteps * numEnvs) / seconds;
}

/**
 * Measures and prints steps per second for every registered environment.
 * @param steps environment steps timed per measurement (default 1,000,000, or argv[2])
 */
export function main(steps = Number(process.argv[2] ?? 1_000_000)): EnvironmentBenchResult[] {
  const rng = new Random(0);
  const results: EnvironmentBenchResult[] = [];
  console.log(`environment steps per second (${steps.toLocaleString('en-US')} steps each; Node ${process.version})`);
  console.log(`${'id'.padEnd(28)}${'single'.padStart(14)}${'vector x8'.padStart(14)}`);
  // classic control only: the Box2D environments have their own, shorter bench (bench/box2d.ts)
  for (const id of listEnvironments().filter((e) => environmentSpec(e).family === 'classic_control')) {
    const single = timeSingle(id, steps, rng);
    const vector = timeVector(id, steps, 8, rng);
    results.push({ id, numEnvs: 1, stepsPerSecond: single }, { id, numEnvs: 8, stepsPerSecond: vector });
    const fmt = (v: number): string => Math.round(v).toLocaleString('en-US').padStart(14);
    console.log(`${id.padEnd(28)}${fmt(single)}${fmt(vector)}`);
  }
  return results;
}

if (require.main === module) main();
