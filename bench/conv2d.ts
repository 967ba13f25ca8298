/**
 * Conv2d speed on the MinAtar network: conv(C->16, 3x3, valid) -> ReLU -> flatten ->
 * dense(1024->128) -> ReLU -> dense(128->6), on 10x10xC observations, C = 4 and 10.
 *
 * Implementations of the convolution, alternating each round, best of several rounds (the
 * machine is shared, so the minimum is the least disturbed):
 * - "ours": Conv2d with activation 'relu' (lib/nn/conv2d.ts: the AlltsConv2d kernel);
 * - "slices": im2col from tf ops that have gradients on wasm (kh*kw tf.slice + tf.concat), then
 *   `denseRelu` (lib/nn/fast_dense.ts), the obvious way to train a convolution on wasm;
 * - "tf.conv2d": tfjs's fused conv2d + bias + ReLU, forward only (on wasm it has no gradient
 *   with respect to the filter); the same XNNPACK kernel as ours, so it shows our wrapper's cost.
 * The dense layers are LinearRelu and Linear in every case.
 *
 * Figures (ms): layer = the convolution alone at batch 32, forward and backward from a given
 * upstream gradient, for (W, b) as a first layer does, and for (W, b, x); forward = one network
 * forward pass and the read-back of its output, as acting does; step = forward + backward +
 * FlatAdam update at batch 32, loss read back (as Approximation.reinforce); update = step plus a
 * target-network forward at batch 32 (the work of a DQN update).
 *
 * Measured (2-core machine, tfjs 4.22 wasm SIMD, Node 20). Other sessions kept one or both cores
 * busy throughout, so these are the best of 3 runs of 7 alternating rounds, and network steps
 * still varied by 30% between runs. The step figures come from the quietest run (one core busy),
 * made before dW by correlation existed, so C=10's 'ours' there used im2col (~0.15 ms more dW):
 *                                     ours  ours:im2col  ours:corr  unfused  slices  tf.conv2d  none
 *   C=4  layer (W, b)                 0.68     0.62        0.65      0.76    2.84
 *        layer (W, b, x)              1.04     0.93        1.18      1.32    5.90
 *        network forward, batch 1     0.033                          0.043   0.177    0.037
 *        network forward, batch 32    0.51                           0.51    2.32     0.50
 *        network step, batch 32       5.9                            5.9     8.2                 3.7
 *   C=10 layer (W, b)                 0.94     1.35        0.92      0.99    4.34
 *        layer (W, b, x)              1.75     2.00        1.67      1.63   14.3
 *        network forward, batch 1     0.041                          0.044   0.163    0.043
 *        network forward, batch 32    0.57                           0.59    2.35     0.58
 *        network step, batch 32       6.4                            6.1     8.7                 3.6
 * Reading: the convolution costs about 0.6-0.9 ms of a step (forward ~0.12, dW ~0.4); the fused
 * ReLU saves ~0.05-0.1 ms; tf-op im2col costs 2-4x more. The step is dominated by the rest:
 * measured alone at batch 32, FlatAdam over the network's 134k parameters 1.9-2.2 ms, the hidden
 * layer's dx (needed because the convolution below it trains; transpose of W + matmul) ~1.5 ms,
 * its forward with freshly updated W (XNNPACK repacks W) ~0.8 ms and its dW ~0.45 ms. So the
 * 'none' column (dense layers and Adam without that dx) is not the whole difference.
 * Since then (session 5) the optimizers' host loops run as WebAssembly SIMD on the heap
 * (lib/backend/simd_optimizers.ts: RMSprop over the 134k weights ~0.5 ms) and that dx is computed
 * as (W . dy^T)^T (lib/backend/kernels.ts: 1.8 -> 0.67 ms alone), both bit for bit as before; the
 * figures above predate them.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/conv2d.js [budget]`.
 */
