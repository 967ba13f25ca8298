#!/usr/bin/env node
/**
 * The `allts` command line (ALL's all-classic / all-continuous scripts, in one program):
 *   allts classic CartPole-v1 dqn [--frames 50000] [--seed N] [--logdir runs] [--test-episodes 100]
 *                                 [--hyperparameters lr=1e-3 minibatch_size=64] [--quiet] [--backend wasm]
 *   allts multiagent tictactoe_v3 dqn [random] [--opponent random|minimax] [--frames 40000] ...
 *   allts list
 * Without --seed a random seed is drawn, printed at the start (unless --quiet) and recorded in run.json.
 * Bad input prints one clear line to stderr and exits with code 1 (no stack trace).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { AlltsError, ConfigError } from '../lib/core/errors';
import { Random } from '../lib/core/random';
import { initBackend } from '../lib/tf';
import { listEnvironments, listMultiagentEnvironments, makeEnvironment, makeMultiagentEnvironment, prepareEnvironment } from '../environments';
import { independentMultiagent, type SeatChoice } from '../presets/multiagent/independent';
import { PLAYERS, isPlayerName } from '../presets/multiagent/players';
import { runMultiagentExperiment } from './run_multiagent_experiment';
import { FAMILIES, getPresetBuilder } from '../presets/registry';
import { parseUntypedValue, parseValue } from '../presets/hyperparameters';
import { alltsVersion, runExperiment, type RunResult } from './run_experiment';
import { SELF_PLAY_GAMES } from './run_alphazero_experiment';
import { ProgressDisplay } from './progress';
import { plotReturns } from './plots';
import { watch } from './watch';
import { parseSeeds } from './seeds';
import { readRunInfo } from './resume';
import { runSweep, submitSweep } from './sweep';
import { slurmExperiment } from './slurm';
import { finishSlurmJob, slurmStatus, statusLines, waitForSlurm, type SlurmStatus } from './slurm_status';

function positiveInt(name: string) {
  return (raw: string): number => {
    const v = Number(raw);
    if (!Number.isInteger(v) || v < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer; received "${raw}".`);
    return v;
  };
}

/** Parses `key=value` pairs for a preset, by each hyperparameter's type. */
export function parseHyperparameters(family: string, agent: string, pairs: readonly string[]): Record<string, number | boolean | string> {
  const builder = getPresetBuilder(family, agent);
  const out: Record<string, number | boolean | string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new ConfigError(`Hyperparameter "${pair}" must be written key=value, e.g. lr=1e-3; valid keys for ${agent}: ${Object.keys(builder.specs).join(', ')}`);
    }
    const [key, value] = parseValue(agent, builder.specs, pair.slice(0, eq), pair.slice(eq + 1));
    out[key] = value;
  }
  return out;
}

/**
 * Parses `--env-option key=value` pairs into makeEnvironment's options: `true`/`false` are booleans,
 * numbers are numbers, `[...]` and `{...}` are JSON, anything else a string (the environment
 * checks names and values and says what it accepts).
 */
export function parseEnvOptions(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ConfigError(`Environment option "${pair}" must be written key=value, e.g. --env-option observe=positions`);
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1).trim();
    if (raw.startsWith('[') || raw.startsWith('{')) {
      try {
        out[key] = JSON.parse(raw) as unknown;
      } catch (e) {
        throw new ConfigError(`Environment option "${key}": ${raw} is not valid JSON (${(e as Error).message}); quote it for the shell, e.g. --env-option '${key}=[0.2, 1]'`);
      }
    } else out[key] = parseUntypedValue(raw);
  }
  return out;
}

/** The environment options of a run: --env-option, or with none given and --resume <dir>, that run's. */
function runEnvOptions(pairs: readonly string[] | undefined, resume: string | true | undefined): Record<string, unknown> {
  if ((pairs ?? []).length === 0 && typeof resume === 'string') {
    const recorded = readRunInfo(resume)?.envOptions;
    if (recorded !== null && typeof recorded === 'object') return recorded as Record<string, unknown>;
  }
  return parseEnvOptions(pairs ?? []);
}

