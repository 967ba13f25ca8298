/**
 * One step of an LSTM cell's elementwise work as a WebAssembly 128-bit SIMD loop on the wasm
 * backend's heap (lib/backend/lstm_kernel.ts's forward kernel calls it once per time step):
 *
 *   i, f, o = sigmoid(xw + z),  g = tanh(xw + z)   (gates [i, f, o, g], written over z)
 *   c = f * cp + i * g,  tc = tanh(c),  h = o * tc
 *
 * Why: the sigmoids and tanhs dominate the step once the matrix product is SIMD; V8's Math.exp and
 * Math.tanh take 12-17 ns per value, so a recurrent Q update's two forward passes spent ~12 ms on
 * them. Here four lanes at a time with exp computed as in Cephes' expf (range reduction by ln 2
 * split in two constants, a degree-5 polynomial, the power of two built in the exponent bits),
 * sigmoid(x) = 1 / (1 + exp(-x)) and tanh(x) = 1 - 2 / (exp(2x) + 1) (inputs clamped to exp's
 * range). Accuracy: within a few float32 ulps of the exact function for sigmoid and exp, and within
 * 1e-7 absolute for tanh (tested against Math.exp / Math.tanh).
 *
 * Needs the hidden width H to be a multiple of 4; lib/backend/lstm_kernel.ts loops in JavaScript
 * otherwise.
 */
import { i32, op, v128, type WasmFunction } from './wasm_assembler';
import { heapModule, onHeap } from './wasm_heap';

/** The cell step bound to the heap. */
export interface SimdLstmCell {
  /**
   * One time step for `rows` sequences of width `hidden` (a multiple of 4). Arrays are heap views:
   * xw and z are [rows, 4 * hidden] (z holds h_prev . Wh on entry and the activated gates on exit);
   * cp, c, tc, h are [rows, hidden]. Returns false when an array is not on the heap.
   */
  step(xw: Float32Array, z: Float32Array, cp: Float32Array, c: Float32Array, tc: Float32Array, h: Float32Array,
    rows: number, hidden: number): boolean;
}

type Instr = number[];
const { localGet: get, localSet: set } = op;

// Cephes expf constants
const LOG2E = 1.44269504088896341;
const LN2_HI = 0.693359375;
const LN2_LO = -2.12194440e-4;
const EXP_POLY = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];
/** exp's input range: 2^n stays a normal float32 (n in [-125, 127]). */
const EXP_LO = -87;
const EXP_HI = 88;

