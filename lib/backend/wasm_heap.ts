/**
 * The wasm backend's heap as a WebAssembly memory that our own hand-assembled modules
 * (lib/backend/simd_optimizers.ts, lib/backend/simd_matmul.ts) import, so their loops read and
 * write tensors where tfjs keeps them.
 */
import { tf } from '../tf';
import { assembleModule, type WasmFunction } from './wasm_assembler';

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

/**
 * One module of hand-assembled functions, compiled once, instantiated once per heap (a backend
 * re-created by tfjs brings a new heap) and bound by `bind` to typed-array methods; the returned
 * getter gives that binding for the active backend, or undefined off wasm (or when `enabled()` is false).
 * @param functions the module's exported functions (assembled on first use)
 * @param bind wraps the instance's exports for one heap; `malloc` reserves bytes on that heap for good
 */
export function heapModule<Exports, Api>(
  functions: () => readonly WasmFunction[],
  bind: (fns: Exports, memory: WasmMemory, malloc: (bytes: number) => number) => Api,
  enabled: () => boolean = () => true,
): () => Api | undefined {
  let compiled: object | undefined;
  const bound = new WeakMap<WasmMemory, Api>();
  return () => {
    if (!enabled()) return undefined;
    const memory = wasmHeap();
    if (memory === undefined) return undefined;
    let api = bound.get(memory);
    if (api === undefined) {
      compiled ??= new WebAssembly.Module(assembleModule(functions()));
      const fns = new WebAssembly.Instance(compiled, { env: { memory } }).exports as Exports;
      const backendWasm = (tf.backend() as unknown as { wasm: { _malloc(bytes: number): number } }).wasm;
      api = bind(fns, memory, (bytes) => backendWasm._malloc(bytes));
      bound.set(memory, api);
    }
    return api;
  };
}

/** True when every array given is a view of `memory` (undefined entries are skipped). */
export function onHeap(memory: WasmMemory, ...arrays: (Float32Array | undefined)[]): boolean {
  return arrays.every((a) => a === undefined || a.buffer === memory.buffer);
}
