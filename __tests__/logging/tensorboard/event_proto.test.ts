import { ConfigError } from '../../../lib/core/errors';
import { decodeEvent } from '../../../lib/logging/tensorboard/event_file_reader';
import { encodeEvent, FILE_VERSION } from '../../../lib/logging/tensorboard/event_proto';
import { encodeRecord } from '../../../lib/logging/tensorboard/tfrecord';
import { decodePlain, EventType } from './tensorboard_schema';
const CRC32C: { buf(data: Uint8Array): number } = require('crc-32/crc32c');

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
/** TFRecord's mask, written out here independently of the library. */
const mask = (crc: number): number => ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) % 2 ** 32;
const le32 = (n: number): string => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b.toString('hex');
};

describe('Event encoding (golden bytes)', () => {
  // Event { wall_time: 1.5, step: 3, summary { value { tag: "a", simple_value: 2.0 } } }
  //   wall_time: key (1<<3)|1 = 09, 1.5 as float64 LE = 00 00 00 00 00 00 f8 3f
  //   step:      key (2<<3)|0 = 10, varint 3 = 03
  //   summary:   key (5<<3)|2 = 2a, length 10, then Summary:
  //     value:     key (1<<3)|2 = 0a, length 8, then Summary.Value:
  //       tag:          key 0a, length 01, "a" = 61
  //       simple_value: key (2<<3)|5 = 15, 2.0 as float32 LE = 00 00 00 40
  const EVENT_HEX = '09000000000000f83f' + '1003' + '2a0a' + '0a08' + '0a0161' + '1500000040';

  it('encodes a scalar Event to the hand-computed bytes', () => {
    const bytes = encodeEvent({ wallTime: 1.5, step: 3, summary: { value: [{ tag: 'a', simpleValue: 2 }] } });
    expect(hex(bytes)).toBe(EVENT_HEX);
  });

  it('frames it as a TFRecord whose CRCs match crc-32 with the mask applied', () => {
    const data = Buffer.from(EVENT_HEX, 'hex');
    expect(data.length).toBe(23);
    const lengthBytes = Buffer.from('1700000000000000', 'hex'); // 23 as uint64 LE
    const expected = '1700000000000000' + le32(mask(CRC32C.buf(lengthBytes))) + EVENT_HEX + le32(mask(CRC32C.buf(data)));
    expect(hex(encodeRecord(encodeEvent({ wallTime: 1.5, step: 3, summary: { value: [{ tag: 'a', simpleValue: 2 }] } })))).toBe(
      expected,
    );
  });

  it('writes the file_version event as field 3', () => {
    // key (3<<3)|2 = 1a, length 13, "brain.Event:2"; wall_time and step 0 are proto3 defaults, omitted
    expect(hex(encodeEvent({ wallTime: 0, step: 0, fileVersion: FILE_VERSION }))).toBe(
      '1a0d' + Buffer.from('brain.Event:2').toString('hex'),
    );
  });

  it('writes simple_value 0 because it is a oneof member', () => {
    // summary 2a 0a { value 0a 08 { tag 0a 01 "z"(7a), simple_value 15 00000000 } }
    expect(hex(encodeEvent({ wallTime: 0, step: 0, summary: { value: [{ tag: 'z', simpleValue: 0 }] } }))).toBe(
      '2a0a0a080a017a1500000000',
    );
  });

  it('writes a negative step as a 10-byte int64 varint', () => {
    expect(hex(encodeEvent({ wallTime: 0, step: -1, summary: { value: [] } }))).toBe('10ffffffffffffffffff01' + '2a00');
  });

  it('decodes the same with protobufjs and with our reader', () => {
    const event = {
      wallTime: 1700000000.25,
      step: 123456789012,
      summary: {
        value: [
          { tag: 'loss/q', simpleValue: 0.1 },
          { tag: 'weights', histo: { min: -1, max: 2, num: 3, sum: 1, sumSquares: 6, bucketLimit: [0, 2], bucket: [1, 2] } },
          { tag: 'p', tensor: Uint8Array.of(8, 1), metadata: { pluginData: { pluginName: 'x', content: Uint8Array.of(1, 2) } } },
        ],
      },
    };
    const bytes = encodeEvent(event);
    const viaPb = decodePlain(EventType, bytes);
    expect(viaPb).toEqual({
      wall_time: 1700000000.25,
      step: 123456789012,
      what: 'summary',
      summary: {
        value: [
          { tag: 'loss/q', simple_value: Math.fround(0.1), value: 'simple_value' },
          {
            tag: 'weights',
            histo: { min: -1, max: 2, num: 3, sum: 1, sum_squares: 6, bucket_limit: [0, 2], bucket: [1, 2] },
            value: 'histo',
          },
          {
            tag: 'p',
            tensor: { dtype: 1 },
            value: 'tensor',
            metadata: { plugin_data: { plugin_name: 'x', content: Buffer.from([1, 2]) } },
          },
        ],
      },
    });
    const ours = decodeEvent(bytes);
    expect(ours.wallTime).toBe(1700000000.25);
    expect(ours.step).toBe(123456789012);
    expect(ours.summary!.value[0]).toEqual({ tag: 'loss/q', simpleValue: Math.fround(0.1) });
    expect(ours.summary!.value[1]!.histo).toEqual(event.summary.value[1]!.histo);
    expect(ours.summary!.value[2]).toEqual({
      tag: 'p',
      tensor: Uint8Array.of(8, 1),
      metadata: { pluginData: { pluginName: 'x', content: Uint8Array.of(1, 2) } },
    });
  });

  it('rejects a fractional step, two values in one oneof, and fileVersion with a summary', () => {
    expect(() => encodeEvent({ wallTime: 0, step: 1.5 })).toThrow(ConfigError);
    expect(() =>
      encodeEvent({ wallTime: 0, step: 0, summary: { value: [{ tag: 't', simpleValue: 1, tensor: new Uint8Array(0) }] } }),
    ).toThrow(/exactly one/);
    expect(() => encodeEvent({ wallTime: 0, step: 0, summary: { value: [{ tag: 't' }] } })).toThrow(/exactly one/);
    expect(() => encodeEvent({ wallTime: 0, step: 0, fileVersion: 'v', summary: { value: [] } })).toThrow(ConfigError);
  });
});
