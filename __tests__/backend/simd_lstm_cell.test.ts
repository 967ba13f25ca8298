import { Random } from '../../lib/core/random';
import { computeOnHost } from '../../lib/backend/host_compute';
import { simdLstmCell } from '../../lib/backend/simd_lstm_cell';
import { tf } from '../../lib/tf';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

describe('simdLstmCell (one LSTM step elementwise, 128-bit SIMD on the wasm heap)', () => {
  it('matches the cell computed in double precision, across exp\'s range and past its clamps', () => {
    const cell = simdLstmCell();
    expect(cell).toBeDefined();
    const rows = 5;
    const H = 12;
    const G = 4 * H;
    const rng = new Random(0);
    // pre-activations from tiny to far beyond exp's range (clamped there), and the usual scale
    const scales = [1e-4, 1, 5, 30, 120];
    const draw = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => rng.normal() * scales[i % scales.length]!);
    const xw = draw(rows * G);
    const z0 = draw(rows * G);
    const cp = draw(rows * H);
    const [z, c, tc, h] = tf.tidy(() => {
      const outs = computeOnHost([tf.tensor(xw), tf.tensor(z0), tf.tensor(cp)], [[rows * G], [rows * H], [rows * H], [rows * H]], (ins, o) => {
        o[0]!.set(ins[1]!);
        expect(cell!.step(ins[0]!, o[0]!, ins[2]!, o[1]!, o[2]!, o[3]!, rows, H)).toBe(true);
      });
      return outs.map((t) => t.dataSync() as Float32Array);
    }) as [Float32Array, Float32Array, Float32Array, Float32Array];
    let worstSigmoidRel = 0;
    let worstTanhAbs = 0;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < H; j++) {
        const pre = (g: number): number => Math.fround(xw[r * G + g * H + j]! + z0[r * G + g * H + j]!);
        const i = sigmoid(pre(0));
        const f = sigmoid(pre(1));
        const o = sigmoid(pre(2));
        const g = Math.tanh(pre(3));
        for (const [got, want] of [[z[r * G + j]!, i], [z[r * G + H + j]!, f], [z[r * G + 2 * H + j]!, o]] as const) {
          worstSigmoidRel = Math.max(worstSigmoidRel, Math.abs(got - want) / Math.max(want, 1e-30));
        }
        worstTanhAbs = Math.max(worstTanhAbs, Math.abs(z[r * G + 3 * H + j]! - g));
        const k = r * H + j;
        // the cell from the stored gates, as the kernel forms it
        const cWant = z[r * G + H + j]! * cp[k]! + z[r * G + j]! * z[r * G + 3 * H + j]!;
        expect(Math.abs(c[k]! - cWant)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(cWant)));
        worstTanhAbs = Math.max(worstTanhAbs, Math.abs(tc[k]! - Math.tanh(c[k]!)));
        expect(Math.abs(h[k]! - z[r * G + 2 * H + j]! * tc[k]!)).toBeLessThanOrEqual(1e-7);
      }
    }
    // sigmoid below 1e-38 is flushed by exp's clamp: those lanes are exactly 0 or tiny; the rest a few ulps
    expect(worstSigmoidRel).toBeLessThan(2e-6);
    expect(worstTanhAbs).toBeLessThan(3e-7);
  });

  it('refuses a width that is not a multiple of 4', () => {
    expect(() => simdLstmCell()!.step(new Float32Array(12), new Float32Array(12), new Float32Array(3), new Float32Array(3),
      new Float32Array(3), new Float32Array(3), 1, 3)).toThrow(/multiple of 4/);
  });
});