interface TrainOptions {
  /** --env-option pairs (makeEnvironment's options). */
  envOption?: string[];
  frames: number;
  seed?: number;
  seeds?: number[];
  workers?: number;
  slurm?: boolean;
  sbatch?: string[];
  logdir: string;
  testEpisodes: number;
  hyperparameters: string[];
  quiet: boolean;
  verbose: boolean;
  backend?: string;
  progress: boolean;
  checkpointEvery?: number;
  checkpointReplay?: boolean;
  /** A run directory, or true (bare --resume): the unfinished run of the same settings in --logdir. */
  resume?: string | true;
  /** Whether --frames was given (not its default): a resume takes the run's own frames otherwise. */
  framesGiven?: boolean;
}

/** `--python`: the interpreter of bridged environments, passed on through ALLTS_PYTHON (run workers inherit it). */
function usePython(python: string | undefined): void {
  if (python !== undefined) process.env.ALLTS_PYTHON = python;
}

async function train(family: string, envId: string, agent: string, opts: TrainOptions): Promise<void> {
  const builder = getPresetBuilder(family, agent);
  const hp = parseHyperparameters(family, agent, opts.hyperparameters);
  // AlphaZero's two-player games are turn-based environments (trained by self-play)
  const envOptions = runEnvOptions(opts.envOption, opts.resume);
  if (!(family === 'games' && SELF_PLAY_GAMES.includes(envId))) await prepareEnvironment(envId);
  const env = family === 'games' && SELF_PLAY_GAMES.includes(envId) ? makeMultiagentEnvironment(envId, envOptions) : makeEnvironment(envId, envOptions);
  if ((opts.slurm || opts.seeds !== undefined) && 'possibleAgents' in env) {
    throw new ConfigError('--seeds and --slurm run single-agent environments; run self-play games one --seed at a time');
  }
  if (opts.slurm && !('possibleAgents' in env)) {
    const seeds = opts.seeds ?? (opts.seed !== undefined ? [opts.seed] : undefined);
    if (seeds === undefined) throw new ConfigError('--slurm needs the seeds to run, e.g. --seeds 0-4 (one array task per seed)');
    const job = slurmExperiment([builder.hyperparameters(hp)], [env], opts.frames, {
      seeds, logdir: opts.logdir, testEpisodes: opts.testEpisodes, verbose: opts.verbose, backend: opts.backend, sbatchArgs: opts.sbatch,
      checkpointEvery: opts.checkpointEvery, checkpointReplay: opts.checkpointReplay, jobName: `${agent}_${envId.replace(/[/\\]/g, '-')}`,
    });
    env.close();
    console.log(`submitted Slurm job ${job.jobId}: ${job.tasks.length} array tasks (${job.script})`);
    console.log(`status: allts slurm status ${job.dir}   wait for the end: allts slurm wait ${job.dir}`);
    return;
  }
  if (opts.seeds !== undefined) {
    if (opts.seed !== undefined) throw new ConfigError('Give either --seed or --seeds, not both');
    if (!opts.quiet) console.log(`allts ${alltsVersion()}: ${agent} on ${envId} for ${opts.frames} frames, seeds ${opts.seeds.join(',')}, in worker processes`);
    const results = (await runExperiment([builder.hyperparameters(hp)], [env], opts.frames, {
      logdir: opts.logdir, testEpisodes: opts.testEpisodes, seeds: opts.seeds, workers: opts.workers, quiet: opts.quiet, verbose: opts.verbose, backend: opts.backend,
      checkpointEvery: opts.checkpointEvery, checkpointReplay: opts.checkpointReplay, resume: opts.resume,
    })) as RunResult[];
    env.close();
    if (results.some((r) => r.status === 'failed')) throw new ConfigError(`${results.filter((r) => r.status === 'failed').length} of ${results.length} runs failed (see above)`);
    return;
  }
  const backend = await initBackend(opts.backend);
  const progress = new ProgressDisplay({ quiet: opts.quiet, enabled: opts.progress });
  if (opts.resume === true && opts.seed === undefined) {
    throw new ConfigError('--resume without a run directory finds the unfinished run of the same settings, seed included: give --seed (or --seeds), or name the run directory');
  }
  if (typeof opts.resume === 'string') {
    // the run's own seed and frames, unless given again
    const info = readRunInfo(opts.resume);
    if (info === undefined) throw new ConfigError(`--resume ${opts.resume}: no readable run.json there; give a run directory allts created`);
    if (opts.seed === undefined && typeof info.seed === 'number') opts.seed = info.seed;
    if (!opts.framesGiven && typeof info.frames === 'number') opts.frames = info.frames;
  }
  // drawn here rather than in runExperiment, so the user sees it before training starts
  const seed = opts.seed ?? new Random().childSeed();
  const seedNote = opts.seed === undefined ? `seed: ${seed}, drawn at random; --seed ${seed} repeats this run` : `seed: ${seed}`;
  if (!opts.quiet) console.log(`allts ${alltsVersion()}: ${agent} on ${envId} for ${opts.frames} frames (backend: ${backend}, ${seedNote})`);
  const results = (await runExperiment([builder.hyperparameters(hp)], [env], opts.frames, {
    logdir: opts.logdir,
    testEpisodes: opts.testEpisodes,
    seed,
    quiet: opts.quiet || progress.active,
    verbose: opts.verbose,
    backend,
    onEpisode: (info) => progress.update(info),
    checkpointEvery: opts.checkpointEvery,
    checkpointReplay: opts.checkpointReplay,
    resume: opts.resume,
  })) as RunResult[];
  progress.stop();
  env.close();
  for (const r of results) {
    const mean = r.testReturns.length > 0 ? r.testReturns.reduce((a, b) => a + b, 0) / r.testReturns.length : NaN;
    console.log(`run directory: ${r.logdir}`);
    console.log(`test returns: mean ${mean.toFixed(2)} over ${r.testReturns.length} episodes`);
  }
}

