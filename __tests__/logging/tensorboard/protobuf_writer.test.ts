import * as protobuf from 'protobufjs';
import { ConfigError, FileFormatError } from '../../../lib/core/errors';
import { forEachField, ProtoReader } from '../../../lib/logging/tensorboard/protobuf_reader';
import {
  ProtoWriter,
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_LENGTH_DELIMITED,
  WIRE_VARINT,
  zigzagDecode64,
  zigzagEncode64,
} from '../../../lib/logging/tensorboard/protobuf_writer';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('ProtoWriter varints', () => {
  it('encodes base-128 varints, least significant group first', () => {
    // 1 -> 01; 127 -> 7f; 128 = 0b1_0000000 -> 80 01; 150 = 0b1_0010110 -> 96 01 (protobuf docs);
    // 300 = 0b10_0101100 -> ac 02; 2^32 = 1 followed by 32 zeros -> 80 80 80 80 10.
    const cases: Array<[number, string]> = [
      [0, '00'],
      [1, '01'],
      [127, '7f'],
      [128, '8001'],
      [150, '9601'],
      [300, 'ac02'],
      [2 ** 32, '8080808010'],
    ];
    for (const [value, expected] of cases) expect(hex(new ProtoWriter().varint(value).finish())).toBe(expected);
  });

  it('writes negative int64 as 10-byte two\'s complement', () => {
    // -1 = 0xffff_ffff_ffff_ffff: nine groups of 7 ones (ff) and a final 1 (01).
    expect(hex(new ProtoWriter().varint(-1).finish())).toBe('ffffffffffffffffff01');
    // -2 = 0x...fffe: first group 0b1111110 with continuation -> fe.
    expect(hex(new ProtoWriter().varint(-2).finish())).toBe('feffffffffffffffff01');
  });

  it('writes the largest safe integer and bigints beyond it exactly', () => {
    const max = Number.MAX_SAFE_INTEGER; // 2^53 - 1: 53 ones = 7 groups of 7 ones (ff) + 4 ones (0f)
    expect(hex(new ProtoWriter().varint(max).finish())).toBe('ffffffffffffff0f');
    expect(hex(new ProtoWriter().varint(2n ** 63n).finish())).toBe('80808080808080808001');
  });

  it('rejects non-integer numbers with a ConfigError', () => {
    expect(() => new ProtoWriter().varint(1.5)).toThrow(ConfigError);
    expect(() => new ProtoWriter().varint(2 ** 60)).toThrow(/safe integer/);
  });

  it('zigzag-maps signed integers as sint64 does', () => {
    // 0->0, -1->1, 1->2, -2->3, 2147483647->4294967294, -2147483648->4294967295 (protobuf docs)
    const pairs: Array<[bigint, bigint]> = [
      [0n, 0n],
      [-1n, 1n],
      [1n, 2n],
      [-2n, 3n],
      [2147483647n, 4294967294n],
      [-2147483648n, 4294967295n],
      [-(2n ** 63n), 2n ** 64n - 1n],
    ];
    for (const [signed, code] of pairs) {
      expect(zigzagEncode64(signed)).toBe(code);
      expect(zigzagDecode64(code)).toBe(signed);
    }
    // field 1 sint64 -1: key (1<<3)|0 = 08, zigzag 1 -> 01
    expect(hex(new ProtoWriter().sint64Field(1, -1).finish())).toBe('0801');
  });
});

