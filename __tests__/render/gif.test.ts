/** GIF encoding: decoded back with omggif (an independent decoder) to check frames, size, timing and colours. */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RgbFrame } from '../../environments/environment';
import { ConfigError, ShapeError } from '../../lib/core/errors';
import { encodeGif, writeGif } from '../../lib/render/gif';

interface GifReader {
  width: number;
  height: number;
  numFrames(): number;
  loopCount(): number | null;
  frameInfo(i: number): { delay: number; width: number; height: number };
  decodeAndBlitFrameRGBA(i: number, pixels: Uint8Array): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GifReader } = require('omggif') as { GifReader: new (bytes: Uint8Array) => GifReader };

/** A frame whose left half is `left` and right half `right` (RGB triples). */
function splitFrame(width: number, height: number, left: number[], right: number[]): RgbFrame {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.set(x < width / 2 ? left : right, (y * width + x) * 3);
    }
  }
  return { width, height, data };
}

const RED = [255, 0, 0];
const GREEN = [0, 200, 0];
const BLUE = [0, 0, 255];
const WHITE = [255, 255, 255];
const frames = [splitFrame(8, 6, RED, WHITE), splitFrame(8, 6, GREEN, BLUE), splitFrame(8, 6, BLUE, RED)];

/** Decodes every frame to RGBA. */
function decode(bytes: Uint8Array): { reader: GifReader; pixels: Uint8Array[] } {
  const reader = new GifReader(bytes);
  const pixels = Array.from({ length: reader.numFrames() }, (_, i) => {
    const rgba = new Uint8Array(reader.width * reader.height * 4);
    reader.decodeAndBlitFrameRGBA(i, rgba);
    return rgba;
  });
  return { reader, pixels };
}

/** RGB of pixel (x, y) in a decoded RGBA frame. */
function rgbAt(rgba: Uint8Array, width: number, x: number, y: number): number[] {
  const o = (y * width + x) * 4;
  return [rgba[o] as number, rgba[o + 1] as number, rgba[o + 2] as number];
}

/** Largest per-channel difference (palette quantisation to rgb565 moves a channel by at most 8). */
const maxDiff = (a: number[], b: number[]): number => Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number))));

describe('encodeGif', () => {
  it.each(['per-frame', 'global'] as const)('round-trips frame count, size, loop, delay and colours (%s palette)', (palette) => {
    const bytes = encodeGif(frames, { fps: 10, palette });
    expect(Buffer.from(bytes.subarray(0, 6)).toString('latin1')).toBe('GIF89a');
    const { reader, pixels } = decode(bytes);
    expect(reader.numFrames()).toBe(3);
    expect([reader.width, reader.height]).toEqual([8, 6]);
    expect(reader.loopCount()).toBe(0); // Netscape loop count 0 = forever
    // 10 fps -> 100 / 10 = 10 centiseconds per frame.
    expect(reader.frameInfo(0).delay).toBe(10);
    const expected = [
      [RED, WHITE],
      [GREEN, BLUE],
      [BLUE, RED],
    ];
    pixels.forEach((rgba, i) => {
      const [left, right] = expected[i] as [number[], number[]];
      for (const [x, y] of [[0, 0], [3, 5], [1, 2]] as const) expect(maxDiff(rgbAt(rgba, 8, x, y), left)).toBeLessThanOrEqual(8);
      for (const [x, y] of [[4, 0], [7, 5], [6, 3]] as const) expect(maxDiff(rgbAt(rgba, 8, x, y), right)).toBeLessThanOrEqual(8);
    });
  });

  it('turns fps into whole-centisecond delays, at least 2', () => {
    // 30 fps -> round(100 / 30) = 3 cs; 1000 fps -> clamped to 2 cs; 0.5 fps -> 200 cs.
    expect(new GifReader(encodeGif(frames, { fps: 30 })).frameInfo(1).delay).toBe(3);
    expect(new GifReader(encodeGif(frames, { fps: 1000 })).frameInfo(1).delay).toBe(2);
    expect(new GifReader(encodeGif(frames, { fps: 0.5 })).frameInfo(1).delay).toBe(200);
  });

  it('keeps a gradient close with a 256-colour palette', () => {
    // 16 x 16 grey ramp: 256 distinct levels, quantised to at most 256 colours.
    const width = 16;
    const data = new Uint8Array(width * width * 3);
    for (let p = 0; p < width * width; p++) data.fill(p, p * 3, p * 3 + 3);
    const { pixels } = decode(encodeGif([{ width, height: width, data }], { fps: 5 }));
    let worst = 0;
    for (let p = 0; p < width * width; p++) worst = Math.max(worst, maxDiff(rgbAt(pixels[0] as Uint8Array, width, p % width, Math.floor(p / width)), [p, p, p]));
    expect(worst).toBeLessThanOrEqual(8);
  });

  it('rejects no frames, mixed sizes and wrong data lengths with ShapeError', () => {
    expect(() => encodeGif([], { fps: 10 })).toThrow(ShapeError);
    expect(() => encodeGif([], { fps: 10 })).toThrow(/no frames/);
    expect(() => encodeGif([frames[0] as RgbFrame, splitFrame(4, 6, RED, RED)], { fps: 10 })).toThrow(/frame 1 is 4x6 but frame 0 is 8x6/);
    const short = { width: 8, height: 6, data: new Uint8Array(8 * 6 * 4) };
    expect(() => encodeGif([short], { fps: 10 })).toThrow(ShapeError);
    expect(() => encodeGif([short], { fps: 10 })).toThrow(/192 bytes; expected .* 144 RGB bytes/);
    expect(() => encodeGif([{ width: 0, height: 6, data: new Uint8Array(0) }], { fps: 10 })).toThrow(ShapeError);
  });

  it('rejects a bad fps or maxColors with ConfigError', () => {
    expect(() => encodeGif(frames, { fps: 0 })).toThrow(ConfigError);
    expect(() => encodeGif(frames, { fps: Number.NaN })).toThrow(ConfigError);
    expect(() => encodeGif(frames, { fps: 10, maxColors: 300 })).toThrow(ConfigError);
  });
});

describe('writeGif', () => {
  it('writes the encoded bytes, creating the directory, leaving no temp file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'allts-gif-'));
    try {
      const file = path.join(dir, 'nested', 'episode.gif');
      await writeGif(file, frames, { fps: 20 });
      const bytes = new Uint8Array(readFileSync(file));
      expect(bytes).toEqual(encodeGif(frames, { fps: 20 }));
      expect(new GifReader(bytes).numFrames()).toBe(3);
      expect(readdirSync(path.join(dir, 'nested'))).toEqual(['episode.gif']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
