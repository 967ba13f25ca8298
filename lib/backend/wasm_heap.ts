/**
 * The wasm backend's heap as a WebAssembly memory that our own hand-assembled modules
 * (lib/backend/simd_optimizers.ts, lib/backend/simd_matmul.ts) import, so their loops read and
 * write tensors where tfjs keeps them.
 */
import { tf } from '../tf';

/** The part of a WebAssembly.Memory used here (TypeScript's Node typings do not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
/** The WebAssembly global, typed for the two constructors we use. */
export const WebAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The wasm backend's heap, when the active backend is tfjs's wasm backend with a non-shared memory. */
export function wasmHeap(): WasmMemory | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const memory = (tf.backend() as unknown as { wasm?: { asm?: { memory?: unknown } } }).wasm?.asm?.memory;
  // by tag, not instanceof: the backend may come from another realm (jest's sandbox); a shared
  // memory (threaded builds) would need a shared import
  const buffer = (memory as { buffer?: unknown } | undefined)?.buffer;
  return Object.prototype.toString.call(buffer) === '[object ArrayBuffer]' ? (memory as WasmMemory) : undefined;
}
