/**
 * Box2D environment throughput: steps per second of every Box2D id under uniformly random actions
 * (drawn before timing), resets included as they come. Random actions crash the lander within a
 * hundred steps or so and topple the walker, so resets (which build a fresh planck world and,
 * for the walker, a 200-segment course) weigh in as they do early in training.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/box2d.js [steps]`.
 */
import { Random } from '../lib/core/random';
import type { Action } from '../environments/environment';
import { BOX2D_IDS } from '../environments/box2d/index';
import { makeEnvironment } from '../environments/registry';

/** One measured figure. */
export interface Box2dBenchResult {
  id: string;
  /** Environment steps per second, resets included. */
  stepsPerSecond: number;
  /** Episodes finished during the timed steps. */
  episodes: number;
}

const ACTION_POOL = 4096;

function measure(id: string, steps: number, rng: Random): Box2dBenchResult {
  const env = makeEnvironment(id);
  const actions: Action[] = Array.from({ length: ACTION_POOL }, () => env.actionSpace.sample(rng) as Action);
  env.reset({ seed: 0 });
  let episodes = 0;
  const run = (n: number): void => {
    for (let i = 0; i < n; i++) {
      const s = env.step(actions[i & (ACTION_POOL - 1)]!);
      if (s.done) {
        episodes++;
        env.reset();
      }
    }
  };
  run(Math.min(steps, 2000)); // warm up the JIT
  episodes = 0;
  const start = process.hrtime.bigint();
  run(steps);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { id, stepsPerSecond: steps / seconds, episodes };
}

/**
 * Measures and prints steps per second for every Box2D id.
 * @param steps environment steps timed per id (default 20,000, or argv[2])
 */
export function main(steps = Number(process.argv[2] ?? 20_000)): Box2dBenchResult[] {
  const rng = new Random(0);
  const results: Box2dBenchResult[] = [];
  console.log(`Box2D steps per second, random actions (${steps.toLocaleString('en-US')} steps each; Node ${process.version})`);
  console.log(`${'id'.padEnd(28)}${'steps/s'.padStart(10)}${'episodes'.padStart(10)}`);
  for (const id of BOX2D_IDS) {
    const r = measure(id, steps, rng);
    results.push(r);
    console.log(`${id.padEnd(28)}${Math.round(r.stepsPerSecond).toLocaleString('en-US').padStart(10)}${String(r.episodes).padStart(10)}`);
  }
  return results;
}

if (require.main === module) main();
