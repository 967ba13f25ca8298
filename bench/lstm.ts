/**
 * Recurrent Q-network speed: one training update of 32 sequences x 21 steps through
 * MLP(128) -> LSTM(128) -> MLP(512) -> Q (4 inputs, 2 actions: classic control), and one acting
 * step (a single observation with the carried state, then the greedy action read back), against
 * single-threaded PyTorch on the same machine (figures from issue 14: 26.5 ms per update, 0.1 ms
 * per acting step).
 *
 * An update here is what RecurrentQ does (lib/agents/recurrent_q.ts): the target network over the
 * 21 observations (no gradient), the online network over them with the stored initial state and
 * episode resets, Peng's Q(lambda) targets with double-Q bootstrap, the masked squared TD error,
 * backward, global-norm clipping at 10 and an Adam step; the loss and TD errors are read back.
 * Best of several rounds (the machine is shared).
 *
 * Measured on the quiet 2-core machine (PyTorch = Debian's 1.13 on one thread, run by this bench
 * right after allts), session 16 code: update 39.9-41.2 ms on two threads, 50.1 ms on one
 * (ALLTS_THREADS=1), against PyTorch's 16.2-17.6 ms; act 0.095-0.099 ms against 0.074 ms.
 * Compare only figures taken under the same load: with another process on the second core
 * PyTorch took 45-49 ms, which once made allts look nearly as fast. The figures (26.5 ms,
 * 0.1 ms) are printed for reference only.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/lstm.js [updates]`.
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { Random } from '../lib/core/random';
import { QNetwork } from '../lib/approximation/q_network';
import { FixedTarget } from '../lib/approximation/target/fixed';
import { recurrentQLoss } from '../lib/agents/recurrent_q_loss';
import { recurrentQModel } from '../lib/nn/recurrent_q_model';
import { initBackend, tf } from '../lib/tf';
import type { SequenceBatch } from '../lib/memory/types';

/** PyTorch (single thread) on this machine, from issue 14. */
export const TORCH_UPDATE_MS = 26.5;
export const TORCH_ACT_MS = 0.1;

function fakeBatch(rng: Random, batchSize: number, length: number, obs: number, actions: number, hidden: number, key: string): SequenceBatch {
  const n = (length + 1) * batchSize;
  const observations = new Float32Array(n * obs).map(() => rng.normal());
  const acts = new Int32Array(length * batchSize).map(() => rng.int(actions));
  const rewards = new Float32Array(length * batchSize).fill(1);
  const masks = new Float32Array(length * batchSize).map(() => (rng.random() < 0.02 ? 0 : 1));
  const resets = new Uint8Array(n).map(() => (rng.random() < 0.02 ? 1 : 0));
  const valid = new Float32Array(length * batchSize).fill(1);
  const h = new Float32Array(batchSize * hidden).map(() => rng.normal() * 0.1);
  return {
    batchSize,
    length,
    burnIn: 0,
    stateShape: [obs],
    observations,
    actions: acts,
    rewards,
    masks,
    resets,
    valid,
    initialState: { [key]: [{ values: h, shape: [batchSize, hidden] }, { values: h.slice(), shape: [batchSize, hidden] }] },
    weights: new Float32Array(batchSize).fill(1),
    indices: new Int32Array(batchSize),
  };
}

