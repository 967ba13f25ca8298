/**
 * The image type renderers produce and recorders consume. It lives in lib/core so that lib/render
 * needs nothing from environments/; environments/environment.ts re-exports it.
 */

/** An RGB image: `data` holds height x width x 3 bytes, row-major. */
export interface RgbFrame {
  width: number;
  height: number;
  data: Uint8Array;
}
