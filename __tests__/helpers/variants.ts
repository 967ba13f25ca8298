/**
 * Runs a function under each of its implementations, rlax's "all variants" habit: code with a host
 * path (lib/backend/host_memory.ts: one JavaScript loop on the wasm heap or cpu arrays) and a
 * tensor path (the kernels native backends run) must agree, and a test should see both.
 *
 * - `host`: the active backend is listed in HOST_MEMORY_BACKENDS for the duration (it is on wasm
 *   and cpu; on another backend it is added, and computeOnHost falls back to dataSync there).
 * - `tensor`: HOST_MEMORY_BACKENDS is emptied for the duration, as on native TensorFlow.
 * The list is restored afterwards, also when the function throws. Code that decides its path when
 * it is constructed (FlatAdam) must be constructed and used inside the same `inVariant` call.
 */
import { HOST_MEMORY_BACKENDS, onHostMemoryBackend } from '../../lib/backend/host_memory';
import { tf } from '../../lib/tf';

/** The two implementations of a host-accelerated routine. */
export type Variant = 'host' | 'tensor';

/** Every variant, host first. */
export const VARIANTS: readonly Variant[] = ['host', 'tensor'];

/** Runs `f` with the host path switched on (`host`) or off (`tensor`); returns what `f` returns. */
export function inVariant<T>(variant: Variant, f: () => T): T {
  const saved = [...HOST_MEMORY_BACKENDS];
  HOST_MEMORY_BACKENDS.length = 0;
  if (variant === 'host') HOST_MEMORY_BACKENDS.push(...new Set([...saved, tf.getBackend()]));
  try {
    expect(onHostMemoryBackend()).toBe(variant === 'host');
    return f();
  } finally {
    HOST_MEMORY_BACKENDS.length = 0;
    HOST_MEMORY_BACKENDS.push(...saved);
  }
}

/** Runs `f` once per variant (`f` receives the variant's name). */
export function forEachVariant(f: (variant: Variant) => void): void {
  for (const variant of VARIANTS) inVariant(variant, () => f(variant));
}

/** What `expectVariantsAgree` compares: numbers, typed or plain arrays of them, and objects of those. */
export type Comparable = number | boolean | string | ArrayLike<number> | readonly Comparable[] | { readonly [key: string]: Comparable };

/**
 * Runs `f` under each variant and expects the results to agree: exactly (bit for bit: NaN equals
 * NaN, 0 differs from -0) by default, or within `tolerance` (absolute, per number).
 * @param f computes plain values (read tensors back inside; dispose what it creates)
 * @returns each variant's result, for further checks (e.g. that the result is not trivial)
 */
export function expectVariantsAgree<T extends Comparable>(f: (variant: Variant) => T, options: { tolerance?: number } = {}): Record<Variant, T> {
  const host = inVariant('host', () => f('host'));
  const tensor = inVariant('tensor', () => f('tensor'));
  const mismatch = firstMismatch(host, tensor, options.tolerance, '');
  if (mismatch !== undefined) throw new Error(`host and tensor variants differ at ${mismatch}`);
  return { host, tensor };
}

function isNumberList(x: unknown): x is ArrayLike<number> {
  return ArrayBuffer.isView(x) || (Array.isArray(x) && x.every((v) => typeof v === 'number'));
}

/** A path and the two values where a and b first differ, or undefined. */
function firstMismatch(a: unknown, b: unknown, tolerance: number | undefined, where: string): string | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    const same = tolerance === undefined ? Object.is(a, b) : Math.abs(a - b) <= tolerance || (Number.isNaN(a) && Number.isNaN(b));
    return same ? undefined : `${where || 'the result'}: host ${a}, tensor ${b}${tolerance === undefined ? '' : ` (tolerance ${tolerance})`}`;
  }
  if (isNumberList(a) && isNumberList(b)) {
    if (a.length !== b.length) return `${where || 'the result'}: host has ${a.length} values, tensor ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const m = firstMismatch(a[i], b[i], tolerance, `${where}[${i}]`);
      if (m !== undefined) return m;
    }
    return undefined;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${where || 'the result'}: host has ${a.length} entries, tensor ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const m = firstMismatch(a[i], b[i], tolerance, `${where}[${i}]`);
      if (m !== undefined) return m;
    }
    return undefined;
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const m = firstMismatch((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tolerance, `${where}.${k}`);
      if (m !== undefined) return m;
    }
    return undefined;
  }
  return a === b ? undefined : `${where || 'the result'}: host ${String(a)}, tensor ${String(b)}`;
}
