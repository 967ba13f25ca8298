/**
 * Checkpointing and forking an explicit-state agent by value (issue 15).
 *
 * 1. Train an explicit-state DQN on CartPole-v0 for a while (trainFunctional on 4 copies).
 * 2. Checkpoint it: its params, policy state and optimizer state, with the run's next key, go to
 *    one JSON file, written atomically (saveRecords); load them back (loadRecords) and check the
 *    values are bit-for-bit the same.
 * 3. Fork it: two copies of the same values (cloneRecord) continue training differently, one with
 *    the loaded learning rate, the other with a ten times smaller one and a different key. The
 *    original records are untouched by either: values, not objects, are shared.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/examples/functional_checkpoint_fork.js [frames] [dir]`
 * (or from the sources: `node -r ./__tests__/helpers/register_ts.js examples/functional_checkpoint_fork.ts`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeEnvironment } from '../environments';
import { initBackend } from '../lib/tf';
import {
  FunctionalDQN,
  cloneRecord,
  disposeRecord,
  evaluateFunctional,
  loadRecords,
  makeKey,
  saveRecords,
  snapshotRecord,
  splitKey,
  trainFunctional,
  type DQNOptimState,
  type DQNParams,
  type DQNPolicyState,
  type Key,
} from '../lib/functional_agents';

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** What the example reports. */
export interface ForkReport {
  checkpoint: string;
  identicalAfterLoad: boolean;
  originalUnchanged: boolean;
  testMeans: { parent: number; forkA: number; forkB: number };
}

/** Trains, checkpoints, reloads and forks; returns what it found. */
export function checkpointAndFork(frames: number, dir: string): ForkReport {
  const env = makeEnvironment('CartPole-v0');
  const agent = new FunctionalDQN({ observationSize: 4, numActions: 2, epsilonSteps: 5_000 });
  const [kTrain, kNext, kTest] = splitKey(makeKey(0), 3);

  // 1. train
  const first = trainFunctional(agent, env.duplicate(4), frames, { key: kTrain!, seed: 0 });

  // 2. checkpoint by value, atomically, and load it back
  const file = path.join(dir, 'dqn_checkpoint.json');
  saveRecords(file, { ...first.records, key: [...kNext!] }, { agent: agent.name, settings: JSON.parse(JSON.stringify(agent.settings, (_k, v) => (v === Infinity ? 'Infinity' : v))) });
  const loaded = loadRecords<{ params: DQNParams; policyState: DQNPolicyState; optimState: DQNOptimState; key: number[] }>(file).records;
  const identicalAfterLoad =
    JSON.stringify(snapshotRecord(loaded.params)) === JSON.stringify(snapshotRecord(first.records.params)) &&
    JSON.stringify(snapshotRecord(loaded.optimState)) === JSON.stringify(snapshotRecord(first.records.optimState));
  const before = JSON.stringify(snapshotRecord(loaded.params));

  // 3. fork: copy the values, train the two copies differently
  const loadedKey = loaded.key as unknown as Key;
  const [kA, kB] = splitKey(loadedKey, 2);
  const forkA = cloneRecord({ params: loaded.params, policyState: loaded.policyState, optimState: loaded.optimState });
  const forkB = cloneRecord({ params: loaded.params, policyState: loaded.policyState, optimState: loaded.optimState });
  const slower = new FunctionalDQN({ ...agent.settings, lr: agent.settings.lr / 10 });
  const a = trainFunctional(agent, env.duplicate(4), frames / 2, { key: kA!, seed: 100, records: forkA });
  const b = trainFunctional(slower, env.duplicate(4), frames / 2, { key: kB!, seed: 200, records: forkB });
  const originalUnchanged = JSON.stringify(snapshotRecord(loaded.params)) === before;

  const test = (params: DQNParams, policy: DQNPolicyState) => mean(evaluateFunctional(agent, params, policy, makeEnvironment('CartPole-v0'), 20, { key: kTest!, seed: 1000 }));
  const testMeans = { parent: test(loaded.params, loaded.policyState), forkA: test(a.records.params, a.records.policyState), forkB: test(b.records.params, b.records.policyState) };

  disposeRecord(first.records as never, loaded as never, forkA as never, forkB as never, a.records as never, b.records as never);
  return { checkpoint: file, identicalAfterLoad, originalUnchanged, testMeans };
}

async function main(): Promise<void> {
  await initBackend();
  const frames = Number(process.argv[2] ?? 20_000);
  const dir = process.argv[3] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'allts-fork-'));
  const report = checkpointAndFork(frames, dir);
  console.log(`checkpoint written to ${report.checkpoint}`);
  console.log(`loaded values identical to the saved ones: ${report.identicalAfterLoad}`);
  console.log(`original values unchanged by training the forks: ${report.originalUnchanged}`);
  const t = report.testMeans;
  console.log(`test means over 20 episodes: parent ${t.parent.toFixed(1)}, fork A (lr as saved) ${t.forkA.toFixed(1)}, fork B (lr / 10) ${t.forkB.toFixed(1)}`);
}

if (require.main === module) main().catch((e) => { console.error(e); process.exitCode = 1; });
