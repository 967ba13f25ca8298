/**
 * Snapshots of live object graphs (an agent, an environment, an experiment's counters) as data,
 * and their restoration into a freshly built graph of the same shape: what a resumed run needs.
 *
 * Why generic: every agent is composed of the same kinds of parts (approximations with variables
 * and optimizer moments, replay buffers of typed arrays, seeded generators, counters), so walking
 * the graph captures all of them without a getState/setState pair in every class, and a part
 * added tomorrow is covered the day it lands (the resume tests build every registered preset).
 *
 * Capture walks own enumerable properties depth-first, in key order: primitives, typed arrays,
 * arrays, Maps, plain objects and class instances, TensorFlow.js variables and tensors. A shared
 * object is written once and referenced after, so sharing survives. Functions are skipped: they are
 * rebuilt with the graph (schedules are pure functions of counters that are captured). Handles that
 * cannot be data (WebAssembly instances, bound C++ objects, raw buffers, processes) throw
 * SnapshotError naming the path. Restore walks the snapshot and the fresh graph together: values
 * are written into the fresh objects in place (typed arrays by `set`, variables by `assign`), so
 * whatever else holds a reference to them sees the restored values. An object the fresh graph does
 * not have yet (created lazily, e.g. a replay's storage) is recreated from its class, which must be
 * registered with `registerSnapshotClass`.
 */
import { AlltsError } from './errors';
import { tf } from '../tf';

/** A graph that cannot be captured or restored (the message names the path). */
export class SnapshotError extends AlltsError {}

/** A captured graph: a JSON-able tree plus the bytes of its arrays. */
export interface Snapshot {
  tree: SnapshotNode;
  /** Every typed array, variable and tensor's bytes, referenced from the tree by offset. */
  bytes: Uint8Array;
}

/** One node of a snapshot tree (see the file header). */
export type SnapshotNode =
  | number
  | string
  | boolean
  | null
  | { $num: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { $undefined: 1 }
  | { $skip: 1 }
  | { $ref: number }
  | { $typed: string; offset: number; length: number }
  | { $tensor: { id: number; variable: boolean; dtype: string; shape: number[]; offset: number; length: number } }
  | { $array: number; items: SnapshotNode[] }
  | { $map: number; entries: [string | number, SnapshotNode][] }
  | { $object: number; className?: string; fields: Record<string, SnapshotNode> }
  | { $hooked: number; className: string; state: SnapshotNode };

/**
 * Hooks for state that is not in an object's fields (e.g. values written in place in wasm memory):
 * a method `[SNAPSHOT_CAPTURE]()` returning the state as capturable data, and
 * `[SNAPSHOT_RESTORE](state)` writing it back into a freshly built instance.
 */
export const SNAPSHOT_CAPTURE = Symbol.for('allts.snapshot.capture');
export const SNAPSHOT_RESTORE = Symbol.for('allts.snapshot.restore');

interface Hooked {
  [SNAPSHOT_CAPTURE](): unknown;
  [SNAPSHOT_RESTORE](state: unknown): void;
}

function hooked(value: object): value is Hooked {
  return typeof (value as Partial<Hooked>)[SNAPSHOT_CAPTURE] === 'function' && typeof (value as Partial<Hooked>)[SNAPSHOT_RESTORE] === 'function';
}

/** What capture skips besides functions: return true to leave the value as the fresh graph has it. */
export type SkipRule = (value: object, path: string) => boolean;

const classes = new Map<string, { prototype: object }>();

/**
 * Lets restore recreate instances of `cls` that exist in a snapshot but not (yet) in the fresh
 * graph, e.g. storage a replay buffer allocates on its first transition. Names must be unique.
 */
export function registerSnapshotClass(cls: { name: string; prototype: object }): void {
  const known = classes.get(cls.name);
  if (known !== undefined && known !== cls) throw new SnapshotError(`Two snapshot classes are named ${cls.name}; rename one`);
  classes.set(cls.name, cls);
}

const TYPED: Record<string, new (buffer: ArrayBufferLike, offset: number, length: number) => ArrayBufferView & ArrayLike<number | bigint>> = {
  Float32Array, Float64Array, Int8Array, Int16Array, Int32Array, Uint8Array, Uint8ClampedArray, Uint16Array, Uint32Array,
  BigInt64Array: BigInt64Array as never, BigUint64Array: BigUint64Array as never,
};

function className(value: object): string | undefined {
  const proto = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return undefined;
  return (proto.constructor as { name?: string } | undefined)?.name ?? 'anonymous';
}

function unsupported(value: object): string | undefined {
  if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) return 'a raw ArrayBuffer';
  if (value instanceof DataView) return 'a DataView';
  const wasm = (globalThis as unknown as { WebAssembly?: Record<string, new () => object> }).WebAssembly;
  if (wasm !== undefined && ['Memory', 'Instance', 'Module', 'Table', 'Global'].some((k) => wasm[k] !== undefined && value instanceof wasm[k]!)) return 'a WebAssembly object';
  if (value instanceof Promise) return 'a Promise';
  if (value instanceof Set || value instanceof WeakMap || value instanceof WeakSet) return `a ${className(value)}`;
  if ('$$' in value) return 'a bound C++ object (embind)';
  if (typeof (value as { on?: unknown }).on === 'function' && typeof (value as { emit?: unknown }).emit === 'function') return 'an event emitter (a process, stream or socket)';
  return undefined;
}