import { Random } from '../lib/core/random';
import { Conv2d, conv2dGradientSettings } from '../lib/nn/conv2d';
import { denseRelu } from '../lib/nn/fast_dense';
import { LinearRelu } from '../lib/nn/linear_relu';
import { Linear } from '../lib/nn/module';
import { FlatAdam } from '../lib/optim/flat_adam';
import { initBackend, tf, type Tensor, type Variable } from '../lib/tf';

/**
 * How the network computes its convolution: 'ours' (Conv2d, ReLU fused), 'ours:im2col' and
 * 'ours:corr' (the same with dW forced to one way, see conv2dGradientSettings), 'unfused' (Conv2d
 * then tf.relu), 'slices' (tf-op im2col + denseRelu), 'tf.conv2d' (forward only), or 'none' (no
 * convolution: the dense layers read fixed features, to show what the rest of the network costs).
 */
type ConvImpl = 'ours' | 'ours:im2col' | 'ours:corr' | 'unfused' | 'slices' | 'tf.conv2d' | 'none';
const IMPLS: readonly ConvImpl[] = ['ours', 'ours:im2col', 'ours:corr', 'unfused', 'slices', 'tf.conv2d', 'none'];
/** The dW setting each implementation runs with. */
const WEIGHT_GRAD: Partial<Record<ConvImpl, 'im2col' | 'correlation'>> = { 'ours:im2col': 'im2col', 'ours:corr': 'correlation' };
/** Implementations that cannot be trained on wasm (no Conv2DBackpropFilter). */
const FORWARD_ONLY: readonly ConvImpl[] = ['tf.conv2d'];

/** relu(conv(x, W) + b), stride 1, valid, as kh*kw slices + concat + denseRelu. */
function slicesConv(x: Tensor, w: Tensor, b: Tensor): Tensor {
  const [batch, h, wd, c] = x.shape as [number, number, number, number];
  const [k, , , out] = w.shape as [number, number, number, number];
  const oh = h - k + 1;
  const ow = wd - k + 1;
  // slicing a [B, H, W*C] view copies runs of ow*C values (a [B, H, W, C] slice copies runs of C)
  const x3 = tf.reshape(x, [batch, h, wd * c]);
  const parts: Tensor[] = [];
  for (let p = 0; p < k; p++) for (let q = 0; q < k; q++) parts.push(tf.reshape(tf.slice(x3, [0, p, q * c], [batch, oh, ow * c]), [batch, oh, ow, c]));
  const patches = tf.reshape(tf.concat(parts, 3), [batch * oh * ow, k * k * c]);
  return tf.reshape(denseRelu(patches, tf.reshape(w, [k * k * c, out]), b), [batch, oh, ow, out]);
}

/** The convolution relu(conv(x, W) + b) of `conv`'s variables, computed by `impl`. */
function convolve(impl: ConvImpl, conv: Conv2d, unfused: Conv2d, x: Tensor): Tensor {
  switch (impl) {
    case 'ours':
    case 'ours:im2col':
    case 'ours:corr':
      return conv.apply(x);
    case 'unfused':
      return tf.relu(unfused.apply(x));
    case 'slices':
      return slicesConv(x, conv.weight, conv.bias);
    default:
      return tf.fused.conv2d({
        x: x as tf.Tensor4D,
        filter: conv.weight as unknown as tf.Tensor4D,
        strides: 1,
        pad: 'valid',
        bias: conv.bias,
        activation: 'relu',
      });
  }
}

