/**
 * A 2-D convolution layer (torch.nn.Conv2d's role in ALL's MinAtar and Atari models), NHWC, that
 * trains on the wasm backend and is fast there.
 *
 * Why a kernel of our own: tfjs's wasm backend has Conv2D, FusedConv2D and Conv2DBackpropInput
 * but no Conv2DBackpropFilter, so `tf.conv2d` cannot be differentiated with respect to its filter
 * there at all. The kernel `AlltsConv2d` runs the backend's FusedConv2D (XNNPACK: bias and ReLU
 * inside the convolution, one kernel per forward pass) and registers a gradient whose three parts
 * are lazy, so tfjs computes only those the requested variables need (a first layer fed with
 * observations never computes dx). Each part avoids wasm's slow paths (transposed matmuls, its
 * naive Conv2DBackpropInput, reductions over a leading axis):
 *   dW  host im2col^T then one plain matmul, or, when the patch matrix would be large, an XNNPACK
 *       convolution of x (batch as channels) by dy as the filter (see weightGrad);
 *   db  a host loop over dy;
 *   dx  at stride 1 an XNNPACK convolution of dy by the flipped filter, else a plain matmul with
 *       the transposed filter and a host col2im (see inputGrad);
 * with the fused ReLU, dy is first masked by (y > 0) (Step and Multiply kernels: a host loop's
 * data-dependent branch mispredicts on every other value and measured ~8x slower).
 *
 * Alternatives measured for the forward pass (bench/conv2d.ts and one-off scripts; 2-core machine
 * shared with another busy process, tfjs 4.22 wasm SIMD), C->16 3x3 valid on 10x10 at batch 32:
 *   - im2col from tf ops that have gradients on wasm (kh*kw slices + concat, then `denseRelu`):
 *     about 1.6 ms more per forward than FusedConv2D (~0.12 ms at C = 4): wasm's Slice and Concat
 *     copy with one TypedArray.set per contiguous run, here a few pixels;
 *   - tf.gather with a precomputed index (one kernel): 2-3 ms (wasm's Gather is slow per element),
 *     and its gradient needs UnsortedSegmentSum, which wasm lacks;
 *   - host im2col + one fused matmul: ~0.25 ms, twice FusedConv2D.
 * The result (bench/conv2d.ts, which has the whole table): this layer's forward + backward for
 * W and b at batch 32 takes 0.68 ms for C = 4 and 0.94 ms for C = 10 (tf-op im2col: 2.8 and 4.3);
 * the MinAtar network's forward at batch 1 takes 0.033 ms, as with tf.conv2d.
 *
 * Other backends (native TensorFlow, cpu) take `plainConv2d` (tf.conv2d + bias + ReLU with
 * tfjs's own gradients), as lib/nn/fast_dense.ts does for dense layers.
 *
 * Deliberate differences from torch.nn.Conv2d: NHWC input and output (tfjs's layout; flattening
 * an NHWC map orders features (h, w, c), torch's NCHW gives (c, h, w)); weights stored
 * [kh, kw, in, out] (tfjs's filter layout; torch stores [out, in, kh, kw]); 'same' padding pads as
 * TensorFlow does (the extra row/column at the bottom/right) and allows any stride; no dilation
 * or groups. The kernel is registered here, on first use, rather than in lib/backend/kernels.ts:
 * it serves only this layer, and its gradient is built from this file's host loops.
 */
import { ConfigError, ShapeError } from '../core/errors';
import { Random } from '../core/random';
import { computeOnHost } from '../backend/host_memory';
import { parallelMatMul } from '../backend/kernels';
import { tf, type Tensor, type Variable } from '../tf';
import { makeVariable, type ApplyOptions, type Module } from './module';

/** 'valid': no padding; 'same': zero padding so that the output has ceil(size / stride) positions. */
export type Conv2dPadding = 'valid' | 'same';

/** Options of Conv2d and of the conv2d functions. */
export interface Conv2dOptions {
  /** Step between kernel positions, in pixels, along height and width. Default 1 (torch's). */
  stride?: number;
  /** Default 'valid' (torch's default padding=0). */
  padding?: Conv2dPadding;
  /** 'relu' applies a ReLU inside the same kernel (saves a kernel per pass); default 'linear' (none). */
  activation?: 'linear' | 'relu';
}

