/**
 * runMultiagentExperiment: runExperiment's counterpart for turn-based environments (ALL runs
 * MultiagentEnvExperiment from its `all-multiagent-atari` script): build the independent preset,
 * train for `frames` turns, save it into the run directory, test, optionally play the trained
 * agents against a fixed opponent from every seat, and record everything in run.json.
 */
import * as path from 'node:path';
import { mean } from '../lib/core/stats';
import { Random } from '../lib/core/random';
import { initBackend } from '../lib/tf';
import type { MultiagentEnvironment } from '../environments/multiagent_environment';
import type { IndependentMultiagentBuilder } from '../presets/multiagent/independent';
import { makePlayer } from '../presets/multiagent/players';
import { MultiagentEnvExperiment } from './multiagent_env_experiment';
import { formatRecords, seatRecords, type SeatRecord } from './multiagent_evaluation';
import { runEnvironmentInfo, runLogger, type RunExperimentOptions } from './run_experiment';

/** Options of runMultiagentExperiment: runExperiment's, plus the opponent. */
export interface RunMultiagentOptions extends RunExperimentOptions {
  /** After testing, play the test agents against this fixed player from every seat (`random`, `minimax`). */
  opponent?: string;
  /** Games per seat against the opponent. Default: testEpisodes. */
  opponentGames?: number;
}

/** What one multi-agent run produced. */
export interface MultiagentRunResult {
  agent: string;
  env: string;
  /** The run directory. */
  logdir: string;
  /** Each agent's training returns. */
  trainingReturns: Record<string, number[]>;
  /** Each agent's test returns. */
  testReturns: Record<string, number[]>;
  /** The trained agents' record against the opponent, by the seat they took (when an opponent was given). */
  opponentRecords?: Record<string, SeatRecord>;
}

/** Trains and tests independent learners on a turn-based environment; see RunMultiagentOptions. */
export async function runMultiagentExperiment(
  builder: IndependentMultiagentBuilder,
  env: MultiagentEnvironment,
  frames: number,
  options: RunMultiagentOptions = {},
): Promise<MultiagentRunResult> {
  const backend = await initBackend(options.backend);
  const print = options.print ?? ((line: string) => console.log(line));
  const seed = options.seed ?? new Random().childSeed();
  if (options.seed === undefined && !options.quiet) print(`runMultiagentExperiment: no seed given, drew seed ${seed} (recorded in run.json)`);
  // a bad opponent name fails before any training
  if (options.opponent !== undefined) makePlayer(options.opponent, env.name, env.actionSpace(env.possibleAgents[0]!), new Random(0));
  const preset = builder.env(env).seed(seed).build();
  const started = Date.now();
  let experiment: MultiagentEnvExperiment | undefined;
  const logger = runLogger(options, preset.name, env.name, () => experiment?.frame ?? 0);
  const info = {
    agent: preset.name,
    family: 'multiagent',
    seats: Object.fromEntries(Object.entries(preset.seats).map(([a, s]) => [a, s.id])),
    env: env.name,
    seed,
    frames,
    hyperparameters: preset.hyperparameters,
    opponent: options.opponent ?? null,
    ...runEnvironmentInfo(backend),
    started: new Date(started).toISOString(),
    status: 'training',
  };
  logger.writeRunInfo(info);
  try {
    experiment = new MultiagentEnvExperiment(preset, env, {
      logger,
      quiet: options.quiet,
      print,
      seed,
      trainSteps: frames,
      onEpisode: options.onEpisode
        ? (e) => options.onEpisode!({ frame: e.frame, episode: e.episode, frames, returns: e.trainingReturns[env.possibleAgents[0]!]! })
        : undefined,
    });
    experiment.train({ frames });
    await preset.save(path.join(logger.logdir, 'preset'));
    const testReturns = experiment.test(options.testEpisodes ?? 100);
    let opponentRecords: Record<string, SeatRecord> | undefined;
    if (options.opponent !== undefined) {
      const opponent = makePlayer(options.opponent, env.name, env.actionSpace(env.possibleAgents[0]!), new Random(seed + 23));
      opponentRecords = seatRecords(env, preset.testAgent(), opponent, options.opponentGames ?? options.testEpisodes ?? 100);
      if (!options.quiet) for (const line of formatRecords(opponentRecords)) print(`against ${options.opponent}, ${line}`);
      for (const [seat, r] of Object.entries(opponentRecords)) {
        logger.addEval(`${seat}/vs_${options.opponent}/win_rate`, r.winRate);
        logger.addEval(`${seat}/vs_${options.opponent}/loss_rate`, r.lossRate);
      }
    }
    const summary = (r: Record<string, number[]>) => Object.fromEntries(Object.entries(r).map(([a, v]) => [a, v.length > 0 ? mean(v) : null]));
    logger.writeRunInfo({
      ...info,
      status: 'done',
      seconds: (Date.now() - started) / 1000,
      trainingEpisodes: experiment.episode - 1,
      trainingReturns100: summary(Object.fromEntries(Object.entries(experiment.trainingReturns).map(([a, v]) => [a, v.slice(-100)]))),
      testReturns,
      testReturnsMean: summary(testReturns),
      ...(opponentRecords === undefined ? {} : { opponentRecords }),
    });
    return { agent: preset.name, env: env.name, logdir: logger.logdir, trainingReturns: experiment.trainingReturns, testReturns, opponentRecords };
  } catch (e) {
    logger.writeRunInfo({ ...info, status: 'failed', error: (e as Error).message });
    throw e;
  } finally {
    if (experiment !== undefined) await experiment.close();
    else await logger.close();
    preset.dispose();
  }
}
