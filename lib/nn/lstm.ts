/**
 * A long short-term memory layer (Hochreiter and Schmidhuber 1997,
 * https://www.bioinf.jku.at/publications/older/2604.pdf) in the form PyTorch's `torch.nn.LSTM`
 * computes, as a Module (lib/nn/module.ts) that runs one step (acting, with a carried state) or
 * a whole time-major sequence with episode resets (training recurrent agents, R2D2: Kapturowski
 * et al. 2019, https://openreview.net/forum?id=r1lyTjAqYX).
 *
 *   z = x Wx + h Wh + b;  i, f, o = sigmoid(z_i, z_f, z_o);  g = tanh(z_g)
 *   c' = f * c + i * g;   h' = o * tanh(c')
 *
 * Speed (why it is written this way): tfjs kernels cost ~10 us each on wasm and the autodiff of a
 * step-by-step LSTM records ~15 kernels per step forward and twice as many backward, with a
 * transposed (slow on wasm, DESIGN section 7) matmul per step. Here:
 * - the input projection x Wx + b of all steps is one dense kernel (lib/nn/fast_dense.ts) before
 *   the loop, so its gradient (dWx, db, dx) is three large matmuls after it;
 * - the recurrence is one `tf.customGrad` op whose backward pass is written out by hand: per step
 *   a few elementwise kernels and one plain matmul with Wh^T (transposed once per call), and the
 *   recurrent weight gradient dWh is one [4H, T*B] x [T*B, H] product after the loop;
 * - on wasm that recurrence runs as two host kernels instead (lib/backend/lstm_kernel.ts: per
 *   step one SIMD product and one SIMD loop for the gates, no per-step tensors), which halved a
 *   recurrent Q update (112 -> 57 ms); the tensor version stays for other backends and as the
 *   tests' reference.
 * The gradient is tested against finite differences (__tests__/nn/lstm.test.ts).
 *
 * Deliberate differences from torch.nn.LSTM: one bias (PyTorch has b_ih + b_hh, the same function);
 * the gates are laid out [i, f, o, g] (PyTorch: [i, f, g, o]) so one sigmoid covers three gates;
 * initialization is PyTorch's U(-1/sqrt(H), 1/sqrt(H)) for every weight and the bias.
 */
import { ShapeError } from '../core/errors';
import { Random } from '../core/random';
import { tf, type Tensor, type Variable } from '../tf';
import { hasKernel, parallelMatMul } from '../backend/kernels';
import { LSTM_FORWARD_KERNEL, lstmBackwardOnHost, lstmForwardOnHost } from '../backend/lstm_kernel';
import { simdMatMulKernels } from '../backend/simd_matmul';
import { dense } from './fast_dense';
import { makeVariable, type ApplyOptions, type Module } from './module';

let lstmCounter = 0;

/** Initial values of an LSTM's variables: a seeded Random or explicit tensors to copy. */
export type LstmInit = Random | { inputWeight: Tensor; recurrentWeight: Tensor; bias: Tensor };

/**
 * LSTM layer. `apply(x)` with `x` `[batch, in]` runs one step; with `options.resets` (`[time,
 * batch]`, 1 where an episode starts) `x` is a time-major sequence `[time, batch, in]` and the
 * result is `[time, batch, hidden]`. The state at the start comes from `options.state[key]`
 * (`[h, c]`, each `[batch, hidden]`; zeros when absent) and the state at the end is written to
 * `options.nextState[key]` when given.
 */
export class Lstm implements Module {
  /** Input weight [in, 4 * hidden], gates [i, f, o, g]. */
  readonly inputWeight: Variable;
  /** Recurrent weight [hidden, 4 * hidden]. */
  readonly recurrentWeight: Variable;
  /** Bias [4 * hidden]. */
  readonly bias: Variable;
  /** Key of this layer's entry in a RecurrentState (kept by `clone`, so target copies share it). */
  readonly key: string;

