/**
 * A minimal WebAssembly binary writer: enough to build a module of a few exported functions over
 * an imported memory, written as named instructions (`op.f32x4Mul`, `local.get 3`) instead of
 * bytes. It exists so lib/backend/simd_optimizers.ts can run its loops with 128-bit SIMD on the
 * wasm backend's own heap, without a compiler toolchain at install time or a binary blob in the
 * repository. Encoding: the WebAssembly core specification 2.0, section 5 (binary format), and the
 * fixed-width SIMD proposal's opcode table.
 */

/** Value types. */
export const i32 = 0x7f;
export const f32 = 0x7d;
export const v128 = 0x7b;

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (for i32.const). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function utf8(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)]; // TextEncoder: a browser has no Buffer (issue 20)
  return [...uleb(bytes.length), ...bytes];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

const simd = (code: number): number[] => [0xfd, ...uleb(code)];
/** A 16-byte-aligned access at the address on the stack (alignment is a hint; any address works). */
const memarg16 = [4, 0];
const memarg4 = [2, 0];

/** Instructions, each as its bytes. */
export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (n: number) => [0x41, ...sleb(n)],
  i32Add: [0x6a],
  i32GeU: [0x4f],
  i32Eqz: [0x45],
  f32Const0: [0x43, 0, 0, 0, 0],
  f32Gt: [0x5e],
  /** `select`: the first operand when the i32 on top is non-zero, else the second. */
  select: [0x1b],
  /** `if` with no result (the branch runs when the i32 on the stack is non-zero). */
  if: [0x04, 0x40],
  /** `if` whose branches leave a v128. */
  ifV128: [0x04, 0x7b],
  /** `if` whose branches leave an f32. */
  ifF32: [0x04, 0x7d],
  else: [0x05],
  f32Load: [0x2a, ...memarg4],
  f32Store: [0x38, ...memarg4],
  f32Add: [0x92],
  f32Mul: [0x94],
  /** `block` with no result. */
  block: [0x02, 0x40],
  /** `loop` with no result. */
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  v128Load: [...simd(0x00), ...memarg16],
  v128Store: [...simd(0x0b), ...memarg16],
  /** v128.load from the address on the stack plus a constant byte offset. */
  v128LoadAt: (offset: number) => [...simd(0x00), 4, ...uleb(offset)],
  /** v128.store to the address below the value plus a constant byte offset. */
  v128StoreAt: (offset: number) => [...simd(0x0b), 4, ...uleb(offset)],
  f32x4Splat: simd(0x13),
  f32x4ExtractLane: (lane: number) => [...simd(0x1f), lane],
  f32x4Sqrt: simd(0xe3),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  f32x4Div: simd(0xe7),
  /** Pseudo-maximum: b > a ? b : a (so pmax(0, x) is `x > 0 ? x : 0`, NaN giving 0). */
  f32x4Pmax: simd(0xeb),
  v128Zero: [...simd(0x0c), ...new Array<number>(16).fill(0)],
  /** f32.const (little-endian IEEE 754 single). */
  f32Const: (x: number) => [0x43, ...new Uint8Array(Float32Array.of(x).buffer)],
  i32x4Splat: simd(0x11),
  f32x4Neg: simd(0xe1),
  f32x4Min: simd(0xe8),
  f32x4Max: simd(0xe9),
  /** Round to nearest, ties to even. */
  f32x4Nearest: simd(0x6a),
  i32x4Shl: simd(0xab),
  i32x4Add: simd(0xae),
  /** Float lanes to int32, truncating (saturating). */
  i32x4TruncSatF32x4S: simd(0xf8),
};

/** One exported function: its parameter types, extra locals, and body (without the final `end`). */
export interface WasmFunction {
  name: string;
  params: number[];
  locals: number[];
  body: number[][];
}

/**
 * Encodes a module that imports `env.memory` (a non-shared memory of any size) and exports the
 * given functions (no results).
 */
export function assembleModule(functions: readonly WasmFunction[]): Uint8Array {
  const types = vector(functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), 0]));
  const memoryImport = vector([[...utf8('env'), ...utf8('memory'), 0x02, 0x00, 0x00]]);
  const declarations = vector(functions.map((_, i) => uleb(i)));
  const exportSection = vector(functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]));
  const bodies = vector(
    functions.map((f) => {
      const locals = vector(f.locals.map((t) => [1, t]));
      const code = [...locals, ...f.body.flat(), ...op.end];
      return [...uleb(code.length), ...code];
    }),
  );
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types),
    ...section(2, memoryImport),
    ...section(3, declarations),
    ...section(7, exportSection),
    ...section(10, bodies),
  ]);
}