/**
 * Captures the graph under `root`. `skip` leaves chosen objects out (restore keeps the fresh
 * graph's own); functions are always left out.
 */
export function captureSnapshot(root: object, skip: SkipRule = () => false): Snapshot {
  const ids = new Map<object, number>();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const addBytes = (view: ArrayBufferView): number => {
    const pad = (8 - (size % 8)) % 8; // keep every array aligned for its element type
    if (pad > 0) {
      chunks.push(new Uint8Array(pad));
      size += pad;
    }
    const offset = size;
    const copy = new Uint8Array(view.byteLength);
    copy.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
    chunks.push(copy);
    size += copy.length;
    return offset;
  };

  const visit = (value: unknown, path: string): SnapshotNode => {
    if (value === undefined) return { $undefined: 1 };
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') {
      if (Number.isNaN(value)) return { $num: 'NaN' };
      if (value === Infinity) return { $num: 'Infinity' };
      if (value === -Infinity) return { $num: '-Infinity' };
      if (Object.is(value, -0)) return { $num: '-0' };
      return value;
    }
    if (typeof value === 'function' || typeof value === 'symbol') return { $skip: 1 };
    if (typeof value === 'bigint') throw new SnapshotError(`${path} is a bigint, which snapshots do not hold`);
    const object = value as object;
    const seen = ids.get(object);
    if (seen !== undefined) return { $ref: seen };
    if (skip(object, path)) return { $skip: 1 };
    if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
      const name = className(object)!;
      if (!(name in TYPED)) throw new SnapshotError(`${path} is a ${name}, which snapshots do not hold`);
      return { $typed: name, offset: addBytes(object), length: (object as unknown as ArrayLike<unknown>).length };
    }
    if (object instanceof tf.Tensor) {
      const data = object.dataSync() as ArrayBufferView;
      const length = (data as unknown as ArrayLike<unknown>).length;
      const id = ids.size;
      ids.set(object, id);
      return { $tensor: { id, variable: object instanceof tf.Variable, dtype: object.dtype, shape: [...object.shape], offset: addBytes(data), length } };
    }
    if (hooked(object)) {
      const id = ids.size;
      ids.set(object, id);
      return { $hooked: id, className: className(object) ?? 'Object', state: visit(object[SNAPSHOT_CAPTURE](), `${path}(state)`) };
    }
    const why = unsupported(object);
    if (why !== undefined) throw new SnapshotError(`${path} is ${why}, which cannot be saved as data`);
    const id = ids.size;
    ids.set(object, id);
    if (Array.isArray(object)) return { $array: id, items: object.map((item, i) => visit(item, `${path}[${i}]`)) };
    if (object instanceof Map) {
      const entries: [string | number, SnapshotNode][] = [];
      for (const [k, v] of object) {
        if (typeof k !== 'string' && typeof k !== 'number') throw new SnapshotError(`${path} is a Map with a ${typeof k} key; only string and number keys can be saved`);
        entries.push([k, visit(v, `${path}.get(${JSON.stringify(k)})`)]);
      }
      return { $map: id, entries };
    }
    const fields: Record<string, SnapshotNode> = {};
    for (const key of Object.keys(object)) fields[key] = visit((object as Record<string, unknown>)[key], `${path}.${key}`);
    const name = className(object);
    return name === undefined ? { $object: id, fields } : { $object: id, className: name, fields };
  };

  const tree = visit(root, 'root');
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { tree, bytes };
}