/**
 * Number of output positions along one spatial dimension (the formula of tfjs and TensorFlow).
 * @param inSize input height or width, pixels
 * @param kernel kernel height or width
 * @param stride step between kernel positions. Default 1
 * @param padding Default 'valid'
 * @returns ceil((inSize - kernel + 1) / stride) for 'valid' (0 when the kernel does not fit),
 *   ceil(inSize / stride) for 'same'
 */
export function conv2dOutputSize(inSize: number, kernel: number, stride = 1, padding: Conv2dPadding = 'valid'): number {
  if (padding === 'same') return Math.ceil(inSize / stride);
  return Math.max(0, Math.ceil((inSize - kernel + 1) / stride));
}

/** Name of the convolution kernel (see the file header). */
export const CONV2D_KERNEL = 'AlltsConv2d';

/** Attributes of AlltsConv2d. */
interface ConvAttrs {
  strides: [number, number];
  pad: Conv2dPadding;
  activation: 'linear' | 'relu';
}

/** Everything the gradient needs to know about one convolution (from tfjs's own Conv2DInfo). */
interface Geometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  outH: number;
  outW: number;
  outC: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
}

function geometry(xShape: readonly number[], wShape: readonly number[], strides: [number, number], pad: Conv2dPadding): Geometry {
  // tfjs's own geometry, so the pads are exactly those of the forward kernel
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    wShape as [number, number, number, number],
    strides,
    1,
    pad,
  );
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    kh: info.filterHeight,
    kw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    padTop: info.padInfo.top,
    padBottom: info.padInfo.bottom,
    padLeft: info.padInfo.left,
    padRight: info.padInfo.right,
  };
}

/** The output positions o in [lo, hi) whose input position o * stride + offset lies in [0, size). */
function inside(outSize: number, stride: number, offset: number, size: number): [number, number] {
  const lo = Math.max(0, Math.ceil(-offset / stride));
  const hi = Math.min(outSize, Math.floor((size - 1 - offset) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

/**
 * The transposed patch matrix: out[(p, q, c), (b, i, j)] = x[b, i*sh + p - padTop, j*sw + q - padLeft, c]
 * (0 in the padding), shape [kh*kw*C, B*outH*outW], rows in the weight's layout order.
 */
function im2colT(x: Float32Array, out: Float32Array, g: Geometry): void {
  const { batch, inH, inW, inC, kh, kw, sh, sw, outH, outW, padTop, padLeft } = g;
  const step = sw * inC;
  let o = 0;
  for (let p = 0; p < kh; p++) {
    const [i0, i1] = inside(outH, sh, p - padTop, inH);
    for (let q = 0; q < kw; q++) {
      const [j0, j1] = inside(outW, sw, q - padLeft, inW);
      for (let c = 0; c < inC; c++) {
        for (let b = 0; b < batch; b++) {
          for (let i = 0; i < outH; i++) {
            if (i < i0 || i >= i1) {
              out.fill(0, o, o + outW);
              o += outW;
              continue;
            }
            // x index of (b, i*sh + p - padTop, j*sw + q - padLeft, c) at j = 0
            const base = ((b * inH + i * sh + p - padTop) * inW + q - padLeft) * inC + c;
            if (j0 > 0) out.fill(0, o, o + j0);
            let src = base + j0 * step;
            for (let j = j0; j < j1; j++, src += step) out[o + j] = x[src]!;
            if (j1 < outW) out.fill(0, o + j1, o + outW);
            o += outW;
          }
        }
      }
    }
  }
}

/** dx[b, h, w, c] = sum of dp[(b, i, j), (p, q, c)] over the patches that read x[b, h, w, c]. */
function col2im(dp: Float32Array, dx: Float32Array, g: Geometry): void {
  const { batch, inH, inW, inC, kh, kw, sh, sw, outH, outW, padTop, padLeft } = g;
  const rowLen = kh * kw * inC;
  dx.fill(0);
  let n = 0;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++, n++) {
        const row = n * rowLen;
        for (let p = 0; p < kh; p++) {
          const h = i * sh + p - padTop;
          if (h < 0 || h >= inH) continue;
          for (let q = 0; q < kw; q++) {
            const w = j * sw + q - padLeft;
            if (w < 0 || w >= inW) continue;
            const src = row + (p * kw + q) * inC;
            const dst = ((b * inH + h) * inW + w) * inC;
            for (let c = 0; c < inC; c++) dx[dst + c]! += dp[src + c]!;
          }
        }
      }
    }
  }
}

