/**
 * Child process of alphazero_learning.test.ts (outside jest's vm sandbox, where the search's host
 * loops run several times slower): trains games.alphazero by self-play and prints one JSON line.
 * argv[2]: JSON {env: 'tictactoe' | 'catch', seed, games, hyperparameters}.
 */
import { Random } from '../../lib/core/random';
import { initBackend } from '../../lib/tf';
import { minimaxPlayer, playMatchBatched, randomPlayer } from '../../environments/games/game_players';
import { TicTacToe } from '../../environments/games/tictactoe';
import { makeEnvironment } from '../../environments/registry';
import '../../environments/games/catch';
import { alphazero } from '../../presets/games/alphazero';

async function main(): Promise<void> {
  await initBackend('wasm');
  const job = JSON.parse(process.argv[2]!) as { env: string; seed: number; games: number; hyperparameters: Record<string, unknown> };
  const catchEnv = makeEnvironment('Catch-bsuite');
  const spec = job.env === 'catch' ? catchEnv : { name: 'tictactoe_v3', observationSpace: catchEnv.observationSpace, actionSpace: catchEnv.actionSpace };
  const preset = alphazero.env(spec).seed(job.seed).hyperparameters(job.hyperparameters).build();
  const agent = preset.agent({ rng: new Random(job.seed) });
  const started = performance.now();
  const { returns } = agent.selfPlay(job.games);
  const trainSeconds = (performance.now() - started) / 1000;
  const out: Record<string, unknown> = { returns, trainSeconds, updates: agent.updates };
  if (job.env === 'tictactoe') {
    const test = preset.testAgent();
    const me = (ps: TicTacToe[]) => test.actOnMany(ps);
    const rng = new Random(job.seed + 100);
    out.vsMinimax = playMatchBatched(new TicTacToe(), me, minimaxPlayer(rng), 100);
    out.vsRandom = playMatchBatched(new TicTacToe(), me, randomPlayer<TicTacToe>(rng), 100);
  }
  out.seconds = (performance.now() - started) / 1000;
  preset.dispose();
  process.stdout.write(JSON.stringify(out) + '\n');
}

void main();