/** The MinAtar network with one implementation of its convolution. */
class Net {
  readonly conv: Conv2d;
  /** The same variables as `conv`, without the fused ReLU. */
  readonly unfused: Conv2d;
  readonly hidden: LinearRelu;
  readonly head: Linear;
  private readonly features: Tensor;
  constructor(
    readonly channels: number,
    readonly impl: ConvImpl,
    rng: Random,
  ) {
    this.conv = new Conv2d(channels, 16, 3, rng, { activation: 'relu' });
    this.unfused = this.conv.clone();
    this.hidden = new LinearRelu(new Linear(1024, 128, rng));
    this.head = new Linear(128, 6, rng);
    this.features = tf.randomUniform([32, 1024], 0, 1, 'float32', 0);
  }
  get variables(): Variable[] {
    const conv = this.impl === 'none' ? [] : this.impl === 'unfused' ? this.unfused.variables : this.conv.variables;
    return [...conv, ...this.hidden.variables, ...this.head.variables];
  }
  apply(x: Tensor): Tensor {
    const batch = x.shape[0]!;
    const h = this.impl === 'none' ? tf.slice(this.features, 0, batch) : tf.reshape(convolve(this.impl, this.conv, this.unfused, x), [batch, -1]);
    return this.head.apply(this.hidden.apply(h));
  }
  dispose(): void {
    this.conv.dispose();
    this.unfused.dispose();
    this.hidden.dispose();
    this.head.dispose();
    this.features.dispose();
  }
}

/** Sparse binary observations, as MinAtar's (about 10% of the cells set). */
function observations(rng: Random, batch: number, channels: number): Float32Array {
  const data = new Float32Array(batch * 10 * 10 * channels);
  for (let i = 0; i < data.length; i++) data[i] = rng.random() < 0.1 ? 1 : 0;
  return data;
}

/** The measured calls of one implementation. */
interface Timers {
  /** Network forward at batch 1 and 32, output read back. */
  forward1: () => void;
  forward32: () => void;
  /** Network forward + backward + FlatAdam at batch 32, loss read back. */
  step: () => void;
  /** step plus a target-network forward at batch 32. */
  update: () => void;
  /** The convolution alone at batch 32: forward + backward for W and b, for W, b and x. */
  layer: () => void;
  layerDx: () => void;
  dispose: () => void;
}
type Figure = keyof Omit<Timers, 'dispose'>;

function timers(channels: number, impl: ConvImpl): Timers {
  const rng = new Random(0);
  const net = new Net(channels, impl, rng);
  const target = new Net(channels, impl, new Random(1));
  const optimizer = new FlatAdam(net.variables, 1e-4);
  const obs1 = observations(rng, 1, channels);
  const obs32 = observations(rng, 32, channels);
  const next32 = observations(rng, 32, channels);
  const goal = new Float32Array(32 * 6).map(() => rng.normal());
  const shape = (b: number): [number, number, number, number] => [b, 10, 10, channels];
  const forward = (obs: Float32Array, batch: number) => (): void => {
    tf.tidy(() => net.apply(tf.tensor4d(obs, shape(batch))).dataSync());
  };
  const step = (withTarget: boolean) => (): void => {
    tf.tidy(() => {
      const x = tf.tensor4d(obs32, shape(32));
      const y = withTarget ? tf.add(tf.tensor2d(goal, [32, 6]), tf.mul(0.99, target.apply(tf.tensor4d(next32, shape(32))))) : tf.tensor2d(goal, [32, 6]);
      const vars = net.variables;
      const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(net.apply(x), y))) as tf.Scalar, vars);
      value.dataSync();
      optimizer.applyGradients(vars.map((v) => grads[v.name]));
    });
  };
  // the layer alone: forward, then backward from a given upstream gradient r (no loss
  // kernels), the bias gradient read back
  const r = tf.randomNormal([32, 8, 8, 16], 0, 1, 'float32', 2);
  const x32 = tf.variable(tf.tensor4d(obs32, shape(32)));
  const layer = (withDx: boolean) => (): void => {
    tf.tidy(() => {
      const conv = impl === 'unfused' ? net.unfused : net.conv;
      const vars = withDx ? [...conv.variables, x32] : [...conv.variables];
      const { grads } = tf.engine().gradients(() => convolve(impl, net.conv, net.unfused, x32), vars, r);
      grads[1]!.dataSync();
    });
  };
  return {
    forward1: forward(obs1, 1),
    forward32: forward(obs32, 32),
    step: step(false),
    update: step(true),
    layer: layer(false),
    layerDx: layer(true),
    dispose: (): void => {
      optimizer.dispose();
      net.dispose();
      target.dispose();
      tf.dispose([r, x32]);
    },
  };
}