/**
 * How AlltsConv2d's gradient computes dW: 'auto' picks per call (see weightGrad); tests and
 * bench/conv2d.ts force one of the two to compare them.
 */
export const conv2dGradientSettings: { weightGrad: 'auto' | 'im2col' | 'correlation' } = { weightGrad: 'auto' };

/**
 * dW [kh, kw, C, out] from x and g (the masked upstream gradient [B, outH, outW, out]), the
 * cheaper of two ways on wasm. Both pay XNNPACK's repacking of the [N, out] operand (N = B*outH*outW):
 * - im2col: the transposed patch matrix [kh*kw*C, N] written on the host, then one plain matmul;
 * - correlation: an XNNPACK convolution of x with batch and channels swapped, [C, H, W, B], by g
 *   as the filter [outH, outW, B, out] (dilated by the stride), after two transposes; it never
 *   writes the kh*kw-fold patch matrix.
 * Measured (batch 32, 10x10, 3x3 -> 16, ms): C = 4 im2col 0.43, correlation 0.48; C = 10 0.82 and
 * 0.65. So correlation when the patch matrix has more than twice as many values as x and g
 * together (here from C = 6 on).
 */
function weightGrad(x: Tensor, g: Tensor, geo: Geometry, wShape: readonly number[]): Tensor {
  const rows = geo.kh * geo.kw * geo.inC;
  const n = geo.batch * geo.outH * geo.outW;
  const mode = conv2dGradientSettings.weightGrad;
  if (mode === 'correlation' || (mode === 'auto' && rows * n > 2 * (x.size + g.size))) return weightGradByCorrelation(x, g, geo);
  const [patchesT] = computeOnHost([x], [[rows, n]], ([xs], [out]) => im2colT(xs!, out!, geo));
  return tf.reshape(parallelMatMul(patchesT as tf.Tensor2D, tf.reshape(g, [n, geo.outC]) as tf.Tensor2D), [...wShape]);
}

/**
 * dW[p, q, c, o] = sum over b, i, j of x[b, i*sh + p - padTop, j*sw + q - padLeft, c] g[b, i, j, o]:
 * a valid correlation over (i, j) with batch as the channel sum. Its output covers at least
 * kh x kw positions (more when the stride leaves rows unread), so the first kh x kw are kept.
 */
function weightGradByCorrelation(x: Tensor, g: Tensor, geo: Geometry): Tensor {
  const { kh, kw, sh, sw, inC, outC, padTop, padBottom, padLeft, padRight } = geo;
  const xT = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D; // [C, H, W, B]
  const gT = tf.transpose(g, [1, 2, 0, 3]) as tf.Tensor4D; // [outH, outW, B, out]
  const pad: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [padTop, padBottom],
    [padLeft, padRight],
    [0, 0],
  ];
  let r = tf.conv2d(xT, gT, 1, pad, 'NHWC', [sh, sw]); // [C, >= kh, >= kw, out]
  if (r.shape[1] !== kh || r.shape[2] !== kw) r = tf.slice(r, [0, 0, 0, 0], [inC, kh, kw, outC]);
  return tf.transpose(r, [1, 2, 0, 3]);
}

/**
 * db = sum of g over batch and positions, on the host: four columns at a time in local (double)
 * accumulators (~1 ns per value; tf.sum over axis 0 and ones . g, which repacks g, cost ~6x more).
 */
function biasGrad(g: Tensor, geo: Geometry): Tensor {
  const outC = geo.outC;
  const [db] = computeOnHost([g], [[outC]], ([gs], [out]) => {
    const v = gs!;
    const o = out!;
    for (let c = 0; c < outC; c += 4) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let k = c; k < v.length; k += outC) {
        a0 += v[k]!;
        if (c + 1 < outC) a1 += v[k + 1]!;
        if (c + 2 < outC) a2 += v[k + 2]!;
        if (c + 3 < outC) a3 += v[k + 3]!;
      }
      o[c] = a0;
      if (c + 1 < outC) o[c + 1] = a1;
      if (c + 2 < outC) o[c + 2] = a2;
      if (c + 3 < outC) o[c + 3] = a3;
    }
  });
  return db!;
}

