/**
 * The value records of explicit-state agents (baselax's `Params`, `PolicyState`, `OptimState`,
 * `PolicyOutput`, `OptimOutput` namedtuples) and the operations every record supports: dispose
 * with one call, copy by value, take a plain snapshot, serialise to JSON and back.
 *
 * A record is a tree of plain objects and arrays whose leaves are tensors, typed arrays, numbers,
 * booleans, strings or null. Differs from baselax (JAX pytrees of immutable device arrays): tfjs
 * tensors are immutable too but must be released explicitly, so every record a call returns owns
 * its tensors, and `disposeRecord` releases them all. Typed-array leaves are never written after
 * the record is returned (functions copy before changing).
 */
import { ConfigError, FileFormatError } from '../core/errors';
import { tf, type Tensor } from '../tf';

/** A leaf of a record. */
export type Leaf = Tensor | Float32Array | Int32Array | Uint8Array | number | boolean | string | null;
/** A record tree: leaves in nested plain objects and arrays. */
export type RecordTree = Leaf | readonly RecordTree[] | { readonly [key: string]: RecordTree };
/** An object-shaped record. */
export type RecordObject = { readonly [key: string]: RecordTree };

/** Network parameters (and anything else `update` learns, e.g. a target network). */
export type Params = RecordObject;
/** What `predict` carries from one call to the next (counters, recurrent state). */
export type PolicyState = RecordObject;
/** What `update` carries from one call to the next (optimizer moments, update counters). */
export type OptimState = RecordObject;
/** What `predict` reports: at least the actions, one per environment. */
export type PolicyOutput = RecordObject & { readonly actions: Int32Array | Float32Array };
/** What `update` reports: at least the loss it minimised. */
export type OptimOutput = RecordObject & { readonly loss: number };

function isTensor(x: unknown): x is Tensor {
  return x instanceof tf.Tensor;
}

function isTyped(x: unknown): x is Float32Array | Int32Array | Uint8Array {
  return x instanceof Float32Array || x instanceof Int32Array || x instanceof Uint8Array;
}

/** Every tensor in `tree`, depth first. */
export function recordTensors(tree: RecordTree): Tensor[] {
  const out: Tensor[] = [];
  const walk = (t: RecordTree): void => {
    if (isTensor(t)) out.push(t);
    else if (Array.isArray(t)) for (const c of t) walk(c);
    else if (t !== null && typeof t === 'object' && !isTyped(t)) for (const c of Object.values(t as RecordObject)) walk(c);
  };
  walk(tree);
  return out;
}

/** Releases every tensor of `tree` (the records `init*`, `predict` and `update` return). */
export function disposeRecord(...trees: RecordTree[]): void {
  for (const tree of trees) for (const t of recordTensors(tree)) if (!t.isDisposed) t.dispose();
}

/**
 * A copy by value: fresh tensors (tf.clone) and fresh typed arrays, so the copy and the original
 * can be disposed and used independently.
 */
export function cloneRecord<T extends RecordTree>(tree: T): T {
  const walk = (t: RecordTree): RecordTree => {
    if (isTensor(t)) return tf.clone(t);
    if (isTyped(t)) return t.slice();
    if (Array.isArray(t)) return t.map(walk);
    if (t !== null && typeof t === 'object') {
      const o: Record<string, RecordTree> = {};
      for (const [k, v] of Object.entries(t as RecordObject)) o[k] = walk(v);
      return o;
    }
    return t;
  };
  return walk(tree) as T;
}

/** A plain-number snapshot of `tree` (tensors read back), for comparing values before and after a call. */
export function snapshotRecord(tree: RecordTree): unknown {
  if (isTensor(tree)) return { shape: tree.shape, dtype: tree.dtype, values: Array.from(tree.dataSync()) };
  if (isTyped(tree)) return { typed: tree.constructor.name, values: Array.from(tree) };
  if (Array.isArray(tree)) return tree.map(snapshotRecord);
  if (tree !== null && typeof tree === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(tree as RecordObject)) o[k] = snapshotRecord(v);
    return o;
  }
  return tree;
}

/** The layout of one node: a tensor's dtype and shape, a typed array's type and length, a leaf's type. */
function layoutOf(t: RecordTree): string {
  if (isTensor(t)) return `tensor ${t.dtype} [${t.shape.join(', ')}]`;
  if (isTyped(t)) return `${t.constructor.name}(${t.length})`;
  if (Array.isArray(t)) return `array(${t.length})`;
  if (t === null) return 'null';
  if (typeof t === 'object') return 'object';
  return typeof t;
}

/**
 * Where `received` is laid out differently from `expected` (tensor shapes and dtypes, typed-array
 * types and lengths, keys, leaf types; values are not compared), e.g.
 * `params.online[0].w is tensor float32 [4, 32], expected tensor float32 [4, 64]`; undefined when
 * they fit. For checking records read from a file against those an agent makes.
 */
