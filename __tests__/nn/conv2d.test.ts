import { ConfigError, ShapeError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import {
  Conv2d,
  conv2dForward,
  conv2dGradientSettings,
  conv2dOutputSize,
  plainConv2d,
  type Conv2dOptions,
  type Conv2dPadding,
} from '../../lib/nn/conv2d';
import { tf, type Tensor } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectClose } from './fixed_linear';

/** Shapes and values of one convolution, in float64 for the reference. */
interface Case {
  batch: number;
  h: number;
  w: number;
  cin: number;
  cout: number;
  k: number;
  stride: number;
  padding: Conv2dPadding;
  relu: boolean;
}

function draw(rng: Random, n: number, scale = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.fround(rng.uniform(-scale, scale)); // representable in float32
  return out;
}

/**
 * The convolution by plain loops in float64, written from the TensorFlow definition (NHWC input,
 * [kh, kw, in, out] filter, 'same' pads floor(total / 2) before and the rest after), independent
 * of tfjs. Returns the pre-activation z and the output y.
 */
function reference(c: Case, x: Float64Array, w: Float64Array, b: Float64Array): { z: Float64Array; y: Float64Array; outH: number; outW: number } {
  const outH = c.padding === 'same' ? Math.ceil(c.h / c.stride) : Math.ceil((c.h - c.k + 1) / c.stride);
  const outW = c.padding === 'same' ? Math.ceil(c.w / c.stride) : Math.ceil((c.w - c.k + 1) / c.stride);
  const padTop = c.padding === 'same' ? Math.floor(Math.max((outH - 1) * c.stride + c.k - c.h, 0) / 2) : 0;
  const padLeft = c.padding === 'same' ? Math.floor(Math.max((outW - 1) * c.stride + c.k - c.w, 0) / 2) : 0;
  const z = new Float64Array(c.batch * outH * outW * c.cout);
  for (let n = 0; n < c.batch; n++) {
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        for (let o = 0; o < c.cout; o++) {
          let s = b[o]!;
          for (let p = 0; p < c.k; p++) {
            for (let q = 0; q < c.k; q++) {
              const hh = i * c.stride + p - padTop;
              const ww = j * c.stride + q - padLeft;
              if (hh < 0 || hh >= c.h || ww < 0 || ww >= c.w) continue;
              for (let ci = 0; ci < c.cin; ci++) {
                s += x[((n * c.h + hh) * c.w + ww) * c.cin + ci]! * w[((p * c.k + q) * c.cin + ci) * c.cout + o]!;
              }
            }
          }
          z[((n * outH + i) * outW + j) * c.cout + o] = s;
        }
      }
    }
  }
  const y = c.relu ? z.map((v) => Math.max(v, 0)) : z;
  return { z, y, outH, outW };
}

function optionsOf(c: Case): Conv2dOptions {
  return { stride: c.stride, padding: c.padding, activation: c.relu ? 'relu' : 'linear' };
}

/** A layer with weights and bias drawn from `seed`, plus an input, as float64 copies too. */
function setUp(c: Case, seed: number): { layer: Conv2d; x: Tensor; xv: Float64Array; wv: Float64Array; bv: Float64Array } {
  const rng = new Random(seed);
  const wv = draw(rng, c.k * c.k * c.cin * c.cout, 0.5);
  const bv = draw(rng, c.cout, 0.5);
  const xv = draw(rng, c.batch * c.h * c.w * c.cin);
  const weight = tf.tensor4d(Float32Array.from(wv), [c.k, c.k, c.cin, c.cout]);
  const bias = tf.tensor1d(Float32Array.from(bv));
  const layer = new Conv2d(c.cin, c.cout, c.k, { weight, bias }, optionsOf(c));
  tf.dispose([weight, bias]);
  const x = tf.tensor4d(Float32Array.from(xv), [c.batch, c.h, c.w, c.cin]);
  return { layer, x, xv, wv, bv };
}

const name = (c: Case): string =>
  `${c.batch}x${c.h}x${c.w}x${c.cin} -> ${c.cout}, k${c.k} s${c.stride} ${c.padding}${c.relu ? ' relu' : ''}`;