/**
 * dx, two ways. At stride 1 an XNNPACK convolution of g, padded by kh-1-padTop rows before (and
 * so on), by W flipped in space with in and out swapped (measured at batch 32, 10x10, 3x3 -> 16:
 * 0.35 ms for C = 4, 0.70 for C = 16). At other strides, col2im(g . W^T): a plain matmul with the
 * small explicit transpose of W, then a scatter-add on the host (0.54 and 1.5 ms for the same
 * sizes at stride 1). wasm's Conv2DBackpropInput is a naive loop: 1.4 and 5.4 ms.
 */
function inputGrad(g: Tensor, w: Tensor, geo: Geometry, xShape: readonly number[]): Tensor {
  const { kh, kw, sh, sw, inH, inW, outH, outW, padTop, padLeft, inC, outC } = geo;
  if (sh === 1 && sw === 1) {
    const flipped = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D; // [kh, kw, out, C]
    const pad: [[number, number], [number, number], [number, number], [number, number]] = [
      [0, 0],
      [kh - 1 - padTop, inH - outH + padTop],
      [kw - 1 - padLeft, inW - outW + padLeft],
      [0, 0],
    ];
    return tf.conv2d(g as tf.Tensor4D, flipped, 1, pad);
  }
  const rows = kh * kw * inC;
  const n = geo.batch * outH * outW;
  const wT = tf.transpose(tf.reshape(w, [rows, outC])) as tf.Tensor2D;
  const dp = parallelMatMul(tf.reshape(g, [n, outC]) as tf.Tensor2D, wT);
  const [dx] = computeOnHost([dp], [xShape], ([dps], [out]) => col2im(dps!, out!, geo));
  return dx!;
}

function registerGradient(): void {
  if (tf.getGradient(CONV2D_KERNEL) !== undefined) return;
  tf.registerGradient({
    kernelName: CONV2D_KERNEL,
    inputsToSave: ['x', 'w'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, w, y] = saved as [Tensor, Tensor, Tensor];
      const { strides, pad, activation } = attrs as unknown as ConvAttrs;
      const geo = geometry(x.shape, w.shape, strides, pad);
      // eager, as the mask is shared by the three parts (each runs in its own tidy scope)
      const g = activation === 'relu' ? tf.mul(dy as Tensor, tf.step(y)) : (dy as Tensor);
      return {
        x: () => inputGrad(g, w, geo, x.shape),
        w: () => weightGrad(x, g, geo, w.shape),
        b: () => biasGrad(g, geo),
      };
    },
  });
}

/** Per backend name: whether AlltsConv2d is registered there. */
const kernelBackends = new Map<string, boolean>();

/**
 * True when AlltsConv2d runs on the active backend, registering it (and its gradient) on first
 * call. It needs the backend's FusedConv2D; tensors are read on the host in the gradient, which
 * is cheap on wasm and cpu (lib/backend/host_memory.ts) and correct, but slow, elsewhere.
 */
export function hasConv2dKernel(): boolean {
  const backendName = tf.getBackend();
  const known = kernelBackends.get(backendName);
  if (known !== undefined) return known;
  let ok = tf.getKernel(CONV2D_KERNEL, backendName) !== undefined; // registered by another copy of this module
  const fused = tf.getKernel('FusedConv2D', backendName);
  if (!ok && fused !== undefined) {
    tf.registerKernel({
      kernelName: CONV2D_KERNEL,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { x, w, b } = inputs as { x: tf.TensorInfo; w: tf.TensorInfo; b: tf.TensorInfo };
        const { strides, pad, activation } = attrs as unknown as ConvAttrs;
        return fused.kernelFunc({
          inputs: { x, filter: w, bias: b },
          backend,
          attrs: { strides, pad, dataFormat: 'NHWC', dilations: [1, 1], activation, leakyreluAlpha: 0 },
        }) as tf.TensorInfo;
      },
    });
    ok = true;
  }
  if (ok) registerGradient();
  kernelBackends.set(backendName, ok);
  return ok;
}

function checkOperands(fn: string, x: Tensor, w: Tensor, b: Tensor): void {
  if (w.rank !== 4 || b.rank !== 1 || b.shape[0] !== w.shape[3]) {
    throw new ShapeError(
      `${fn}: weight must be [kh, kw, in, out] and bias [out]; received weight [${w.shape.join(', ')}], bias [${b.shape.join(', ')}]`,
    );
  }
  if (x.rank !== 4 || x.shape[3] !== w.shape[2]) {
    throw new ShapeError(
      `${fn}: input has shape [${x.shape.join(', ')}] but must be [batch, height, width, ${w.shape[2]}] (NHWC) to match weight [${w.shape.join(', ')}]`,
    );
  }
}

