/**
 * Search speed of lib/search: simulations per second of mcts.puct and mcts.gumbel on tic-tac-toe
 * and connect four, without a network (uniform evaluator: the tree's own cost) and with the
 * games.alphazero network (2 x 128 MLP on wasm), for a batch of 1 root and of 64 roots (one
 * network call per simulation step for the whole batch).
 * Usage: node -r ./__tests__/helpers/register_ts.js bench/alphazero_search.ts (or tsc, then dist/bench/alphazero_search.js)
 */
import { Random } from '../lib/core/random';
import { gumbel, puct, uniformEvaluator, type Evaluator } from '../lib/search/mcts';
import type { SearchModel } from '../lib/search/model';
import { initBackend } from '../lib/tf';
import { makeMultiagentEnvironment } from '../environments/multiagent_registry';
import '../environments/games';
import { connectFourModel, ticTacToeModel } from '../environments/games/search_models';
import { games } from '../presets/games';
import type { AlphaZeroPreset } from '../presets/games/alphazero';

/** Simulations per second of `kind` searching `roots` copies of `root` with `simulations` each. */
export function simulationsPerSecond<S>(kind: 'puct' | 'gumbel', model: SearchModel<S>, root: S, evaluate: Evaluator, roots: number, simulations: number): number {
  const rootsArr = new Array<S>(roots).fill(root);
  const run = () => (kind === 'puct' ? puct({ model, roots: rootsArr, evaluate, simulations, rng: new Random(0) }) : gumbel({ model, roots: rootsArr, evaluate, simulations, rng: new Random(0) }));
  run();
  let total = 0;
  const start = performance.now();
  while (performance.now() - start < 2000) {
    run();
    total += roots * simulations;
  }
  return total / ((performance.now() - start) / 1000);
}

async function main(): Promise<void> {
  const backend = await initBackend();
  console.log(`backend ${backend}; simulations per second (2 s of searches each)`);
  for (const [name, model] of [['tictactoe_v3', ticTacToeModel()], ['connect_four_v3', connectFourModel()]] as const) {
    const env = makeMultiagentEnvironment(name);
    const a = env.possibleAgents[0]!;
    const preset = games.alphazero.env({ name, observationSpace: env.observationSpace(a), actionSpace: env.actionSpace(a) }).seed(0).build() as AlphaZeroPreset;
    const network = (preset as unknown as { network: { evaluator(shape: readonly number[]): Evaluator } }).network.evaluator(model.observationShape);
    const root = (model as SearchModel<unknown>).fromObservation(new Float32Array(model.observationShape.reduce((x, y) => x * y, 1)));
    for (const kind of ['puct', 'gumbel'] as const) {
      for (const roots of [1, 64]) {
        const plain = simulationsPerSecond(kind, model as SearchModel<unknown>, root, uniformEvaluator(model.actionCount), roots, 64);
        const net = simulationsPerSecond(kind, model as SearchModel<unknown>, root, network, roots, 64);
        console.log(`${name} ${kind} roots ${roots}: no network ${plain.toFixed(0)}/s, network ${net.toFixed(0)}/s`);
      }
    }
    preset.dispose();
  }
}

if (require.main === module) void main();