describe('ProtoWriter fields', () => {
  it('writes keys, fixed32 floats, fixed64 doubles and length-delimited strings', () => {
    const w = new ProtoWriter()
      .floatField(2, 2.0) // key (2<<3)|5 = 0x15; 2.0f = 0x40000000 little-endian 00 00 00 40
      .doubleField(1, 1.5) // key (1<<3)|1 = 0x09; 1.5 = 0x3ff8000000000000 LE
      .stringField(3, 'hé') // key (3<<3)|2 = 0x1a; UTF-8 68 c3 a9 -> length 3
      .boolField(4, true) // key 0x20, 01
      .int64Field(16, 1); // key 16<<3 = 128 -> varint 80 01, then 01
    expect(hex(w.finish())).toBe('15' + '00000040' + '09' + '000000000000f83f' + '1a03' + '68c3a9' + '2001' + '800101');
  });

  it('keeps NaN and infinities in floats and doubles', () => {
    const bytes = new ProtoWriter().floatField(1, NaN).floatField(2, Infinity).doubleField(3, -Infinity).finish();
    const r = new ProtoReader(bytes);
    expect(r.key()).toEqual({ fieldNumber: 1, wireType: WIRE_FIXED32 });
    expect(r.float()).toBeNaN();
    r.key();
    expect(r.float()).toBe(Infinity);
    expect(r.key()).toEqual({ fieldNumber: 3, wireType: WIRE_FIXED64 });
    expect(r.double()).toBe(-Infinity);
    expect(r.done).toBe(true);
  });

  it('nests messages with a length prefix, writing empty ones too', () => {
    // outer field 1 { inner field 1 varint 150 } = 0a 03 08 96 01 ; field 2 {} = 12 00
    const w = new ProtoWriter().messageField(1, (m) => m.int64Field(1, 150)).messageField(2, () => {});
    expect(hex(w.finish())).toBe('0a03089601' + '1200');
  });

  it('packs repeated doubles and omits an empty list', () => {
    // key (6<<3)|2 = 0x32, length 16, then 1.0 (3ff0...) and -2.0 (c000...) little-endian
    const w = new ProtoWriter().packedDoubleField(6, [1, -2]).packedDoubleField(7, []);
    expect(hex(w.finish())).toBe('3210' + '000000000000f03f' + '00000000000000c0');
  });

  it('grows its buffer for long payloads', () => {
    const long = 'x'.repeat(1000);
    const bytes = new ProtoWriter().stringField(1, long).finish();
    // key 0a, length 1000 = 0b111_1101000 -> e8 07
    expect(hex(bytes.subarray(0, 3))).toBe('0ae807');
    expect(bytes.length).toBe(1003);
  });

  it('rejects invalid field numbers', () => {
    expect(() => new ProtoWriter().int64Field(0, 1)).toThrow(ConfigError);
    expect(() => new ProtoWriter().int64Field(2 ** 29, 1)).toThrow(ConfigError);
  });

  it('is read back identically by protobufjs', () => {
    const root = protobuf.parse(`
      syntax = "proto3";
      message Inner { sint64 z = 1; }
      message M {
        double d = 1; int64 i = 2; string s = 3; float f = 4; bool b = 5;
        Inner inner = 6; repeated double p = 7 [packed = true]; bytes raw = 8; int64 neg = 9;
      }`).root;
    const M = root.lookupType('M');
    const bytes = new ProtoWriter()
      .doubleField(1, Math.PI)
      .int64Field(2, 1234567890123)
      .stringField(3, 'tag/ü')
      .floatField(4, 0.1)
      .boolField(5, true)
      .messageField(6, (m) => m.sint64Field(1, -75))
      .packedDoubleField(7, [0.5, 1e300, -3])
      .bytesField(8, Uint8Array.of(0, 255, 7))
      .int64Field(9, -42)
      .finish();
    const o = M.toObject(M.decode(bytes), { longs: Number, bytes: Array });
    expect(o).toEqual({
      d: Math.PI,
      i: 1234567890123,
      s: 'tag/ü',
      f: Math.fround(0.1),
      b: true,
      inner: { z: -75 },
      p: [0.5, 1e300, -3],
      raw: [0, 255, 7],
      neg: -42,
    });
  });
});

describe('ProtoReader', () => {
  it('walks fields and skips unknown ones of every wire type', () => {
    const bytes = new ProtoWriter()
      .int64Field(1, -5)
      .doubleField(2, 2.5)
      .floatField(3, 1)
      .stringField(4, 'skip me')
      .int64Field(5, 7)
      .finish();
    const seen: Array<[number, number]> = [];
    let five = 0;
    let one = 0;
    forEachField(bytes, (field, wire, r) => {
      seen.push([field, wire]);
      if (field === 1) one = r.int64();
      else if (field === 5) five = r.int64();
      else return false;
      return true;
    });
    expect(seen).toEqual([
      [1, WIRE_VARINT],
      [2, WIRE_FIXED64],
      [3, WIRE_FIXED32],
      [4, WIRE_LENGTH_DELIMITED],
      [5, WIRE_VARINT],
    ]);
    expect(one).toBe(-5);
    expect(five).toBe(7);
  });

  it('throws FileFormatError on truncated input', () => {
    const bytes = new ProtoWriter().stringField(1, 'hello').finish();
    expect(() => forEachField(bytes.subarray(0, 4), () => false)).toThrow(FileFormatError);
    expect(() => new ProtoReader(Uint8Array.of(0x80)).varintBig()).toThrow(FileFormatError);
  });
});
