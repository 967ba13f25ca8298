/**
 * TFRecord framing, the container format of TensorBoard event files.
 *
 * Each record is: uint64 little-endian data length, uint32 LE masked CRC32C of those 8 length
 * bytes, the data, uint32 LE masked CRC32C of the data. Ports the format written by TensorFlow's
 * `RecordWriter` (https://www.tensorflow.org/tutorials/load_data/tfrecord#tfrecords_format_details).
 * Deliberately differs: no compression option (event files are never compressed), and the parser
 * is strict: a torn or corrupt record is an error, never silently dropped.
 */

import { FileFormatError } from '../../core/errors';
import { maskedCrc32c } from './crc32c';

/** Bytes of framing around each record's data: 8 (length) + 4 (length CRC) + 4 (data CRC). */
export const TFRECORD_OVERHEAD = 16;

/**
 * Frames `data` as one TFRecord.
 * @param data the payload (a serialized Event proto for event files)
 * @returns a fresh buffer of `data.length + 16` bytes
 */
export function encodeRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + TFRECORD_OVERHEAD);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(data.length), true);
  dv.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  dv.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/**
 * Splits a whole TFRecord file into its records, checking both CRCs of every record.
 * @param bytes the file's contents
 * @param source a name for error messages (e.g. the file path)
 * @returns each record's data, in file order (views into `bytes`)
 * @throws FileFormatError on a truncated record or a CRC mismatch
 */
export function parseRecords(bytes: Uint8Array, source = 'TFRecord data'): Uint8Array[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const index = records.length;
    if (pos + 12 > bytes.length) {
      throw new FileFormatError(
        `${source}: record ${index} at byte ${pos} is torn: its 12-byte header needs ${pos + 12} bytes but the ` +
          `file has ${bytes.length}. Expected only whole records; the writer was interrupted mid-write or the file is not a TFRecord file.`,
      );
    }
    const lengthBig = dv.getBigUint64(pos, true);
    const lengthCrc = dv.getUint32(pos + 8, true);
    const expectedLengthCrc = maskedCrc32c(bytes.subarray(pos, pos + 8));
    if (lengthCrc !== expectedLengthCrc) {
      throw new FileFormatError(
        `${source}: record ${index} at byte ${pos} has length CRC 0x${hex(lengthCrc)}, expected ` +
          `0x${hex(expectedLengthCrc)}. The file is corrupt or not a TFRecord/event file.`,
      );
    }
    const length = Number(lengthBig);
    const end = pos + 12 + length + 4;
    if (lengthBig > BigInt(Number.MAX_SAFE_INTEGER) || end > bytes.length) {
      throw new FileFormatError(
        `${source}: record ${index} at byte ${pos} declares ${lengthBig} data bytes, which runs past the end of ` +
          `the file (${bytes.length} bytes). Expected only whole records; the file is torn.`,
      );
    }
    const data = bytes.subarray(pos + 12, pos + 12 + length);
    const dataCrc = dv.getUint32(pos + 12 + length, true);
    const expectedDataCrc = maskedCrc32c(data);
    if (dataCrc !== expectedDataCrc) {
      throw new FileFormatError(
        `${source}: record ${index} at byte ${pos} has data CRC 0x${hex(dataCrc)}, expected 0x${hex(expectedDataCrc)}. ` +
          'The record is corrupt.',
      );
    }
    records.push(data);
    pos = end;
  }
  return records;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
