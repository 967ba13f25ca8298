/**
 * The LSTM recurrence of lib/nn/lstm.ts over a whole sequence, forward and backward, as one host
 * kernel each on the wasm heap: per step one SIMD product with the recurrent weight
 * (lib/backend/simd_matmul.ts) and the cell's elementwise work as one JavaScript loop.
 *
 * Why: as tensor ops each step is ~15 kernels forward and ~25 backward (splits, sigmoid, tanh,
 * products, sums), each with tfjs's fixed cost, on [32, 128] tensors, and unstacking the
 * [T, B, 4H] input took milliseconds on wasm. Profile of one recurrent Q update (32 sequences x 21
 * steps, MLP(128)-LSTM(128)-MLP(512)): 100 ms, of which about 45 ms were those small kernels and
 * unstacks (Unpack 22 ms, Tanh 7.5, SplitV 7.1, Multiply 3.6, ...). Here a step is one product
 * and one loop, reading the input and writing the outputs in place.
 *
 * The numbers differ from the tensor ops only in the last bits (the loop computes the activations
 * in double precision and rounds once; the product sums in another order than XNNPACK's); the
 * tests compare both paths and check the gradient against finite differences.
 *
 * Forward `AlltsLstmForward`: inputs xw [T, B, 4H] (x Wx + b), keep [T, B, 1] (1 - resets), h0 and
 * c0 [B, H], wh [H, 4H] (gates [i, f, o, g]); outputs
 *   out [T + 1, B, H]: h_1..h_T, then c_T;
 *   hp, cp [T, B, H]: the masked previous h and c of each step (the state the step started from);
 *   act [T, B, 4H]: sigmoid(z) for i, f, o and tanh(z) for g;
 *   tc [T, B, H]: tanh(c_t).
 * Backward `AlltsLstmBackward`: inputs dy [T + 1, B, H] and the forward's cp, act, tc, keep and wh; outputs dxw [T, B, 4H] (= dz, the gradient of the pre-activations), dh0, dc0 [B, H]. The
 * recurrent weight's gradient sum_t hp_t^T dz_t is one large product the caller forms from dxw and hp.
 */
import { tf, type Tensor } from '../tf';
import { heapKernel, type KernelFunc } from './host_compute';
import { simdLstmCell } from './simd_lstm_cell';
import { simdMatMulKernels } from './simd_matmul';

/** Name of the forward kernel. */
export const LSTM_FORWARD_KERNEL = 'AlltsLstmForward';
/** Name of the backward kernel. */
export const LSTM_BACKWARD_KERNEL = 'AlltsLstmBackward';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Switch for tests and benchmarks: false runs the cell's elementwise step as the JavaScript loop. */
export const LSTM_SIMD_CELL = { enabled: true };

/**
 * One step's elementwise work in JavaScript (widths that are not a multiple of 4, or no SIMD):
 * the gates written over z (which holds h_prev . Wh), then c, tanh(c) and h, as
 * lib/backend/simd_lstm_cell.ts computes them.
 */
function cellStep(x: Float32Array, z: Float32Array, cp: Float32Array, c: Float32Array, tc: Float32Array, h: Float32Array,
  B: number, H: number): void {
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    const row = b * G;
    for (let j = 0; j < H; j++) {
      z[row + j] = sigmoid(Math.fround(x[row + j]! + z[row + j]!));
      z[row + H + j] = sigmoid(Math.fround(x[row + H + j]! + z[row + H + j]!));
      z[row + 2 * H + j] = sigmoid(Math.fround(x[row + 2 * H + j]! + z[row + 2 * H + j]!));
      z[row + 3 * H + j] = Math.tanh(Math.fround(x[row + 3 * H + j]! + z[row + 3 * H + j]!));
      const k = b * H + j;
      // the stored (float32) gates, as the backward pass reads them
      c[k] = Math.fround(z[row + H + j]! * cp[k]!) + Math.fround(z[row + j]! * z[row + 3 * H + j]!);
      tc[k] = Math.tanh(c[k]!);
      h[k] = z[row + 2 * H + j]! * tc[k]!;
    }
  }
}