/** Measures and prints ms per update and per acting step. */
export async function main(updates = Number(process.argv[2] ?? 40)): Promise<{ updateMs: number; actMs: number; updateCpuMs: number; actCpuMs: number }> {
  const backend = await initBackend();
  const rng = new Random(0);
  const { model, lstmKey } = recurrentQModel(4, 2, rng, { hidden: [128], lstm: 128, head: [512] });
  const q = new QNetwork(model, { optimizer: 'adam', lr: 1e-4, eps: 1e-5, clipGrad: 10, target: new FixedTarget(2000) });
  const batch = fakeBatch(rng, 32, 20, 4, 2, 128, lstmKey);
  const update = (): void => {
    recurrentQLoss(q, batch, { discount: 0.99, lambda: 0.9, valueRescaling: false });
  };
  let updateMs = Infinity;
  let updateCpuMs = Infinity;
  for (let r = 0; r < 6; r++) {
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const n = r === 0 ? 3 : updates;
    for (let i = 0; i < n; i++) update();
    const ms = Number(process.hrtime.bigint() - start) / 1e6 / n;
    const used = process.cpuUsage(cpu);
    if (r > 0) updateMs = Math.min(updateMs, ms);
    if (r > 0) updateCpuMs = Math.min(updateCpuMs, (used.user + used.system) / 1e3 / n);
  }
  // acting: one observation, carried state kept across steps, greedy action read back
  let state = [tf.keep(tf.zeros([1, 128])), tf.keep(tf.zeros([1, 128]))];
  const obs = new Float32Array(4);
  const act = (): number => {
    for (let i = 0; i < 4; i++) obs[i] = rng.normal();
    const next: Record<string, readonly tf.Tensor[]> = {};
    const a = tf.tidy(() => {
      const values = model.apply(tf.tensor2d(obs, [1, 4]), { training: false, state: { [lstmKey]: state }, nextState: next });
      const nextState = next[lstmKey]!;
      next[lstmKey] = nextState.map((t) => tf.keep(t));
      return tf.argMax(values, 1).dataSync()[0]!;
    });
    tf.dispose(state);
    state = next[lstmKey]! as tf.Tensor[];
    return a;
  };
  let actMs = Infinity;
  let actCpuMs = Infinity;
  for (let r = 0; r < 6; r++) {
    const n = 2000;
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    for (let i = 0; i < n; i++) act();
    const ms = Number(process.hrtime.bigint() - start) / 1e6 / n;
    const used = process.cpuUsage(cpu);
    if (r > 0) actMs = Math.min(actMs, ms);
    if (r > 0) actCpuMs = Math.min(actCpuMs, (used.user + used.system) / 1e3 / n);
  }
  tf.dispose(state);
  q.dispose();
  // calibration: the matmul DESIGN.md section 7 measured at 2.5 ms on the quiet machine
  const a = tf.randomNormal([256, 400]);
  const bm = tf.randomNormal([400, 300]);
  let refMs = Infinity;
  for (let r = 0; r < 3; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 10; i++) tf.tidy(() => tf.matMul(a, bm).dataSync());
    refMs = Math.min(refMs, Number(process.hrtime.bigint() - start) / 1e6 / 10);
  }
  tf.dispose([a, bm]);
  console.log(`calibration: [256,400]x[400,300] matmul ${refMs.toFixed(2)} ms (2.5 ms on the quiet machine, DESIGN section 7): slowdown x${(refMs / 2.5).toFixed(1)}`);
  console.log(`recurrent Q network MLP(128) -> LSTM(128) -> MLP(512) -> Q; backend ${backend}, Node ${process.version}`);
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores (wall time suffers when the machine is shared; CPU time is this process's user + system time)`);
  console.log(`update (32 sequences x 21 steps): ${updateMs.toFixed(2)} ms wall, ${updateCpuMs.toFixed(2)} ms CPU   (PyTorch 1 thread: ${TORCH_UPDATE_MS} ms)`);
  console.log(`act (1 observation, carried state): ${actMs.toFixed(3)} ms wall, ${actCpuMs.toFixed(3)} ms CPU   (PyTorch 1 thread: ${TORCH_ACT_MS} ms)`);
  // the same update and act step in single-threaded PyTorch, now, under the same machine load
  // Debian's python3-torch installs for /usr/bin/python3 (a pyenv python3 on PATH may lack it)
  const script = path.join(__dirname, '..', '..', 'scripts', 'torch_recurrent_q_bench.py');
  const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0);
  const torch = python === undefined ? undefined : spawnSync(python, [script, String(updates)], { encoding: 'utf8' });
  if (torch !== undefined && torch.status === 0) {
    const t = JSON.parse(torch.stdout.trim().split('\n').pop()!) as { update_ms: number; act_ms: number; torch: string };
    console.log(`PyTorch ${t.torch} (1 thread) measured now: update ${t.update_ms.toFixed(2)} ms, act ${t.act_ms.toFixed(3)} ms ` +
      `-> allts/PyTorch: update x${(updateMs / t.update_ms).toFixed(2)}, act x${(actMs / t.act_ms).toFixed(2)}`);
  } else {
    console.log('PyTorch not measured now (python3 with torch unavailable: apt-get install python3-torch)');
  }
  return { updateMs, actMs, updateCpuMs, actCpuMs };
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
