import { FileFormatError } from '../../../lib/core/errors';
import { crc32c, maskCrc, maskedCrc32c } from '../../../lib/logging/tensorboard/crc32c';
import { encodeRecord, parseRecords, TFRECORD_OVERHEAD } from '../../../lib/logging/tensorboard/tfrecord';

const ascii = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

describe('CRC32C and its TFRecord mask', () => {
  it('matches the CRC32C check value', () => {
    // The standard check value of CRC-32C (Castagnoli) over the ASCII digits "123456789".
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('masks by rotating right 15 bits and adding 0xa282ead8 mod 2^32', () => {
    // crc = 0xe3069283 = 1110 0011 0000 0110 1001 0010 1000 0011
    // crc >>> 15           = 0x0001c60d   (its top 17 bits)
    // crc << 17 mod 2^32   = 0x25060000   (its low 15 bits 0x1283, moved up 17)
    // rotated              = 0x2507c60d
    // + 0xa282ead8         = 0xc78ab0e5   (no carry out of 32 bits)
    expect(maskCrc(0xe3069283)).toBe(0xc78ab0e5);
    expect(maskedCrc32c(ascii('123456789'))).toBe(0xc78ab0e5);
    // A carry out of 32 bits wraps: crc = 0xffffffff rotates to itself; + 0xa282ead8 = 0x1a282ead7 -> 0xa282ead7
    expect(maskCrc(0xffffffff)).toBe(0xa282ead7);
    // crc 0 -> rotated 0 -> the delta itself
    expect(maskCrc(0)).toBe(0xa282ead8);
  });
});

describe('TFRecord framing', () => {
  it('frames data as length, masked length CRC, data, masked data CRC (all little-endian)', () => {
    const data = ascii('123456789');
    const rec = encodeRecord(data);
    expect(rec.length).toBe(9 + TFRECORD_OVERHEAD);
    // length 9 as uint64 LE
    expect(Buffer.from(rec.subarray(0, 8)).toString('hex')).toBe('0900000000000000');
    const dv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    expect(dv.getUint32(8, true)).toBe(maskCrc(crc32c(rec.subarray(0, 8))));
    expect(Buffer.from(rec.subarray(12, 21)).toString('latin1')).toBe('123456789');
    // data CRC: the masked check value worked out above, stored little-endian: e5 b0 8a c7
    expect(Buffer.from(rec.subarray(21, 25)).toString('hex')).toBe('e5b08ac7');
  });

  it('parses back several records, including an empty one', () => {
    const parts = [ascii('a'), new Uint8Array(0), ascii('hello world')];
    const file = Buffer.concat(parts.map(encodeRecord));
    const out = parseRecords(file);
    expect(out.map((p) => Buffer.from(p).toString('latin1'))).toEqual(['a', '', 'hello world']);
  });

  it('rejects a flipped data bit, a flipped length bit and a torn tail with FileFormatError', () => {
    const good = Buffer.concat([encodeRecord(ascii('first')), encodeRecord(ascii('second'))]);
    const badData = Buffer.from(good);
    badData[12]! ^= 1;
    expect(() => parseRecords(badData, 'x.tfevents')).toThrow(/record 0 at byte 0 has data CRC/);
    const badLength = Buffer.from(good);
    badLength[0]! ^= 2;
    expect(() => parseRecords(badLength)).toThrow(/length CRC/);
    for (const cut of [1, 5, 12, 20]) {
      expect(() => parseRecords(good.subarray(0, good.length - cut))).toThrow(FileFormatError);
    }
    expect(() => parseRecords(good.subarray(0, good.length - 1))).toThrow(/record 1 .* torn/);
  });
});
