/**
 * Python bridge throughput: steps per second of gymnasium environments driven from Node through
 * the bridge, resets included, with random actions. `gym:CartPole-v1` alone (one round trip per
 * step: the bridge's latency) and as a vector of 16 (one round trip per 16 steps), beside our
 * native CartPole-v1 for scale; then Atari frames (`gym:ALE/Breakout-v5`, 210x160x3 uint8
 * observations, frameskip 4 as registered) when ale-py is installed.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/bridge.js [seconds per figure]`.
 */
import { makeEnvironment } from '../environments/registry';
import type { Environment } from '../environments/environment';
import { closeSharedBridges } from '../environments/bridge/bridge';
import { Random } from '../lib/core/random';

function single(env: Environment, seconds: number, rng: Random): number {
  const n = env.actionSpace.kind === 'discrete' ? env.actionSpace.n : 0;
  env.reset({ seed: 0 });
  let steps = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    for (let i = 0; i < 100; i++) {
      if (env.step(rng.int(n)).done) env.reset();
      steps++;
    }
  }
  return steps / seconds;
}

function vector(env: Environment, copies: number, seconds: number, rng: Random): number {
  const n = env.actionSpace.kind === 'discrete' ? env.actionSpace.n : 0;
  const vec = env.duplicate(copies);
  vec.reset({ seed: 0 });
  let steps = 0;
  const actions = new Int32Array(copies);
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    for (let i = 0; i < copies; i++) actions[i] = rng.int(n);
    vec.step(actions);
    steps += copies;
  }
  vec.close();
  return steps / seconds;
}

export function main(seconds = 3): void {
  const rng = new Random(0);
  const rows: [string, number][] = [];
  const native = makeEnvironment('CartPole-v1');
  rows.push(['CartPole-v1 (native, for scale)', single(native, seconds, rng)]);
  const cart = makeEnvironment('gym:CartPole-v1');
  rows.push(['gym:CartPole-v1 single', single(cart, seconds, rng)]);
  rows.push(['gym:CartPole-v1 vector of 16', vector(cart, 16, seconds, rng)]);
  cart.close();
  try {
    const atari = makeEnvironment('gym:ALE/Breakout-v5');
    rows.push(['gym:ALE/Breakout-v5 single (steps = 4 frames)', single(atari, seconds, rng)]);
    rows.push(['gym:ALE/Breakout-v5 vector of 16', vector(atari, 16, seconds, rng)]);
    atari.close();
  } catch (e) {
    console.log(`Atari skipped: ${(e as Error).message}`);
  }
  for (const [what, sps] of rows) console.log(`${what.padEnd(48)} ${Math.round(sps).toString().padStart(8)} steps/s`);
  closeSharedBridges();
}

if (require.main === module) main(Number(process.argv[2] ?? 3));