function time(f: () => void, n: number, impl: ConvImpl): number {
  conv2dGradientSettings.weightGrad = WEIGHT_GRAD[impl] ?? 'auto';
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / n;
  conv2dGradientSettings.weightGrad = 'auto';
  return ms;
}

/** Best-of-rounds ms of `which` for each implementation, alternating between them each round. */
function compare(all: ReadonlyMap<ConvImpl, Timers>, which: Figure, n: number, rounds = 7): Map<ConvImpl, number> {
  const best = new Map<ConvImpl, number>();
  for (let r = 0; r <= rounds; r++) {
    for (const [impl, t] of all) {
      const ms = time(t[which], r === 0 ? Math.max(2, n >> 2) : n, impl); // round 0 warms up
      if (r > 0) best.set(impl, Math.min(best.get(impl) ?? Infinity, ms));
    }
  }
  return best;
}

/** One row of the table. */
export interface Conv2dBenchResult {
  channels: number;
  figure: string;
  /** ms per call by implementation; missing where it cannot run (tf.conv2d has no filter gradient on wasm). */
  ms: Partial<Record<ConvImpl, number>>;
}

/**
 * Measures and prints the table.
 * @param budget calls per measurement round of a batch-1 forward; batch-32 figures run a tenth as many (default 400, or argv[2])
 */
export async function main(budget = Number(process.argv[2] ?? 400)): Promise<Conv2dBenchResult[]> {
  const backend = await initBackend();
  console.log(
    `MinAtar network conv(C->16,3x3,valid)+relu -> dense(1024->128)+relu -> dense(128->6), 10x10xC input: ms per call; ` +
      `backend ${backend}, Node ${process.version}`,
  );
  console.log(`${'C'.padStart(3)}  ${'figure'.padEnd(34)}${IMPLS.map((i) => i.padStart(12)).join('')}`);
  const trainable = (i: ConvImpl): boolean => !FORWARD_ONLY.includes(i);
  const forwardDiffers = (i: ConvImpl): boolean => WEIGHT_GRAD[i] === undefined; // forced dW changes no forward pass
  const figures: [string, Figure, number, (impl: ConvImpl) => boolean][] = [
    ['conv layer fwd+bwd (W, b), 32', 'layer', 10, (i) => i !== 'none' && trainable(i)],
    ['conv layer fwd+bwd (W, b, x), 32', 'layerDx', 10, (i) => i !== 'none' && trainable(i)],
    ['network forward, batch 1', 'forward1', 1, (i) => forwardDiffers(i) && i !== 'none'],
    ['network forward, batch 32', 'forward32', 10, (i) => forwardDiffers(i) && i !== 'none'],
    ['network step (fwd+bwd+Adam), 32', 'step', 10, trainable],
    ['network step + target fwd, 32', 'update', 10, (i) => trainable(i) && forwardDiffers(i)],
  ];
  const results: Conv2dBenchResult[] = [];
  for (const channels of [4, 10]) {
    const all = new Map(IMPLS.map((impl) => [impl, timers(channels, impl)] as const));
    for (const [figure, which, divisor, runs] of figures) {
      const subset = new Map([...all].filter(([impl]) => runs(impl)));
      const ms = Object.fromEntries(compare(subset, which, Math.ceil(budget / divisor))) as Partial<Record<ConvImpl, number>>;
      results.push({ channels, figure, ms });
      console.log(
        `${String(channels).padStart(3)}  ${figure.padEnd(34)}${IMPLS.map((i) => (ms[i] === undefined ? '-' : ms[i]!.toFixed(3)).padStart(12)).join('')}`,
      );
    }
    for (const t of all.values()) t.dispose();
  }
  return results;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
