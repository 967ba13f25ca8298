/**
 * A long learning run on LunarLanderContinuous-v2 with a continuous-control preset, printing the
 * mean of the last 100 training returns (ALL's returns100) as it goes and the test mean at the end.
 * Not part of `npm test`: it runs for tens of minutes.
 *
 * Usage: `npx tsc -p tsconfig.json && node dist/bench/lunar_lander.js [frames] [agent] [key=value ...]
 *   [--seed N] [--logdir DIR] [--test-episodes N]`
 * e.g. `node dist/bench/lunar_lander.js 1500000 ppo hidden1=64 hidden2=64`.
 *
 * Defaults (DEFAULT_RUN): PPO with 64-64 networks for 1.5M frames. Why PPO and not SAC / TD3: on our
 * wasm backend a SAC or TD3 update with ALL's 400-300 networks at minibatch 256 takes 60-70 ms and
 * both update once per frame, so half an hour gives them about 25,000 frames, too few for this task;
 * PPO trains once per 4,096 frames and, with 64-64 networks, runs at about 1,400 frames/s here
 * (235 frames/s with ALL's 400-300 on Pendulum-v1), enough for a million frames in a quarter of an hour.
 * There is no Python ALL figure for this task to compare with.
 *
 * Measured (default run, seed 0, wasm, a 2-core machine shared with other jobs): 2,000,000 frames,
 * 3,048 episodes in 21.1 min (about 1,500 frames/s); returns100 -276 after 100 episodes, +45 at
 * 173k frames, a dip to about -6 near 650k, +99 at 1.84M, +91.5 at the end; test mean over 100
 * episodes +154 (std 88).
 */
import * as path from 'node:path';
import '../environments/index';
import { ConfigError } from '../lib/core/errors';
import { makeEnvironment } from '../environments/registry';
import { runExperiment } from '../experiments/run_experiment';
import { continuous } from '../presets/continuous';
import { ppo } from '../presets/continuous/ppo';
import type { PresetBuilder } from '../presets/builder';
import { parseUntypedValue } from '../presets/hyperparameters';

/** The environment of this benchmark. */
export const LUNAR_LANDER_ID = 'LunarLanderContinuous-v2';

/** What `main` runs. */
export interface LunarLanderRun {
  /** Training length in environment frames. */
  frames: number;
  /** A preset id of the continuous family (`ppo`, `sac`, `td3`, `ddpg`). */
  agent: string;
  /** Hyperparameter overrides (camelCase or ALL's snake_case keys). */
  hyperparameters: Record<string, number | boolean | string>;
  /** Seed of the run. */
  seed: number;
  /** Where the run directory goes. */
  logdir: string;
  /** Test episodes after training. */
  testEpisodes: number;
}

/** The run made when no arguments are given (see the file header for the choice). */
export const DEFAULT_RUN: LunarLanderRun = {
  frames: 1_500_000,
  agent: 'ppo',
  hyperparameters: { hidden1: 64, hidden2: 64 },
  seed: 0,
  logdir: 'runs',
  testEpisodes: 100,
};

/** The figures of a finished run. */
export interface LunarLanderResult {
  run: LunarLanderRun;
  minutes: number;
  episodes: number;
  /** Mean of the last 100 training returns. */
  returns100: number;
  /** Mean of the test returns. */
  testMean: number;
  logdir: string;
}

/** The continuous presets by id: the family's index plus PPO (until the lead registers it there). */
function presets(): Record<string, PresetBuilder<any>> {
  return { ppo, ...(continuous as Record<string, PresetBuilder<any>>) };
}