/**
 * Writes `snapshot` into the fresh graph under `root` (built the same way as the captured one:
 * same preset, hyperparameters and seed) and returns the root.
 */
export function restoreSnapshot<T extends object>(root: T, snapshot: Snapshot): T {
  const objects = new Map<number, unknown>();
  const { bytes } = snapshot;
  const typedOf = (name: string, offset: number, length: number): ArrayBufferView & ArrayLike<number | bigint> => {
    const Ctor = TYPED[name];
    if (Ctor === undefined) throw new SnapshotError(`The snapshot holds a ${name}, which this version cannot read`);
    return new Ctor(bytes.buffer, bytes.byteOffset + offset, length);
  };

  const restore = (current: unknown, node: SnapshotNode, path: string): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if ('$num' in node) return node.$num === '-0' ? -0 : Number(node.$num);
    if ('$undefined' in node) return undefined;
    if ('$skip' in node) return current;
    if ('$ref' in node) {
      if (!objects.has(node.$ref)) throw new SnapshotError(`${path} refers to object #${node.$ref}, which the snapshot has not defined`);
      return objects.get(node.$ref);
    }
    if ('$typed' in node) {
      const saved = typedOf(node.$typed, node.offset, node.length);
      if (current !== null && typeof current === 'object' && className(current) === node.$typed && (current as ArrayLike<unknown>).length === node.length) {
        (current as unknown as { set(a: ArrayLike<number | bigint>): void }).set(saved);
        return current;
      }
      return (saved as unknown as { slice(): unknown }).slice(); // its own buffer, not a view of the file
    }
    if ('$tensor' in node) {
      const tensor = restoreTensor(current, node.$tensor, typedOf, path);
      objects.set(node.$tensor.id, tensor);
      return tensor;
    }
    if ('$hooked' in node) {
      if (current === null || typeof current !== 'object' || !hooked(current) || className(current) !== node.className) {
        throw new SnapshotError(`${path} was a ${node.className} when the snapshot was taken, but the fresh graph has ${String(current)} there; build it from the same preset and hyperparameters`);
      }
      objects.set(node.$hooked, current);
      current[SNAPSHOT_RESTORE](restore(undefined, node.state, `${path}(state)`));
      return current;
    }
    if ('$array' in node) {
      // A frozen array (a preset's constant list) is rebuilt and frozen again rather than written.
      const frozen = Array.isArray(current) && Object.isFrozen(current);
      const array: unknown[] = Array.isArray(current) && !frozen ? current : [];
      objects.set(node.$array, array);
      node.items.forEach((item, i) => {
        const next = restore(frozen ? (current as unknown[])[i] : array[i], item, `${path}[${i}]`);
        if (array[i] !== next) array[i] = next;
      });
      array.length = node.items.length;
      return frozen ? Object.freeze(array) : array;
    }
    if ('$map' in node) {
      const map = current instanceof Map ? current : new Map();
      objects.set(node.$map, map);
      const keep = new Set(node.entries.map(([k]) => k));
      for (const k of [...map.keys()]) if (!keep.has(k)) map.delete(k);
      for (const [k, v] of node.entries) map.set(k, restore(map.get(k), v, `${path}.get(${JSON.stringify(k)})`));
      return map;
    }
    const wanted = node.className;
    let object: Record<string, unknown>;
    const frozen = current !== null && typeof current === 'object' && Object.isFrozen(current);
    if (current !== null && typeof current === 'object' && !Array.isArray(current) && className(current) === wanted) {
      object = frozen ? (Object.create(Object.getPrototypeOf(current)) as Record<string, unknown>) : (current as Record<string, unknown>);
    } else if (wanted === undefined) {
      object = {};
    } else {
      const cls = classes.get(wanted);
      if (cls === undefined) {
        const found = current === null || typeof current !== 'object' ? String(current) : `a ${className(current) ?? 'plain object'}`;
        throw new SnapshotError(
          `${path} was a ${wanted} when the snapshot was taken but the fresh graph has ${found} there. If ${wanted} is created ` +
            `lazily, register it with registerSnapshotClass(${wanted}); otherwise the graph was built differently (another preset, hyperparameters or version).`,
        );
      }
      object = Object.create(cls.prototype) as Record<string, unknown>;
      const closure = Object.entries(node.fields).find(([, child]) => child !== null && typeof child === 'object' && '$skip' in child);
      if (closure !== undefined) {
        throw new SnapshotError(`${path} is a ${wanted} to recreate, but its field "${closure[0]}" was a function, which snapshots do not hold; keep data in that field instead (e.g. what to allocate, not a closure that allocates)`);
      }
    }
    objects.set(node.$object, object);
    for (const [key, child] of Object.entries(node.fields)) {
      const before = frozen ? (current as Record<string, unknown>)[key] : object[key];
      const next = restore(before, child, `${path}.${key}`);
      if (object[key] !== next) object[key] = next;
    }
    return frozen ? Object.freeze(object) : object;
  };

  const out = restore(root, snapshot.tree, 'root');
  if (out !== root) throw new SnapshotError('The snapshot\'s root does not match the object to restore into');
  return root;
}

