/**
 * How large the gradients are next to the optimizer's epsilon, and how small prioritized replay's
 * importance weights make them (issue 11: why MinAtar ddqn learned at a third of dqn's pace).
 * RMSprop and Adam divide each gradient by the root of its running second moment plus eps; where
 * that root is far below eps the step is just lr / eps times the gradient (plain SGD), so anything
 * that shrinks the gradients, such as importance weights normalised by the buffer's largest one,
 * shrinks the step by the same factor. Trains each replay preset for `--frames` frames on one seed
 * and prints, over its last `--last` updates, quantiles of each parameter's root-mean-square
 * gradient, the share of parameters below eps, and the mean importance weight of the batches.
 * A diagnostic: it records by wrapping the flat optimizers' public `applyGradients` and the
 * replay buffer's `sample`, and changes nothing they compute.
 * Usage (ddqn at the paper's RMSprop: --presets ddqn --hyperparameters optimizer=rmsprop,lr=2.5e-4,eps=0.01):
 *        node dist/bench/gradient_scale.js [--family minatar] [--env MinAtar/Breakout-v1]
 *          [--presets dqn,ddqn] [--frames 30000] [--last 3000] [--seed 0]
 *          [--hyperparameters optimizer=adam,lr=1e-4]
 */
import { makeEnvironment, prepareEnvironment } from '../environments';
import { initBackend } from '../lib/tf';
import { FlatAdam } from '../lib/optim/flat_adam';
import { FlatRMSprop } from '../lib/optim/flat_rmsprop';
import type { GradientList } from '../lib/optim/optimizer';
import type { ReplayBuffer } from '../lib/memory/types';
import { parseValue } from '../presets/hyperparameters';
import { FAMILIES } from '../presets/registry';
import { arg, hyperparameterPairs } from './args';

/** Sums of squared gradients per parameter, over the updates recorded so far. */
class GradientSquares {
  sums: Float64Array | undefined;
  updates = 0;

  add(grads: GradientList, scale: number): void {
    // dataSync, not readFloats: the gradients belong to the optimizer's caller and must stay alive
    const values = grads.map((g) => (g === undefined ? new Float32Array(0) : (g.dataSync() as Float32Array)));
    const sums = (this.sums ??= new Float64Array(values.reduce((n, v) => n + v.length, 0)));
    let o = 0;
    for (const v of values) for (let k = 0; k < v.length; k++) sums[o++]! += (v[k]! * scale) ** 2;
    this.updates += 1;
  }

  /** Each parameter's root-mean-square gradient, sorted. */
  rms(): number[] {
    return Array.from(this.sums ?? [], (s) => Math.sqrt(s / this.updates)).sort((a, b) => a - b);
  }
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const family = arg(argv, 'family', 'minatar');
  const envId = arg(argv, 'env', 'MinAtar/Breakout-v1');
  const ids = arg(argv, 'presets', 'dqn,ddqn').split(',');
  const frames = Number(arg(argv, 'frames', '30000'));
  const last = Number(arg(argv, 'last', '3000'));
  const seed = Number(arg(argv, 'seed', '0'));
  const pairs = Object.entries(hyperparameterPairs(arg(argv, 'hyperparameters', '')));
  await initBackend();
  await prepareEnvironment(envId);
  for (const id of ids) {
    const base = FAMILIES[family]?.[id];
    if (base === undefined) throw new Error(`--family/--presets: no preset "${id}" in family "${family}"`);
    const overrides = Object.fromEntries(pairs.map(([k, v]) => parseValue(id, base.specs, k, v)));
    const env = makeEnvironment(envId);
    const preset = base.hyperparameters(overrides).env(env).seed(seed).build();
    const agent = preset.agent({ trainSteps: frames }) as unknown as { act(s: unknown): unknown; replayBuffer?: ReplayBuffer };
    if (agent.replayBuffer === undefined) throw new Error(`${id}: not a replay agent (no replayBuffer to read weights from)`);
    let frame = 0;
    const squares = new GradientSquares();
    let weightSum = 0;
    let weightCount = 0;
    const recording = () => frame > frames - last;
    const wrap = (proto: { applyGradients(g: GradientList, s?: number): void }) => {
      const original = proto.applyGradients;
      proto.applyGradients = function (this: unknown, grads: GradientList, scale = 1) {
        if (recording()) squares.add(grads, scale);
        original.call(this, grads, scale);
      };
      return () => (proto.applyGradients = original);
    };
    const unwrap = [wrap(FlatAdam.prototype), wrap(FlatRMSprop.prototype)];
    const buffer = agent.replayBuffer;
    const sample = buffer.sample.bind(buffer);
    buffer.sample = (n: number) => {
      const batch = sample(n);
      if (recording()) for (const w of batch.weights) (weightSum += w), (weightCount += 1);
      return batch;
    };
    const started = performance.now();
    try {
      let state = env.reset({ seed });
      for (frame = 1; frame <= frames; frame++) {
        state = env.step(agent.act(state) as never);
        if (state.done) state = env.reset();
      }
    } finally {
      unwrap.forEach((u) => u());
    }
    const rms = squares.rms();
    const eps = Number(preset.hyperparameters['eps'] ?? NaN);
    const q = (p: number) => (rms.length === 0 ? NaN : rms[Math.floor(p * (rms.length - 1))]!).toExponential(2);
    const below = rms.filter((r) => r < eps).length / Math.max(1, rms.length);
    console.log(
      `${id}: ${squares.updates} updates recorded, ${rms.length} parameters, optimizer ${String(preset.hyperparameters['optimizer'] ?? 'adam')} eps ${eps}; ` +
        `RMS gradient quantiles 10/50/90/99%: ${q(0.1)} ${q(0.5)} ${q(0.9)} ${q(0.99)}; share below eps ${below.toFixed(3)}; ` +
        `mean importance weight ${(weightSum / Math.max(1, weightCount)).toFixed(4)} (1 for uniform replay) ` +
        `(${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    env.close();
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