export function recordLayoutDifference(expected: RecordTree, received: RecordTree, where = '$'): string | undefined {
  const e = layoutOf(expected);
  const r = layoutOf(received);
  if (e !== r) return `${where} is ${r}, expected ${e}`;
  if (Array.isArray(expected)) {
    for (let i = 0; i < expected.length; i++) {
      const d = recordLayoutDifference(expected[i]!, (received as readonly RecordTree[])[i]!, `${where}[${i}]`);
      if (d !== undefined) return d;
    }
  } else if (e === 'object') {
    const ek = Object.keys(expected as RecordObject).sort();
    const rk = Object.keys(received as RecordObject).sort();
    if (ek.join() !== rk.join()) return `${where} has keys ${rk.join(', ') || '(none)'}, expected ${ek.join(', ')}`;
    for (const k of ek) {
      const d = recordLayoutDifference((expected as RecordObject)[k]!, (received as RecordObject)[k]!, `${where}.${k}`);
      if (d !== undefined) return d;
    }
  }
  return undefined;
}

/** JSON form of a record: tensors and typed arrays become tagged objects with base64 data. */
export type SerializedRecord = unknown;

function toBase64(a: Float32Array | Int32Array | Uint8Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function fromBase64(s: string, kind: string, where: string): Float32Array | Int32Array | Uint8Array {
  const buf = Buffer.from(s, 'base64');
  const bytes = new Uint8Array(buf.length);
  bytes.set(buf);
  if ((kind === 'float32' || kind === 'int32') && bytes.length % 4 !== 0) {
    throw new FileFormatError(`record at ${where}: ${bytes.length} bytes of ${kind} data is not a whole number of 4-byte values; the file is damaged`);
  }
  if (kind === 'float32') return new Float32Array(bytes.buffer);
  if (kind === 'int32') return new Int32Array(bytes.buffer);
  if (kind === 'uint8' || kind === 'bool') return bytes;
  throw new FileFormatError(`record at ${where}: unknown array kind "${kind}"; expected float32, int32, uint8 or bool`);
}

function typedKind(a: Float32Array | Int32Array | Uint8Array): string {
  return a instanceof Float32Array ? 'float32' : a instanceof Int32Array ? 'int32' : 'uint8';
}

/** A JSON-serialisable form of `tree` (exact: float32 bits are kept). */
export function recordToJSON(tree: RecordTree): SerializedRecord {
  if (isTensor(tree)) {
    const values = tree.dataSync() as Float32Array | Int32Array | Uint8Array;
    return { $tensor: { dtype: tree.dtype, shape: tree.shape, data: toBase64(values) } };
  }
  if (isTyped(tree)) return { $array: { kind: typedKind(tree), data: toBase64(tree) } };
  if (typeof tree === 'number' && !Number.isFinite(tree)) return { $number: String(tree) };
  if (Array.isArray(tree)) return tree.map(recordToJSON);
  if (tree !== null && typeof tree === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(tree as RecordObject)) {
      if (k.startsWith('$')) throw new ConfigError(`recordToJSON: record keys may not start with "$" (found "${k}"); rename the field`);
      o[k] = recordToJSON(v);
    }
    return o;
  }
  return tree;
}

/** The record `recordToJSON` serialised, with fresh tensors the caller owns. */
export function recordFromJSON(json: SerializedRecord, where = '$'): RecordTree {
  if (Array.isArray(json)) return json.map((j, i) => recordFromJSON(j, `${where}[${i}]`));
  if (json !== null && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    if ('$tensor' in o) {
      const t = o.$tensor as { dtype: string; shape: number[]; data: string };
      if (t.dtype !== 'float32' && t.dtype !== 'int32' && t.dtype !== 'bool') {
        throw new FileFormatError(`record at ${where}: tensor dtype "${t.dtype}" is not supported; expected float32, int32 or bool`);
      }
      const values = fromBase64(t.data, t.dtype, where);
      const size = t.shape.reduce((a, b) => a * b, 1);
      if (values.length !== size) {
        throw new FileFormatError(`record at ${where}: tensor of shape [${t.shape.join(', ')}] needs ${size} values; the file holds ${values.length}`);
      }
      return tf.tensor(values, t.shape, t.dtype as 'float32' | 'int32' | 'bool');
    }
    if ('$array' in o) {
      const a = o.$array as { kind: string; data: string };
      return fromBase64(a.data, a.kind, where);
    }
    if ('$number' in o) return Number(o.$number);
    const out: Record<string, RecordTree> = {};
    for (const [k, v] of Object.entries(o)) out[k] = recordFromJSON(v, `${where}.${k}`);
    return out;
  }
  if (json === null || typeof json === 'number' || typeof json === 'boolean' || typeof json === 'string') return json;
  throw new FileFormatError(`record at ${where}: unexpected value of type ${typeof json}`);
}
