/**
 * runAlphaZeroExperiment: runExperiment's path for the `games` family's AlphaZero on a two-player
 * game (tictactoe_v3, connect_four_v3). One network plays both seats (true self-play, batched
 * across `parallelGames` games), so the run is not independent learners as for other presets:
 * train for `frames` moves of self-play, log player 0's outcomes as episode returns (returns100,
 * eval/returns), save the preset into the run directory, then test the greedy search player from
 * both seats against random play and against the one-move-lookahead player (tic-tac-toe: the exact
 * minimax player), and record everything in run.json. New in allts.
 */
import * as path from 'node:path';
import { Random } from '../lib/core/random';
import { mean } from '../lib/core/stats';
import { initBackend } from '../lib/tf';
import type { AlphaZero } from '../lib/agents/alphazero';
import { lookaheadPlayer, minimaxPlayer, playMatchBatched, randomPlayer, type GamePlayer, type MatchRecord } from '../environments/games/game_players';
import { ConnectFour } from '../environments/games/connect_four';
import { TicTacToe } from '../environments/games/tictactoe';
import type { GameState } from '../environments/games/game_state';
import type { PresetBuilder } from '../presets/builder';
import type { AlphaZeroPreset } from '../presets/games/alphazero';
import type { EnvSpec } from '../presets/preset';
import { environmentOptions, presetRunInfo, runLogger, type RunExperimentOptions, type RunResult } from './run_experiment';

/** The two-player ids AlphaZero trains on by self-play. */
export const SELF_PLAY_GAMES: readonly string[] = ['tictactoe_v3', 'connect_four_v3'];

/** What the run measured against fixed players, by opponent name. */
export type OpponentRecords = Record<string, MatchRecord & { games: number }>;

/**
 * Trains AlphaZero by self-play on a two-player game and tests it (see the file header).
 * @param builder `games.alphazero` (with any hyperparameters)
 * @param env the game's name and one seat's spaces (a MultiagentEnvironment's, or any EnvSpec)
 * @param frames moves of self-play
 * @returns the run; `testReturns` are the test player's outcomes (+1, 0, -1) against random play, both seats
 */
export async function runAlphaZeroExperiment(
  builder: PresetBuilder<any>,
  env: EnvSpec,
  frames: number,
  options: RunExperimentOptions = {},
): Promise<RunResult & { opponentRecords: OpponentRecords }> {
  const backend = await initBackend(options.backend);
  const print = options.print ?? ((line: string) => console.log(line));
  const seed = options.seed ?? new Random().childSeed();
  const preset = builder.env(env).seed(seed).build() as AlphaZeroPreset;
  let frame = 0;
  const logger = runLogger(options, preset.name, env.name, () => frame);
  const started = Date.now();
  const info = presetRunInfo(preset, env.name, { seed, frames, backend, started, envOptions: environmentOptions(env) });
  logger.writeRunInfo(info);
  try {
    const agent = preset.agent({ logger, trainSteps: frames, rng: new Random(seed) }) as AlphaZero<unknown>;
    const returns: number[] = [];
    let pending: number[] = [];
    while (frame < frames) {
      const r = agent.selfPlay(preset.hyperparameters.parallelGames as number);
      frame += r.moves;
      for (const g of r.returns) {
        returns.push(g);
        logger.addEval('returns', g);
        pending.push(g);
        if (pending.length === 100) {
          logger.addSummary('returns100', pending);
          pending = [];
        }
      }
      if (!options.quiet) print(`frame ${frame}/${frames}: ${returns.length} games, ${agent.updates} updates`);
      options.onEpisode?.({ frame, episode: returns.length, frames, returns });
    }
    if (pending.length > 0) logger.addSummary('returns100', pending);
    await preset.save(path.join(logger.logdir, 'preset'));
    const test = preset.testAgent();
    const games = options.testEpisodes ?? 100;
    const rng = new Random(seed + 23);
    const records: OpponentRecords = {};
    const match = <G extends GameState<G>>(initial: G, name: string, opponent: GamePlayer<G>): MatchRecord => {
      const r = playMatchBatched(initial, (ps) => test.actOnMany(ps), opponent, games);
      records[name] = { ...r, games: 2 * games };
      logger.addEval(`vs_${name}/win_rate`, r.wins / (2 * games));
      logger.addEval(`vs_${name}/loss_rate`, r.losses / (2 * games));
      if (!options.quiet) print(`against ${name} (${games} games per seat): ${r.wins} wins, ${r.draws} draws, ${r.losses} losses`);
      return r;
    };
    let vsRandom: MatchRecord;
    if (env.name === 'tictactoe_v3') {
      vsRandom = match(new TicTacToe(), 'random', randomPlayer<TicTacToe>(rng));
      match(new TicTacToe(), 'minimax', minimaxPlayer(rng));
    } else {
      vsRandom = match(new ConnectFour(), 'random', randomPlayer<ConnectFour>(rng));
      match(new ConnectFour(), 'lookahead', lookaheadPlayer<ConnectFour>(rng));
    }
    const testReturns = [...new Array<number>(vsRandom.wins).fill(1), ...new Array<number>(vsRandom.draws).fill(0), ...new Array<number>(vsRandom.losses).fill(-1)];
    const last100 = returns.slice(-100);
    logger.writeRunInfo({
      ...info,
      status: 'done',
      seconds: (Date.now() - started) / 1000,
      trainingEpisodes: returns.length,
      trainingReturns100: last100.length > 0 ? mean(last100) : null,
      testReturns,
      testReturnsMean: testReturns.length > 0 ? mean(testReturns) : null,
      opponentRecords: records,
    });
    return { agent: preset.name, env: env.name, logdir: logger.logdir, trainingReturns: returns, testReturns, seed, status: 'done', opponentRecords: records };
  } catch (e) {
    logger.writeRunInfo({ ...info, status: 'failed', error: (e as Error).message });
    throw e;
  } finally {
    await logger.close();
    preset.dispose();
  }
}
