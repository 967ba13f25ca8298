/**
 * The only file that imports TensorFlow.js. It re-exports the `tf` namespace and picks the
 * backend once per process: the first of tfjs-node-gpu, tfjs-node, wasm, cpu that loads, unless
 * `--backend` or `ALLTS_BACKEND` names one. The native packages are optional peers (their install
 * downloads libtensorflow), so they are looked up at run time and never required.
 */
import * as tf from '@tensorflow/tfjs';
import { registerKernels } from './backend/kernels';
import { BackendError } from './core/errors';

/**
 * Keeps importing allts quiet: tfjs-backend-cpu prints a one-time "Hi, looks like you are running
 * TensorFlow.js in Node.js ... install our node backend" banner (console.warn) on the first tensor
 * its backend object stores, whenever it runs in Node. It is gated only by tfjs's `PROD` and
 * `IS_TEST` flags, and those also silence tfjs's real warnings (a backend that failed to
 * initialize, a kernel registered twice), so instead every cpu backend object tfjs creates is
 * marked as already used (`firstUse = false`, the only thing that field controls). The choice of
 * backend and the README's backend section say what the banner would. A cpu backend that already
 * exists (someone used tfjs before importing allts) is marked in place; nothing is re-created.
 */
function silenceNodeBanner(): void {
  const markUsed = (backend: unknown): void => {
    const b = backend as { firstUse?: unknown } | null;
    if (b !== null && typeof b === 'object' && typeof b.firstUse === 'boolean') b.firstUse = false;
  };
  const engine = tf.engine();
  if (engine.registry.cpu !== undefined) {
    markUsed(engine.registry.cpu);
    return;
  }
  const factory = tf.findBackendFactory('cpu');
  if (factory === null || factory === undefined) return;
  const priority = engine.registryFactory.cpu?.priority ?? 1;
  tf.removeBackend('cpu');
  tf.registerBackend(
    'cpu',
    () => {
      const made = factory();
      if (made instanceof Promise) return made.then((b) => (markUsed(b), b));
      markUsed(made);
      return made;
    },
    priority,
  );
}
silenceNodeBanner();

/** The TensorFlow.js namespace; import it from here, never from the package. */
export { tf };
export type Tensor = tf.Tensor;
export type Tensor1D = tf.Tensor1D;
export type Tensor2D = tf.Tensor2D;
export type Scalar = tf.Scalar;
export type Variable = tf.Variable;

/** The backends allts knows, by their user-facing names. */
export const BACKENDS = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

interface BackendInfo {
  /** The npm package that provides it, if any. */
  pkg?: string;
  /** The name tfjs registers it under. */
  tfName: string;
}

const INFO: Record<BackendName, BackendInfo> = {
  'node-gpu': { pkg: '@tensorflow/tfjs-node-gpu', tfName: 'tensorflow' },
  node: { pkg: '@tensorflow/tfjs-node', tfName: 'tensorflow' },
  wasm: { pkg: '@tensorflow/tfjs-backend-wasm', tfName: 'wasm' },
  cpu: { tfName: 'cpu' },
};

let chosen: BackendName | undefined;
let pending: Promise<BackendName> | undefined;

/** The backend in use, or undefined before `initBackend` resolved. */
export function currentBackend(): BackendName | undefined {
  return chosen;
}

function parseName(name: string): BackendName {
  const lower = name.trim().toLowerCase();
  const alias: Record<string, BackendName> = { tensorflow: 'node', 'tfjs-node': 'node', 'tfjs-node-gpu': 'node-gpu', gpu: 'node-gpu' };
  const resolved = (alias[lower] ?? lower) as BackendName;
  if (!BACKENDS.includes(resolved)) {
    throw new BackendError(`Unknown backend "${name}"; valid backends: ${BACKENDS.join(', ')}`);
  }
  return resolved;
}

/** Loads a backend's package (if it has one) and activates it; false if the package is missing. */
async function tryActivate(name: BackendName): Promise<boolean> {
  const info = INFO[name];
  if (info.pkg !== undefined) {
    try {
      require(info.pkg);
    } catch {
      return false;
    }
  }
  try {
    const ok = await tf.setBackend(info.tfName);
    if (!ok) return false;
    await tf.ready();
  } catch {
    return false;
  }
  registerKernels(info.tfName); // allts' own kernels, once per backend (lib/backend/kernels.ts)
  return true;
}

/**
 * Picks and activates the backend; later calls return the first choice.
 * @param requested a backend name; default `ALLTS_BACKEND`, else the first that loads.
 * @throws BackendError when a requested backend cannot be loaded, naming the install command.
 */
export function initBackend(requested?: string): Promise<BackendName> {
  const wanted = requested ?? process.env.ALLTS_BACKEND;
  if (pending !== undefined) {
    return pending.then((name) => {
      if (wanted !== undefined && wanted !== '' && parseName(wanted) !== name) {
        throw new BackendError(
          `Backend "${name}" is already active in this process; "${wanted}" was requested too late. ` +
            'Choose the backend once, before any tensor work (e.g. --backend or ALLTS_BACKEND).',
        );
      }
      return name;
    });
  }
  pending = (async (): Promise<BackendName> => {
    tf.enableProdMode();
    if (wanted !== undefined && wanted !== '') {
      const name = parseName(wanted);
      if (!(await tryActivate(name))) {
        pending = undefined;
        const pkg = INFO[name].pkg;
        throw new BackendError(
          `Backend "${name}" was requested but could not be loaded` +
            (pkg ? `; install it with \`npm install ${pkg}\` (it downloads a native library at install time)` : '') +
            `, or choose another backend: ${BACKENDS.join(', ')}`,
        );
      }
      chosen = name;
      return name;
    }
    for (const name of BACKENDS) {
      if (await tryActivate(name)) {
        chosen = name;
        return name;
      }
    }
    pending = undefined;
    throw new BackendError('No TensorFlow.js backend could be loaded; reinstall with `npm install`');
  })();
  return pending;
}