describe('conv2dOutputSize', () => {
  it('follows the TensorFlow formulas', () => {
    expect(conv2dOutputSize(10, 3)).toBe(8);
    expect(conv2dOutputSize(10, 3, 2)).toBe(4); // positions 0, 2, 4, 6
    expect(conv2dOutputSize(10, 3, 1, 'same')).toBe(10);
    expect(conv2dOutputSize(10, 3, 3, 'same')).toBe(4);
    expect(conv2dOutputSize(2, 3)).toBe(0);
  });
});

describe('Conv2d forward', () => {
  const cases: Case[] = [
    { batch: 2, h: 10, w: 10, cin: 4, cout: 16, k: 3, stride: 1, padding: 'valid', relu: false },
    { batch: 3, h: 10, w: 10, cin: 10, cout: 16, k: 3, stride: 1, padding: 'valid', relu: true },
    { batch: 2, h: 7, w: 9, cin: 1, cout: 3, k: 3, stride: 2, padding: 'valid', relu: false },
    { batch: 2, h: 7, w: 9, cin: 3, cout: 5, k: 3, stride: 1, padding: 'same', relu: false },
    { batch: 2, h: 7, w: 9, cin: 6, cout: 4, k: 3, stride: 2, padding: 'same', relu: true },
    { batch: 1, h: 6, w: 5, cin: 2, cout: 3, k: 2, stride: 1, padding: 'same', relu: false }, // asymmetric padding
    { batch: 2, h: 8, w: 8, cin: 3, cout: 2, k: 4, stride: 2, padding: 'same', relu: false },
  ];
  it.each(cases.map((c) => [name(c), c] as const))('equals a float64 loop: %s', (_, c) => {
    const { layer, x, xv, wv, bv } = setUp(c, 1);
    const want = reference(c, xv, wv, bv);
    const y = layer.apply(x);
    expect(y.shape).toEqual([c.batch, want.outH, want.outW, c.cout]);
    expect(layer.outputShape(x.shape)).toEqual(y.shape);
    expectClose(y.dataSync(), want.y, 1e-5);
    // and tfjs's own conv2d (forward only: that exists on wasm) + bias
    const plain = plainConv2d(x, layer.weight, layer.bias, optionsOf(c));
    expectClose(y.dataSync(), plain.dataSync(), 1e-5);
    tf.dispose([x, y, plain]);
    layer.dispose();
  });

  it('casts a non-float input', () => {
    const c: Case = { batch: 1, h: 4, w: 4, cin: 2, cout: 3, k: 3, stride: 1, padding: 'valid', relu: false };
    const { layer, x, xv, wv, bv } = setUp(c, 2);
    const ints = tf.tensor4d(Int32Array.from(xv, (v) => Math.round(v * 3)), x.shape as [number, number, number, number], 'int32');
    const want = reference(c, Float64Array.from(xv, (v) => Math.round(v * 3)), wv, bv).y;
    const y = layer.apply(ints);
    expectClose(y.dataSync(), want, 1e-5);
    tf.dispose([x, ints, y]);
    layer.dispose();
  });
});