function cellFunction(): WasmFunction {
  // params
  const [x, z, cp, c, tc, h, rows, hB] = [0, 1, 2, 3, 4, 5, 6, 7];
  // i32 locals
  const [b, j, xr, zr, cr, h2, h3, gB] = [8, 9, 10, 11, 12, 13, 14, 15];
  // v128 locals: constants, then temporaries
  let next = 16;
  const local = (): number => next++;
  const [ONE, TWO, LO, HI, L2E, C1, C2, I127] = [local(), local(), local(), local(), local(), local(), local(), local()];
  const P = EXP_POLY.map(() => local());
  const [S, E, T, FX, R, Y] = [local(), local(), local(), local(), local(), local()];
  const [I, F, O, G, C, TC] = [local(), local(), local(), local(), local(), local()];
  const vconst = (dst: number, value: number): Instr[] => [op.f32Const(value), op.f32x4Splat, set(dst)];
  /** dst = exp(src) (clamped to exp's range). */
  const expTo = (src: number, dst: number): Instr[] => [
    get(src), get(LO), op.f32x4Max, get(HI), op.f32x4Min, set(T),
    get(T), get(L2E), op.f32x4Mul, op.f32x4Nearest, set(FX),
    get(T), get(FX), get(C1), op.f32x4Mul, op.f32x4Sub, get(FX), get(C2), op.f32x4Mul, op.f32x4Sub, set(R),
    get(P[0]!),
    ...P.slice(1).flatMap((p): Instr[] => [get(R), op.f32x4Mul, get(p), op.f32x4Add]),
    get(R), op.f32x4Mul, get(R), op.f32x4Mul, get(R), op.f32x4Add, get(ONE), op.f32x4Add, set(Y),
    get(Y), get(FX), op.i32x4TruncSatF32x4S, get(I127), op.i32x4Add, op.i32Const(23), op.i32x4Shl, op.f32x4Mul, set(dst),
  ];
  const sigmoidTo = (src: number, dst: number): Instr[] => [
    get(src), op.f32x4Neg, set(S), ...expTo(S, E),
    get(ONE), get(ONE), get(E), op.f32x4Add, op.f32x4Div, set(dst),
  ];
  const tanhTo = (src: number, dst: number): Instr[] => [
    get(src), get(src), op.f32x4Add, set(S), ...expTo(S, E),
    get(ONE), get(TWO), get(E), get(ONE), op.f32x4Add, op.f32x4Div, op.f32x4Sub, set(dst),
  ];
  /** address base + row + j (+ gate offset) */
  const at = (base: number, row: number, offset?: number): Instr[] =>
    [get(base), get(row), op.i32Add, get(j), op.i32Add, ...(offset === undefined ? [] : [get(offset), op.i32Add])];
  /** activate one gate: dst = act(xw + z) at the gate offset, stored back into z */
  const gate = (offset: number | undefined, dst: number, tanh: boolean): Instr[] => [
    ...at(x, xr, offset), op.v128Load, ...at(z, zr, offset), op.v128Load, op.f32x4Add, set(S),
    ...(tanh ? tanhTo(S, dst) : sigmoidTo(S, dst)),
    ...at(z, zr, offset), get(dst), op.v128Store,
  ];
  const whileBelow = (counter: number, limit: number, body: Instr[]): Instr[] => [
    op.block, op.loop, get(counter), get(limit), op.i32GeU, op.brIf(1), ...body, op.br(0), op.end, op.end,
  ];
  const addTo = (target: number, step: Instr[]): Instr[] => [get(target), ...step, op.i32Add, set(target)];
  return {
    name: 'step',
    params: [i32, i32, i32, i32, i32, i32, i32, i32],
    locals: [i32, i32, i32, i32, i32, i32, i32, i32, ...new Array<number>(next - 16).fill(v128)],
    body: [
      ...vconst(ONE, 1), ...vconst(TWO, 2), ...vconst(LO, EXP_LO), ...vconst(HI, EXP_HI),
      ...vconst(L2E, LOG2E), ...vconst(C1, LN2_HI), ...vconst(C2, LN2_LO),
      op.i32Const(127), op.i32x4Splat, set(I127),
      ...P.flatMap((p, k) => vconst(p, EXP_POLY[k]!)),
      get(hB), get(hB), op.i32Add, set(h2),
      get(h2), get(hB), op.i32Add, set(h3),
      get(h3), get(hB), op.i32Add, set(gB),
      ...whileBelow(b, rows, [
        op.i32Const(0), set(j),
        ...whileBelow(j, hB, [
          ...gate(undefined, I, false),
          ...gate(hB, F, false),
          ...gate(h2, O, false),
          ...gate(h3, G, true),
          get(F), ...at(cp, cr), op.v128Load, op.f32x4Mul, get(I), get(G), op.f32x4Mul, op.f32x4Add, set(C),
          ...at(c, cr), get(C), op.v128Store,
          ...tanhTo(C, TC),
          ...at(tc, cr), get(TC), op.v128Store,
          ...at(h, cr), get(O), get(TC), op.f32x4Mul, op.v128Store,
          ...addTo(j, [op.i32Const(16)]),
        ]),
        ...addTo(b, [op.i32Const(1)]),
        ...addTo(xr, [get(gB)]),
        ...addTo(zr, [get(gB)]),
        ...addTo(cr, [get(hB)]),
      ]),
    ],
  };
}

type Exports = { step: (...args: number[]) => void };

/** The cell step bound to the active wasm backend's heap, or undefined off wasm. */
export const simdLstmCell: () => SimdLstmCell | undefined = heapModule<Exports, SimdLstmCell>(
  () => [cellFunction()],
  (fns, memory) => ({
    step(xw, z, cp, c, tc, h, rows, hidden) {
      if (hidden % 4 !== 0) throw new RangeError(`simdLstmCell: the hidden width must be a multiple of 4; received ${hidden}`);
      if (!onHeap(memory, xw, z, cp, c, tc, h)) return false;
      fns.step(xw.byteOffset, z.byteOffset, cp.byteOffset, c.byteOffset, tc.byteOffset, h.byteOffset, rows, hidden * 4);
      return true;
    },
  }),
);
