/**
 * Small matrix products as WebAssembly 128-bit SIMD loops on the wasm backend's own heap, for the
 * products of classic-control networks where XNNPACK's fixed costs dominate: it repacks its right
 * operand on every call (the weights change every update, the gradients are new every time) and
 * its transposed products run a naive loop (DESIGN.md section 7). These loops read both operands
 * where they lie, with strides, so x^T . dy and a bias gradient need no transpose either.
 *
 * Two loops:
 * - `gemm`: c[M, N] = relu?(bias + a . b), a read with any element strides (a row-major matrix, its
 *   transpose, or one constant), b row-major. Four output columns per instruction, in tiles of
 *   4 rows x 8 columns where the shape allows; each column's sum runs over k in order, starting
 *   from the bias (or 0): the same float32 operations, in the same order, as the scalar
 *   reference `gemmReference` (tested bitwise).
 * - `gemmNT`: c[M, N] = a . b^T with a [M, K] and b [N, K] row-major (an input gradient dy . W^T):
 *   four products of k at a time, the four partial sums then added lane 0 + 1 + 2 + 3, the
 *   leftover k added in order (reference `gemmNTReference`).
 * Both differ from XNNPACK only by float32 summation order (tested to float32 tolerance).
 *
 * Available when the active backend is tfjs's wasm backend with a non-shared memory; elsewhere
 * `simdMatMulKernels()` returns undefined. `SIMD_MATMUL.enabled = false` turns it off.
 */
import { i32, f32, op, v128, type WasmFunction } from './wasm_assembler';
import { heapModule, onHeap, type WasmMemory } from './wasm_heap';

/** Switch for benchmarks and tests. */
export const SIMD_MATMUL = { enabled: true };

/** The two products, on arrays that are views of the wasm heap; false when one is not. */
export interface SimdMatMul {
  /**
   * c[i, j] = relu?(bias[j] + sum over k of a[i * aRowStep + k * aColStep] * b[k * n + j]).
   * @param a left operand, read with element strides (0 and 0 reads one value everywhere)
   * @param bias [n] or undefined for none
   * @param relu clamp each result at 0
   */
  gemm(a: Float32Array, aRowStep: number, aColStep: number, b: Float32Array, bias: Float32Array | undefined,
    c: Float32Array, m: number, k: number, n: number, relu: boolean): boolean;
  /** c[i, j] = sum over k of a[i * k + kk] * b[j * k + kk]: a [m, k], b [n, k], c [m, n]. */
  gemmNT(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number): boolean;
  /** c[j] = sum over rows i of a[i * n + j], in row order from 0 (a bias gradient): `gemm` of a constant 1. */
  columnSums(a: Float32Array, c: Float32Array, m: number, n: number): boolean;
}

const { localGet: get, localSet: set } = op;
/** One instruction's bytes. */
type Instr = number[];
/** local += step */
const addTo = (local: number, step: Instr[]): Instr[] => [get(local), ...step, op.i32Add, set(local)];
/** `block loop (exit when counter >= limit) ...body... end end` */
const whileBelow = (counter: number, limit: number, body: Instr[]): Instr[] => [
  op.block, op.loop, get(counter), get(limit), op.i32GeU, op.brIf(1), ...body, op.br(0), op.end, op.end,
];

/**
 * gemm(a, aRowStep, aColStep, b, bias, c, m, k, rowBytes, blockBytes, vecBytes, relu, m4, tileBytes):
 * steps and sizes in bytes except m, k and m4; blockBytes, vecBytes and tileBytes end the 16-, 4-
 * and 8-column parts of a row; m4 = m - m % 4.
 *
 * Rows run four at a time where they can: a tile of 4 rows x 8 columns keeps its 8 sums in
 * registers and loads 4 values of a and 2 vectors of b per k for 8 vector multiply-adds, where a
 * single row loads 4 vectors of b for 4 (measured on our machine: 18 against 5-10 GMAC/s in a
 * loop alone). Every output still sums over k in order from its bias: the same numbers.
 */
