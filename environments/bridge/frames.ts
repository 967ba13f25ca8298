/**
 * The bridge's wire format (see python/allts_bridge.py): a uint32 byte count, a uint32 JSON length,
 * the JSON header, then a blob of raw little-endian array bytes. Arrays sit in the header as
 * `{ $nd: [offset, nbytes], dtype, shape }` so NaN, Infinity and large frames never pass through
 * JSON numbers; non-finite floats elsewhere are `{ $float: 'nan' | 'inf' | '-inf' }`.
 */
import { FileFormatError } from '../../lib/core/errors';

/** A decoded array: its values as a typed array of the matching kind, and its shape. */
export interface NdArray {
  data: Float32Array | Float64Array | Uint8Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint16Array | Uint32Array | BigUint64Array;
  dtype: string;
  shape: number[];
}

const TYPES: Record<string, new (buffer: ArrayBuffer) => NdArray['data']> = {
  '<f4': Float32Array,
  '<f8': Float64Array,
  '|u1': Uint8Array,
  '|b1': Uint8Array,
  '|i1': Int8Array,
  '<i2': Int16Array,
  '<u2': Uint16Array,
  '<i4': Int32Array,
  '<u4': Uint32Array,
  '<i8': BigInt64Array,
  '<u8': BigUint64Array,
};

/** Collects arrays for one outgoing frame. */
export class OutBlob {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  /** Appends `data` (copied) and returns its header reference. */
  add(data: Float32Array | Float64Array | Int32Array | Uint8Array, shape: number[]): object {
    const dtype = data instanceof Float32Array ? '<f4' : data instanceof Float64Array ? '<f8' : data instanceof Int32Array ? '<i4' : '|u1';
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    const ref = { $nd: [this.size, bytes.length], dtype, shape };
    this.parts.push(bytes);
    this.size += bytes.length;
    return ref;
  }

  /** The whole frame: length prefix, JSON header, blob. */
  frame(header: object): Uint8Array {
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const out = new Uint8Array(8 + json.length + this.size);
    const view = new DataView(out.buffer);
    view.setUint32(0, 4 + json.length + this.size, true);
    view.setUint32(4, json.length, true);
    out.set(json, 8);
    let at = 8 + json.length;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** Decodes one frame's payload (without the length prefix): the header with arrays and markers resolved. */
export function decodePayload(payload: Uint8Array): Record<string, unknown> {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const jsonLength = view.getUint32(0, true);
  const header = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset + 4, jsonLength).toString('utf8')) as unknown;
  const blobStart = payload.byteOffset + 4 + jsonLength;
  const resolve = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(resolve);
    if (x === null || typeof x !== 'object') return x;
    const o = x as Record<string, unknown>;
    if (Array.isArray(o.$nd)) {
      const [offset, nbytes] = o.$nd as [number, number];
      const Type = TYPES[o.dtype as string];
      if (Type === undefined) throw new FileFormatError(`Python bridge sent an array of unsupported dtype ${String(o.dtype)}`);
      // copy into a fresh, aligned buffer
      const bytes = payload.buffer.slice(blobStart + offset, blobStart + offset + nbytes) as ArrayBuffer;
      return { data: new Type(bytes), dtype: o.dtype, shape: o.shape } as NdArray;
    }
    if (typeof o.$float === 'string') return o.$float === 'nan' ? NaN : o.$float === 'inf' ? Infinity : -Infinity;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = resolve(v);
    return out;
  };
  return resolve(header) as Record<string, unknown>;
}

/** True for a decoded array. */
export function isNdArray(x: unknown): x is NdArray {
  return typeof x === 'object' && x !== null && 'data' in x && 'dtype' in x && 'shape' in x && ArrayBuffer.isView((x as NdArray).data);
}

/** An array's values as numbers (bigints converted). */
export function toFloat64(a: NdArray): Float64Array {
  const d = a.data;
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) return Float64Array.from(d, (v) => Number(v));
  return Float64Array.from(d as ArrayLike<number>);
}
