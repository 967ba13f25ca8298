/**
 * Checkpoints by value: an agent's records (params, policy state, optim state, and a key) written
 * to one JSON file atomically (lib/core/atomic_file.ts: temp file, fsync, rename, so a crash leaves
 * the previous checkpoint whole) and read back as fresh records. Tensor values keep their exact
 * float32 bits. baselax leaves this to the user (pickle the pytrees); here it is one call each way.
 */
import * as fs from 'node:fs';
import { writeFileAtomic } from '../core/atomic_file';
import { FileFormatError } from '../core/errors';
import { recordFromJSON, recordToJSON, type RecordObject } from './records';

/** The file format tag and version of a records checkpoint. */
export const RECORDS_FORMAT = { format: 'allts-functional-records', version: 1 } as const;

/**
 * Writes `records` (any record object, e.g. `{ params, policyState, optimState, key }`) to `file`
 * atomically. The records are only read.
 * @param meta plain JSON stored alongside (e.g. the agent's name and settings)
 */
export function saveRecords(file: string, records: RecordObject, meta: Record<string, unknown> = {}): void {
  const json = { ...RECORDS_FORMAT, meta, records: recordToJSON(records) };
  writeFileAtomic(file, JSON.stringify(json));
}

/**
 * Reads records saved by `saveRecords`; the tensors are fresh and owned by the caller.
 * @throws FileFormatError when the file is missing, not JSON, or not a records checkpoint
 */
export function loadRecords<T extends RecordObject = RecordObject>(file: string): { records: T; meta: Record<string, unknown> } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new FileFormatError(`loadRecords: cannot read ${file} (${(e as Error).message}); pass a file written by saveRecords`);
  }
  let json: { format?: unknown; version?: unknown; meta?: Record<string, unknown>; records?: unknown };
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FileFormatError(`loadRecords: ${file} is not JSON (${(e as Error).message}); pass a file written by saveRecords`);
  }
  if (json.format !== RECORDS_FORMAT.format || json.version !== RECORDS_FORMAT.version) {
    throw new FileFormatError(
      `loadRecords: ${file} has format ${JSON.stringify(json.format)} version ${JSON.stringify(json.version)}; ` +
        `expected ${RECORDS_FORMAT.format} version ${RECORDS_FORMAT.version} (written by saveRecords)`,
    );
  }
  const records = recordFromJSON(json.records, 'records');
  if (records === null || typeof records !== 'object' || Array.isArray(records)) {
    throw new FileFormatError(`loadRecords: ${file} holds no record object`);
  }
  return { records: records as T, meta: json.meta ?? {} };
}
