import { ShapeError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { LSTM_HOST_KERNELS, Lstm } from '../../lib/nn/lstm';
import { LSTM_SIMD_CELL } from '../../lib/backend/lstm_kernel';
import { Linear, Sequential, type RecurrentState } from '../../lib/nn/module';
import { tf, type Tensor } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectClose } from './fixed_linear';

function randomTensor(rng: Random, shape: number[], scale = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.normal() * scale;
  return tf.tensor(v, shape);
}

const T = 4;
const B = 3;
const IN = 2;
/** Hidden widths: 3 runs the host kernel's JavaScript cell loop, 8 its SIMD cell (a multiple of 4). */
const WIDTHS = [3, 8];
// episode starts inside the sequences: sequence 1 resets before step 2, sequence 2 before steps 0 and 3
const RESETS = [
  [0, 0, 1],
  [0, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];

interface Case {
  lstm: Lstm;
  x: Tensor;
  h0: Tensor;
  c0: Tensor;
  resets: Tensor;
  rh: Tensor;
  rc: Tensor;
}

function makeCase(seed: number, H = 3): Case {
  const rng = new Random(seed);
  const lstm = new Lstm(IN, H, rng);
  return {
    lstm,
    x: randomTensor(rng, [T, B, IN]),
    h0: randomTensor(rng, [B, H], 0.5),
    c0: randomTensor(rng, [B, H], 0.5),
    resets: tf.tensor2d(RESETS),
    rh: randomTensor(rng, [T, B, H]),
    rc: randomTensor(rng, [B, H]),
  };
}

/** A loss over the sequence outputs and the final c, through the sequence (custom-gradient) path. */
function sequenceLoss(k: Case, x: Tensor, h0: Tensor, c0: Tensor): Tensor {
  const next: Record<string, readonly Tensor[]> = {};
  const state: RecurrentState = { [k.lstm.key]: [h0, c0] };
  const hs = k.lstm.apply(x, { state, nextState: next, resets: k.resets });
  return tf.add(tf.sum(tf.mul(hs, k.rh)), tf.sum(tf.mul(next[k.lstm.key]![1]!, k.rc)));
}

/** The same loss stepping the one-step path T times (plain tfjs autodiff), resetting by hand. */
function stepwiseLoss(k: Case, x: Tensor, h0: Tensor, c0: Tensor): Tensor {
  let h = h0;
  let c = c0;
  let loss: Tensor = tf.scalar(0);
  const xs = tf.unstack(x);
  const rh = tf.unstack(k.rh);
  for (let t = 0; t < T; t++) {
    const keep = tf.tensor2d(RESETS[t]!.map((r) => [1 - r]));
    const next: Record<string, readonly Tensor[]> = {};
    h = k.lstm.apply(xs[t]!, { state: { [k.lstm.key]: [tf.mul(h, keep), tf.mul(c, keep)] }, nextState: next });
    c = next[k.lstm.key]![1]!;
    loss = tf.add(loss, tf.sum(tf.mul(h, rh[t]!)));
  }
  return tf.add(loss, tf.sum(tf.mul(c, k.rc)));
}

function gradsOf(k: Case, lossFn: typeof sequenceLoss): Float32Array[] {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => lossFn(k, k.x, k.h0, k.c0) as tf.Scalar, k.lstm.variables as tf.Variable[]);
    const inputGrads = tf.grads((x: Tensor, h0: Tensor, c0: Tensor) => lossFn(k, x, h0, c0))([k.x, k.h0, k.c0]);
    return [value, ...k.lstm.variables.map((v) => grads[v.name]!), ...inputGrads].map((t) => t.dataSync() as Float32Array);
  });
}

function dispose(k: Case): void {
  k.lstm.dispose();
  tf.dispose([k.x, k.h0, k.c0, k.resets, k.rh, k.rc]);
}

