/**
 * Atomic file writes: write to a temporary file in the same directory, fsync, then rename over
 * the target. A crash leaves either the old file or the new one, never a torn one.
 */
import { nodeBuiltin } from './node_builtins';
const fs = nodeBuiltin('fs'); // Node-only; importable in a browser (issue 20)
const path = nodeBuiltin('path');

let counter = 0;

/** Writes `data` to `file` atomically, creating parent directories. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  counter += 1;
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${counter}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** Appends whole lines to `file` in one write call, so a reader never sees half a line. */
export function appendLines(file: string, lines: readonly string[]): void {
  if (lines.length === 0) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, lines.join('\n') + '\n');
}
