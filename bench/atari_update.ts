/**
 * Speed of one Nature-network DQN update at batch 32 (issue 16: single-threaded PyTorch takes
 * about 28 ms on this machine; goal within 1.5x, 42 ms).
 *
 * Measured through the real preset and agent, no environment: `atari.dqn` on Breakout's spaces
 * (84x84x1 uint8 frames, 4 actions) with replay from 100 transitions and one update per step, fed
 * random frames through its DeepmindAtariBody. The time of a training step (act: body, replay
 * store, action forward, and one update: replay sample of 32 stacks rebuilt from single frames,
 * target forward, online forward and backward, Adam) minus the time of a test agent's step (body
 * and action forward) is the update. The replay sample is also timed alone.
 *
 * When `PYTORCH_PYTHON` (default /usr/bin/python3, Debian's python3-torch) imports torch, the
 * same update in PyTorch (scripts/torch_nature_dqn_bench.py) is timed before and after ours, so
 * the ratio compares both at the same machine load; the fixed 28 ms is printed as well.
 *
 * Measured (2-core machine shared with other sessions, load 1.7-3.3, tfjs 4.22 wasm SIMD, Node 20):
 * our update 230-265 ms, replay sample 16-23 ms of it; Debian's PyTorch 1.13 on one thread just
 * before and after: 217 and 223 ms (198-314 ms at load 5-6), so 1.2x theirs at the same load, but
 * 9.5x the 28 ms quoted for PyTorch in issue 16 (a faster torch build than Debian's, we think; we
 * could not reproduce it here). Breakdown at load 3 (/tmp scripts, not kept): a batch-32 forward
 * of the network 42 ms (the three convolutions 22 ms, the 3136x512 layer most of the rest), a
 * forward and backward 105 ms, the dense head's backward alone 34 ms. The update does about 2.2
 * GFLOP (online and target forwards, weight gradients of every layer, input gradients of all but
 * the first convolution): 28 ms is 78 GFLOP/s, beyond single-threaded 128-bit wasm SIMD (our best
 * kernels reach about 25 GFLOP/s, so about 90 ms is the floor on wasm); the 1.5x goal needs native
 * TensorFlow (tfjs-node) or threads. What we run at is about 8 GFLOP/s: the dense layer's backward
 * and the convolution weight gradients (lib/nn) are where the next gains are.
 *
 * Usage: npx tsc -p tsconfig.json && node dist/bench/atari_update.js [updates=40]
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { Random } from '../lib/core/random';
import { Box, Discrete } from '../lib/core/spaces';
import { State } from '../lib/core/state';
import type { Agent } from '../lib/agents/agent';
import { currentBackend, initBackend } from '../lib/tf';
import { atari } from '../presets/atari';

/** PyTorch, one thread, same machine (issue 16). */
export const PYTORCH_NATURE_DQN_UPDATE_MS = 28;

function frames(rng: Random, n: number): State[] {
  return Array.from({ length: n }, (_, i) =>
    new State<Uint8Array>({ observation: Uint8Array.from({ length: 7056 }, () => rng.int(256)), shape: [84, 84, 1], reward: rng.int(2), terminated: i % 500 === 499 }) as unknown as State,
  );
}

function timeSteps(agent: Agent, states: State[]): number {
  const start = performance.now();
  for (const s of states) agent.act(s);
  return (performance.now() - start) / states.length;
}

/** PyTorch's update time now (ms), or undefined when no Python with torch is at hand. */
function pytorchNow(updates: number): number | undefined {
  const python = process.env.PYTORCH_PYTHON ?? '/usr/bin/python3';
  const script = path.join(__dirname, '..', '..', 'scripts', 'torch_nature_dqn_bench.py');
  try {
    const out = execFileSync(python, [script, String(updates)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /: ([\d.]+) ms/.exec(out);
    return m === null ? undefined : Number(m[1]);
  } catch {
    return undefined;
  }
}

export async function main(updates = 40): Promise<void> {
  const before = pytorchNow(updates);
  await initBackend();
  const env = { name: 'Breakout', observationSpace: new Box(0, 255, [84, 84, 1], { dtype: 'uint8' }), actionSpace: new Discrete(4) };
  const preset = atari.dqn.env(env).hyperparameters({ replayStartSize: 100, updateFrequency: 1, replayBufferSize: 10000 }).seed(0).build();
  const rng = new Random(0);
  const agent = preset.agent({ rng: new Random(1) }) as Agent;
  timeSteps(agent, frames(rng, 110)); // fill the replay, first updates (warm-up)
  const train = timeSteps(agent, frames(rng, updates));
  const test = preset.testAgent();
  timeSteps(test, frames(rng, 10));
  const act = timeSteps(test, frames(rng, updates));
  let inner: unknown = agent;
  while ((inner as { agent?: unknown }).agent !== undefined) inner = (inner as { agent: unknown }).agent;
  const replay = (inner as { replayBuffer: { sample(n: number): unknown } }).replayBuffer;
  const t0 = performance.now();
  for (let i = 0; i < updates; i++) replay.sample(32);
  const sample = (performance.now() - t0) / updates;
  const update = train - act;
  console.log(
    `Nature DQN update, batch 32 (${currentBackend()}): ${update.toFixed(1)} ms (training step ${train.toFixed(1)} ms - acting step ${act.toFixed(1)} ms); ` +
      `of which replay sample ${sample.toFixed(1)} ms. PyTorch 1 thread ${PYTORCH_NATURE_DQN_UPDATE_MS} ms: ${(update / PYTORCH_NATURE_DQN_UPDATE_MS).toFixed(2)}x (goal 1.5x)`,
  );
  preset.dispose();
  const after = pytorchNow(updates);
  if (before !== undefined && after !== undefined) {
    const torch = (before + after) / 2;
    console.log(`PyTorch (${process.env.PYTORCH_PYTHON ?? '/usr/bin/python3'}, 1 thread) just before and after: ${before.toFixed(1)} and ${after.toFixed(1)} ms; ours / theirs at this load: ${(update / torch).toFixed(2)}x`);
  } else {
    console.log('(no Python with torch found for a side-by-side figure; set PYTORCH_PYTHON)');
  }
}

if (require.main === module) {
  const [n] = process.argv.slice(2);
  void main(n ? Number(n) : undefined);
}