function attrsOf(options: Conv2dOptions): ConvAttrs {
  const stride = options.stride ?? 1;
  return { strides: [stride, stride], pad: options.padding ?? 'valid', activation: options.activation ?? 'linear' };
}

function asFloat(x: Tensor): Tensor {
  return x.dtype === 'float32' ? x : tf.cast(x, 'float32');
}

/**
 * act(conv(x, W) + b) as the AlltsConv2d kernel, with the lazy gradient of the file header.
 * Falls back to `plainConv2d` on a backend without FusedConv2D.
 * @param x input [batch, height, width, in] (NHWC); cast to float32 if needed
 * @param w weight [kh, kw, in, out]
 * @param b bias [out]
 * @param options stride, padding, activation
 * @returns [batch, outHeight, outWidth, out]; the caller owns it.
 * @throws ShapeError when the shapes do not fit together
 */
export function conv2dForward(x: Tensor, w: Tensor, b: Tensor, options: Conv2dOptions = {}): Tensor {
  checkOperands('conv2dForward', x, w, b);
  if (!hasConv2dKernel()) return plainConv2d(x, w, b, options);
  const attrs = attrsOf(options) as unknown as tf.NamedAttrMap;
  if (x.dtype === 'float32') return tf.engine().runKernel(CONV2D_KERNEL, { x, w, b }, attrs) as Tensor;
  return tf.tidy(() => tf.engine().runKernel(CONV2D_KERNEL, { x: tf.cast(x, 'float32'), w, b }, attrs) as Tensor);
}

/**
 * act(tf.conv2d(x, W) + b) with tfjs's own gradients. On wasm it cannot be differentiated with
 * respect to W (no Conv2DBackpropFilter there); use `conv2d`.
 * @param x input [batch, height, width, in] (NHWC)
 * @param w weight [kh, kw, in, out]
 * @param b bias [out]
 * @param options stride, padding, activation
 * @returns [batch, outHeight, outWidth, out]; the caller owns it.
 * @throws ShapeError when the shapes do not fit together
 */
export function plainConv2d(x: Tensor, w: Tensor, b: Tensor, options: Conv2dOptions = {}): Tensor {
  checkOperands('plainConv2d', x, w, b);
  const { strides, pad, activation } = attrsOf(options);
  return tf.tidy(() => {
    const y = tf.add(tf.conv2d(asFloat(x) as tf.Tensor4D, w as tf.Tensor4D, strides, pad), b);
    return activation === 'relu' ? tf.relu(y) : y;
  });
}

/** Backends on which `conv2d` takes the AlltsConv2d kernel. */
export const FAST_CONV2D_BACKENDS: readonly string[] = ['wasm'];

/**
 * act(conv(x, W) + b), the implementation `Conv2d` uses: `conv2dForward` on the backends listed
 * in FAST_CONV2D_BACKENDS, `plainConv2d` elsewhere.
 * @param x input [batch, height, width, in] (NHWC)
 * @param w weight [kh, kw, in, out]
 * @param b bias [out]
 * @param options stride, padding, activation
 * @returns [batch, outHeight, outWidth, out]; the caller owns it.
 * @throws ShapeError when the shapes do not fit together
 */
export function conv2d(x: Tensor, w: Tensor, b: Tensor, options: Conv2dOptions = {}): Tensor {
  return FAST_CONV2D_BACKENDS.includes(tf.getBackend()) ? conv2dForward(x, w, b, options) : plainConv2d(x, w, b, options);
}

/**
 * 2-D convolution over NHWC images, y = act(conv(x, W) + b), initialized like torch.nn.Conv2d:
 * weight and bias uniform in +-1/sqrt(fanIn), fanIn = in * kh * kw (torch's kaiming_uniform with
 * a = sqrt(5) gives that bound). Drawn from the Random in a fixed order: every weight element in
 * layout order [kh, kw, in, out] (row-major), then the bias.
 */
export class Conv2d implements Module {
  readonly weight: Variable;
  readonly bias: Variable;
  readonly stride: number;
  readonly padding: Conv2dPadding;
  readonly activation: 'linear' | 'relu';

