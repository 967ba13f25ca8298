/**
 * A short `allts atari Breakout dqn` run from the CLI, as a user runs it (a fresh node process on
 * the compiled package, the Python bridge included), against the random policy on the same
 * environment: frames per second of the whole run, its last returns100 row and its test returns,
 * and the random policy's mean return over 100 episodes.
 *
 * ALL's defaults start learning after 80,000 frames and decay exploration over 250,000, far
 * beyond a short run; the run here scales both down (`--hyperparameters` below, printed), so its
 * figures say whether the pipeline learns at all in a few thousand updates, not what ALL's
 * settings reach in 10 million frames.
 *
 * Measured (2-core machine shared with other sessions, seed 0): the random policy scores 1.24 +-
 * 1.40 per game over 100 games, the environment alone runs 456-499 steps/s (4 emulator frames
 * each). `--frames 20000` (replay from 2,000, epsilon to 0.01 by 12,000): 1,116 s, 18 frames/s;
 * returns100 1.53 at frame 17,081 and 2.00 at the end; test mean of 10 games 2.00.
 * `--frames 36000` (replay from 3,600, epsilon to 0.01 by 21,600): 1,889 s, 19 frames/s; training
 * returns by fifths of its 203 games 1.55, 1.60, 1.32, 1.90, 1.98; returns100 1.41 at frame 16,965,
 * 1.93 at 35,506, 2.00 at the end; test mean of 10 games 2.00. Above random play, barely: a run
 * this short says the pipeline learns, not how well (ALL trains 10 million frames and more). The
 * speed is the update's (bench/atari_update.ts): one every 4 steps at ~230 ms.
 *
 * Usage: npx tsc -p tsconfig.json && node dist/bench/atari_cli.js [frames=20000] [key=value ...]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Random } from '../lib/core/random';
import { AtariEnvironment } from '../environments/atari';
import { closeSharedBridges } from '../environments/bridge/bridge';
import { readEventFile } from '../lib/logging/tensorboard/event_file_reader';

/** Mean and standard deviation of the random policy's returns (whole games) on Breakout. */
export function randomReturns(episodes = 100, seed = 0): { mean: number; std: number; framesPerSecond: number } {
  const env = new AtariEnvironment('Breakout');
  const rng = new Random(seed);
  const returns: number[] = [];
  let steps = 0;
  const start = performance.now();
  for (let e = 0; e < episodes; e++) {
    let s = env.reset(e === 0 ? { seed } : undefined);
    let total = 0;
    while (!s.done) {
      s = env.step(rng.int(4));
      total += s.reward;
      steps++;
    }
    returns.push(total);
  }
  const seconds = (performance.now() - start) / 1000;
  env.close();
  closeSharedBridges();
  const mean = returns.reduce((a, b) => a + b, 0) / episodes;
  const std = Math.sqrt(returns.reduce((a, b) => a + (b - mean) ** 2, 0) / episodes);
  return { mean, std, framesPerSecond: steps / seconds };
}

export function main(frames = 20_000, overrides: string[] = []): void {
  const random = randomReturns();
  console.log(`random policy, Breakout, 100 games: return ${random.mean.toFixed(2)} +- ${random.std.toFixed(2)}; environment alone ${Math.round(random.framesPerSecond)} steps/s (4 emulator frames each)`);
  const hyperparameters = [
    `replay_start_size=${Math.round(frames / 10)}`,
    `final_exploration_step=${Math.round(frames * 0.6)}`,
    ...overrides,
  ];
  const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-bench-atari-'));
  const cli = path.join(__dirname, '..', 'experiments', 'cli.js');
  const args = [cli, 'atari', 'Breakout', 'dqn', '--frames', String(frames), '--seed', '0', '--logdir', logdir, '--test-episodes', '10', '--quiet', '--hyperparameters', ...hyperparameters];
  const start = performance.now();
  execFileSync(process.execPath, args, { stdio: 'ignore' });
  const seconds = (performance.now() - start) / 1000;
  const [dir] = fs.readdirSync(logdir);
  const rows = fs.readFileSync(path.join(logdir, dir!, 'returns100.csv'), 'utf8').trim().split('\n').map((r) => r.split(',').map(Number));
  const info = JSON.parse(fs.readFileSync(path.join(logdir, dir!, 'run.json'), 'utf8')) as { testReturns: number[] };
  const test = info.testReturns.reduce((a, b) => a + b, 0) / info.testReturns.length;
  // every training episode's return, from the TensorBoard file (eval/returns at its end frame)
  const eventsFile = fs.readdirSync(path.join(logdir, dir!)).find((f) => f.startsWith('events.out.tfevents.'))!;
  const episodes = readEventFile(path.join(logdir, dir!, eventsFile)).flatMap((e) =>
    (e.summary?.value ?? []).filter((v) => v.tag === 'eval/returns').map((v) => ({ frame: e.step, ret: v.simpleValue ?? 0 })));
  const mean = (xs: { ret: number }[]) => xs.reduce((a, b) => a + b.ret, 0) / Math.max(1, xs.length);
  const fifth = Math.max(1, Math.floor(episodes.length / 5));
  console.log(`allts atari Breakout dqn --frames ${frames} --seed 0 --hyperparameters ${hyperparameters.join(' ')}`);
  console.log(`  ${seconds.toFixed(0)} s whole process (10 test games included), ${Math.round(frames / seconds)} frames/s`);
  console.log(`  returns100 rows (frame, mean): ${rows.map((r) => `${r[0]}: ${r[1]!.toFixed(2)}`).join(', ')}`);
  console.log(`  ${episodes.length} training games; mean return by fifths of them: ` +
    Array.from({ length: 5 }, (_, i) => mean(episodes.slice(i * fifth, i === 4 ? undefined : (i + 1) * fifth)).toFixed(2)).join(', '));
  console.log(`  test mean of 10 games ${test.toFixed(2)} (random policy ${random.mean.toFixed(2)})`);
  fs.rmSync(logdir, { recursive: true, force: true });
}

if (require.main === module) {
  const [framesArg, ...overrides] = process.argv.slice(2);
  main(framesArg ? Number(framesArg) : undefined, overrides);
}
