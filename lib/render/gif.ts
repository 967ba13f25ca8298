/**
 * Animated GIF recording of environment frames (e.g. a `watch` session or an evaluation episode).
 *
 * ALL has no GIF writer (its `watch` only renders to a window); this is ours, on `gifenc`
 * (pure JS). Colours are quantised to at most 256 per palette, per frame by default (a local
 * colour table per frame) or once for the whole animation; frames are not dithered.
 */
import type { RgbFrame } from '../core/rgb_frame';
import { writeFileAtomic } from '../core/atomic_file';
import { ConfigError, ShapeError } from '../core/errors';

/** The part of gifenc's API we use (gifenc ships no typings). */
interface Gifenc {
  GIFEncoder(): {
    writeFrame(
      index: Uint8Array,
      width: number,
      height: number,
      options: { palette?: number[][]; delay?: number; repeat?: number },
    ): void;
    finish(): void;
    bytes(): Uint8Array;
  };
  quantize(rgba: Uint8Array, maxColors: number, options?: { format?: 'rgb565' | 'rgb444' | 'rgba4444' }): number[][];
  applyPalette(rgba: Uint8Array, palette: number[][], format?: 'rgb565' | 'rgb444' | 'rgba4444'): Uint8Array;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const gifenc = require('gifenc') as Gifenc;

/** Options of {@link encodeGif}. */
export interface GifOptions {
  /**
   * Frames per second. GIF delays are whole centiseconds: each frame shows round(100 / fps)
   * centiseconds, at least 2 (viewers slow down shorter delays), so at most 50 fps.
   */
  fps: number;
  /** `per-frame` (default): a palette per frame; `global`: one palette from all frames. */
  palette?: 'per-frame' | 'global';
  /** Colours per palette, 2..256 (default 256). */
  maxColors?: number;
}

/** Checks the frames and returns their common size. */
function checkFrames(frames: readonly RgbFrame[]): { width: number; height: number } {
  if (!Array.isArray(frames) || frames.length === 0) {
    throw new ShapeError('encodeGif: received no frames; expected at least one RgbFrame {width, height, data}');
  }
  const first = frames[0] as RgbFrame;
  const { width, height } = first;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 65535 || height > 65535) {
    throw new ShapeError(`encodeGif: frame 0 is ${width}x${height}; expected integer width and height in 1..65535`);
  }
  frames.forEach((frame, i) => {
    if (frame.width !== width || frame.height !== height) {
      throw new ShapeError(
        `encodeGif: frame ${i} is ${frame.width}x${frame.height} but frame 0 is ${width}x${height}; every frame must have the same size`,
      );
    }
    if (!(frame.data instanceof Uint8Array) || frame.data.length !== width * height * 3) {
      const length = frame.data instanceof Uint8Array ? `${frame.data.length} bytes` : `a ${typeof frame.data}`;
      throw new ShapeError(
        `encodeGif: frame ${i} data is ${length}; expected a Uint8Array of width * height * 3 = ${width * height * 3} RGB bytes`,
      );
    }
  });
  return { width, height };
}

/** RGB bytes to a fresh RGBA buffer (gifenc reads pixels as 32-bit words from offset 0). */
function toRgba(rgb: Uint8Array, pixels: number): Uint8Array {
  const rgba = new Uint8Array(pixels * 4);
  for (let p = 0, s = 0, d = 0; p < pixels; p++, s += 3, d += 4) {
    rgba[d] = rgb[s] as number;
    rgba[d + 1] = rgb[s + 1] as number;
    rgba[d + 2] = rgb[s + 2] as number;
    rgba[d + 3] = 255;
  }
  return rgba;
}

/** Up to ~65536 pixels sampled evenly from every frame, as RGBA, for a global palette. */
function sampleAll(frames: readonly RgbFrame[], pixels: number): Uint8Array {
  const perFrame = Math.max(1, Math.min(pixels, Math.floor(65536 / frames.length)));
  const stride = pixels / perFrame;
  const sample = new Uint8Array(perFrame * frames.length * 4);
  let d = 0;
  for (const frame of frames) {
    for (let k = 0; k < perFrame; k++) {
      const s = Math.floor(k * stride) * 3;
      sample[d++] = frame.data[s] as number;
      sample[d++] = frame.data[s + 1] as number;
      sample[d++] = frame.data[s + 2] as number;
      sample[d++] = 255;
    }
  }
  return sample;
}

/**
 * Encodes RGB frames as an animated GIF that loops forever.
 * @param frames equal-sized RGB images (`RgbFrame` of environments/environment.ts).
 * @param options frame rate (frames per second) and palette choice.
 * @returns the GIF file's bytes.
 * @throws ShapeError on no frames, frames of different sizes, or data of the wrong length;
 *   ConfigError on a non-positive fps or a maxColors outside 2..256.
 */
export function encodeGif(frames: readonly RgbFrame[], options: GifOptions): Uint8Array {
  const { width, height } = checkFrames(frames);
  const fps = options?.fps;
  if (typeof fps !== 'number' || !Number.isFinite(fps) || fps <= 0) {
    throw new ConfigError(`encodeGif: fps must be a positive number of frames per second, received ${fps}; e.g. { fps: 30 }`);
  }
  const maxColors = options.maxColors ?? 256;
  if (!Number.isInteger(maxColors) || maxColors < 2 || maxColors > 256) {
    throw new ConfigError(`encodeGif: maxColors must be an integer in 2..256, received ${maxColors}`);
  }
  const centiseconds = Math.max(2, Math.round(100 / fps));
  const pixels = width * height;
  const global = options.palette === 'global' ? gifenc.quantize(sampleAll(frames, pixels), maxColors) : undefined;
  const encoder = gifenc.GIFEncoder();
  frames.forEach((frame, i) => {
    const rgba = toRgba(frame.data, pixels);
    const palette = global ?? gifenc.quantize(rgba, maxColors);
    const index = gifenc.applyPalette(rgba, palette);
    // gifenc takes the delay in milliseconds and rounds it to centiseconds; repeat 0 = loop forever.
    // With a global palette only the first frame carries it (the global colour table).
    encoder.writeFrame(index, width, height, {
      delay: centiseconds * 10,
      repeat: 0,
      ...(global === undefined || i === 0 ? { palette } : {}),
    });
  });
  encoder.finish();
  return encoder.bytes();
}

/**
 * Encodes frames as a GIF ({@link encodeGif}) and writes it atomically: a temporary file in the
 * same directory, renamed over `file`. Creates the directory if needed.
 * @param file destination path, e.g. `runs/dqn_CartPole-v1_.../episode.gif`.
 */
export async function writeGif(file: string, frames: readonly RgbFrame[], options: GifOptions): Promise<void> {
  writeFileAtomic(file, encodeGif(frames, options));
}
