/**
 * Why a deterministic actor (td3, ddpg) runs into its action bound (issue 17): trains a preset on
 * one seed and, every `--probe-every` updates from the first, prints on a fixed probe batch of
 * 1,000 replayed states the actor's mean action, the critic's slope dQ/da at the actor's actions
 * (central difference, and the fraction of states where it is positive) and the critic's mean
 * Q(s, a) at fixed actions across the box, so a critic that rises faster at the bounds than inside
 * them (a U in a) and an actor that follows it into tanh saturation are visible update by update.
 * The critic's update count is the clock (td3's and ddpg's critics train on every update).
 * Usage: node dist/bench/actor_saturation.js [--preset td3] [--family mujoco]
 *          [--env InvertedPendulum-v4] [--seed 0] [--updates 400] [--probe-every 10]
 *          [--hyperparameters '{"lrPi":1e-4}']
 */
import { makeEnvironment, prepareEnvironment } from '../environments';
import { initBackend, tf, type Tensor } from '../lib/tf';
import type { QContinuous } from '../lib/approximation/q_continuous';
import type { DeterministicPolicy } from '../lib/policies/deterministic';
import type { ReplayBuffer } from '../lib/memory/types';
import { batchTensors, type BatchTensors } from '../lib/agents/replay_batch';
import { FAMILIES } from '../presets/registry';
import { arg } from './args';

/** What the probe reads from a deterministic-actor agent (TD3 names its critic q1, DDPG q). */
interface ActorCriticAgent {
  act(state: unknown): Float32Array;
  policy: DeterministicPolicy;
  replayBuffer: ReplayBuffer;
  q1?: QContinuous;
  q?: QContinuous;
}

/** Mean action, mean dQ/da, share of dQ/da > 0, and mean Q at each action of `grid` (one-dimensional actions). */
function probe(policy: DeterministicPolicy, critic: QContinuous, t: BatchTensors, grid: number[]): number[] {
  return tf.tidy(() => {
    const a = policy.actions(t.states);
    const q = (actions: Tensor) => critic.evalAt(t.states, actions);
    const h = 0.05;
    const slope = tf.div(tf.sub(q(tf.add(a, h)), q(tf.sub(a, h))), 2 * h);
    const scalars = [tf.mean(a), tf.mean(slope), tf.mean(tf.cast(tf.greater(slope, 0), 'float32'))];
    for (const v of grid) scalars.push(tf.mean(q(tf.fill(a.shape, v))));
    return scalars.map((s) => s.dataSync()[0]!);
  });
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const family = arg(argv, 'family', 'mujoco');
  const id = arg(argv, 'preset', 'td3');
  const envId = arg(argv, 'env', 'InvertedPendulum-v4');
  const seed = Number(arg(argv, 'seed', '0'));
  const updates = Number(arg(argv, 'updates', '400'));
  const every = Number(arg(argv, 'probe-every', '10'));
  const overrides = JSON.parse(arg(argv, 'hyperparameters', '{}')) as Record<string, unknown>;
  const base = FAMILIES[family]?.[id];
  if (base === undefined) throw new Error(`--family/--preset: no preset "${id}" in family "${family}"`);
  await initBackend();
  await prepareEnvironment(envId);
  const env = makeEnvironment(envId);
  if (env.actionSpace.kind !== 'box' || env.actionSpace.size !== 1) {
    throw new Error(`${envId}: this probe needs a one-dimensional Box action (e.g. InvertedPendulum-v4, Pendulum-v1)`);
  }
  const { low, high } = env.actionSpace;
  const grid = [low[0]!, low[0]! / 2, 0, high[0]! / 2, high[0]!];
  const preset = base.hyperparameters(overrides).env(env).seed(seed).build();
  const agent = preset.agent({ trainSteps: 1e6 }) as unknown as ActorCriticAgent;
  const critic = agent.q1 ?? agent.q;
  if (critic === undefined || agent.policy === undefined) throw new Error(`${id}: not a deterministic actor-critic agent (td3, ddpg)`);
  console.log(`${family}.${id} on ${envId}, seed ${seed}, ${JSON.stringify(overrides)}; Q at actions ${grid.join(', ')}`);
  console.log('| update | mean action | mean dQ/da | share dQ/da > 0 | ' + grid.map((g) => `Q(s, ${g})`).join(' | ') + ' |');
  console.log('|---|---|---|---|' + grid.map(() => '---|').join(''));
  let probeBatch: BatchTensors | undefined;
  let state = env.reset({ seed });
  let lastPrinted = -1;
  let updatesDone = 0;
  while (updatesDone < updates) {
    state = env.step(agent.act(state) as never);
    if (state.done) {
      agent.act(state);
      state = env.reset();
    }
    updatesDone = critic.updates;
    if (updatesDone === 0) continue;
    // the probe states: 1,000 transitions replayed at the first update, kept fixed afterwards
    probeBatch ??= batchTensors(agent.replayBuffer.sample(1000), 0.99);
    if ((updatesDone === 1 || updatesDone % every === 0) && updatesDone !== lastPrinted) {
      lastPrinted = updatesDone;
      const [meanAction, slope, positive, ...qs] = probe(agent.policy, critic, probeBatch, grid);
      console.log(`| ${updatesDone} | ${meanAction!.toFixed(3)} | ${slope!.toFixed(4)} | ${positive!.toFixed(2)} | ${qs.map((q) => q.toFixed(3)).join(' | ')} |`);
    }
  }
  tf.dispose(Object.values(probeBatch ?? {}).filter((v): v is Tensor => v instanceof tf.Tensor));
  env.close();
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: Error) => {
      process.stderr.write(`${error.stack ?? error.message}\n`);
      process.exit(1);
    },
  );
}