function gemmFunction(): WasmFunction {
  const [a, aRowStep, aColStep, b, bias, c, m, k, rowBytes, blockBytes, vecBytes, relu, m4, tileBytes] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const [i, aRow, cRow, n, kk, aPtr, bPtr, x, s] = [14, 15, 16, 17, 18, 19, 20, 21, 22];
  const acc = [23, 24, 25, 26];
  const [row, aStep2, aStep3, cStep2, cStep3] = [27, 28, 29, 30, 31];
  const xs = [32, 33, 34, 35];
  const bs = [36, 37];
  const tile = [38, 39, 40, 41, 42, 43, 44, 45]; // row r, vector v at tile[2 * r + v]
  const aSteps = [undefined, aRowStep, aStep2, aStep3];
  const cSteps = [undefined, rowBytes, cStep2, cStep3];
  const startColumn: Instr[] = [op.i32Const(0), set(kk), get(aRow), set(aPtr), get(b), get(n), op.i32Add, set(bPtr)];
  const nextK: Instr[] = [...addTo(aPtr, [get(aColStep)]), ...addTo(bPtr, [get(rowBytes)]), ...addTo(kk, [op.i32Const(1)])];
  /** bias[n + 16v .. + 4] or zeros */
  const biasVector = (v: number): Instr[] => [get(bias), op.ifV128, get(bias), get(n), op.i32Add, op.v128LoadAt(16 * v), op.else, op.v128Zero, op.end];
  /** relu? then store acc at c + rowOffset + n + 16v */
  const storeVector = (r: number, v: number, rowOffset: Instr[]): Instr[] => [
    get(relu), op.if, op.v128Zero, get(r), op.f32x4Pmax, set(r), op.end,
    get(cRow), ...rowOffset, get(n), op.i32Add, get(r), op.v128StoreAt(16 * v),
  ];
  /** `width` vectors of 4 columns from n: acc = bias or 0; acc += a(i, k) * b(k, cols) over k; relu; store. */
  const columns = (width: number): Instr[] => [
    ...acc.slice(0, width).flatMap((r, v): Instr[] => [...biasVector(v), set(r)]),
    ...startColumn,
    ...whileBelow(kk, k, [
      get(aPtr), op.f32Load, op.f32x4Splat, set(x),
      ...acc.slice(0, width).flatMap((r, v): Instr[] => [get(r), get(x), get(bPtr), op.v128LoadAt(16 * v), op.f32x4Mul, op.f32x4Add, set(r)]),
      ...nextK,
    ]),
    ...acc.slice(0, width).flatMap((r, v) => storeVector(r, v, [])),
    ...addTo(n, [op.i32Const(16 * width)]),
  ];
  /** Columns n .. n + 8 of rows i .. i + 4. */
  const tile4x8: Instr[] = [
    ...tile.flatMap((r, t): Instr[] => [...biasVector(t % 2), set(r)]),
    ...startColumn,
    ...whileBelow(kk, k, [
      ...xs.flatMap((xr, r): Instr[] => [get(aPtr), ...(r === 0 ? [] : [get(aSteps[r]!), op.i32Add]), op.f32Load, op.f32x4Splat, set(xr)]),
      ...bs.flatMap((bv, v): Instr[] => [get(bPtr), op.v128LoadAt(16 * v), set(bv)]),
      ...tile.flatMap((r, t): Instr[] => [get(r), get(xs[t >> 1]!), get(bs[t % 2]!), op.f32x4Mul, op.f32x4Add, set(r)]),
      ...nextK,
    ]),
    ...tile.flatMap((r, t) => storeVector(r, t % 2, t < 2 ? [] : [get(cSteps[t >> 1]!), op.i32Add])),
    ...addTo(n, [op.i32Const(32)]),
  ];
  /** Row i from column n on: sixteen columns at a time, then four, then one; then the next row. */
  const restOfRow: Instr[] = [
    ...whileBelow(n, blockBytes, columns(4)),
    ...whileBelow(n, vecBytes, columns(1)),
    ...whileBelow(n, rowBytes, [
      get(bias), op.ifF32, get(bias), get(n), op.i32Add, op.f32Load, op.else, op.f32Const0, op.end, set(s),
      ...startColumn,
      ...whileBelow(kk, k, [
        get(s), get(aPtr), op.f32Load, get(bPtr), op.f32Load, op.f32Mul, op.f32Add, set(s),
        ...nextK,
      ]),
      get(relu), op.if, get(s), op.f32Const0, get(s), op.f32Const0, op.f32Gt, op.select, set(s), op.end,
      get(cRow), get(n), op.i32Add, get(s), op.f32Store,
      ...addTo(n, [op.i32Const(4)]),
    ]),
    ...addTo(aRow, [get(aRowStep)]), ...addTo(cRow, [get(rowBytes)]), ...addTo(i, [op.i32Const(1)]),
  ];
  return {
    name: 'gemm',
    params: [i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32],
    locals: [i32, i32, i32, i32, i32, i32, i32, v128, f32, v128, v128, v128, v128, i32, i32, i32, i32, i32, ...xs.map(() => v128), ...bs.map(() => v128), ...tile.map(() => v128)],
    body: [
      get(a), set(aRow), get(c), set(cRow),
      get(aRowStep), get(aRowStep), op.i32Add, op.localTee(aStep2), get(aRowStep), op.i32Add, set(aStep3),
      get(rowBytes), get(rowBytes), op.i32Add, op.localTee(cStep2), get(rowBytes), op.i32Add, set(cStep3),
      // four rows at a time: 4 x 8 tiles, then each row's last n % 8 columns
      ...whileBelow(i, m4, [
        op.i32Const(0), set(n),
        ...whileBelow(n, tileBytes, tile4x8),
        op.i32Const(0), set(row),
        op.block, op.loop, get(row), op.i32Const(4), op.i32GeU, op.brIf(1),
        get(tileBytes), set(n), ...restOfRow, ...addTo(row, [op.i32Const(1)]),
        op.br(0), op.end, op.end,
      ]),
      // the last m % 4 rows one at a time
      ...whileBelow(i, m, [op.i32Const(0), set(n), ...restOfRow]),
    ],
  };
}