/** Reads `[frames] [agent] [key=value ...] [--seed N] [--logdir DIR] [--test-episodes N]`. */
export function parseArgs(argv: readonly string[]): LunarLanderRun {
  const run: LunarLanderRun = { ...DEFAULT_RUN, hyperparameters: { ...DEFAULT_RUN.hyperparameters } };
  const positional: string[] = [];
  let overridden = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = (name: string): string => {
      const value = argv[++i];
      if (value === undefined) throw new ConfigError(`${name} needs a value, e.g. ${name} 0`);
      return value;
    };
    if (arg === '--seed') run.seed = Number(flag(arg));
    else if (arg === '--logdir') run.logdir = flag(arg);
    else if (arg === '--test-episodes') run.testEpisodes = Number(flag(arg));
    else if (arg.includes('=')) {
      if (!overridden) run.hyperparameters = {};
      overridden = true;
      const [key, ...rest] = arg.split('=');
      run.hyperparameters[key!] = parseUntypedValue(rest.join('='));
    } else positional.push(arg);
  }
  if (positional[0] !== undefined) run.frames = Number(positional[0]);
  if (positional[1] !== undefined) {
    // another agent starts from its own defaults unless overrides are given
    if (positional[1] !== run.agent && !overridden) run.hyperparameters = {};
    run.agent = positional[1];
  }
  if (!(run.frames > 0)) throw new ConfigError(`frames must be a positive number; received ${positional[0]}`);
  if (!Number.isInteger(run.seed)) throw new ConfigError(`--seed must be an integer; received ${run.seed}`);
  if (!(Number.isInteger(run.testEpisodes) && run.testEpisodes >= 1)) {
    throw new ConfigError(`--test-episodes must be a positive integer; received ${run.testEpisodes}`);
  }
  return run;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const std = (xs: readonly number[]): number => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};

/** Trains and tests one preset on LunarLanderContinuous-v2, printing progress; returns the figures. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<LunarLanderResult> {
  const run = parseArgs(argv);
  const all = presets();
  const builder = all[run.agent];
  if (builder === undefined) {
    throw new ConfigError(`Unknown continuous preset "${run.agent}"; available: ${Object.keys(all).join(', ')}`);
  }
  const env = makeEnvironment(LUNAR_LANDER_ID);
  console.log(
    `${run.agent} on ${LUNAR_LANDER_ID}: ${run.frames} frames, seed ${run.seed}, ` +
      `hyperparameters ${JSON.stringify(run.hyperparameters)} (defaults otherwise)`,
  );
  const started = Date.now();
  const minutes = (): number => (Date.now() - started) / 60_000;
  let lastPrint = 0;
  const [result] = await runExperiment([builder.hyperparameters(run.hyperparameters)], [env], run.frames, {
    logdir: run.logdir,
    seed: run.seed,
    quiet: true,
    verbose: false,
    testEpisodes: run.testEpisodes,
    onEpisode: ({ frame, episode, returns }) => {
      const now = minutes();
      // every 100 episodes, at most one line a minute after the first few
      if (episode % 100 !== 0 || (now - lastPrint < 1 && episode > 500)) return;
      lastPrint = now;
      const last = returns.slice(-100);
      console.log(
        `frame ${frame}  episode ${episode}  ${now.toFixed(1)} min  ${(frame / (now * 60)).toFixed(0)} frames/s  ` +
          `returns100 ${mean(last).toFixed(1)} +- ${std(last).toFixed(1)} (max ${Math.max(...last).toFixed(1)})`,
      );
    },
  });
  const figures: LunarLanderResult = {
    run,
    minutes: minutes(),
    episodes: result!.trainingReturns.length,
    returns100: mean(result!.trainingReturns.slice(-100)),
    testMean: mean(result!.testReturns),
    logdir: path.resolve(result!.logdir),
  };
  console.log(
    `done: ${run.frames} frames, ${figures.episodes} training episodes in ${figures.minutes.toFixed(1)} min; ` +
      `final returns100 ${figures.returns100.toFixed(1)}; test mean over ${result!.testReturns.length} episodes ` +
      `${figures.testMean.toFixed(1)} +- ${std(result!.testReturns).toFixed(1)}; run directory ${figures.logdir}`,
  );
  return figures;
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
