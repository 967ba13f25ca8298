/**
 * A tiny software rasterizer for environment frames: solid fill, thick lines (capsules),
 * filled circles and filled polygons on an `RgbFrame`. It stands in for the pygame/gfxdraw calls
 * gymnasium's classic-control renderers make; it has no anti-aliasing (a pixel is in or out by
 * its centre) because frames are for watching and GIFs, not for learning from pixels.
 *
 * Coordinates are pixels, x to the right and y downward, with pixel (i, j) centred at (i + 0.5, j + 0.5).
 */
import type { RgbFrame } from '../environment';

/** An RGB colour, each channel 0-255. */
export type Rgb = readonly [number, number, number];

/** A point in pixel coordinates (x right, y down). */
export type Point = readonly [number, number];

/**
 * A new frame filled with one colour.
 * @param width in pixels
 * @param height in pixels
 * @param background fill colour (default white)
 */
export function createFrame(width: number, height: number, background: Rgb = [255, 255, 255]): RgbFrame {
  const frame: RgbFrame = { width, height, data: new Uint8Array(width * height * 3) };
  fill(frame, background);
  return frame;
}

/** Paints every pixel of `frame` with `color`. */
export function fill(frame: RgbFrame, color: Rgb): void {
  const d = frame.data;
  for (let i = 0; i < d.length; i += 3) {
    d[i] = color[0];
    d[i + 1] = color[1];
    d[i + 2] = color[2];
  }
}

/** Sets one pixel if it lies inside the frame. */
export function setPixel(frame: RgbFrame, x: number, y: number, color: Rgb): void {
  if (x < 0 || y < 0 || x >= frame.width || y >= frame.height) return;
  const k = (y * frame.width + x) * 3;
  frame.data[k] = color[0];
  frame.data[k + 1] = color[1];
  frame.data[k + 2] = color[2];
}

/** The colour of pixel (x, y). */
export function getPixel(frame: RgbFrame, x: number, y: number): Rgb {
  const k = (y * frame.width + x) * 3;
  return [frame.data[k]!, frame.data[k + 1]!, frame.data[k + 2]!];
}

/** Clamped pixel range [lo, hi) covering the real interval [a, b] on an axis of `n` pixels. */
function span(a: number, b: number, n: number): [number, number] {
  return [Math.max(0, Math.floor(a)), Math.min(n, Math.ceil(b) + 1)];
}

/**
 * A line segment of the given thickness with round ends: every pixel whose centre lies within
 * `thickness / 2` of the segment (at least the pixels the centre line crosses).
 * @param thickness in pixels (default 1)
 */
export function drawLine(
  frame: RgbFrame,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  color: Rgb,
  thickness = 1,
): void {
  const r = Math.max(thickness / 2, Math.SQRT1_2);
  const [xa, xb] = span(Math.min(x0, x1) - r, Math.max(x0, x1) + r, frame.width);
  const [ya, yb] = span(Math.min(y0, y1) - r, Math.max(y0, y1) + r, frame.height);
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const r2 = r * r;
  for (let y = ya; y < yb; y++) {
    for (let x = xa; x < xb; x++) {
      const px = x + 0.5 - x0;
      const py = y + 0.5 - y0;
      const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, (px * dx + py * dy) / len2));
      const ex = px - t * dx;
      const ey = py - t * dy;
      if (ex * ex + ey * ey <= r2) setPixel(frame, x, y, color);
    }
  }
}

/**
 * A filled disc: every pixel whose centre lies within `radius` of (cx, cy).
 * @param radius in pixels
 */
export function fillCircle(frame: RgbFrame, cx: number, cy: number, radius: number, color: Rgb): void {
  const [xa, xb] = span(cx - radius, cx + radius, frame.width);
  const [ya, yb] = span(cy - radius, cy + radius, frame.height);
  const r2 = radius * radius;
  for (let y = ya; y < yb; y++) {
    for (let x = xa; x < xb; x++) {
      const ex = x + 0.5 - cx;
      const ey = y + 0.5 - cy;
      if (ex * ex + ey * ey <= r2) setPixel(frame, x, y, color);
    }
  }
}

/**
 * A filled polygon (even-odd rule, sampled at pixel centres) by scanlines.
 * @param points the vertices in order; at least 3
 */
export function fillPolygon(frame: RgbFrame, points: readonly Point[], color: Rgb): void {
  if (points.length < 3) return;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minY = Math.min(minY, p[1]);
    maxY = Math.max(maxY, p[1]);
  }
  const [ya, yb] = span(minY, maxY, frame.height);
  const xs: number[] = [];
  for (let y = ya; y < yb; y++) {
    const sy = y + 0.5;
    xs.length = 0;
    for (let i = 0; i < points.length; i++) {
      const a = points[i]!;
      const b = points[(i + 1) % points.length]!;
      if ((a[1] <= sy && b[1] > sy) || (b[1] <= sy && a[1] > sy)) {
        xs.push(a[0] + ((sy - a[1]) / (b[1] - a[1])) * (b[0] - a[0]));
      }
    }
    xs.sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // pixel centres x + 0.5 in [xs[k], xs[k+1])
      const from = Math.max(0, Math.ceil(xs[k]! - 0.5));
      const to = Math.min(frame.width - 1, Math.ceil(xs[k + 1]! - 0.5) - 1);
      for (let x = from; x <= to; x++) setPixel(frame, x, y, color);
    }
  }
}

/** The corners of a rectangle of size w x h centred at (cx, cy), rotated by `angle` radians (counter-clockwise on screen). */
export function rotatedRect(cx: number, cy: number, w: number, h: number, angle: number): Point[] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const corners: Point[] = [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ];
  // y is downward on screen, so a counter-clockwise turn uses -angle in these coordinates
  return corners.map(([x, y]) => [cx + x * c + y * s, cy - x * s + y * c] as const);
}
