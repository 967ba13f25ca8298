/**
 * Environment steps per second of the MuJoCo v4 tasks (issue 17), random actions, resets
 * included, next to gymnasium's on the Python `mujoco` when `--python <python3 with gymnasium and
 * mujoco>` is given (scripts/mujoco/steps_per_second.py runs the same loop there).
 * Usage: node dist/bench/mujoco_envs.js [--steps 20000] [--python /tmp/mjenv/bin/python]
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { makeEnvironment, prepareEnvironment } from '../environments';
import { MUJOCO_IDS } from '../environments/mujoco';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const steps = Number(arg('steps') ?? 20_000);
  const python = arg('python');
  await prepareEnvironment(MUJOCO_IDS[0]!);
  let theirs: Record<string, number> = {};
  if (python !== undefined) {
    const script = path.join(__dirname, '..', '..', 'scripts', 'mujoco', 'steps_per_second.py');
    theirs = JSON.parse(execFileSync(python, [script, String(steps)], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').at(-1)!);
  }
  console.log(`| task | allts steps/s | gymnasium (Python) steps/s | ratio |\n|---|---|---|---|`);
  for (const id of MUJOCO_IDS) {
    const env = makeEnvironment(id);
    env.actionSpace.seed(0);
    let s = env.reset({ seed: 0 });
    const started = performance.now();
    for (let t = 0; t < steps; t++) {
      s = env.step(env.actionSpace.sample());
      if (s.done) s = env.reset();
    }
    const ours = steps / ((performance.now() - started) / 1000);
    env.close();
    const py = theirs[id];
    console.log(`| ${id} | ${ours.toFixed(0)} | ${py === undefined ? '-' : py.toFixed(0)} | ${py === undefined ? '-' : (ours / py).toFixed(2)} |`);
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exitCode = 1;
});
