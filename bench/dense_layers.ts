/**
 * Dense-layer training speed: milliseconds per Adam step (forward + backward + update, loss read
 * back as `Approximation.reinforce` does) of small MLPs, with tfjs's plain autodiff of
 * `matMul(x, W)` ("plain") against the dense kernel of lib/nn/fast_dense.ts ("fast", what
 * `Linear.apply` uses on wasm). A second table times single layers across sizes, to check that
 * no size needs the plain path. Measurements alternate between the two implementations and keep
 * the best of several rounds (the machine is shared, so the minimum is the least disturbed).
 * "fast" runs large products on two threads (lib/backend/parallel_matmul.ts), "fast 1 thr" on one.
 *
 * Measured (2-core machine, quiet, load average ~1.2; ms per Adam step, plain / fast / fast on one
 * thread): 4-400-300-1 @256 37.2 / 6.41 / 6.41; @32 5.59 / 1.93 / 1.90; @1 1.45 / 1.03 / 1.02;
 * 4-256-256-2 @128 12.7 / 2.18 / 2.46; 4-64-64-2 @64 0.74 / 0.47 / 0.47; single layer 400-300
 * @256 18.9 / 4.00 / 3.94. Here the worker barely helps: each round of a large net is only 5
 * steps and the three implementations alternate, so the worker sleeps between rounds and the
 * adaptive choice is still measuring; in sustained training the same 400-300 layer step takes
 * 2.8-3.0 ms on two threads against 3.8-4.0 on one, and see bench/continuous_agents.ts.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/dense_layers.js [steps]`.
 */
import { Random } from '../lib/core/random';
import { Linear } from '../lib/nn/module';
import { denseForward, plainDense } from '../lib/nn/fast_dense';
import { setMatMulThreads, whenParallelReady } from '../lib/backend/parallel_matmul';
import { initBackend, tf, type Tensor, type Variable } from '../lib/tf';

type DenseImpl = (x: Tensor, w: Tensor, b: Tensor) => Tensor;

/** One measured figure. */
export interface DenseBenchResult {
  /** Layer sizes, e.g. "4-400-300-1". */
  net: string;
  batch: number;
  /** Milliseconds per Adam step with each implementation (fast: two threads for large products, and one). */
  plainMs: number;
  fastMs: number;
  fastOneThreadMs: number;
}

/** A timer of Adam steps of an MLP with relu hidden layers using `impl` for every layer: ms per step over n steps. */
function stepTimer(sizes: readonly number[], batch: number, impl: DenseImpl): { time: (n: number) => number; dispose: () => void } {
  const rng = new Random(0);
  const layers = sizes.slice(0, -1).map((n, i) => new Linear(n, sizes[i + 1]!, rng));
  const variables: Variable[] = layers.flatMap((l) => [l.weight, l.bias]);
  const optimizer: tf.Optimizer = tf.train.adam(1e-4);
  const data = new Float32Array(batch * sizes[0]!);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  const target = new Float32Array(batch * sizes[sizes.length - 1]!);
  for (let i = 0; i < target.length; i++) target[i] = rng.normal();
  const step = (): void => {
    tf.tidy(() => {
      const x = tf.tensor2d(data, [batch, sizes[0]!]);
      const y = tf.tensor2d(target, [batch, sizes[sizes.length - 1]!]);
      const { value, grads } = tf.variableGrads(() => {
        let h: Tensor = x;
        layers.forEach((l, i) => {
          h = impl(h, l.weight, l.bias);
          if (i + 1 < layers.length) h = tf.relu(h);
        });
        return tf.mean(tf.square(tf.sub(h, y))) as tf.Scalar;
      }, variables);
      value.dataSync();
      optimizer.applyGradients(grads);
    });
  };
  return {
    time: (n: number): number => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) step();
      return Number(process.hrtime.bigint() - start) / 1e6 / n;
    },
    dispose: (): void => {
      optimizer.dispose();
      for (const l of layers) l.dispose();
    },
  };
}