describe('Lstm', () => {
  it('sequence path equals T single steps with resets, in value and in every gradient', () => {
    const k = makeCase(1);
    const seq = gradsOf(k, sequenceLoss);
    const steps = gradsOf(k, stepwiseLoss);
    expect(seq.length).toBe(7);
    for (let i = 0; i < seq.length; i++) expectClose(seq[i]!, steps[i]!, 1e-5);
    dispose(k);
  });

  it.each(WIDTHS)('hidden width %i: the host kernels equal the tensor ops in value and in every gradient', (H) => {
    const k = makeCase(5, H);
    const host = gradsOf(k, sequenceLoss);
    LSTM_SIMD_CELL.enabled = false;
    const hostLoop = gradsOf(k, sequenceLoss);
    LSTM_SIMD_CELL.enabled = true;
    LSTM_HOST_KERNELS.enabled = false;
    const tensors = gradsOf(k, sequenceLoss);
    LSTM_HOST_KERNELS.enabled = true;
    expect(host.length).toBe(7);
    for (let i = 0; i < host.length; i++) {
      expectClose(host[i]!, tensors[i]!, 2e-5);
      expectClose(hostLoop[i]!, tensors[i]!, 2e-5);
    }
    dispose(k);
  });

  it.each(WIDTHS)('hidden width %i: gradients match central finite differences for weights, inputs and the initial state', (H) => {
    const k = makeCase(2, H);
    const analytic = gradsOf(k, sequenceLoss);
    const lossAt = (): number => tf.tidy(() => sequenceLoss(k, k.x, k.h0, k.c0).dataSync()[0]!);
    const eps = 1e-2;
    const targets: Tensor[] = [...k.lstm.variables, k.x, k.h0, k.c0];
    let checked = 0;
    targets.forEach((target, ti) => {
      const values = target.dataSync() as Float32Array; // backing store of the tensor (wasm heap view)
      const base = Float32Array.from(values);
      const rng = new Random(10 + ti);
      for (let n = 0; n < 6; n++) {
        const j = rng.int(base.length);
        const shifted = (delta: number): number => {
          const v = Float32Array.from(base);
          v[j] = base[j]! + delta;
          if (target instanceof tf.Variable) target.assign(tf.tensor(v, target.shape));
          else (k as unknown as Record<string, Tensor>)[['x', 'h0', 'c0'][ti - 3]!] = tf.tensor(v, target.shape);
          return lossAt();
        };
        const numeric = (shifted(eps) - shifted(-eps)) / (2 * eps);
        shifted(0);
        const got = analytic[ti + 1]![j]!;
        expect(Math.abs(got - numeric)).toBeLessThan(2e-3 + 2e-3 * Math.abs(numeric));
        checked += 1;
      }
    });
    expect(checked).toBe(36);
    dispose(k);
  });

  it('resets zero the state: a reset row gives the same outputs as starting from zeros', () => {
    const k = makeCase(3);
    const got = tf.tidy(() => {
      const hs = k.lstm.apply(k.x, { state: { [k.lstm.key]: [k.h0, k.c0] }, resets: tf.ones([T, B]) });
      const fresh = tf.stack(tf.unstack(k.x).map((xt) => k.lstm.apply(xt)));
      return [hs.dataSync(), fresh.dataSync()];
    });
    expectClose(got[0]!, got[1]!, 1e-6);
    dispose(k);
  });

  it('runs inside Sequential with leading dimensions, clones with the same key, and leaks no tensor', () => {
    const rng = new Random(4);
    const lstm = new Lstm(4, 5, rng);
    const net = new Sequential([new Linear(3, 4, rng), lstm, new Linear(5, 2, rng)]);
    const target = net.clone();
    expect((target.layers[1] as Lstm).key).toBe(lstm.key);
    const x = tf.randomNormal([6, 2, 3]);
    const resets = tf.zeros([6, 2]);
    expectNoTensorLeak(() => {
      tf.tidy(() => {
        const out = net.apply(x, { resets });
        expect(out.shape).toEqual([6, 2, 2]);
        const same = target.apply(x, { resets });
        expectClose(out.dataSync(), same.dataSync(), 1e-6);
        const { grads } = tf.variableGrads(() => tf.sum(net.apply(x, { resets })) as tf.Scalar, net.variables as tf.Variable[]);
        expect(Object.keys(grads).length).toBe(net.variables.length);
      });
    });
    expect(() => tf.tidy(() => net.apply(tf.zeros([2, 3]), { resets }))).toThrow(ShapeError);
    expect(() => tf.tidy(() => lstm.apply(tf.zeros([2, 4]), { state: { [lstm.key]: [tf.zeros([2, 4])] } }))).toThrow(ShapeError);
    tf.dispose([x, resets]);
    net.dispose();
    target.dispose();
  });
});
