/**
 * Dense-layer training speed: milliseconds per Adam step (forward + backward + update, loss read
 * back as `Approximation.reinforce` does) of small MLPs, with tfjs's plain autodiff of
 * `matMul(x, W)` ("plain") against the custom-gradient layer of lib/nn/fast_dense.ts ("fast"),
 * and `dense` (what `Linear.apply` uses: the fast path above the size threshold). A second
 * table times one layer across sizes to locate the threshold FAST_DENSE_MIN_MACS.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/dense_layers.js [steps]`.
 */
import { Random } from '../lib/core/random';
import { Linear } from '../lib/nn/module';
import { dense, denseForward, plainDense } from '../lib/nn/fast_dense';
import { initBackend, tf, type Tensor, type Variable } from '../lib/tf';

type DenseImpl = (x: Tensor, w: Tensor, b: Tensor) => Tensor;

/** One measured figure. */
export interface DenseBenchResult {
  /** Layer sizes, e.g. "4-400-300-1". */
  net: string;
  batch: number;
  /** Milliseconds per Adam step with each implementation. */
  plainMs: number;
  fastMs: number;
  autoMs: number;
}

/** Milliseconds per Adam step of an MLP with relu hidden layers, using `impl` for every layer. */
function timeSteps(sizes: readonly number[], batch: number, impl: DenseImpl, steps: number): number {
  const rng = new Random(0);
  const layers = sizes.slice(0, -1).map((n, i) => new Linear(n, sizes[i + 1]!, rng));
  const variables: Variable[] = layers.flatMap((l) => [l.weight, l.bias]);
  const optimizer = tf.train.adam(1e-4);
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
  const warm = Math.max(3, Math.floor(steps / 5));
  for (let i = 0; i < warm; i++) step();
  const start = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) step();
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / steps;
  optimizer.dispose();
  for (const l of layers) l.dispose();
  return ms;
}

/** Best of `repeats` measurements (the machine is shared; the minimum is the least disturbed). */
function best(repeats: number, f: () => number): number {
  let m = Infinity;
  for (let i = 0; i < repeats; i++) m = Math.min(m, f());
  return m;
}

/** Steps per measurement so each takes roughly the same wall time. */
function stepsFor(sizes: readonly number[], batch: number, budget: number): number {
  let macs = 0;
  for (let i = 0; i + 1 < sizes.length; i++) macs += batch * sizes[i]! * sizes[i + 1]!;
  return Math.max(20, Math.min(2000, Math.round(budget / (macs / 3e6 + 0.3))));
}

/**
 * Measures and prints the tables.
 * @param budget steps of a tiny net per measurement; large nets run proportionally fewer (default 500, or argv[2])
 */
export async function main(budget = Number(process.argv[2] ?? 500)): Promise<DenseBenchResult[]> {
  const backend = await initBackend();
  console.log(`dense layers: ms per Adam step (forward + backward + update); backend ${backend}, Node ${process.version}`);
  const nets: [number[], number][] = [
    [[4, 400, 300, 1], 256],
    [[4, 400, 300, 1], 1],
    [[4, 256, 256, 2], 128],
    [[4, 64, 64, 2], 64],
    [[4, 64, 2], 64],
  ];
  const results: DenseBenchResult[] = [];
  console.log(`${'net'.padEnd(16)}${'batch'.padStart(6)}${'plain'.padStart(10)}${'fast'.padStart(10)}${'dense()'.padStart(10)}${'speedup'.padStart(9)}`);
  for (const [sizes, batch] of nets) {
    const steps = stepsFor(sizes, batch, budget);
    const plainMs = best(3, () => timeSteps(sizes, batch, plainDense, steps));
    const fastMs = best(3, () => timeSteps(sizes, batch, denseForward, steps));
    const autoMs = best(3, () => timeSteps(sizes, batch, dense, steps));
    const r: DenseBenchResult = { net: sizes.join('-'), batch, plainMs, fastMs, autoMs };
    results.push(r);
    console.log(
      `${r.net.padEnd(16)}${String(batch).padStart(6)}${plainMs.toFixed(3).padStart(10)}${fastMs.toFixed(3).padStart(10)}` +
        `${autoMs.toFixed(3).padStart(10)}${(plainMs / autoMs).toFixed(2).padStart(8)}x`,
    );
  }
  console.log('\none layer (in-out at batch B, MACs = B*in*out): ms per Adam step, plain vs fast');
  const layers: [number, number, number][] = [
    [64, 4, 64],
    [64, 64, 2],
    [64, 64, 64],
    [128, 64, 64],
    [64, 128, 128],
    [256, 64, 64],
    [128, 128, 128],
    [64, 256, 256],
    [256, 256, 256],
  ];
  console.log(`${'layer'.padEnd(22)}${'MACs'.padStart(10)}${'plain'.padStart(10)}${'fast'.padStart(10)}`);
  for (const [b, i, o] of layers) {
    const steps = stepsFor([i, o], b, budget);
    const plainMs = best(3, () => timeSteps([i, o], b, plainDense, steps));
    const fastMs = best(3, () => timeSteps([i, o], b, denseForward, steps));
    console.log(`${`${i}-${o} @${b}`.padEnd(22)}${String(b * i * o).padStart(10)}${plainMs.toFixed(3).padStart(10)}${fastMs.toFixed(3).padStart(10)}`);
  }
  return results;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
