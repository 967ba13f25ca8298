/**
 * Atomic file writes for plots: write a temporary file in the destination's directory, then
 * rename it over the destination, so a reader never sees a half-written image.
 * (No port: ALL writes plots with matplotlib's `show`; this is ours.)
 */
import { promises as fs } from 'fs';
import * as path from 'path';

/**
 * Writes `data` to `file` atomically (same-directory temp file + rename); creates the directory.
 * @param file destination path.
 * @param data bytes or UTF-8 text.
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    await fs.writeFile(temp, data);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