  /**
   * @param inFeatures input width
   * @param hidden width of h and c
   * @param init a seeded Random (PyTorch's initialization) or tensors to copy
   * @param key RecurrentState key; default a unique `lstm_<n>`
   */
  constructor(
    readonly inFeatures: number,
    readonly hidden: number,
    init: LstmInit = new Random(),
    key?: string,
  ) {
    if (!Number.isInteger(inFeatures) || inFeatures < 1 || !Number.isInteger(hidden) || hidden < 1) {
      throw new ShapeError(`Lstm(${inFeatures}, ${hidden}): the input and hidden sizes must be positive integers`);
    }
    lstmCounter += 1;
    this.key = key ?? `lstm_${lstmCounter}`;
    if (init instanceof Random) {
      const bound = 1 / Math.sqrt(hidden);
      const fill = (n: number): Float32Array => {
        const v = new Float32Array(n);
        for (let i = 0; i < n; i++) v[i] = init.uniform(-bound, bound);
        return v;
      };
      this.inputWeight = makeVariable(tf.tensor2d(fill(inFeatures * 4 * hidden), [inFeatures, 4 * hidden]), 'lstm_wx');
      this.recurrentWeight = makeVariable(tf.tensor2d(fill(hidden * 4 * hidden), [hidden, 4 * hidden]), 'lstm_wh');
      this.bias = makeVariable(tf.tensor1d(fill(4 * hidden)), 'lstm_b');
    } else {
      this.inputWeight = makeVariable(init.inputWeight.clone(), 'lstm_wx');
      this.recurrentWeight = makeVariable(init.recurrentWeight.clone(), 'lstm_wh');
      this.bias = makeVariable(init.bias.clone(), 'lstm_b');
    }
  }

  get variables(): readonly Variable[] {
    return [this.inputWeight, this.recurrentWeight, this.bias];
  }

  /** The zero state `[h, c]` for a batch; the caller owns the tensors. */
  initialState(batch: number): Tensor[] {
    return [tf.zeros([batch, this.hidden]), tf.zeros([batch, this.hidden])];
  }

  apply(x: Tensor, options?: ApplyOptions): Tensor {
    const sequence = options?.resets !== undefined;
    const expectedRank = sequence ? 3 : 2;
    if (x.rank !== expectedRank || x.shape[expectedRank - 1] !== this.inFeatures) {
      throw new ShapeError(
        `Lstm(${this.inFeatures}, ${this.hidden}) received input of shape [${x.shape.join(', ')}]; expected ` +
          (sequence ? `[time, batch, ${this.inFeatures}] (a sequence, since resets were given)` : `[batch, ${this.inFeatures}] (one step)`),
      );
    }
    const batch = x.shape[expectedRank - 2]!;
    const given = options?.state?.[this.key];
    let h: Tensor;
    let c: Tensor;
    if (given !== undefined) {
      if (given.length !== 2 || given.some((t) => t.rank !== 2 || t.shape[0] !== batch || t.shape[1] !== this.hidden)) {
        throw new ShapeError(
          `Lstm "${this.key}": the given state must be [h, c], each [${batch}, ${this.hidden}]; received ` +
            `[${given.map((t) => `[${t.shape.join(', ')}]`).join(', ')}]`,
        );
      }
      [h, c] = given as [Tensor, Tensor];
    } else {
      [h, c] = this.initialState(batch) as [Tensor, Tensor];
    }
    if (!sequence) {
      const [hNext, cNext] = this.step(x, h, c);
      if (options?.nextState !== undefined) options.nextState[this.key] = [hNext, cNext];
      return hNext;
    }
    const resets = options!.resets!;
    const time = x.shape[0]!;
    if (resets.rank !== 2 || resets.shape[0] !== time || resets.shape[1] !== batch) {
      throw new ShapeError(`Lstm "${this.key}": resets must be [${time}, ${batch}] to match the input; received [${resets.shape.join(', ')}]`);
    }
    const xw = tf.reshape(dense(tf.reshape(x, [time * batch, this.inFeatures]), this.inputWeight, this.bias), [time, batch, 4 * this.hidden]);
    const keep = tf.sub(1, tf.reshape(tf.cast(resets, 'float32'), [time, batch, 1]));
    const out = lstmSequence(xw, keep, h, c, this.recurrentWeight);
    const hs = tf.slice(out, [0, 0, 0], [time, batch, this.hidden]);
    if (options?.nextState !== undefined) {
      const hT = tf.reshape(tf.slice(out, [time - 1, 0, 0], [1, batch, this.hidden]), [batch, this.hidden]);
      const cT = tf.reshape(tf.slice(out, [time, 0, 0], [1, batch, this.hidden]), [batch, this.hidden]);
      options.nextState[this.key] = [hT, cT];
    }
    return hs;
  }