describe('Conv2d gradients against float64 central differences', () => {
  // L = sum(y * r) for a fixed random r; the tfjs gradients (float32) must equal central finite
  // differences of the float64 reference within 1e-4 * max(1, largest gradient): float32 rounding
  // of sums of at most a few hundred terms is ~1e-6 relative. With a ReLU the difference step is
  // 1e-7 and every pre-activation is checked to lie farther than 1e-5 from the kink. Each case runs
  // with both ways of computing dW; stride 1 takes the convolution for dx, stride 2 col2im.
  const cases: Case[] = [
    { batch: 2, h: 6, w: 7, cin: 3, cout: 4, k: 3, stride: 1, padding: 'valid', relu: false },
    { batch: 2, h: 6, w: 7, cin: 3, cout: 4, k: 3, stride: 2, padding: 'valid', relu: false },
    { batch: 2, h: 6, w: 7, cin: 3, cout: 4, k: 3, stride: 1, padding: 'same', relu: true },
    { batch: 2, h: 7, w: 6, cin: 2, cout: 5, k: 3, stride: 2, padding: 'same', relu: true },
    { batch: 1, h: 5, w: 6, cin: 2, cout: 3, k: 2, stride: 1, padding: 'same', relu: false },
    { batch: 2, h: 8, w: 7, cin: 2, cout: 3, k: 4, stride: 3, padding: 'same', relu: false },
    { batch: 3, h: 9, w: 8, cin: 2, cout: 3, k: 3, stride: 2, padding: 'valid', relu: true }, // stride leaves a row unread
  ];
  const modes = ['im2col', 'correlation'] as const;
  const runs = cases.flatMap((c) => modes.map((m) => [`${name(c)}, dW by ${m}`, c, m] as const));
  it.each(runs)('weight, bias and input: %s', (_, c, mode) => {
    const { layer, x, xv, wv, bv } = setUp(c, 3);
    const base = reference(c, xv, wv, bv);
    const rng = new Random(4);
    const r = draw(rng, base.y.length);
    const loss = (xa: Float64Array, wa: Float64Array, ba: Float64Array): number => {
      const { y } = reference(c, xa, wa, ba);
      let s = 0;
      for (let i = 0; i < y.length; i++) s += y[i]! * r[i]!;
      return s;
    };
    const h = c.relu ? 1e-7 : 1e-3;
    if (c.relu) expect(Math.min(...Array.from(base.z, Math.abs))).toBeGreaterThan(1e-5);
    const numeric = (target: Float64Array, at: (t: Float64Array) => number): Float64Array => {
      const g = new Float64Array(target.length);
      for (let i = 0; i < target.length; i++) {
        const v = target[i]!;
        target[i] = v + h;
        const plus = at(target);
        target[i] = v - h;
        const minus = at(target);
        target[i] = v;
        g[i] = (plus - minus) / (2 * h);
      }
      return g;
    };
    const wantX = numeric(xv, (t) => loss(t, wv, bv));
    const wantW = numeric(wv, (t) => loss(xv, t, bv));
    const wantB = numeric(bv, (t) => loss(xv, wv, t));

    const xVar = tf.variable(x);
    const rT = tf.tensor4d(Float32Array.from(r), [c.batch, base.outH, base.outW, c.cout]);
    conv2dGradientSettings.weightGrad = mode;
    try {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(xVar), rT)) as tf.Scalar, [xVar, layer.weight, layer.bias]);
      expect(value.dataSync()[0]).toBeCloseTo(loss(xv, wv, bv), 4);
      const check = (got: Tensor, want: Float64Array): void => {
        const tol = 1e-4 * Math.max(1, ...Array.from(want, Math.abs));
        expect(got.shape.reduce((a, s) => a * s, 1)).toBe(want.length);
        expectClose(got.dataSync(), want, tol);
      };
      check(grads[layer.weight.name]!, wantW);
      check(grads[layer.bias.name]!, wantB);
      check(grads[xVar.name]!, wantX);
      expect(grads[layer.weight.name]!.shape).toEqual(layer.weight.shape);
      expect(grads[xVar.name]!.shape).toEqual(x.shape);
      tf.dispose([value, ...Object.values(grads)]);
    } finally {
      conv2dGradientSettings.weightGrad = 'auto';
      tf.dispose([x, xVar, rT]);
      layer.dispose();
    }
  });

  it('skips the input gradient when the input does not depend on a trained variable', async () => {
    // a first layer fed with observations: no dx, whether it would be a convolution with x's shape
    // as output (stride 1) or the product dy . W^T of shape [positions, kh*kw*in] (other strides)
    expect(tf.getBackend()).toBe('wasm'); // the fast path is the one under test
    for (const stride of [1, 2]) {
      const c: Case = { batch: 4, h: 10, w: 10, cin: 4, cout: 16, k: 3, stride, padding: 'valid', relu: true };
      const { layer, x } = setUp(c, 5);
      const positions = c.batch * conv2dOutputSize(10, 3, stride) ** 2;
      type Kernel = { name: string; outputShapes: number[][] };
      const dxKernel = (kernels: Kernel[]): boolean =>
        kernels.some((k) =>
          k.outputShapes.some(
            (s) => (k.name === 'Conv2D' && s.join() === x.shape.join()) || (s.length === 2 && s[0] === positions && s[1] === 3 * 3 * c.cin),
          ),
        );
      const kernelsOf = async (vars: tf.Variable[]): Promise<Kernel[]> => {
        const info = await tf.profile(() => {
          const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(vars.length === 3 ? vars[2]! : x)) as tf.Scalar, vars);
          tf.dispose([value, ...Object.values(grads)]);
        });
        return info.kernels as unknown as Kernel[];
      };
      expect(dxKernel(await kernelsOf([layer.weight, layer.bias]))).toBe(false);
      const xVar = tf.variable(x);
      expect(dxKernel(await kernelsOf([layer.weight, layer.bias, xVar]))).toBe(true); // the probe sees it when needed
      tf.dispose([x, xVar]);
      layer.dispose();
    }
  });

  it('equals tfjs\'s own conv2d gradients on the cpu backend', async () => {
    // the cpu backend has Conv2DBackpropFilter, so tfjs differentiates tf.conv2d there
    const previous = tf.getBackend();
    await tf.setBackend('cpu');
    try {
      const c: Case = { batch: 2, h: 7, w: 8, cin: 3, cout: 4, k: 3, stride: 2, padding: 'same', relu: true };
      const { layer, x } = setUp(c, 6);
      const xVar = tf.variable(x);
      const gradsOf = (f: typeof plainConv2d): Float32Array[] =>
        tf.tidy(() => {
          const vars = [xVar, layer.weight, layer.bias];
          const { value, grads } = tf.variableGrads(
            () => tf.sum(tf.square(f(xVar, layer.weight, layer.bias, optionsOf(c)))) as tf.Scalar,
            vars,
          );
          return [value.dataSync() as Float32Array, ...vars.map((v) => grads[v.name]!.dataSync() as Float32Array)];
        });
      const want = gradsOf(plainConv2d);
      const got = gradsOf(conv2dForward);
      want.forEach((w, i) => expectClose(got[i]!, w, 1e-4 * Math.max(1, ...Array.from(w, Math.abs))));
      tf.dispose([x, xVar]);
      layer.dispose();
    } finally {
      await tf.setBackend(previous);
    }
  });
});

