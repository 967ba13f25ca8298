import { ConfigError, ShapeError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { NoisyFactorizedLinear, NoisyLinear, factorizedNoiseScale } from '../../lib/nn/noisy';
import { tf, type Tensor } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectClose, take } from './fixed_linear';

const X = [
  [1, -2, 0.5],
  [0.3, 0.7, -1.1],
];

function input(): Tensor {
  return tf.tensor2d(X);
}

/** x W + b in float64 for row-major W [in][out] given flat. */
function affine(x: number[][], w: ArrayLike<number>, b: ArrayLike<number>, out: number): number[] {
  const y: number[] = [];
  for (const row of x) {
    for (let j = 0; j < out; j++) {
      let s = b[j]!;
      row.forEach((v, i) => (s += v * w[i * out + j]!));
      y.push(s);
    }
  }
  return y;
}

function run(layer: { apply: (x: Tensor, o?: { training?: boolean }) => Tensor }, training: boolean): number[] {
  return tf.tidy(() => Array.from(layer.apply(input(), { training }).dataSync()));
}

describe('NoisyLinear (independent noise)', () => {
  it('initializes means in +-sqrt(3/in) and every sigma at sigmaInit', () => {
    const layer = new NoisyLinear(3, 2, new Random(1));
    const bound = Math.sqrt(3 / 3);
    for (const v of [...layer.weight.dataSync(), ...layer.bias.dataSync()]) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    expect(Array.from(layer.sigmaWeight.dataSync())).toEqual(new Array(6).fill(Math.fround(0.017)));
    expect(Array.from(layer.sigmaBias.dataSync())).toEqual(new Array(2).fill(Math.fround(0.017)));
    expect(layer.variables).toHaveLength(4);
    layer.dispose();
  });

  it('in evaluation mode uses the mean weights only: the same output twice, equal to x W + b', () => {
    const layer = new NoisyLinear(3, 2, new Random(2));
    const want = affine(X, layer.weight.dataSync(), layer.bias.dataSync(), 2);
    const a = run(layer, false);
    const b = run(layer, false);
    expect(a).toEqual(b);
    expectClose(a, want, 1e-5);
    layer.dispose();
  });

  it('in training mode draws fresh noise each call, reproducibly from the seed', () => {
    const one = new NoisyLinear(3, 2, new Random(3));
    const two = new NoisyLinear(3, 2, new Random(3));
    const a1 = run(one, true);
    const a2 = run(one, true);
    expect(a1).not.toEqual(a2);
    expect(run(two, true)).toEqual(a1);
    expect(run(two, true)).toEqual(a2);
    one.dispose();
    two.dispose();
  });

  it('adds sigma * eps with eps drawn weight-first from the generator (replayed by hand)', () => {
    const layer = new NoisyLinear(3, 2, new Random(11), { sigmaInit: 0.1 });
    // Replay the generator: 6 weight and 2 bias uniforms for the init, then 6 + 2 normals.
    const replay = new Random(11);
    const bound = 1; // sqrt(3 / 3)
    const w = Array.from({ length: 6 }, () => replay.uniform(-bound, bound));
    const b = Array.from({ length: 2 }, () => replay.uniform(-bound, bound));
    const ew = Array.from({ length: 6 }, () => replay.normal());
    const eb = Array.from({ length: 2 }, () => replay.normal());
    const noisyW = w.map((v, i) => v + 0.1 * ew[i]!);
    const noisyB = b.map((v, j) => v + 0.1 * eb[j]!);
    expectClose(layer.weight.dataSync(), w, 1e-6);
    expectClose(run(layer, true), affine(X, noisyW, noisyB, 2), 1e-5);
    layer.dispose();
  });

  it('sends gradients to sigma in training mode and none in evaluation mode', () => {
    const layer = new NoisyLinear(3, 2, new Random(4));
    const gradNorm = (training: boolean): number =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(
          () => tf.sum(layer.apply(input(), { training })) as tf.Scalar,
          layer.variables as tf.Variable[],
        );
        const g = grads[layer.sigmaWeight.name];
        return g === undefined ? 0 : tf.sum(tf.abs(g)).dataSync()[0]!;
      });
    expect(gradNorm(true)).toBeGreaterThan(0);
    expect(gradNorm(false)).toBe(0);
    layer.dispose();
  });

  it('clones into independent variables with equal values', () => {
    const layer = new NoisyLinear(3, 2, new Random(5));
    const copy = layer.clone();
    expect(run(copy, false)).toEqual(run(layer, false));
    copy.weight.assign(tf.zerosLike(copy.weight));
    expect(Array.from(layer.weight.dataSync()).some((v) => v !== 0)).toBe(true);
    layer.dispose();
    copy.dispose();
  });

  it('rejects bad sizes, options and inputs with typed errors', () => {
    expect(() => new NoisyLinear(0, 2, new Random(1))).toThrow(ConfigError);
    expect(() => new NoisyLinear(2, 2, new Random(1), { sigmaInit: -1 })).toThrow(ConfigError);
    const layer = new NoisyLinear(4, 2, new Random(1));
    expect(() => tf.tidy(() => layer.apply(input()))).toThrow(ShapeError);
    layer.dispose();
  });

  it('leaks no tensors over many training and evaluation calls', () => {
    const layer = new NoisyLinear(3, 2, new Random(6));
    const x = input();
    const step = (): void => {
      tf.tidy(() => layer.apply(x, { training: true }).dataSync());
      tf.tidy(() => layer.apply(x, { training: false }).dataSync());
    };
    expectNoTensorLeak(() => {
      for (let i = 0; i < 50; i++) step();
    }, step);
    x.dispose();
    layer.dispose();
  });
});

