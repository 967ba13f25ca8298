/**
 * A one-file container for serialized weights (format in weights_codec.ts, which the browser
 * build shares): one file so that an atomic rename covers both manifest and data. Node-only.
 */
import { FileFormatError } from '../core/errors';
import { writeFileAtomic } from '../core/atomic_file';
import { nodeBuiltin } from '../core/node_builtins';
import type { WeightData } from './weights';
import { decodeWeights, encodeWeights } from './weights_codec';

export { decodeWeights, encodeWeights };
const fs = nodeBuiltin('fs');

/** Writes a weights file atomically. */
export function saveWeightsFile(file: string, weights: WeightData, meta?: Record<string, unknown>): void {
  writeFileAtomic(file, encodeWeights(weights, meta));
}

/** Reads a weights file, with a clear error when it is missing. */
export function readWeightsFile(file: string): WeightData & { meta: Record<string, unknown> } {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new FileFormatError(`Cannot read weights file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return decodeWeights(bytes, file);
}
