/**
 * One seeded learning run for bench/learning.ts, in its own process (so presets x seeds spread
 * over the cores). Trains as `allts classic <env> <preset> --frames N --seed S` does, tests with
 * the preset's own test agent, and, for presets with a `testGreedy` switch, tests the same trained
 * weights again with the other setting, so tables can give greedy and sampled test means side by
 * side (ALL's softmax test agents sample).
 * Usage: node dist/bench/learning_run.js '{"family","id","env","frames","seed","testEpisodes","hyperparameters"}'
 *   -> prints one JSON line: { train100, test, testOther?, testOtherGreedy?, seconds, episodes }.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeEnvironment, prepareEnvironment } from '../environments';
import { runExperiment } from '../experiments/run_experiment';
import { parseValue } from '../presets/hyperparameters';
import { FAMILIES } from '../presets/registry';
import type { Agent } from '../lib/agents/agent';

export interface LearningJob {
  family: string;
  id: string;
  env: string;
  frames: number;
  seed: number;
  testEpisodes: number;
  hyperparameters?: Record<string, unknown>;
}

export interface LearningFigures {
  train100: number;
  test: number;
  /** Test mean with `testGreedy` flipped (same weights), where the preset has the switch. */
  testOther?: number;
  testOtherGreedy?: boolean;
  seconds: number;
  episodes: number;
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Runs `episodes` test episodes of `agent` on a fresh environment seeded from `seed`. */
function testEpisodes(agent: Agent, envId: string, seed: number, episodes: number): number[] {
  const env = makeEnvironment(envId);
  const returns: number[] = [];
  for (let i = 0; i < episodes; i++) {
    let state = env.reset(i === 0 ? { seed } : {});
    let total = 0;
    while (!state.done) {
      state = env.step(agent.act(state) as never);
      total += state.reward;
    }
    returns.push(total);
  }
  env.close();
  return returns;
}

export async function runJob(job: LearningJob): Promise<LearningFigures> {
  const base = FAMILIES[job.family]![job.id]!;
  // command-line values are strings: parse each by its hyperparameter's type, as the CLI does
  const overrides = Object.fromEntries(
    Object.entries(job.hyperparameters ?? {}).map(([k, v]) => (typeof v === 'string' ? parseValue(job.id, base.specs, k, v) : [k, v])),
  );
  const builder = base.hyperparameters(overrides);
  await prepareEnvironment(job.env);
  const logdir = fs.mkdtempSync(path.join(os.tmpdir(), `allts-bench-learn-${job.id}-`));
  const started = performance.now();
  try {
    const [result] = await runExperiment([builder], [makeEnvironment(job.env)], job.frames, {
      logdir, seed: job.seed, quiet: true, verbose: false, testEpisodes: job.testEpisodes,
    });
    const figures: LearningFigures = {
      train100: mean(result!.trainingReturns.slice(-100)),
      test: mean(result!.testReturns),
      seconds: (performance.now() - started) / 1000,
      episodes: result!.trainingReturns.length,
    };
    const greedy = builder.currentHyperparameters['testGreedy'];
    if (typeof greedy === 'boolean' && job.testEpisodes > 0) {
      const other = builder.hyperparameters({ testGreedy: !greedy }).env(makeEnvironment(job.env)).seed(job.seed).build();
      other.loadWeightsFrom(path.join(result!.logdir, 'preset'));
      figures.testOther = mean(testEpisodes(other.testAgent(), job.env, job.seed + 1, job.testEpisodes));
      figures.testOtherGreedy = !greedy;
      other.dispose();
    }
    return figures;
  } finally {
    fs.rmSync(logdir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runJob(JSON.parse(process.argv[2]!) as LearningJob).then(
    (figures) => process.stdout.write(JSON.stringify(figures) + '\n'),
    (error: Error) => {
      process.stderr.write(`${error.stack ?? error.message}\n`);
      process.exitCode = 1;
    },
  );
}