/**
 * Best-of-rounds ms per step of plain, fast (two threads for large products) and fast on one
 * thread, alternating between them each round.
 */
async function compare(sizes: readonly number[], batch: number, budget: number, rounds = 5): Promise<[number, number, number]> {
  let macs = 0;
  for (let i = 0; i + 1 < sizes.length; i++) macs += batch * sizes[i]! * sizes[i + 1]!;
  const steps = Math.max(5, Math.min(1000, Math.round((budget * 1e5) / (macs + 1e5))));
  const timers = [stepTimer(sizes, batch, plainDense), stepTimer(sizes, batch, denseForward), stepTimer(sizes, batch, denseForward)];
  const threads = [1, 2, 1];
  const best = [Infinity, Infinity, Infinity];
  for (let r = 0; r <= rounds; r++) {
    for (const [k, t] of timers.entries()) {
      setMatMulThreads(threads[k]!);
      if (threads[k] === 2) await whenParallelReady();
      const ms = t.time(r === 0 ? Math.max(2, Math.round(steps / 4)) : steps); // round 0 warms up
      if (r > 0) best[k] = Math.min(best[k]!, ms);
    }
  }
  setMatMulThreads(2);
  for (const t of timers) t.dispose();
  return [best[0]!, best[1]!, best[2]!];
}

/**
 * Measures and prints the tables.
 * @param budget steps of a tiny net per measurement round; large nets run proportionally fewer (default 300, or argv[2])
 */
export async function main(budget = Number(process.argv[2] ?? 300)): Promise<DenseBenchResult[]> {
  const backend = await initBackend();
  console.log(`dense layers: ms per Adam step (forward + backward + update); backend ${backend}, Node ${process.version}`);
  const nets: [number[], number][] = [
    [[4, 400, 300, 1], 256],
    [[4, 400, 300, 1], 32],
    [[4, 400, 300, 1], 1],
    [[4, 256, 256, 2], 128],
    [[4, 64, 64, 2], 64],
    [[4, 64, 2], 64],
    [[4, 64, 2], 1],
  ];
  const results: DenseBenchResult[] = [];
  console.log(
    `${'net'.padEnd(16)}${'batch'.padStart(6)}${'plain'.padStart(10)}${'fast'.padStart(10)}${'speedup'.padStart(9)}` +
      `${'fast 1 thr'.padStart(12)}`,
  );
  for (const [sizes, batch] of nets) {
    const [plainMs, fastMs, fastOneThreadMs] = await compare(sizes, batch, budget);
    const r: DenseBenchResult = { net: sizes.join('-'), batch, plainMs, fastMs, fastOneThreadMs };
    results.push(r);
    console.log(
      `${r.net.padEnd(16)}${String(batch).padStart(6)}${plainMs.toFixed(3).padStart(10)}${fastMs.toFixed(3).padStart(10)}` +
        `${(plainMs / fastMs).toFixed(2).padStart(8)}x${fastOneThreadMs.toFixed(3).padStart(12)}`,
    );
  }
  console.log('\none layer (in-out at batch B; MACs = B*in*out): ms per Adam step');
  const layers: [number, number, number][] = [
    [8, 2, 4],
    [64, 4, 64],
    [64, 64, 2],
    [256, 300, 1],
    [256, 4, 400],
    [64, 64, 64],
    [1, 400, 300],
    [256, 400, 300],
  ];
  console.log(`${'layer'.padEnd(16)}${'MACs'.padStart(10)}${'plain'.padStart(10)}${'fast'.padStart(10)}${'fast 1 thr'.padStart(12)}`);
  for (const [b, i, o] of layers) {
    const [plainMs, fastMs, fastOneThreadMs] = await compare([i, o], b, budget);
    console.log(
      `${`${i}-${o} @${b}`.padEnd(16)}${String(b * i * o).padStart(10)}${plainMs.toFixed(3).padStart(10)}` +
        `${fastMs.toFixed(3).padStart(10)}${fastOneThreadMs.toFixed(3).padStart(12)}`,
    );
  }
  return results;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