/** The forward kernel on wasm with SIMD products; undefined elsewhere. */
export function lstmForwardKernel(backendName: string): KernelFunc | undefined {
  return heapKernel(backendName, (heap, inputs) => {
    const { xw, keep, h0, c0, wh } = inputs;
    const [T, B, G] = xw!.shape as [number, number, number];
    const H = G / 4;
    const infos = [[T + 1, B, H], [T, B, H], [T, B, H], [T, B, G], [T, B, H]].map((s) => heap.makeOutput(s, 'float32'));
    const simd = simdMatMulKernels();
    if (simd === undefined) throw new Error(`${LSTM_FORWARD_KERNEL} needs the SIMD products of lib/backend/simd_matmul.ts (wasm backend)`);
    const cell = LSTM_SIMD_CELL.enabled ? simdLstmCell() : undefined;
    // views after every allocation: an allocation can grow the heap and detach earlier views
    const [x, k, h0v, c0v, w] = [xw!, keep!, h0!, c0!, wh!].map((i) => heap.typedArrayFromHeap(i)) as Float32Array[];
    const [out, hp, cp, act, tc] = infos.map((i) => heap.typedArrayFromHeap(i)) as Float32Array[];
    const BH = B * H;
    const c = out!.subarray(T * BH); // the running cell state; c_T at the end
    c.set(c0v!);
    for (let t = 0; t < T; t++) {
      const hPrev = t === 0 ? h0v! : out!.subarray((t - 1) * BH, t * BH);
      const hpT = hp!.subarray(t * BH, (t + 1) * BH);
      const cpT = cp!.subarray(t * BH, (t + 1) * BH);
      for (let b = 0; b < B; b++) {
        const kb = k![t * B + b]!;
        for (let j = b * H; j < (b + 1) * H; j++) {
          hpT[j] = hPrev[j]! * kb;
          cpT[j] = c[j]! * kb;
        }
      }
      const z = act!.subarray(t * B * G, (t + 1) * B * G);
      simd.gemm(hpT, H, 1, w!, undefined, z, B, H, G, false);
      const xT = x!.subarray(t * B * G, (t + 1) * B * G);
      const tcT = tc!.subarray(t * BH, (t + 1) * BH);
      const hT = out!.subarray(t * BH, (t + 1) * BH);
      if (cell === undefined || H % 4 !== 0 || !cell.step(xT, z, cpT, c, tcT, hT, B, H)) cellStep(xT, z, cpT, c, tcT, hT, B, H);
    }
    return infos;
  });
}

/** The backward kernel on wasm with SIMD products; undefined elsewhere. */
export function lstmBackwardKernel(backendName: string): KernelFunc | undefined {
  return heapKernel(backendName, (heap, inputs) => {
    const { dy, cp, act, tc, keep, wh } = inputs;
    const [T, B, G] = act!.shape as [number, number, number];
    const H = G / 4;
    const infos = [[T, B, G], [B, H], [B, H]].map((s) => heap.makeOutput(s, 'float32'));
    const simd = simdMatMulKernels();
    if (simd === undefined) throw new Error(`${LSTM_BACKWARD_KERNEL} needs the SIMD products of lib/backend/simd_matmul.ts (wasm backend)`);
    const [d, cpv, a, tcv, k, w] = [dy!, cp!, act!, tc!, keep!, wh!].map((i) => heap.typedArrayFromHeap(i)) as Float32Array[];
    const [dz, dhN, dcN] = infos.map((i) => heap.typedArrayFromHeap(i)) as Float32Array[];
    const BH = B * H;
    dhN!.fill(0); // the gradient flowing into h_t from step t + 1 (dh0 at the end)
    dcN!.set(d!.subarray(T * BH, (T + 1) * BH)); // into c_t from step t + 1 (dc0 at the end)
    for (let t = T - 1; t >= 0; t--) {
      const dzT = dz!.subarray(t * B * G, (t + 1) * B * G);
      for (let b = 0; b < B; b++) {
        const kb = k![t * B + b]!;
        const row = t * B * G + b * G;
        for (let j = 0; j < H; j++) {
          const cell = b * H + j;
          const s = t * BH + cell;
          const i = a![row + j]!;
          const f = a![row + H + j]!;
          const o = a![row + 2 * H + j]!;
          const g = a![row + 3 * H + j]!;
          const tct = tcv![s]!;
          const dh = d![s]! + dhN![cell]!;
          const dc = dcN![cell]! + dh * o * (1 - tct * tct);
          dzT[b * G + j] = dc * g * i * (1 - i);
          dzT[b * G + H + j] = dc * cpv![s]! * f * (1 - f);
          dzT[b * G + 2 * H + j] = dh * tct * o * (1 - o);
          dzT[b * G + 3 * H + j] = dc * i * (1 - g * g);
          dcN![cell] = dc * f * kb;
        }
      }
      // dh_{t-1} = (dz_t Wh^T) masked by keep_t
      simd.gemmNT(dzT, w!, dhN!, B, G, H);
      for (let b = 0; b < B; b++) {
        const kb = k![t * B + b]!;
        if (kb !== 1) for (let j = b * H; j < (b + 1) * H; j++) dhN![j] = dhN![j]! * kb;
      }
    }
    return infos;
  });
}

/** The forward kernel's outputs: [out, hp, cp, act, tc] (the caller owns them). */
export function lstmForwardOnHost(xw: Tensor, keep: Tensor, h0: Tensor, c0: Tensor, wh: Tensor): Tensor[] {
  return tf.engine().runKernel(LSTM_FORWARD_KERNEL, { xw, keep, h0, c0, wh }) as unknown as Tensor[];
}

/** The backward kernel's outputs: [dxw, dh0, dc0] (the caller owns them). */
export function lstmBackwardOnHost(dy: Tensor, cp: Tensor, act: Tensor, tc: Tensor, keep: Tensor, wh: Tensor): Tensor[] {
  return tf.engine().runKernel(LSTM_BACKWARD_KERNEL, { dy, cp, act, tc, keep, wh }) as unknown as Tensor[];
}
