/**
 * Training-update speed of the continuous-control agents (SAC, TD3, DDPG) with their default
 * 400-300 networks and minibatch 256 on Pendulum-v1: milliseconds per update (one `trainOn` of a
 * sampled batch: critics, actor when due, targets) and updates per second; then one 400-300 critic
 * update (QContinuous, batch 256) with the fast dense path of lib/nn/fast_dense.ts and with plain
 * autodiff. Each figure is the best of several rounds (the machine is shared).
 * Usage: `npx tsc -p tsconfig.json && node dist/bench/continuous_agents.js [updates=100] [agent ...]`
 * Reference (Python ALL on this 2-core machine): about 17 ms per SAC update and 12 ms per DDPG
 * update; our goal is within 1.5x of that on wasm.
 * Measured (CPU ms per update, this machine under a load average of ~7, before -> after the host
 * Adam/Polyak of lib/nn/host_backends.ts and the fused dense+ReLU of lib/nn/linear_relu.ts, same
 * conditions, interleaved runs): SAC 38.3 -> 32.0, TD3 30.5 -> 24.1, DDPG 26.1 -> 20.7, one
 * 400-300 critic update 9.4 -> 7.5. About 55% of a SAC update is XNNPACK's GEMM microkernel and
 * 12% its repacking of the (every step new) right operands: 14 400x300 matmuls per SAC update.
 */
import type { DDPG } from '../lib/agents/ddpg';
import type { SAC } from '../lib/agents/sac';
import type { TD3 } from '../lib/agents/td3';
import { QContinuous } from '../lib/approximation/q_continuous';
import { PolyakTarget } from '../lib/approximation/target';
import { Random } from '../lib/core/random';
import { mse } from '../lib/functional/losses';
import { FAST_DENSE_BACKENDS } from '../lib/nn/fast_dense';
import { makeEnvironment } from '../environments/registry';
import { continuous } from '../presets/continuous';
import { fcQ } from '../presets/continuous/models';
import { initBackend, tf } from '../lib/tf';

/** Python ALL's milliseconds per update on this machine, for comparison. */
export const PYTHON_MS_PER_UPDATE: Record<string, number> = { sac: 17, ddpg: 12 };

/** One agent's figure. */
export interface UpdateFigure extends Timing {
  agent: string;
  /** 1000 / wallMs. */
  updatesPerSecond: number;
}

type Trainable = DDPG | SAC | TD3;

/** Milliseconds per call: wall clock, and this process's CPU time (a fairer figure on a shared machine). */
export interface Timing {
  wallMs: number;
  cpuMs: number;
}

/** Best-of-rounds milliseconds per call of `step` (each kind minimized separately). */
function bestMs(step: () => void, updates: number, rounds = 3): Timing {
  const best = { wallMs: Infinity, cpuMs: Infinity };
  for (let r = 0; r < rounds; r++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < updates; i++) step();
    const used = process.cpuUsage(cpu);
    best.wallMs = Math.min(best.wallMs, (performance.now() - start) / updates);
    best.cpuMs = Math.min(best.cpuMs, (used.user + used.system) / 1000 / updates);
  }
  return best;
}

/** Milliseconds per training update of one preset's agent (default hyperparameters except the replay start). */
export function timeAgent(id: keyof typeof continuous, updates: number): Timing {
  const env = makeEnvironment('Pendulum-v1');
  const preset = continuous[id].env(env).hyperparameters({ replayStartSize: 1_000_000 }).seed(0).build();
  const agent = preset.agent() as Trainable;
  // fill the replay with 2,000 frames of the untrained agent (no updates: replay start not reached)
  let state = env.reset({ seed: 0 });
  for (let i = 0; i < 2000; i++) {
    const action = agent.act(state);
    state = state.done ? env.reset() : env.step(action);
  }
  const batchSize = agent.options.minibatchSize;
  const step = (): void => agent.trainOn(agent.replayBuffer.sample(batchSize));
  for (let i = 0; i < 10; i++) step(); // warm-up: optimizer slots, kernels
  const ms = bestMs(step, updates);
  preset.dispose();
  return ms;
}

/** Milliseconds per 400-300 critic update at batch 256 (Pendulum's 3 + 1 inputs), fast dense path on or off. */
export function timeCriticUpdate(fast: boolean, updates: number): Timing {
  const backends = FAST_DENSE_BACKENDS as string[];
  const saved = [...backends];
  backends.length = 0;
  if (fast) backends.push(...saved, tf.getBackend());
  try {
    const env = makeEnvironment('Pendulum-v1');
    const q = new QContinuous(fcQ(env, 400, 300, new Random(0), 'bench'), { target: new PolyakTarget(0.005) });
    const rng = new Random(1);
    const fill = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng.normal());
    const s = tf.tensor2d(fill(256 * 3), [256, 3]);
    const a = tf.tensor2d(fill(256), [256, 1]);
    const y = tf.tensor1d(fill(256));
    const step = (): void => void q.reinforce(() => mse(q.forwardAt(s, a), y));
    for (let i = 0; i < 5; i++) step();
    const ms = bestMs(step, updates);
    tf.dispose([s, a, y]);
    q.dispose();
    return ms;
  } finally {
    backends.length = 0;
    backends.push(...saved);
  }
}

/** Runs the benchmark and prints a table; returns the figures. */
export async function main(
  updates = Number(process.argv[2] ?? 100),
  agents: string[] = process.argv.length > 3 ? process.argv.slice(3) : ['sac', 'td3', 'ddpg'],
): Promise<{ agents: UpdateFigure[]; critic: { fast: Timing; plain: Timing } }> {
  const backend = await initBackend();
  console.log(`backend ${backend}; ${updates} updates per round, best of 3; default 400-300 networks, minibatch 256`);
  const figures: UpdateFigure[] = [];
  for (const id of agents) {
    if (!(id in continuous)) throw new Error(`Unknown continuous agent "${id}"; valid: ${Object.keys(continuous).join(', ')}`);
    const t = timeAgent(id as keyof typeof continuous, updates);
    figures.push({ agent: id, ...t, updatesPerSecond: 1000 / t.wallMs });
    const ref = PYTHON_MS_PER_UPDATE[id];
    console.log(
      `${id.padEnd(5)} ${t.wallMs.toFixed(1).padStart(6)} ms/update (cpu ${t.cpuMs.toFixed(1)} ms)  ` +
        `${(1000 / t.wallMs).toFixed(1).padStart(6)} updates/s` +
        (ref !== undefined ? `  (Python ALL ${ref} ms: ${(t.wallMs / ref).toFixed(2)}x wall, ${(t.cpuMs / ref).toFixed(2)}x cpu)` : ''),
    );
  }
  const fast = timeCriticUpdate(true, updates);
  const plain = timeCriticUpdate(false, updates);
  console.log(
    `400-300 critic update, batch 256: fast dense ${fast.wallMs.toFixed(1)} ms (cpu ${fast.cpuMs.toFixed(1)}), ` +
      `plain autodiff ${plain.wallMs.toFixed(1)} ms (cpu ${plain.cpuMs.toFixed(1)})`,
  );
  return { agents: figures, critic: { fast, plain } };
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
