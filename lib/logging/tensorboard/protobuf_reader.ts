/**
 * A minimal Protocol Buffers wire-format decoder, the counterpart of protobuf_writer.ts, used to
 * read back our own event files (tests and tools).
 *
 * Implements the decoding side of https://protobuf.dev/programming-guides/encoding/ . Deliberately
 * differs from a generated decoder: it knows no schema; callers walk the fields one by one and
 * skip the numbers they do not know. Malformed input raises FileFormatError instead of returning
 * partial data.
 */

import { FileFormatError } from '../../core/errors';
import { WIRE_FIXED32, WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from './protobuf_writer';

const UTF8 = new TextDecoder('utf-8', { fatal: false });

/** Sequential reader over the bytes of one protobuf message. */
export class ProtoReader {
  private pos = 0;
  private readonly dv: DataView;

  /** @param bytes the serialized message (not copied; do not mutate while reading) */
  constructor(private readonly data: Uint8Array) {
    this.dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  /** True once every byte has been consumed. */
  get done(): boolean {
    return this.pos >= this.data.length;
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.data.length) {
      throw new FileFormatError(
        `Protobuf message is truncated: reading ${what} needs ${n} byte(s) at offset ${this.pos}, ` +
          `but the message has ${this.data.length} bytes. The file is torn or not an event file.`,
      );
    }
  }

  /** Reads a varint as an unsigned 64-bit bigint. */
  varintBig(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      this.need(1, 'a varint');
      const b = this.data[this.pos++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
    throw new FileFormatError(`Protobuf varint longer than 10 bytes ending at offset ${this.pos}; the data is corrupt.`);
  }

  /** Reads a varint that must fit in 32 unsigned bits (keys, lengths). */
  uint32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      this.need(1, 'a varint');
      const b = this.data[this.pos++] as number;
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) {
        if (result >= 2 ** 32) break;
        return result;
      }
    }
    throw new FileFormatError(`Protobuf varint at offset ${this.pos} does not fit in 32 bits where a length or key was expected.`);
  }

  /** Reads an int64 / int32 / enum varint as a signed number (exact within ±2^53). */
  int64(): number {
    return Number(BigInt.asIntN(64, this.varintBig()));
  }

  /** Reads a bool varint. */
  bool(): boolean {
    return this.varintBig() !== 0n;
  }

  /** Reads a little-endian float32. */
  float(): number {
    this.need(4, 'a float');
    const v = this.dv.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** Reads a little-endian float64. */
  double(): number {
    this.need(8, 'a double');
    const v = this.dv.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** Reads a length-delimited field's payload (a view into the message, not a copy). */
  bytesView(): Uint8Array {
    const n = this.uint32();
    this.need(n, 'a length-delimited field');
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Reads a length-delimited field as a fresh copy the caller owns. */
  bytes(): Uint8Array {
    return this.bytesView().slice();
  }

  /** Reads a length-delimited field as UTF-8 text. */
  string(): string {
    return UTF8.decode(this.bytesView());
  }

  /** Reads a packed `repeated double` payload. */
  packedDoubles(): number[] {
    const body = this.bytesView();
    if (body.length % 8 !== 0) {
      throw new FileFormatError(`Packed double field has ${body.length} bytes; expected a multiple of 8.`);
    }
    const inner = new ProtoReader(body);
    const out: number[] = [];
    while (!inner.done) out.push(inner.double());
    return out;
  }

  /** Reads a field key; returns its field number and wire type. */
  key(): { fieldNumber: number; wireType: number } {
    const k = this.uint32();
    const fieldNumber = Math.floor(k / 8);
    if (fieldNumber === 0) throw new FileFormatError(`Protobuf key with field number 0 at offset ${this.pos}; the data is corrupt.`);
    return { fieldNumber, wireType: k & 7 };
  }

  /** Skips the value of a field of the given wire type. */
  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varintBig();
        return;
      case WIRE_FIXED64:
        this.need(8, 'a fixed64');
        this.pos += 8;
        return;
      case WIRE_LENGTH_DELIMITED:
        this.bytesView();
        return;
      case WIRE_FIXED32:
        this.need(4, 'a fixed32');
        this.pos += 4;
        return;
      default:
        throw new FileFormatError(`Unsupported protobuf wire type ${wireType} at offset ${this.pos} (groups are not used by event files).`);
    }
  }
}

/**
 * Walks every field of a message. `onField` must consume the field's value (with the reader's
 * typed methods) and return true, or return false to have it skipped.
 * @param bytes the serialized message
 * @param onField called once per field in wire order
 */
export function forEachField(
  bytes: Uint8Array,
  onField: (fieldNumber: number, wireType: number, reader: ProtoReader) => boolean,
): void {
  const r = new ProtoReader(bytes);
  while (!r.done) {
    const { fieldNumber, wireType } = r.key();
    if (!onField(fieldNumber, wireType, r)) r.skip(wireType);
  }
}
