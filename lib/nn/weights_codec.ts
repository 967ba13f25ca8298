/**
 * The bytes of allts's weights format, without any file system (so the browser build reads and
 * writes the very files `preset.save` writes): magic "ALLTSW1\n", a uint32 LE header length, a
 * JSON header (manifest and metadata), then the float32 LE data. `weights_file.ts` adds the
 * Node-only reading and atomic writing of such files.
 */
import { FileFormatError } from '../core/errors';
import type { WeightData } from './weights';

const MAGIC = new TextEncoder().encode('ALLTSW1\n');

/** Encodes weights (and optional metadata) into bytes. */
export function encodeWeights(weights: WeightData, meta: Record<string, unknown> = {}): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify({ manifest: weights.manifest, meta }));
  const data = new Uint8Array(weights.data.buffer, weights.data.byteOffset, weights.data.byteLength);
  const out = new Uint8Array(MAGIC.length + 4 + header.length + data.length);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(MAGIC.length, header.length, true);
  out.set(header, MAGIC.length + 4);
  out.set(data, MAGIC.length + 4 + header.length);
  return out;
}

/** Decodes bytes written by `encodeWeights`; `source` names the file in errors. */
export function decodeWeights(bytes: Uint8Array, source: string): WeightData & { meta: Record<string, unknown> } {
  if (bytes.length < MAGIC.length + 4 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new FileFormatError(`${source} is not an allts weights file (bad magic bytes); was it written by preset.save()?`);
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length, true);
  const headerStart = MAGIC.length + 4;
  if (headerStart + headerLength > bytes.length) {
    throw new FileFormatError(`${source} is truncated: its header runs past the end of the file`);
  }
  let header: { manifest: { shape: number[] }[]; meta?: Record<string, unknown> };
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(headerStart, headerStart + headerLength)));
  } catch (e) {
    throw new FileFormatError(`${source} has a corrupt header: ${(e as Error).message}`);
  }
  if (!Array.isArray(header?.manifest) || !header.manifest.every((m) => Array.isArray(m?.shape))) {
    throw new FileFormatError(`${source} has a corrupt header: no manifest of weight shapes`);
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
