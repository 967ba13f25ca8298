/**
 * A one-file container for serialized weights: magic "ALLTSW1\n", a uint32 LE header length,
 * a JSON header (manifest and metadata), then the float32 LE data. One file so that an atomic
 * rename covers both manifest and data.
 */
import * as fs from 'node:fs';
import { FileFormatError } from '../core/errors';
import { writeFileAtomic } from '../core/atomic_file';
import type { WeightData } from './weights';

const MAGIC = Buffer.from('ALLTSW1\n', 'ascii');

/** Encodes weights (and optional metadata) into bytes. */
export function encodeWeights(weights: WeightData, meta: Record<string, unknown> = {}): Buffer {
  const header = Buffer.from(JSON.stringify({ manifest: weights.manifest, meta }), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length, 0);
  const data = Buffer.from(weights.data.buffer, weights.data.byteOffset, weights.data.byteLength);
  return Buffer.concat([MAGIC, len, header, data]);
}

/** Decodes bytes written by `encodeWeights`; `source` names the file in errors. */
export function decodeWeights(bytes: Buffer, source: string): WeightData & { meta: Record<string, unknown> } {
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new FileFormatError(`${source} is not an allts weights file (bad magic bytes); was it written by preset.save()?`);
  }
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const headerStart = MAGIC.length + 4;
  if (headerStart + headerLength > bytes.length) {
    throw new FileFormatError(`${source} is truncated: its header runs past the end of the file`);
  }
  let header: { manifest: { shape: number[] }[]; meta?: Record<string, unknown> };
  try {
    header = JSON.parse(bytes.subarray(headerStart, headerStart + headerLength).toString('utf8'));
  } catch (e) {
    throw new FileFormatError(`${source} has a corrupt header: ${(e as Error).message}`);
  }
  const body = bytes.subarray(headerStart + headerLength);
  const expected = header.manifest.reduce((n, m) => n + m.shape.reduce((a, b) => a * b, 1), 0);
  if (body.length !== expected * 4) {
    throw new FileFormatError(`${source} should hold ${expected} float32 values (${expected * 4} bytes) but holds ${body.length} bytes`);
  }
  const data = new Float32Array(expected);
  new Uint8Array(data.buffer).set(body);
  return { manifest: header.manifest, data, meta: header.meta ?? {} };
}

/** Writes a weights file atomically. */
export function saveWeightsFile(file: string, weights: WeightData, meta?: Record<string, unknown>): void {
  writeFileAtomic(file, encodeWeights(weights, meta));
}

/** Reads a weights file, with a clear error when it is missing. */
export function readWeightsFile(file: string): WeightData & { meta: Record<string, unknown> } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new FileFormatError(`Cannot read weights file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return decodeWeights(bytes, file);
}
