/**
 * A minimal Protocol Buffers wire-format encoder, written by hand so the TensorBoard writer needs
 * no native module and no code generator.
 *
 * Implements the encoding described in https://protobuf.dev/programming-guides/encoding/ :
 * varints (uint64 and two's-complement int64), zigzag (sint64), fixed32 float, fixed64 double,
 * length-delimited bytes / strings / nested messages and packed repeated doubles.
 * Deliberately differs from a generated encoder: it knows no schema. Callers write fields in
 * field-number order and decide themselves which proto3 defaults to omit (a member of a `oneof`
 * must be written even when it holds its default, e.g. `simple_value: 0`).
 */

import { ConfigError } from '../../core/errors';

/** Protobuf wire type of a varint field (int32, int64, uint64, bool, enum). */
export const WIRE_VARINT = 0;
/** Protobuf wire type of a fixed 64-bit field (double, fixed64). */
export const WIRE_FIXED64 = 1;
/** Protobuf wire type of a length-delimited field (string, bytes, message, packed repeated). */
export const WIRE_LENGTH_DELIMITED = 2;
/** Protobuf wire type of a fixed 32-bit field (float, fixed32). */
export const WIRE_FIXED32 = 5;

const UTF8 = new TextEncoder();
const TWO_POW_32 = 2 ** 32;

/**
 * Zigzag-maps a signed 64-bit integer to an unsigned one (0→0, -1→1, 1→2, -2→3, ...), as the
 * `sint64` type does; see https://protobuf.dev/programming-guides/encoding/#signed-ints.
 * @param value a signed integer within int64 range
 * @returns the unsigned 64-bit zigzag code
 */
export function zigzagEncode64(value: number | bigint): bigint {
  const v = BigInt.asIntN(64, typeof value === 'bigint' ? value : BigInt(checkInteger(value)));
  return BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
}

/**
 * Inverse of {@link zigzagEncode64}.
 * @param code an unsigned 64-bit zigzag code
 * @returns the signed 64-bit integer it stands for
 */
export function zigzagDecode64(code: bigint): bigint {
  const u = BigInt.asUintN(64, code);
  return BigInt.asIntN(64, (u >> 1n) ^ -(u & 1n));
}

function checkInteger(value: number): number {
  if (!Number.isSafeInteger(value)) {
    throw new ConfigError(
      `Protobuf integer field received ${value}; expected a safe integer (|n| <= 2^53 - 1). ` +
        'Pass an integer, or a bigint for values beyond 2^53.',
    );
  }
  return value;
}

/** Accumulates protobuf wire bytes; `finish()` returns them. One writer per message. */
export class ProtoWriter {
  private buffer = new Uint8Array(64);
  private length = 0;
  private dv = new DataView(this.buffer.buffer);

  /** Number of bytes written so far. */
  get byteLength(): number {
    return this.length;
  }

  /** The bytes written so far, as a fresh array the caller owns. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.dv = new DataView(grown.buffer);
  }

  /**
   * Writes a base-128 varint. Negative numbers are written as 64-bit two's complement
   * (10 bytes), which is how protobuf encodes negative int32 / int64 / enum values.
   * @param value an integer (number within ±2^53, or any bigint within 64 bits)
   */
  varint(value: number | bigint): this {
    if (typeof value === 'number' && value >= 0 && value < TWO_POW_32 && Number.isInteger(value)) {
      this.reserve(5);
      let v = value;
      while (v >= 0x80) {
        this.buffer[this.length++] = (v & 0x7f) | 0x80;
        v = Math.floor(v / 128);
      }
      this.buffer[this.length++] = v;
      return this;
    }
    let v = BigInt.asUintN(64, typeof value === 'bigint' ? value : BigInt(checkInteger(value)));
    this.reserve(10);
    while (v >= 0x80n) {
      this.buffer[this.length++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.length++] = Number(v);
    return this;
  }

  /**
   * Writes a field key: `(fieldNumber << 3) | wireType` as a varint.
   * @param fieldNumber the field number from the .proto file (1 .. 2^29-1)
   * @param wireType one of the WIRE_* constants
   */
  tag(fieldNumber: number, wireType: number): this {
    if (!Number.isInteger(fieldNumber) || fieldNumber < 1 || fieldNumber >= 2 ** 29) {
      throw new ConfigError(`Protobuf field number ${fieldNumber} is invalid; expected an integer in [1, 2^29).`);
    }
    return this.varint(fieldNumber * 8 + wireType);
  }

  /** Writes 4 bytes: `value` rounded to float32, little-endian (NaN and ±Infinity kept). */
  fixed32Float(value: number): this {
    this.reserve(4);
    this.dv.setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  /** Writes 8 bytes: `value` as a float64, little-endian (NaN and ±Infinity kept). */
  fixed64Double(value: number): this {
    this.reserve(8);
    this.dv.setFloat64(this.length, value, true);
    this.length += 8;
    return this;
  }

  /** Writes raw bytes with no prefix. */
  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  /** Writes a varint field holding an int64 / int32 / uint64 / enum. */
  int64Field(fieldNumber: number, value: number | bigint): this {
    return this.tag(fieldNumber, WIRE_VARINT).varint(value);
  }

  /** Writes a `sint64` field (zigzag varint). */
  sint64Field(fieldNumber: number, value: number | bigint): this {
    return this.tag(fieldNumber, WIRE_VARINT).varint(zigzagEncode64(value));
  }

  /** Writes a `bool` field (varint 0 or 1). */
  boolField(fieldNumber: number, value: boolean): this {
    return this.tag(fieldNumber, WIRE_VARINT).varint(value ? 1 : 0);
  }

  /** Writes a `float` field (fixed32). */
  floatField(fieldNumber: number, value: number): this {
    return this.tag(fieldNumber, WIRE_FIXED32).fixed32Float(value);
  }

  /** Writes a `double` field (fixed64). */
  doubleField(fieldNumber: number, value: number): this {
    return this.tag(fieldNumber, WIRE_FIXED64).fixed64Double(value);
  }

  /** Writes a `bytes` field: key, varint length, the bytes. */
  bytesField(fieldNumber: number, bytes: Uint8Array): this {
    return this.tag(fieldNumber, WIRE_LENGTH_DELIMITED).varint(bytes.length).raw(bytes);
  }

  /** Writes a `string` field as UTF-8. */
  stringField(fieldNumber: number, value: string): this {
    return this.bytesField(fieldNumber, UTF8.encode(value));
  }

  /**
   * Writes a nested message field: `build` fills a fresh writer, whose bytes are then written
   * length-delimited. An empty nested message is still written (key and length 0).
   */
  messageField(fieldNumber: number, build: (w: ProtoWriter) => void): this {
    const child = new ProtoWriter();
    build(child);
    return this.bytesField(fieldNumber, child.finish());
  }

  /**
   * Writes a packed `repeated double` field: key, byte length, then 8 bytes per value.
   * Nothing is written for an empty list (proto3 omits empty repeated fields).
   */
  packedDoubleField(fieldNumber: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    this.tag(fieldNumber, WIRE_LENGTH_DELIMITED).varint(values.length * 8);
    for (let i = 0; i < values.length; i++) this.fixed64Double(values[i] as number);
    return this;
  }
}