interface MultiagentOptions extends TrainOptions {
  opponent?: string;
  opponentGames?: number;
}

/** The family whose presets take the seats of a multi-agent run (flat observations, discrete actions). */
const MULTIAGENT_SEAT_FAMILY = 'classic';

/**
 * The seats of `allts multiagent`: one name for every player or one per player, each a classic
 * preset id (hyperparameter overrides apply to every learning seat) or a fixed player.
 */
export function seatChoices(agents: readonly string[], possibleAgents: readonly string[], pairs: readonly string[]): Record<string, SeatChoice> {
  if (agents.length !== 1 && agents.length !== possibleAgents.length) {
    throw new ConfigError(
      `allts multiagent takes one agent for every player or one per player (${possibleAgents.join(', ')}); received ${agents.length}: ${agents.join(' ')}`,
    );
  }
  const choose = (name: string): SeatChoice => {
    if (isPlayerName(name)) return name;
    const builder = getPresetBuilder(MULTIAGENT_SEAT_FAMILY, name);
    return builder.hyperparameters(parseHyperparameters(MULTIAGENT_SEAT_FAMILY, name, pairs));
  };
  return Object.fromEntries(possibleAgents.map((a, i) => [a, choose(agents.length === 1 ? agents[0]! : agents[i]!)]));
}

