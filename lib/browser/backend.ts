/**
 * The tensor backend in a browser: WebAssembly by default (the page serves tfjs-backend-wasm's
 * `.wasm` files; `wasmPaths` says where), WebGL or the pure-JS `cpu` backend when the user picks
 * them. `lib/tf.ts`'s `initBackend` is the Node counterpart (it looks packages up with `require`).
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerKernels } from '../backend/kernels';
import { BackendError } from '../core/errors';
import { tf } from '../tf';

/** The backends the browser build can use. */
export const BROWSER_BACKENDS = ['wasm', 'webgl', 'cpu'] as const;
export type BrowserBackendName = (typeof BROWSER_BACKENDS)[number];

/** Options of `initBrowserBackend`. */
export interface BrowserBackendOptions {
  /**
   * URL prefix (ending in `/`) where the page serves tfjs-backend-wasm's `tfjs-backend-wasm.wasm`,
   * `tfjs-backend-wasm-simd.wasm` and `tfjs-backend-wasm-threaded-simd.wasm`. Default: the page's
   * own directory (`./`). Only read for `wasm`.
   */
  wasmPaths?: string;
}

let active: BrowserBackendName | undefined;

/** The backend `initBrowserBackend` activated, if any. */
export function browserBackend(): BrowserBackendName | undefined {
  return active;
}

/**
 * Activates a backend for allts in a browser; call it once, before any tensor work.
 * @param name `wasm` (default), `webgl` or `cpu`
 * @throws BackendError for an unknown name, a second different choice, or a backend that fails to start
 */
export async function initBrowserBackend(name: string = 'wasm', options: BrowserBackendOptions = {}): Promise<BrowserBackendName> {
  if (!(BROWSER_BACKENDS as readonly string[]).includes(name)) {
    throw new BackendError(`Unknown browser backend "${name}"; valid backends: ${BROWSER_BACKENDS.join(', ')}`);
  }
  const wanted = name as BrowserBackendName;
  if (active !== undefined) {
    if (active !== wanted) throw new BackendError(`Backend "${active}" is already active on this page; reload the page to use "${wanted}"`);
    return active;
  }
  if (wanted === 'wasm') setWasmPaths(options.wasmPaths ?? './');
  let ok = false;
  let why = '';
  try {
    ok = await tf.setBackend(wanted);
    await tf.ready();
  } catch (e) {
    why = `: ${(e as Error).message}`;
  }
  if (!ok) {
    throw new BackendError(
      `The ${wanted} backend did not start in this browser${why}` +
        (wanted === 'wasm' ? `; check that the .wasm files are served at ${options.wasmPaths ?? './'}` : '') +
        `; try another backend: ${BROWSER_BACKENDS.join(', ')}`,
    );
  }
  tf.enableProdMode();
  registerKernels(wanted); // allts' own kernels (lib/backend/kernels.ts)
  active = wanted;
  return wanted;
}