/**
 * gemmNT(a, b, c, m, n, rowBytes, vecBytes, n4): rowBytes = k * 4, vecBytes = (k - k % 4) * 4,
 * n4 = n - n % 4. Four rows of b at a time share each load of a's row (4 + 1 loads per 4
 * multiply-adds instead of 8); each output keeps the single loop's order of operations.
 */
function gemmNTFunction(): WasmFunction {
  const [a, b, c, m, n, rowBytes, vecBytes, n4] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [i, j, kb, aRow, bRow, cPtr, s, av] = [8, 9, 10, 11, 12, 13, 14, 15];
  const bRows = [bRow, 16, 17, 18]; // the four rows of a block: bRow, bRow + rowBytes, ...
  const accs = [19, 20, 21, 22];
  const lane = (acc: number, l: number): Instr[] => [get(acc), op.f32x4ExtractLane(l)];
  /** s = (lanes 0 + 1 + 2 + 3 of acc) + the leftover k in order, from kb = vecBytes; then stored at c + offset. */
  const finish = (acc: number, row: number, offset: number): Instr[] => [
    ...lane(acc, 0), ...lane(acc, 1), op.f32Add, ...lane(acc, 2), op.f32Add, ...lane(acc, 3), op.f32Add, set(s),
    get(vecBytes), set(kb),
    ...whileBelow(kb, rowBytes, [
      get(s), get(aRow), get(kb), op.i32Add, op.f32Load, get(row), get(kb), op.i32Add, op.f32Load,
      op.f32Mul, op.f32Add, set(s),
      ...addTo(kb, [op.i32Const(4)]),
    ]),
    get(cPtr), op.i32Const(offset), op.i32Add, get(s), op.f32Store,
  ];
  return {
    name: 'gemmNT',
    params: [i32, i32, i32, i32, i32, i32, i32, i32],
    locals: [i32, i32, i32, i32, i32, i32, f32, v128, i32, i32, i32, v128, v128, v128, v128],
    body: [
      get(a), set(aRow), get(c), set(cPtr),
      ...whileBelow(i, m, [
        get(b), set(bRow), op.i32Const(0), set(j),
        // four rows of b (four outputs) at a time
        ...whileBelow(j, n4, [
          ...[1, 2, 3].flatMap((q): Instr[] => [get(bRows[q - 1]!), get(rowBytes), op.i32Add, set(bRows[q]!)]),
          ...accs.flatMap((r): Instr[] => [op.v128Zero, set(r)]),
          op.i32Const(0), set(kb),
          ...whileBelow(kb, vecBytes, [
            get(aRow), get(kb), op.i32Add, op.v128Load, set(av),
            ...accs.flatMap((r, q): Instr[] => [
              get(r), get(av), get(bRows[q]!), get(kb), op.i32Add, op.v128Load, op.f32x4Mul, op.f32x4Add, set(r),
            ]),
            ...addTo(kb, [op.i32Const(16)]),
          ]),
          ...accs.flatMap((r, q) => finish(r, bRows[q]!, 4 * q)),
          ...addTo(cPtr, [op.i32Const(16)]), get(bRows[3]!), get(rowBytes), op.i32Add, set(bRow), ...addTo(j, [op.i32Const(4)]),
        ]),
        // the last n % 4 rows of b one at a time
        ...whileBelow(j, n, [
          op.v128Zero, set(accs[0]!), op.i32Const(0), set(kb),
          ...whileBelow(kb, vecBytes, [
            get(accs[0]!), get(aRow), get(kb), op.i32Add, op.v128Load, get(bRow), get(kb), op.i32Add, op.v128Load,
            op.f32x4Mul, op.f32x4Add, set(accs[0]!),
            ...addTo(kb, [op.i32Const(16)]),
          ]),
          ...finish(accs[0]!, bRow, 0),
          ...addTo(cPtr, [op.i32Const(4)]), ...addTo(bRow, [get(rowBytes)]), ...addTo(j, [op.i32Const(1)]),
        ]),
        ...addTo(aRow, [get(rowBytes)]), ...addTo(i, [op.i32Const(1)]),
      ]),
    ],
  };
}

