/**
 * AlphaZero's parts against hand-computed values (value targets, two-hot), its preset smoke test
 * (build, act, test agent, save, load, act) on Catch-bsuite, tic-tac-toe and connect four, no
 * tensor leak across self-play and training, and runs through runExperiment and the CLI.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Random } from '../../lib/core/random';
import { valueTargets } from '../../lib/agents/alphazero';
import { tf } from '../../lib/tf';
import { makeEnvironment } from '../../environments/registry';
import { makeMultiagentEnvironment } from '../../environments/multiagent_registry';
import '../../environments/games';
import { CATCH_ID } from '../../environments/games/catch';
import { TicTacToe } from '../../environments/games/tictactoe';
import { games } from '../../presets/games';
import type { AlphaZeroPreset } from '../../presets/games/alphazero';
import { loadPreset } from '../../presets/registry';
import { runExperiment } from '../../experiments/run_experiment';
import { expectNoTensorLeak } from '../helpers/leak_check';

const SMALL = { simulations: 4, testSimulations: 4, parallelGames: 4, replayStart: 8, minibatchSize: 8, hidden: 16 };

function gameSpec(name: string) {
  const env = makeMultiagentEnvironment(name);
  const a = env.possibleAgents[0]!;
  return { name, observationSpace: env.observationSpace(a), actionSpace: env.actionSpace(a) };
}

describe('AlphaZero parts', () => {
  it('value targets: outcomes, discounting, the sign of the opponent, n-step bootstrapping', () => {
    const single = [0, 1, 2].map((t) => ({ mover: 0, reward: t === 2 ? 1 : 0, rootValue: [0.5, 0.7, 0.2][t]! }));
    expect(Array.from(valueTargets(single, 0.9, 0)).map((x) => +x.toFixed(6))).toEqual([0.81, 0.9, 1]);
    // one step then the search value one move later: 0 + 0.9 * 0.7, 0 + 0.9 * 0.2, then the end
    expect(Array.from(valueTargets(single, 0.9, 1)).map((x) => +x.toFixed(6))).toEqual([0.63, 0.18, 1]);
    // two players alternating; player 0 wins with the third move
    const game = [0, 1, 2].map((t) => ({ mover: t % 2, reward: t === 2 ? 1 : 0, rootValue: [0.5, 0.7, 0.2][t]! }));
    expect(Array.from(valueTargets(game, 1, 0))).toEqual([1, -1, 1]);
    // bootstrapped: the next position's value is the opponent's, so it counts negatively
    expect(Array.from(valueTargets(game, 1, 1)).map((x) => +x.toFixed(6))).toEqual([-0.7, -0.2, 1]);
  });

  it('two-hot targets and the categorical value', () => {
    const preset = games.alphazero
      .env(makeEnvironment(CATCH_ID))
      .seed(0)
      .hyperparameters({ ...SMALL, valueHead: 'categorical', valueBins: 5 })
      .build() as AlphaZeroPreset;
    const net = (preset as unknown as { network: { twoHot(z: Float32Array): Float32Array; heads(t: tf.Tensor): { value: tf.Tensor } } }).network;
    expect(Array.from(net.twoHot(new Float32Array([0.25, -1, 2, 0.9])))).toEqual([
      ...[0, 0, 0.5, 0.5, 0],
      ...[1, 0, 0, 0, 0],
      ...[0, 0, 0, 0, 1],
      ...[0, 0, 0, 0.2, 0.8].map((x) => Math.fround(x)),
    ].map((x, i) => (i >= 15 ? expect.closeTo(x, 6) : x)));
    // value = sum softmax(bins) * support [-1, -0.5, 0, 0.5, 1]: logits [0, 0, 0, ln 2, ln 3] -> (0.5*2 + 3) / 8
    const v = tf.tidy(() => net.heads(tf.tensor2d([[9, 9, 9, 0, 0, 0, Math.log(2), Math.log(3)]])).value.dataSync()[0]!);
    expect(v).toBeCloseTo((-1 - 0.5 + 0 + 0.5 * 2 + 1 * 3) / 8, 5);
    preset.dispose();
  });

  it('self-play and training leak no tensor', () => {
    const preset = games.alphazero.env(gameSpec('tictactoe_v3')).seed(1).hyperparameters(SMALL).build() as AlphaZeroPreset;
    const agent = preset.agent({ rng: new Random(1) });
    expectNoTensorLeak(
      () => {
        const r = agent.selfPlay(8);
        expect(r.returns).toHaveLength(8);
        expect(agent.updates).toBeGreaterThan(0);
      },
      () => agent.selfPlay(4),
    );
    preset.dispose();
  });
});

describe('games.alphazero preset', () => {
  it.each([
    ['Catch-bsuite', 'puct', 'scalar'],
    ['tictactoe_v3', 'gumbel', 'categorical'],
    ['connect_four_v3', 'puct', 'scalar'],
  ])('%s (%s search, %s value): build, act, test agent, save, load, act', async (name, search, valueHead) => {
    const spec = name === CATCH_ID ? makeEnvironment(CATCH_ID) : gameSpec(name);
    const preset = games.alphazero.env(spec).seed(2).hyperparameters({ ...SMALL, search, valueHead }).build() as AlphaZeroPreset;
    const env = name === CATCH_ID ? makeEnvironment(CATCH_ID) : undefined;
    const agent = preset.agent({ rng: new Random(2) });
    if (env !== undefined) {
      // the Agent interface: play 3 episodes through act(); training starts once replayStart positions are in
      let s = env.reset({ seed: 0 });
      for (let episode = 0; episode < 3; episode++) {
        for (;;) {
          const action = agent.act(s);
          if (s.done) break;
          s = env.step(action);
        }
        s = env.reset();
      }
      expect(agent.replay.size).toBe(27);
      expect(agent.updates).toBeGreaterThan(0);
    } else {
      agent.selfPlay(4);
    }
    const test = preset.testAgent();
    const state = env !== undefined ? env.reset({ seed: 5 }) : undefined;
    const position = preset.searchModel.fromObservation(state?.observation ?? preset.searchModel.observation(name === 'tictactoe_v3' ? new TicTacToe() : preset.searchModel.fromObservation(new Float32Array(84))));
    const before = test.actOn(position);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-az-'));
    await preset.save(dir);
    const loaded = (await loadPreset(dir)) as AlphaZeroPreset;
    expect(loaded.hyperparameters).toEqual(preset.hyperparameters);
    expect(loaded.testAgent().actOn(position)).toBe(before);
    preset.dispose();
    loaded.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('AlphaZero runs', () => {
  it('runExperiment: Catch through act(), tic-tac-toe by self-play', async () => {
    const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-az-run-'));
    const builder = games.alphazero.hyperparameters(SMALL);
    const results = await runExperiment([builder], [makeEnvironment(CATCH_ID), makeMultiagentEnvironment('tictactoe_v3')], 90, { logdir, seed: 0, quiet: true, testEpisodes: 3 });
    expect(results).toHaveLength(2);
    const [c, t] = results as { env: string; logdir: string; trainingReturns: number[]; testReturns: number[] }[];
    expect(c!.env).toBe(CATCH_ID);
    expect(c!.trainingReturns).toHaveLength(10);
    expect(c!.testReturns).toHaveLength(3);
    expect(t!.env).toBe('tictactoe_v3');
    expect(t!.testReturns).toHaveLength(6); // 3 games per seat against random
    const info = JSON.parse(fs.readFileSync(path.join(t!.logdir, 'run.json'), 'utf8'));
    expect(info.status).toBe('done');
    expect(Object.keys(info.opponentRecords)).toEqual(['random', 'minimax']);
    expect(fs.existsSync(path.join(t!.logdir, 'preset', 'network.weights'))).toBe(true);
    fs.rmSync(logdir, { recursive: true, force: true });
  });

  it('the CLI trains connect four by self-play', () => {
    const logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'allts-az-cli-'));
    const cli = path.join(__dirname, '..', '..', 'dist', 'experiments', 'cli.js');
    const r = spawnSync(process.execPath, [cli, 'games', 'connect_four_v3', 'alphazero', '--frames', '60', '--seed', '0', '--logdir', logdir,
      '--test-episodes', '2', '--hyperparameters', 'simulations=4', 'test_simulations=4', 'parallel_games=4', 'hidden=16', '--quiet'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/test returns: mean -?[\d.]+ over 4 episodes/);
    const runs = fs.readdirSync(logdir);
    expect(runs[0]).toMatch(/^alphazero_connect_four_v3_/);
    fs.rmSync(logdir, { recursive: true, force: true });
  });
});
