/**
 * Runs one seeded learning experiment in a plain Node process, for helpers/learning.ts.
 * Why a child process: jest runs test code in a vm context, where every lookup of a global such
 * as `Math` goes through the context's interceptor (measured: Math.fround in a loop costs 128 ns
 * per call under jest against 2 ns in Node), which made the agents' host loops several times
 * slower than for a user (C51: 6.2 ms per frame under jest, 1.1 ms in Node). Here the same
 * sources run at a user's speed, on the backend allts picks.
 * Usage: node learning_child.js '{"family","id","hyperparameters","env","frames","seed","testEpisodes"}'
 *   -> prints {"trainingReturns": [...], "testReturns": [...]} as JSON on stdout.
 */
require('./register_ts');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { makeEnvironment, prepareEnvironment } = require('../../environments/index.ts');
const { runExperiment } = require('../../experiments/run_experiment.ts');
const { FAMILIES } = require('../../presets/registry.ts');

async function main() {
  const job = JSON.parse(process.argv[2]);
  const builder = FAMILIES[job.family][job.id].hyperparameters(job.hyperparameters);
  const logdir = fs.mkdtempSync(path.join(os.tmpdir(), `allts-learn-${job.id}-`));
  await prepareEnvironment(job.env);
  try {
    const [result] = await runExperiment([builder], [makeEnvironment(job.env, job.envOptions ?? {})], job.frames, {
      logdir,
      seed: job.seed,
      quiet: true,
      verbose: false,
      testEpisodes: job.testEpisodes,
    });
    process.stdout.write(JSON.stringify({ trainingReturns: result.trainingReturns, testReturns: result.testReturns }));
  } finally {
    fs.rmSync(logdir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stdout.write(JSON.stringify({ error: { name: error.name, message: error.message, stack: error.stack } }));
  process.exitCode = 1;
});
