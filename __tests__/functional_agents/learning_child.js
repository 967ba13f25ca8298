/**
 * Runs one seeded learning run of an explicit-state agent in a plain Node process (see
 * __tests__/helpers/learning_child.js for why: jest's vm sandbox slows host loops several times).
 * Usage: node learning_child.js '{"agent":"dqn"|"a2c"|"ppo","seed":0,"frames":30000,"testEpisodes":100}'
 *   -> prints {"testReturns","trainReturns","updates","paramsDigest","initialTestReturns"} as JSON.
 */
require('../helpers/register_ts');
const { makeEnvironment } = require('../../environments/index.ts');
const { initBackend } = require('../../lib/tf.ts');
const fa = require('../../lib/functional_agents/index.ts');

async function main() {
  await initBackend();
  const job = JSON.parse(process.argv[2]);
  const [kTrain, kTest] = fa.splitKey(fa.makeKey(job.seed), 2);
  let agent;
  let frames;
  let numEnvs;
  if (job.agent === 'dqn') {
    const c = fa.DQN_LEARNING_CONFIG;
    agent = new fa.FunctionalDQN({ observationSize: 4, numActions: 2, ...c.options });
    frames = c.frames;
    numEnvs = c.numEnvs;
  } else if (job.agent === 'ppo') {
    agent = new fa.FunctionalPPO({ observationSize: 4, numActions: 2 });
    frames = job.frames;
    numEnvs = 8;
  } else {
    agent = new fa.FunctionalA2C({ observationSize: 4, numActions: 2 });
    frames = job.frames;
    numEnvs = 8;
  }
  const testEpisodes = job.testEpisodes ?? 100;
  const initial = { params: agent.initParams(kTrain), policyState: agent.initPolicy(kTrain) };
  const initialTestReturns = fa.evaluateFunctional(agent, initial.params, initial.policyState, makeEnvironment('CartPole-v0'), testEpisodes, { key: kTest, seed: 1000 + job.seed });
  fa.disposeRecord(initial.params, initial.policyState);
  const result = fa.trainFunctional(agent, makeEnvironment('CartPole-v0').duplicate(numEnvs), frames, { key: kTrain, seed: job.seed });
  const testReturns = fa.evaluateFunctional(agent, result.records.params, result.records.policyState, makeEnvironment('CartPole-v0'), testEpisodes, { key: kTest, seed: 1000 + job.seed });
  let digest = 0;
  for (const t of fa.recordTensors(result.records.params)) for (const v of t.dataSync()) digest = (digest * 31 + v) % 1e9;
  fa.disposeRecord(result.records.params, result.records.policyState, result.records.optimState);
  process.stdout.write(JSON.stringify({ testReturns, initialTestReturns, trainReturns: result.episodeReturns, updates: result.updates, paramsDigest: digest }));
}

main().catch((error) => {
  process.stdout.write(JSON.stringify({ error: { message: error.message, stack: error.stack } }));
  process.exitCode = 1;
});