function restoreTensor(
  current: unknown,
  saved: { variable: boolean; dtype: string; shape: number[]; offset: number; length: number },
  typedOf: (name: string, offset: number, length: number) => ArrayBufferView & ArrayLike<number | bigint>,
  path: string,
): unknown {
  const arrayName = saved.dtype === 'float32' ? 'Float32Array' : saved.dtype === 'int32' ? 'Int32Array' : saved.dtype === 'bool' ? 'Uint8Array' : undefined;
  if (arrayName === undefined) throw new SnapshotError(`${path} is a ${saved.dtype} tensor, which snapshots do not hold`);
  const values = typedOf(arrayName, saved.offset, saved.length) as unknown as Float32Array;
  if (!(current instanceof tf.Tensor) || current.isDisposed || current.dtype !== saved.dtype || current.shape.join(',') !== saved.shape.join(',')) {
    throw new SnapshotError(
      `${path} was a ${saved.dtype} tensor of shape [${saved.shape.join(', ')}] when the snapshot was taken, but the fresh graph has ` +
        `${current instanceof tf.Tensor ? `a ${current.dtype} tensor of shape [${current.shape.join(', ')}]` : String(current)}; build it from the same preset and hyperparameters`,
    );
  }
  if (current instanceof tf.Variable) {
    tf.tidy(() => (current as tf.Variable).assign(tf.tensor(values.slice(), saved.shape, saved.dtype as 'float32')));
    return current;
  }
  // A kept tensor is either a constant of the build (e.g. a support of atoms), which the fresh
  // graph holds with the same values, or state its owner replaces as it goes (a recurrent state
  // carried between steps): then the fresh one is replaced by the saved values and released. (State
  // written in place behind a tensor's back, as host-side optimizer moments, needs its owner's hooks.)
  const data = current.dataSync() as Float32Array;
  let same = data.length === values.length;
  for (let i = 0; same && i < data.length; i++) same = Object.is(data[i], values[i]);
  if (same) return current;
  const replacement = tf.keep(tf.tensor(values.slice(), saved.shape, saved.dtype as 'float32'));
  current.dispose();
  return replacement;
}

/**
 * Every instance of `cls` reachable from `root` through own enumerable properties, arrays and
 * Maps, each once (e.g. the replay clocks inside an agent).
 */
export function findInstances<T>(root: object, cls: abstract new (...args: never[]) => T): T[] {
  const found: T[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object' || seen.has(value) || ArrayBuffer.isView(value) || value instanceof tf.Tensor) continue;
    seen.add(value);
    if (value instanceof cls) found.push(value);
    if (value instanceof Map) stack.push(...value.values());
    else if (Array.isArray(value)) stack.push(...value);
    else if (unsupported(value) === undefined) stack.push(...Object.values(value));
  }
  return found;
}