describe('NoisyFactorizedLinear', () => {
  it('uses f(x) = sign(x) sqrt|x|', () => {
    expectClose(factorizedNoiseScale(Float32Array.from([4, -9, 0, 0.25])), [2, -3, 0, 0.5], 1e-7);
  });

  it('initializes means in +-sqrt(initScale/in) and sigmas at sigmaInit/sqrt(in) (ALL defaults 3 and 0.4)', () => {
    const layer = new NoisyFactorizedLinear(4, 3, new Random(1));
    const bound = Math.sqrt(3 / 4);
    for (const v of [...layer.weight.dataSync(), ...layer.bias.dataSync()]) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    for (const v of [...layer.sigmaWeight.dataSync(), ...layer.sigmaBias.dataSync()]) expect(v).toBeCloseTo(0.4 / 2, 6);
    const zero = new NoisyFactorizedLinear(4, 3, new Random(1), { initScale: 0, sigmaInit: 0.5 });
    expect(Array.from(zero.weight.dataSync()).every((v) => v === 0)).toBe(true);
    for (const v of zero.sigmaBias.dataSync()) expect(v).toBeCloseTo(0.25, 6);
    layer.dispose();
    zero.dispose();
  });

  it('in evaluation mode equals x W + b and repeats exactly', () => {
    const layer = new NoisyFactorizedLinear(3, 2, new Random(2));
    const want = affine(X, layer.weight.dataSync(), layer.bias.dataSync(), 2);
    const a = run(layer, false);
    expect(run(layer, false)).toEqual(a);
    expectClose(a, want, 1e-5);
    layer.dispose();
  });

  it('draws f(eps_in) then f(eps_out) from the generator and forms sigma * f(eps_in) f(eps_out)^T (replayed by hand)', () => {
    const layer = new NoisyFactorizedLinear(3, 2, new Random(21), { sigmaInit: 0.6, initScale: 1 });
    const replay = new Random(21);
    const bound = Math.sqrt(1 / 3);
    const w = Array.from({ length: 6 }, () => replay.uniform(-bound, bound));
    const b = Array.from({ length: 2 }, () => replay.uniform(-bound, bound));
    const f = (v: number): number => Math.sign(v) * Math.sqrt(Math.abs(v));
    const ein = Array.from({ length: 3 }, () => f(replay.normal()));
    const eout = Array.from({ length: 2 }, () => f(replay.normal()));
    const s = 0.6 / Math.sqrt(3);
    const noisyW = w.map((v, k) => v + s * ein[Math.floor(k / 2)]! * eout[k % 2]!);
    const noisyB = b.map((v, j) => v + s * eout[j]!);
    expectClose(run(layer, true), affine(X, noisyW, noisyB, 2), 1e-5);
    layer.dispose();
  });

  it('has rank-one weight noise tied to the bias noise (structure, from outputs only)', () => {
    // Zero means (initScale 0): for inputs [0; e_1; ...; e_n] in one call (one noise sample),
    // row 0 is the bias noise s f(eps_out), and row i minus row 0 is s f(eps_in_i) f(eps_out),
    // so (row_i - row_0)[j] / row_0[j] is the same for every output j.
    const n = 4;
    const layer = new NoisyFactorizedLinear(n, 5, new Random(8), { initScale: 0 });
    const rows = tf.tidy(() => {
      const x = tf.concat([tf.zeros([1, n]), tf.eye(n)], 0);
      return Array.from(layer.apply(x, { training: true }).dataSync());
    });
    const bias = rows.slice(0, 5);
    for (let i = 1; i <= n; i++) {
      const ratios = bias.map((bj, j) => (rows[i * 5 + j]! - bj) / bj);
      for (const r of ratios) expect(r).toBeCloseTo(ratios[0]!, 4);
    }
    layer.dispose();
  });

  it('reproduces its noise from the seed and varies it between calls', () => {
    const a = new NoisyFactorizedLinear(3, 2, new Random(9));
    const b = new NoisyFactorizedLinear(3, 2, new Random(9));
    const first = run(a, true);
    expect(run(b, true)).toEqual(first);
    expect(run(a, true)).not.toEqual(first);
    a.dispose();
    b.dispose();
  });

  it('clones with the same options and values', () => {
    const layer = new NoisyFactorizedLinear(3, 2, new Random(10), { sigmaInit: 0.5, initScale: 1 });
    const copy = layer.clone();
    expect(copy.sigmaInit).toBe(0.5);
    expect(copy.initScale).toBe(1);
    expect(take(copy.sigmaWeight.clone())).toEqual(take(layer.sigmaWeight.clone()));
    expect(run(copy, false)).toEqual(run(layer, false));
    expect(copy.variables.map((v) => v.name)).not.toEqual(layer.variables.map((v) => v.name));
    layer.dispose();
    copy.dispose();
  });

  it('leaks no tensors over many calls', () => {
    const layer = new NoisyFactorizedLinear(3, 2, new Random(6));
    const x = input();
    const step = (): void => {
      tf.tidy(() => {
        tf.variableGrads(() => tf.sum(layer.apply(x)) as tf.Scalar, layer.variables as tf.Variable[]);
        layer.apply(x, { training: false }).dataSync();
      });
    };
    expectNoTensorLeak(() => {
      for (let i = 0; i < 50; i++) step();
    }, step);
    x.dispose();
    layer.dispose();
  });
});