async function trainMultiagent(envId: string, agents: string[], opts: MultiagentOptions): Promise<void> {
  const env = makeMultiagentEnvironment(envId);
  const seats = seatChoices(agents, env.possibleAgents, opts.hyperparameters);
  const backend = await initBackend(opts.backend);
  const seed = opts.seed ?? new Random().childSeed();
  const seedNote = opts.seed === undefined ? `seed: ${seed}, drawn at random; --seed ${seed} repeats this run` : `seed: ${seed}`;
  if (!opts.quiet) console.log(`allts ${alltsVersion()}: ${agents.join(' ')} on ${envId} for ${opts.frames} frames (backend: ${backend}, ${seedNote})`);
  const progress = new ProgressDisplay({ quiet: opts.quiet, enabled: opts.progress });
  const result = await runMultiagentExperiment(independentMultiagent(seats), env, opts.frames, {
    logdir: opts.logdir,
    testEpisodes: opts.testEpisodes,
    seed,
    quiet: opts.quiet || progress.active,
    onEpisode: (info) => progress.update(info),
    verbose: opts.verbose,
    backend,
    opponent: opts.opponent,
    opponentGames: opts.opponentGames,
  });
  progress.stop();
  env.close();
  console.log(`run directory: ${result.logdir}`);
  for (const [a, r] of Object.entries(result.testReturns)) {
    const m = r.length > 0 ? r.reduce((x, y) => x + y, 0) / r.length : NaN;
    console.log(`${a} test returns: mean ${m.toFixed(2)} over ${r.length} episodes`);
  }
  for (const [seat, r] of Object.entries(result.opponentRecords ?? {})) {
    console.log(`as ${seat} against ${opts.opponent}: win ${r.winRate.toFixed(3)}, draw ${r.drawRate.toFixed(3)}, loss ${r.lossRate.toFixed(3)} (${r.games} games)`);
  }
}

function list(): void {
  for (const [family, presets] of Object.entries(FAMILIES)) {
    console.log(`${family}:`);
    for (const [id, b] of Object.entries(presets)) console.log(`  ${id.padEnd(10)} ${b.description}`);
  }
  console.log('environments:');
  for (const id of listEnvironments()) console.log(`  ${id}`);
  const single = Object.entries(FAMILIES[MULTIAGENT_SEAT_FAMILY] ?? {}).filter(([, b]) => !b.parallel).map(([id]) => id);
  console.log(`multiagent (a single-environment ${MULTIAGENT_SEAT_FAMILY} preset: ${single.join(', ')}; or a fixed player):`);
  for (const [id, d] of Object.entries(PLAYERS)) console.log(`  ${id.padEnd(10)} ${d}`);
  console.log('multiagent environments:');
  for (const id of listMultiagentEnvironments()) console.log(`  ${id}`);
}

interface SweepCliOptions {
  grid: string[];
  slurm?: boolean;
  sbatch: string[];
  random?: number;
  randomSeed: number;
  seeds: number[];
  frames?: number;
  workers?: number;
  logdir: string;
  testEpisodes: number;
  verbose: boolean;
  quiet: boolean;
  backend?: string;
}

function printSlurmStatus(status: SlurmStatus): void {
  console.log(`Slurm job ${status.jobId ?? '(not submitted)'} in ${status.dir}`);
  for (const line of statusLines(status)) console.log(`  ${line}`);
  if (status.summary !== undefined) console.log(`\n${status.summary}`);
}

