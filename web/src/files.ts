/** Preset files on the page: reading uploaded files, and downloading a preset's files. */
import type { PresetFiles } from '../../browser';

/** Reads uploaded files as bytes by file name (the name without any folder). */
export async function readUploads(list: FileList | readonly File[]): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  for (const file of Array.from(list)) {
    const name = file.name.split('/').pop()!;
    files[name] = new Uint8Array(await file.arrayBuffer());
  }
  return files;
}

/** Offers each of a preset's files as a download (put them in one folder to load it again). */
export function downloadFiles(files: PresetFiles): void {
  for (const [name, contents] of Object.entries(files)) {
    const blob = new Blob([contents as BlobPart], { type: typeof contents === 'string' ? 'application/json' : 'application/octet-stream' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
