/**
 * Drawings of LunarLander: a character grid and a 600 x 400 frame (gymnasium's VIEWPORT). Our own
 * drawing after gymnasium's `render`: black sky above a white moon, the pad's two flags, the
 * lander and its legs in gymnasium's colours, and the exhaust particles fading with their life.
 * No anti-aliasing (see environments/render/raster.ts).
 */
import type { RgbFrame } from '../environment';
import { createFrame, drawLine, fillCircle, fillPolygon, type Point, type Rgb } from '../render/raster';
import { TextCanvas } from '../render/text_canvas';
import type { LunarLander } from './lunar_lander';

const SCALE = 30;
const VIEWPORT_W = 600;
const VIEWPORT_H = 400;
const BODY_FILL: Rgb = [128, 102, 230];
const BODY_EDGE: Rgb = [77, 77, 128];

function signed(value: number, digits: number): string {
  return (value >= 0 ? '+' : '') + value.toFixed(digits);
}

/** A 60 x 20 character drawing: `#` moon, `_` pad, `|` flags, `A` the lander, `/` `\` its left and right legs; then the observation. */
export function lunarLanderText(env: LunarLander): string {
  const cols = 60;
  const rows = 20;
  const W = VIEWPORT_W / SCALE;
  const H = VIEWPORT_H / SCALE;
  const canvas = new TextCanvas(cols, rows);
  const colOf = (x: number): number => (x / W) * (cols - 1);
  const rowOf = (y: number): number => ((H - y) / H) * (rows - 1);
  for (let c = 0; c < cols; c++) {
    const x = (c / (cols - 1)) * W;
    const top = Math.round(rowOf(env.terrainHeight(x)));
    const onPad = x >= env.helipad.x1 && x <= env.helipad.x2;
    for (let r = Math.max(0, top); r < rows; r++) canvas.set(c, r, r === top && onPad ? '_' : '#');
  }
  for (const x of [env.helipad.x1, env.helipad.x2]) canvas.line(colOf(x), rowOf(env.helipad.y) - 1, colOf(x), rowOf(env.helipad.y) - 2, '|');
  const { legs } = env.bodyPolygons();
  legs.forEach((corners, i) => {
    const cx = corners.reduce((a, p) => a + p[0], 0) / corners.length;
    const cy = corners.reduce((a, p) => a + p[1], 0) / corners.length;
    canvas.set(colOf(cx), rowOf(cy), i === 0 ? '\\' : '/'); // legs[0] is the right-hand leg
  });
  const s = env.state;
  canvas.set(colOf(s[0]!), rowOf(s[1]!), 'A');
  const o = env.observation64;
  const status =
    `x ${signed(o[0]!, 3)}  y ${signed(o[1]!, 3)}  vx ${signed(o[2]!, 3)}  vy ${signed(o[3]!, 3)}  ` +
    `angle ${signed(o[4]!, 3)}  legs ${o[6]}${o[7]}`;
  return `${canvas.toString()}\n${status}`;
}

/** A 600 x 400 frame of the lander, the terrain, the pad's flags and the exhaust particles. */
export function lunarLanderFrame(env: LunarLander): RgbFrame {
  const frame = createFrame(VIEWPORT_W, VIEWPORT_H, [255, 255, 255]);
  const toScreen = (x: number, y: number): Point => [x * SCALE, VIEWPORT_H - y * SCALE];
  const xs = env.terrainX;
  const ys = env.terrainY;
  const H = VIEWPORT_H / SCALE;
  for (let i = 0; i + 1 < xs.length; i++) {
    fillPolygon(
      frame,
      [toScreen(xs[i]!, ys[i]!), toScreen(xs[i + 1]!, ys[i + 1]!), toScreen(xs[i + 1]!, H), toScreen(xs[i]!, H)],
      [0, 0, 0],
    );
  }
  for (const p of env.particles) {
    const c = Math.max(0.2, 0.15 + p.ttl) * 255;
    const d = Math.max(0.2, 0.5 * p.ttl) * 255;
    const [px, py] = toScreen(p.x, p.y);
    fillCircle(frame, px, py, 2, [Math.floor(c), Math.floor(d), Math.floor(d)]);
  }
  const { hull, legs } = env.bodyPolygons();
  for (const poly of [hull, ...legs]) {
    const pts = poly.map(([x, y]) => toScreen(x, y));
    fillPolygon(frame, pts, BODY_FILL);
    for (let i = 0; i < pts.length; i++) {
      const a = pts[i]!;
      const b = pts[(i + 1) % pts.length]!;
      drawLine(frame, a[0], a[1], b[0], b[1], BODY_EDGE);
    }
  }
  for (const x of [env.helipad.x1, env.helipad.x2]) {
    const [fx, fy1] = toScreen(x, env.helipad.y);
    const fy2 = fy1 - 50;
    drawLine(frame, fx, fy1, fx, fy2, [255, 255, 255]);
    fillPolygon(
      frame,
      [
        [fx, fy2],
        [fx, fy2 + 10],
        [fx + 25, fy2 + 5],
      ],
      [204, 204, 0],
    );
  }
  return frame;
}