function seedList(raw: string): number[] {
  try {
    return parseSeeds(raw);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Builds the program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('allts')
    .description('Reinforcement-learning agents for TypeScript: train, test, plot and watch')
    .version(alltsVersion())
    .showHelpAfterError('(run with --help for usage)');

  const described: Record<string, string> = {
    classic: 'a classic-control agent (CartPole, Acrobot, MountainCar, ...)',
    continuous: 'a continuous-control agent (Pendulum, MountainCarContinuous, LunarLanderContinuous, ...)',
    minatar: 'an agent on a MinAtar game (MinAtar/Breakout-v1, SpaceInvaders, Asterix, Freeway, Seaquest)',
    games: 'AlphaZero on a game with a known model (Catch-bsuite; tictactoe_v3, connect_four_v3 by self-play; frames are moves)',
    mujoco: 'a continuous-control agent on a MuJoCo task (InvertedPendulum-v4, HalfCheetah-v4, Hopper-v4, ...)',
    functional: 'an explicit-state agent (dqn, a2c, ppo; records by value) on a discrete-action environment (CartPole-v0, Acrobot-v1, ...)',
    atari: "an agent on an Atari 2600 game with ALL's preprocessing (Breakout, Pong, ...; Python with gymnasium and ale-py)",
  };
  // ALL trains classic control for 50,000 frames by default and continuous control for 10 million;
  // 10 million is days on a CPU, so continuous defaults to 200,000 (enough for Pendulum). MinAtar
  // defaults to the paper's 5 million frames.
  const defaultFrames: Record<string, number> = { classic: 50_000, continuous: 200_000, minatar: 5_000_000, games: 20_000, mujoco: 200_000, functional: 50_000, atari: 10_000_000 };
  for (const family of Object.keys(FAMILIES)) {
    const what = described[family] ?? `a ${family} agent`;
    program
      .command(`${family} <env> <agent>`)
      .description(`train and test ${what}; writes <logdir>/<agent>_<env>_<time>/`)
      .option('--frames <n>', 'training frames', positiveInt('--frames'), defaultFrames[family] ?? 50_000)
      .option(
        '--seed <n>',
        'seed of weights, exploration and environment (default: a random seed, printed at the start and recorded in run.json)',
        positiveInt('--seed'),
      )
      .option('--seeds <list>', 'run once per seed, each in a worker process, and print a summary over seeds, e.g. 0-4 or 0,3,7', seedList)
      .option('--workers <n>', 'worker processes at a time with --seeds (default: one per core)', positiveInt('--workers'))
      .option('--slurm', 'submit one Slurm array task per seed with sbatch instead of running here')
      .option('--sbatch <args...>', 'extra sbatch arguments with --slurm, e.g. --sbatch --time=02:00:00 --partition=cpu', collect, [])
      .option('--logdir <dir>', 'parent directory of run directories', 'runs')
      .option('--test-episodes <n>', 'test episodes after training', positiveInt('--test-episodes'), 100)
      .option('--hyperparameters <key=value...>', 'hyperparameter overrides (camelCase or snake_case)', collect, [])
      .option('--env-option <key=value...>', "environment options, e.g. observe=positions (CartPole with velocities hidden); recorded in run.json", collect, [])
      .option('--quiet', 'no console output but the result', false)
      .option('--no-verbose', 'do not write loss/* and schedule/* to TensorBoard')
      .option('--no-progress', 'plain episode lines instead of a progress bar')
      .option('--backend <name>', 'tensor backend: node-gpu, node, wasm or cpu')
      .option('--python <path>', 'Python interpreter of gym:<id> environments (default: ALLTS_PYTHON, python/.venv, python3)')
      .option('--checkpoint-every <n>', 'frames between checkpoints a killed run resumes from (default: a tenth of --frames; 0 for none)', positiveInt('--checkpoint-every'))
      .option('--checkpoint-replay', 'save the replay buffer in checkpoints too (the resumed run is then step for step the uninterrupted one)', false)
      .option('--resume [run dir]', 'continue that run from its last checkpoint (same agent, environment and hyperparameters; its seed and frames unless given); without a directory, the unfinished run of these settings in --logdir (with --seeds: each seed\'s)')
      .action(async (env: string, agent: string, opts: TrainOptions & { python?: string }, command: Command) => {
        usePython(opts.python);
        opts.framesGiven = command.getOptionValueSource('frames') === 'cli';
        await train(family, env, agent, opts);
      });
  }

  program
    .command('multiagent <env> <agents...>')
    .description(
      'train independent learners on a turn-based game (tictactoe_v3, connect_four_v3): one agent for every player or one per player, ' +
        `each a single-environment ${MULTIAGENT_SEAT_FAMILY} preset (dqn, ddqn, c51, rainbow, vpg) or a fixed player (${Object.keys(PLAYERS).join(', ')}); writes <logdir>/<agent>_<env>_<time>/`,
    )
    .option('--frames <n>', 'training frames (turns, as ALL counts them)', positiveInt('--frames'), 40_000)
    .option('--seed <n>', 'seed of every seat (default: a random seed, printed and recorded in run.json)', positiveInt('--seed'))
    .option('--logdir <dir>', 'parent directory of run directories', 'runs')
    .option('--test-episodes <n>', 'test episodes (test agents against each other) after training', positiveInt('--test-episodes'), 100)
    .option('--hyperparameters <key=value...>', 'hyperparameter overrides for every learning seat', collect, [])
    .option('--opponent <player>', `after testing, play the trained agents from every seat against a fixed player: ${Object.keys(PLAYERS).join(' or ')}`)
    .option('--opponent-games <n>', 'games per seat against the opponent (default: --test-episodes)', positiveInt('--opponent-games'))
    .option('--quiet', 'no console output but the result', false)
    .option('--no-verbose', 'do not write loss/* and schedule/* to TensorBoard')
    .option('--no-progress', 'plain episode lines instead of a progress bar (returns100 of the first player)')
    .option('--backend <name>', 'tensor backend: node-gpu, node, wasm or cpu')
    .option('--python <path>', 'Python interpreter of pettingzoo:<id> environments (default: ALLTS_PYTHON, python/.venv, python3)')
    .action(async (env: string, agents: string[], opts: MultiagentOptions & { python?: string }) => {
      usePython(opts.python);
      await trainMultiagent(env, agents, opts);
    });

  program
    .command('sweep <family> <env> <agent>')
    .description(
      'train one agent with every configuration of a grid (or N random ones) x seeds, in worker processes; ' +
        'writes <logdir>/sweep_<agent>_<env>_<time>/ with sweep.csv, summary.md (ranked) and sweep.png',
    )
    .requiredOption('--grid <key=values...>', 'dimensions: key=a,b,c (a list); with --random also key=uniform:low:high or key=log:low:high')
    .option('--random <n>', 'draw n configurations at random from the dimensions instead of the full grid', positiveInt('--random'))
    .option('--random-seed <n>', 'seed of the random draws', positiveInt('--random-seed'), 0)
    .option('--seeds <list>', 'seeds of every configuration, e.g. 0-4 or 0,3,7', seedList, [0, 1, 2])
    .option('--frames <n>', 'training frames of each run (default: the family\'s)', positiveInt('--frames'))
    .option('--workers <n>', 'worker processes at a time (default: one per core)', positiveInt('--workers'))
    .option('--logdir <dir>', 'parent directory of the sweep directory', 'runs')
    .option('--test-episodes <n>', 'test episodes after each run', positiveInt('--test-episodes'), 100)
    .option('--verbose', 'write loss/* and schedule/* to each run\'s TensorBoard file', false)
    .option('--quiet', 'no console output but the summary', false)
    .option('--backend <name>', 'tensor backend: node-gpu, node, wasm or cpu')
    .option('--slurm', 'submit one Slurm array task per configuration x seed instead of running here; allts slurm wait <dir> writes the files')
    .option('--sbatch <args...>', 'extra sbatch arguments with --slurm', collect, [])
    .action(async (family: string, envId: string, agent: string, opts: SweepCliOptions) => {
      getPresetBuilder(family, agent);
      const sweepOptions = {
        family, preset: agent, env: envId, space: opts.grid, random: opts.random, randomSeed: opts.randomSeed, seeds: opts.seeds,
        frames: opts.frames ?? defaultFrames[family] ?? 50_000, workers: opts.workers, logdir: opts.logdir, testEpisodes: opts.testEpisodes,
        verbose: opts.verbose, quiet: opts.quiet, backend: opts.backend,
      };
      if (opts.slurm) {
        const job = await submitSweep(sweepOptions, { sbatchArgs: opts.sbatch });
        console.log(`submitted Slurm job ${job.jobId}: ${job.tasks.length} array tasks (${job.script})`);
        console.log(`status: allts slurm status ${job.dir}   wait and write the sweep's files: allts slurm wait ${job.dir}`);
        return;
      }
      const result = await runSweep(sweepOptions);
      if (opts.quiet) console.log(fs.readFileSync(result.files.summary, 'utf8'));
      const failed = result.outcomes.filter((o) => o.status === 'failed').length;
      if (failed > 0) throw new ConfigError(`${failed} of ${result.outcomes.length} runs failed (see sweep.csv's error column)`);
    });

  const slurm = program.command('slurm').description('follow Slurm jobs submitted with --slurm');
  slurm
    .command('status <dir>')
    .description('each task\'s state (pending, running, done, failed, lost); the summary over seeds once all have ended')
    .action(async (dir: string) => {
      printSlurmStatus(await finishSlurmJob(slurmStatus(dir)));
    });
  slurm
    .command('wait <dir>')
    .description('wait until every task has ended, then print the status and summary (exit code 1 if any failed)')
    .option('--timeout <seconds>', 'give up after this many seconds', positiveInt('--timeout'))
    .action(async (dir: string, opts: { timeout?: number }) => {
      const status = await waitForSlurm(dir, { timeoutSeconds: opts.timeout });
      printSlurmStatus(status);
      if (!status.ended) throw new ConfigError(`job ${status.jobId ?? '(not submitted)'} had not ended after ${opts.timeout} s`);
      const failed = status.tasks.filter((t) => t.state !== 'done').length;
      if (failed > 0) throw new ConfigError(`${failed} of ${status.tasks.length} tasks failed or were lost`);
    });

  program
    .command('plot')
    .description('plot returns100 of every run under a logdir to a PNG (and the SVG beside it)')
    .option('--logdir <dir>', 'directory holding run directories', 'runs')
    .option('--out <file>', 'PNG file to write (default <logdir>/returns.png)')
    .action(async (opts: { logdir: string; out?: string }) => {
      const result = await plotReturns({ logdir: opts.logdir, out: opts.out });
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      console.log(`plotted ${result.runs} runs: ${result.png} (and ${result.svg})`);
    });

  program
    .command('watch <family> <env> <presetDir>')
    .description('run a saved preset\'s test agent and show the environment (text in the terminal, or a GIF)')
    .option('--episodes <n>', 'episodes to run', positiveInt('--episodes'), 1)
    .option('--fps <n>', 'frames per second (0: as fast as possible)', positiveInt('--fps'), 30)
    .option('--gif <file>', 'record an animated GIF instead of drawing in the terminal')
    .option('--seed <n>', 'seed of the first reset', positiveInt('--seed'))
    .option('--backend <name>', 'tensor backend: node-gpu, node, wasm or cpu')
    .option('--env-option <key=value...>', "environment options (default: the run's, from run.json beside the preset directory)", collect, [])
    .action(async (family: string, envId: string, presetDir: string, opts: { episodes: number; fps: number; gif?: string; seed?: number; backend?: string; envOption: string[] }) => {
      if (!(family in FAMILIES)) throw new ConfigError(`Unknown preset family "${family}"; valid families: ${Object.keys(FAMILIES).join(', ')}`);
      await prepareEnvironment(envId);
      const env = makeEnvironment(envId, runEnvOptions(opts.envOption, path.dirname(path.resolve(presetDir))));
      await initBackend(opts.backend);
      await watch(env, presetDir, { episodes: opts.episodes, fps: opts.fps, gif: opts.gif, seed: opts.seed, noRender: process.stdout.isTTY !== true && opts.gif === undefined });
      env.close();
    });

  program.command('list').description('list preset families, agents and environments').action(list);
  return program;
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 1;
    }
    if (e instanceof AlltsError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`allts: unexpected error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