type Exports = { gemm: (...args: number[]) => void; gemmNT: (...args: number[]) => void };

/** The loops of one heap, bound to its typed arrays; `one` is a heap float held at 1 for column sums. */
function bind(fns: Exports, memory: WasmMemory, malloc: (bytes: number) => number): SimdMatMul {
  const gemm = (a: number, aRowStep: number, aColStep: number, b: Float32Array, bias: Float32Array | undefined,
    c: Float32Array, m: number, k: number, n: number, relu: boolean) =>
    fns.gemm(a, aRowStep * 4, aColStep * 4, b.byteOffset, bias === undefined ? 0 : bias.byteOffset, c.byteOffset,
      m, k, n * 4, (n - (n % 16)) * 4, (n - (n % 4)) * 4, relu ? 1 : 0, m - (m % 4), (n - (n % 8)) * 4);
  const one = malloc(16);
  return {
    gemm(a, aRowStep, aColStep, b, bias, c, m, k, n, relu) {
      if (!onHeap(memory, a, b, bias, c)) return false;
      gemm(a.byteOffset, aRowStep, aColStep, b, bias, c, m, k, n, relu);
      return true;
    },
    gemmNT(a, b, c, m, k, n) {
      if (!onHeap(memory, a, b, c)) return false;
      fns.gemmNT(a.byteOffset, b.byteOffset, c.byteOffset, m, n, k * 4, (k - (k % 4)) * 4, n - (n % 4));
      return true;
    },
    columnSums(a, c, m, n) {
      if (!onHeap(memory, a, c)) return false;
      new Float32Array(memory.buffer, one, 1)[0] = 1; // a fresh view: the heap may have grown
      gemm(one, 0, 0, a, undefined, c, 1, m, n, false);
      return true;
    },
  };
}

/** The SIMD products bound to the active wasm backend's heap, or undefined where they cannot run (or are off). */
export const simdMatMulKernels: () => SimdMatMul | undefined = heapModule<Exports, SimdMatMul>(
  () => [gemmFunction(), gemmNTFunction()],
  bind,
  () => SIMD_MATMUL.enabled,
);

/** `gemm`'s float32 operations in scalar JavaScript, in its order (the tests' reference). */
export function gemmReference(a: Float32Array, aRowStep: number, aColStep: number, b: Float32Array, bias: Float32Array | undefined,
  c: Float32Array, m: number, k: number, n: number, relu: boolean): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = bias === undefined ? 0 : bias[j]!;
      for (let kk = 0; kk < k; kk++) s = Math.fround(s + Math.fround(a[i * aRowStep + kk * aColStep]! * b[kk * n + j]!));
      c[i * n + j] = relu && !(s > 0) ? 0 : s;
    }
  }
}

/** `gemmNT`'s float32 operations in scalar JavaScript, in its order (the tests' reference). */
export function gemmNTReference(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number): void {
  const k4 = k - (k % 4);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const lanes = [0, 0, 0, 0];
      for (let kk = 0; kk < k4; kk++) lanes[kk % 4] = Math.fround(lanes[kk % 4]! + Math.fround(a[i * k + kk]! * b[j * k + kk]!));
      let s = Math.fround(Math.fround(Math.fround(lanes[0]! + lanes[1]!) + lanes[2]!) + lanes[3]!);
      for (let kk = k4; kk < k; kk++) s = Math.fround(s + Math.fround(a[i * k + kk]! * b[j * k + kk]!));
      c[i * n + j] = s;
    }
  }
}