  /** One step from (h, c): the fewest kernels (acting path, also differentiable by autodiff). */
  private step(x: Tensor, h: Tensor, c: Tensor): [Tensor, Tensor] {
    const H = this.hidden;
    const z = tf.add(dense(x, this.inputWeight, this.bias), parallelMatMul(h as tf.Tensor2D, this.recurrentWeight as unknown as tf.Tensor2D));
    const [zs, zg] = tf.split(z, [3 * H, H], 1) as [Tensor, Tensor];
    const [i, f, o] = tf.split(tf.sigmoid(zs), 3, 1) as [Tensor, Tensor, Tensor];
    const g = tf.tanh(zg);
    const cNext = tf.add(tf.mul(f, c), tf.mul(i, g));
    const hNext = tf.mul(o, tf.tanh(cNext));
    return [hNext, cNext];
  }

  clone(): Lstm {
    return new Lstm(
      this.inFeatures,
      this.hidden,
      { inputWeight: this.inputWeight, recurrentWeight: this.recurrentWeight, bias: this.bias },
      this.key,
    );
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/**
 * The LSTM recurrence over a sequence as one differentiable op with a hand-written backward pass.
 * @param xw input projections x Wx + b, [T, B, 4H]
 * @param keep 1 - resets, [T, B, 1]: the state is multiplied by it before each step
 * @param h0 initial h [B, H]
 * @param c0 initial c [B, H]
 * @param wh recurrent weight [H, 4H]
 * @returns [T + 1, B, H]: h_1..h_T, then c_T in the last row; the caller owns it
 */
export function lstmSequence(xw: Tensor, keep: Tensor, h0: Tensor, c0: Tensor, wh: Tensor): Tensor {
  return LSTM_HOST_KERNELS.enabled && hasKernel(LSTM_FORWARD_KERNEL) && simdMatMulKernels() !== undefined
    ? lstmSequenceOnHost(xw, keep, h0, c0, wh)
    : lstmSequenceTensors(xw, keep, h0, c0, wh);
}

/** Switch for tests and benchmarks: false keeps the recurrence on tensor ops on every backend. */
export const LSTM_HOST_KERNELS = { enabled: true };

/** `lstmSequence` with the host kernels of lib/backend/lstm_kernel.ts (wasm). */
function lstmSequenceOnHost(xw: Tensor, keep: Tensor, h0: Tensor, c0: Tensor, wh: Tensor): Tensor {
  const [T, B, G] = xw.shape as [number, number, number];
  const H = G / 4;
  const op = tf.customGrad(((xwIn: Tensor, keepIn: Tensor, hIn: Tensor, cIn: Tensor, whIn: Tensor, save: tf.GradSaveFunc) => {
    const [out, hp, cp, act, tc] = lstmForwardOnHost(xwIn, keepIn, hIn, cIn, whIn) as [Tensor, Tensor, Tensor, Tensor, Tensor];
    save([hp, cp, act, tc, keepIn, whIn]);
    const gradFunc = (dy: Tensor | Tensor[], saved: Tensor[]): Tensor[] => {
      const [hpS, cpS, actS, tcS, keepS, whS] = saved as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
      const [dxw, dh0, dc0] = lstmBackwardOnHost(dy as Tensor, cpS, actS, tcS, keepS, whS) as [Tensor, Tensor, Tensor];
      const dwh = recurrentWeightGradient(dxw, hpS, T * B, H, G);
      return [dxw, tf.zerosLike(keepS), dh0, dc0, dwh];
    };
    return { value: out, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(xw, keep, h0, c0, wh);
}

/** dWh = sum_t hp_t^T dz_t = (dZ^T HP)^T with dZ [T*B, 4H] and HP [T*B, H]: plain matmuls only. */
function recurrentWeightGradient(dz: Tensor, hp: Tensor, rows: number, H: number, G: number): Tensor {
  const dzFlat = tf.reshape(dz, [rows, G]) as tf.Tensor2D;
  const hpFlat = tf.reshape(hp, [rows, H]) as tf.Tensor2D;
  return tf.transpose(parallelMatMul(tf.transpose(dzFlat) as tf.Tensor2D, hpFlat));
}

/** `lstmSequence` as tensor ops (any backend). */
function lstmSequenceTensors(xw: Tensor, keep: Tensor, h0: Tensor, c0: Tensor, wh: Tensor): Tensor {
  const [T, B, G] = xw.shape as [number, number, number];
  const H = G / 4;
  const op = tf.customGrad(((xwIn: Tensor, keepIn: Tensor, hIn: Tensor, cIn: Tensor, whIn: Tensor, save: tf.GradSaveFunc) => {
    const xs = tf.unstack(xwIn);
    const ks = tf.unstack(keepIn);
    let h = hIn;
    let c = cIn;
    const hs: Tensor[] = [];
    // saved per step: hp (masked h_{t-1}), cp (masked c_{t-1}), s (sigmoid gates), g, tanh(c_t)
    const savedSteps: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      const k = ks[t]!;
      const hp = tf.mul(h, k);
      const cp = tf.mul(c, k);
      const z = tf.add(xs[t]!, parallelMatMul(hp as tf.Tensor2D, whIn as tf.Tensor2D));
      const [zs, zg] = tf.split(z, [3 * H, H], 1) as [Tensor, Tensor];
      const s = tf.sigmoid(zs);
      const [i, f, o] = tf.split(s, 3, 1) as [Tensor, Tensor, Tensor];
      const g = tf.tanh(zg);
      c = tf.add(tf.mul(f, cp), tf.mul(i, g));
      const tc = tf.tanh(c);
      h = tf.mul(o, tc);
      hs.push(h);
      savedSteps.push(hp, cp, s, g, tc);
    }
    save([...savedSteps, keepIn, whIn]);
    const value = tf.stack([...hs, c]);
    const gradFunc = (dy: Tensor | Tensor[], saved: Tensor[]): Tensor[] => {
      const dys = tf.unstack(dy as Tensor);
      const whS = saved[saved.length - 1]!;
      const keepS = tf.unstack(saved[saved.length - 2]!);
      const whT = tf.transpose(whS);
      let dhNext = tf.zeros([B, H]);
      let dcNext = dys[T]!;
      const dzs: Tensor[] = new Array<Tensor>(T);
      const hps: Tensor[] = new Array<Tensor>(T);
      for (let t = T - 1; t >= 0; t--) {
        const [hp, cp, s, g, tc] = saved.slice(5 * t, 5 * t + 5) as [Tensor, Tensor, Tensor, Tensor, Tensor];
        hps[t] = hp;
        const [i, f, o] = tf.split(s, 3, 1) as [Tensor, Tensor, Tensor];
        const dh = tf.add(dys[t]!, dhNext);
        const dOut = tf.mul(dh, tc);
        const dc = tf.add(dcNext, tf.mul(tf.mul(dh, o), tf.sub(1, tf.square(tc))));
        const di = tf.mul(dc, g);
        const df = tf.mul(dc, cp);
        const dg = tf.mul(dc, i);
        const dzs3 = tf.mul(tf.concat([di, df, dOut], 1), tf.mul(s, tf.sub(1, s)));
        const dzg = tf.mul(dg, tf.sub(1, tf.square(g)));
        const dz = tf.concat([dzs3, dzg], 1);
        dzs[t] = dz;
        const k = keepS[t]!;
        dhNext = tf.mul(parallelMatMul(dz as tf.Tensor2D, whT as tf.Tensor2D), k);
        dcNext = tf.mul(tf.mul(dc, f), k);
      }
      const dxw = tf.stack(dzs);
      const dwh = recurrentWeightGradient(dxw, tf.stack(hps), T * B, H, G);
      return [dxw, tf.zerosLike(saved[saved.length - 2]!), dhNext, dcNext, dwh];
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(xw, keep, h0, c0, wh);
}