describe('Conv2d module', () => {
  it('initializes like torch.nn.Conv2d from the seed, weight in layout order then bias', () => {
    const layer = new Conv2d(4, 16, 3, new Random(7));
    const again = new Conv2d(4, 16, 3, new Random(7));
    const bound = 1 / Math.sqrt(4 * 3 * 3);
    const w = layer.weight.dataSync();
    const b = layer.bias.dataSync();
    expect(layer.weight.shape).toEqual([3, 3, 4, 16]);
    expect(layer.bias.shape).toEqual([16]);
    expect(Math.max(...Array.from(w, Math.abs), ...Array.from(b, Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...Array.from(w, Math.abs))).toBeGreaterThan(0.9 * bound); // spread over the range
    expect(Array.from(again.weight.dataSync())).toEqual(Array.from(w));
    expect(Array.from(again.bias.dataSync())).toEqual(Array.from(b));
    const rng = new Random(7);
    const draws = Array.from({ length: w.length + b.length }, () => Math.fround(rng.uniform(-bound, bound)));
    expect(Array.from(w)).toEqual(draws.slice(0, w.length));
    expect(Array.from(b)).toEqual(draws.slice(w.length));
    expect(layer.variables).toEqual([layer.weight, layer.bias]);
    expect(layer.weight.name).not.toBe(again.weight.name);
    layer.dispose();
    again.dispose();
  });

  it('clones into independent variables with the same options', () => {
    const layer = new Conv2d(2, 3, 3, new Random(8), { stride: 2, padding: 'same', activation: 'relu' });
    const copy = layer.clone();
    expect(copy.variables.map((v) => v.name)).not.toEqual(layer.variables.map((v) => v.name));
    expect([copy.stride, copy.padding, copy.activation]).toEqual([2, 'same', 'relu']);
    const x = tf.randomUniform([2, 5, 5, 2], -1, 1, 'float32', 9);
    const before = copy.apply(x).dataSync().slice();
    expectClose(layer.apply(x).dataSync(), before, 0);
    layer.weight.assign(tf.zerosLike(layer.weight));
    layer.bias.assign(tf.onesLike(layer.bias));
    expectClose(copy.apply(x).dataSync(), before, 0); // the copy keeps its values
    expect(Array.from(layer.apply(x).dataSync()).every((v) => v === 1)).toBe(true);
    layer.dispose();
    expectClose(copy.apply(x).dataSync(), before, 0); // and outlives the original
    copy.dispose();
    x.dispose();
  });

  it('leaks no tensors over repeated forward and backward passes', () => {
    for (const [activation, weightGrad] of [
      ['linear', 'im2col'],
      ['relu', 'correlation'],
    ] as const) {
      conv2dGradientSettings.weightGrad = weightGrad;
      const layer = new Conv2d(4, 16, 3, new Random(10), { activation, padding: 'same', stride: weightGrad === 'im2col' ? 2 : 1 });
      const x = tf.randomUniform([3, 10, 10, 4], 0, 1, 'float32', 11);
      const xVar = tf.variable(x);
      const step = (vars: tf.Variable[], input: Tensor): void => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(input))) as tf.Scalar, vars);
        tf.dispose([value, ...Object.values(grads)]);
        tf.tidy(() => {
          layer.apply(input);
        });
      };
      const body = (): void => {
        for (let i = 0; i < 5; i++) {
          step([layer.weight, layer.bias], x); // first layer: no dx
          step([layer.weight, layer.bias, xVar], xVar); // with dx
        }
      };
      expectNoTensorLeak(body, body);
      conv2dGradientSettings.weightGrad = 'auto';
      tf.dispose([x, xVar]);
      layer.dispose();
    }
  });

  it('rejects bad inputs with what was received and what was expected', () => {
    const layer = new Conv2d(4, 16, 3, new Random(12));
    const bad = (shape: number[]): (() => void) => () => tf.tidy(() => layer.apply(tf.zeros(shape)));
    expect(bad([10, 10, 4])).toThrow(ShapeError);
    expect(bad([10, 10, 4])).toThrow('Conv2d(4, 16, 3) received input of shape [10, 10, 4]; it must be [batch, height, width, 4]');
    expect(bad([2, 10, 10, 3])).toThrow('received input of shape [2, 10, 10, 3]; it must be [batch, height, width, 4] (NHWC, channels last)');
    expect(bad([2, 4, 10, 10])).toThrow(ShapeError); // NCHW
    expect(bad([2, 2, 10, 4])).toThrow("with 'valid' padding its height and width must be at least the kernel size 3");
    expect(() => new Conv2d(0, 16, 3, new Random(1))).toThrow(ConfigError);
    expect(() => new Conv2d(4, 16, 2.5, new Random(1))).toThrow('Conv2d: kernelSize must be a positive integer; received 2.5');
    expect(() => new Conv2d(4, 16, 3, new Random(1), { stride: 0 })).toThrow('stride must be a positive integer');
    expect(() => new Conv2d(4, 16, 3, new Random(1), { padding: 'full' as Conv2dPadding })).toThrow("padding must be 'valid' or 'same'");
    const weight = tf.zeros([3, 3, 16, 4]);
    const bias = tf.zeros([16]);
    expect(() => new Conv2d(4, 16, 3, { weight, bias })).toThrow(
      'Conv2d(4, 16, 3) received weight [3, 3, 16, 4] and bias [16]; they must be [3, 3, 4, 16] and [16]',
    );
    expect(() => conv2dForward(tf.zeros([1, 5, 5, 4]), weight, bias)).toThrow(ShapeError);
    tf.dispose([weight, bias]);
    layer.dispose();
  });
});