  /**
   * @param inChannels channels of the input (its last dimension)
   * @param outChannels channels of the output (number of filters)
   * @param kernelSize kernel height and width, pixels
   * @param init a seeded Random, or a fixed `{ weight [kh, kw, in, out], bias [out] }` pair to copy
   * @param options stride (default 1), padding (default 'valid'), activation (default 'linear')
   * @throws ConfigError for sizes that are not positive integers or an unknown padding or activation
   * @throws ShapeError when a given weight or bias has the wrong shape
   */
  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    init: Random | { weight: Tensor; bias: Tensor },
    options: Conv2dOptions = {},
  ) {
    const { stride = 1, padding = 'valid', activation = 'linear' } = options;
    for (const [name, v] of [
      ['inChannels', inChannels],
      ['outChannels', outChannels],
      ['kernelSize', kernelSize],
      ['stride', stride],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ConfigError(`Conv2d: ${name} must be a positive integer; received ${v}`);
    }
    if (padding !== 'valid' && padding !== 'same') throw new ConfigError(`Conv2d: padding must be 'valid' or 'same'; received ${String(padding)}`);
    if (activation !== 'linear' && activation !== 'relu') {
      throw new ConfigError(`Conv2d: activation must be 'linear' or 'relu'; received ${String(activation)}`);
    }
    this.stride = stride;
    this.padding = padding;
    this.activation = activation;
    const shape: [number, number, number, number] = [kernelSize, kernelSize, inChannels, outChannels];
    if (init instanceof Random) {
      const bound = 1 / Math.sqrt(inChannels * kernelSize * kernelSize);
      const w = new Float32Array(kernelSize * kernelSize * inChannels * outChannels);
      for (let i = 0; i < w.length; i++) w[i] = init.uniform(-bound, bound);
      const b = new Float32Array(outChannels);
      for (let i = 0; i < b.length; i++) b[i] = init.uniform(-bound, bound);
      this.weight = makeVariable(tf.tensor4d(w, shape), 'conv2d_w');
      this.bias = makeVariable(tf.tensor1d(b), 'conv2d_b');
    } else {
      const { weight, bias } = init;
      if (weight.shape.join() !== shape.join() || bias.shape.join() !== String(outChannels)) {
        throw new ShapeError(
          `Conv2d(${inChannels}, ${outChannels}, ${kernelSize}) received weight [${weight.shape.join(', ')}] and bias ` +
            `[${bias.shape.join(', ')}]; they must be [${shape.join(', ')}] and [${outChannels}]`,
        );
      }
      this.weight = makeVariable(weight.clone(), 'conv2d_w');
      this.bias = makeVariable(bias.clone(), 'conv2d_b');
    }
  }

  get variables(): readonly Variable[] {
    return [this.weight, this.bias];
  }

  /** The output shape for an input of shape [batch, height, width, inChannels]. */
  outputShape(inputShape: readonly number[]): [number, number, number, number] {
    const [batch, h, w] = inputShape as [number, number, number];
    return [
      batch,
      conv2dOutputSize(h, this.kernelSize, this.stride, this.padding),
      conv2dOutputSize(w, this.kernelSize, this.stride, this.padding),
      this.outChannels,
    ];
  }

  apply(x: Tensor, _options?: ApplyOptions): Tensor {
    const name = `Conv2d(${this.inChannels}, ${this.outChannels}, ${this.kernelSize})`;
    if (x.rank !== 4 || x.shape[3] !== this.inChannels) {
      throw new ShapeError(
        `${name} received input of shape [${x.shape.join(', ')}]; it must be [batch, height, width, ${this.inChannels}] ` +
          `(NHWC, channels last)`,
      );
    }
    const [, outH, outW] = this.outputShape(x.shape);
    if (outH < 1 || outW < 1) {
      throw new ShapeError(
        `${name} received input of shape [${x.shape.join(', ')}]; with 'valid' padding its height and width must be ` +
          `at least the kernel size ${this.kernelSize} (or use padding 'same')`,
      );
    }
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, activation: this.activation });
  }

  clone(): Conv2d {
    return new Conv2d(
      this.inChannels,
      this.outChannels,
      this.kernelSize,
      { weight: this.weight, bias: this.bias },
      { stride: this.stride, padding: this.padding, activation: this.activation },
    );
  }

  dispose(): void {
    this.weight.dispose();
    this.bias.dispose();
  }
}
