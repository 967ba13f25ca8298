/**
 * Shrinks a grey image by pixel-area averaging, as OpenCV's `cv2.resize(..., INTER_AREA)` does for
 * non-integer scale factors (210x160 Atari screens to 84x84): each output pixel is the mean of the
 * source area it covers, partial pixels weighted by their covered fraction. ALL's `WarpFrame` and
 * gymnasium's `AtariPreprocessing` both resize this way.
 *
 * The arithmetic follows OpenCV's documented area scheme (weights in float32, rows accumulated
 * in float32, rounded half to even), written from its description so that our frames can be
 * compared byte for byte with gymnasium's (`__tests__/environments/atari/`). Only shrinking (both
 * scales >= 1) of one-channel uint8 images is supported; that is all Atari preprocessing needs.
 */
import { ConfigError, ShapeError } from '../../lib/core/errors';

/** One weighted source index contributing to one destination index. */
interface Tap {
  dst: number;
  src: number;
  weight: number;
}

/** The taps of one axis: which source pixels feed each destination pixel, with what weight. */
function axisTaps(srcSize: number, dstSize: number): Tap[] {
  const scale = srcSize / dstSize;
  const taps: Tap[] = [];
  for (let d = 0; d < dstSize; d++) {
    const from = d * scale;
    const to = from + scale;
    const cell = Math.min(scale, srcSize - from);
    let first = Math.ceil(from);
    let last = Math.floor(to);
    last = Math.min(last, srcSize - 1);
    first = Math.min(first, last);
    if (first - from > 1e-3) taps.push({ dst: d, src: first - 1, weight: Math.fround((first - from) / cell) });
    for (let s = first; s < last; s++) taps.push({ dst: d, src: s, weight: Math.fround(1 / cell) });
    if (to - last > 1e-3) taps.push({ dst: d, src: last, weight: Math.fround(Math.min(Math.min(to - last, 1), cell) / cell) });
  }
  return taps;
}

/** float32 to uint8: round half to even, then clamp to [0, 255]. */
function toByte(v: number): number {
  let r = Math.round(v);
  if (r - v === 0.5 && r % 2 !== 0) r -= 1;
  return r < 0 ? 0 : r > 255 ? 255 : r;
}

/** Taps of one axis as parallel typed arrays (faster to walk than objects). */
interface TapArrays {
  dst: Int32Array;
  src: Int32Array;
  weight: Float32Array;
}

function tapArrays(taps: Tap[]): TapArrays {
  return {
    dst: Int32Array.from(taps, (t) => t.dst),
    src: Int32Array.from(taps, (t) => t.src),
    weight: Float32Array.from(taps, (t) => t.weight),
  };
}

/** A reusable area resizer from `srcHeight x srcWidth` to `dstHeight x dstWidth` (one channel, uint8). */
export class AreaResize {
  private readonly x: TapArrays;
  private readonly y: TapArrays;
  private readonly row: Float32Array;
  private readonly sum: Float32Array;

  constructor(
    readonly srcHeight: number,
    readonly srcWidth: number,
    readonly dstHeight: number,
    readonly dstWidth: number,
  ) {
    for (const [name, v] of [['srcHeight', srcHeight], ['srcWidth', srcWidth], ['dstHeight', dstHeight], ['dstWidth', dstWidth]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ConfigError(`AreaResize ${name} must be a positive integer; received ${v}`);
    }
    if (dstHeight > srcHeight || dstWidth > srcWidth) {
      throw new ConfigError(`AreaResize only shrinks; cannot resize ${srcHeight}x${srcWidth} to ${dstHeight}x${dstWidth}`);
    }
    this.x = tapArrays(axisTaps(srcWidth, dstWidth));
    this.y = tapArrays(axisTaps(srcHeight, dstHeight));
    this.row = new Float32Array(dstWidth);
    this.sum = new Float32Array(dstWidth);
  }

  /**
   * Resizes `src` (srcHeight x srcWidth bytes, row-major) into `out` (dstHeight x dstWidth bytes).
   * @returns `out`
   */
  apply(src: Uint8Array, out: Uint8Array = new Uint8Array(this.dstHeight * this.dstWidth)): Uint8Array {
    if (src.length !== this.srcHeight * this.srcWidth) {
      throw new ShapeError(`AreaResize expects ${this.srcHeight}x${this.srcWidth} = ${this.srcHeight * this.srcWidth} bytes; received ${src.length}`);
    }
    if (out.length !== this.dstHeight * this.dstWidth) {
      throw new ShapeError(`AreaResize output must hold ${this.dstHeight * this.dstWidth} bytes; received ${out.length}`);
    }
    const w = this.dstWidth;
    const { row, sum } = this;
    const xd = this.x.dst;
    const xs = this.x.src;
    const xw = this.x.weight;
    const nx = xd.length;
    const yd = this.y.dst;
    const ys = this.y.src;
    const yw = this.y.weight;
    sum.fill(0);
    let currentRow = yd[0]!;
    for (let t = 0; t < yd.length; t++) {
      row.fill(0);
      const base = ys[t]! * this.srcWidth;
      for (let k = 0; k < nx; k++) row[xd[k]!] = row[xd[k]!]! + Math.fround(src[base + xs[k]!]! * xw[k]!);
      const beta = yw[t]!;
      if (yd[t] !== currentRow) {
        for (let d = 0; d < w; d++) {
          out[currentRow * w + d] = toByte(sum[d]!);
          sum[d] = Math.fround(beta * row[d]!);
        }
        currentRow = yd[t]!;
      } else {
        for (let d = 0; d < w; d++) sum[d] = sum[d]! + Math.fround(beta * row[d]!);
      }
    }
    for (let d = 0; d < w; d++) out[currentRow * w + d] = toByte(sum[d]!);
    return out;
  }
}
