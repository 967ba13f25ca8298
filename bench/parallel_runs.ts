/**
 * The local-parallel speed-up of issue 18: the same classic runs one after another in this process,
 * then in worker processes (`--workers`, default one per core); prints both wall times and checks
 * that the two give the same test returns (same seeds, same runs).
 * Usage: node dist/bench/parallel_runs.js [--presets dqn,a2c] [--seeds 0-1] [--frames 20000] [--workers 2]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeEnvironment } from '../environments/registry';
import { runExperiment } from '../experiments/run_experiment';
import { parseSeeds } from '../experiments/seeds';
import { getPresetBuilder } from '../presets/registry';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

async function main(): Promise<void> {
  const presets = arg('presets', 'dqn,a2c').split(',').map((id) => getPresetBuilder('classic', id));
  const seeds = parseSeeds(arg('seeds', '0-1'));
  const frames = Number(arg('frames', '20000'));
  const workers = Number(arg('workers', String(os.cpus().length)));
  const env = makeEnvironment('CartPole-v0');
  const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-bench-parallel-'));
  const common = { logdir, testEpisodes: 10, verbose: false, quiet: true };

  let started = performance.now();
  const sequential: number[][] = [];
  for (const builder of presets) {
    for (const seed of seeds) {
      const [r] = await runExperiment([builder], [env], frames, { ...common, seed });
      sequential.push(r!.testReturns);
    }
  }
  const sequentialSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const parallel = await runExperiment(presets, [env], frames, { ...common, seeds, workers });
  const parallelSeconds = (performance.now() - started) / 1000;
  const same = parallel.every((r, i) => JSON.stringify(r.testReturns) === JSON.stringify(sequential[i]));

  const runs = presets.length * seeds.length;
  console.log(`${runs} classic runs (${presets.map((p) => p.id).join(', ')} x seeds ${seeds.join(',')}) of ${frames} frames on CartPole-v0, ${os.cpus().length} cores`);
  console.log(`one after another, in this process: ${sequentialSeconds.toFixed(1)} s`);
  console.log(`in ${workers} worker processes:      ${parallelSeconds.toFixed(1)} s (speed-up ${(sequentialSeconds / parallelSeconds).toFixed(2)}x)`);
  console.log(`same test returns both ways: ${same ? 'yes' : 'NO'}`);
  fs.rmSync(logdir, { recursive: true, force: true });
  env.close();
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exitCode = 1;
});
