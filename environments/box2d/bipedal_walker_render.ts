/**
 * Drawings of BipedalWalker: a character grid and a 600 x 400 frame that scrolls with the hull,
 * as gymnasium's `render` (the view starts a fifth of the width behind the hull). Our own drawing
 * after gymnasium's layout and colours: pale sky, clouds with half-speed parallax, grass polygons
 * under the terrain line, hardcore obstacles, the start flag, the lidar rays, the legs and hull.
 * Differences: all ten lidar rays are drawn at once (gymnasium cycles through them one per frame);
 * no anti-aliasing.
 */
import type { RgbFrame } from '../environment';
import { createFrame, drawLine, fillPolygon, type Point, type Rgb } from '../render/raster';
import { TextCanvas } from '../render/text_canvas';
import type { BipedalWalker } from './bipedal_walker';
import { WALKER_TERRAIN } from './bipedal_walker_terrain';

const SCALE = WALKER_TERRAIN.scale;
const VIEWPORT_W = WALKER_TERRAIN.viewportW;
const VIEWPORT_H = WALKER_TERRAIN.viewportH;

/** Left edge of the view (world units): gymnasium's `scroll`. */
function scrollOf(env: BipedalWalker): number {
  return env.state[0]! - VIEWPORT_W / SCALE / 5;
}

/** Terrain height (world units) under `x`, linear between the course's vertices. */
function groundAt(env: BipedalWalker, x: number): number {
  const { x: xs, y: ys } = env.course;
  if (xs.length === 0) return 0;
  const i = Math.min(xs.length - 2, Math.max(0, Math.floor(x / WALKER_TERRAIN.step)));
  const t = Math.min(1, Math.max(0, (x - xs[i]!) / (xs[i + 1]! - xs[i]!)));
  return ys[i]! + t * (ys[i + 1]! - ys[i]!);
}

/** An 80 x 16 character view around the walker: `#` ground, `H` hull, `o` feet; then a status line. */
export function bipedalWalkerText(env: BipedalWalker): string {
  const cols = 80;
  const rows = 16;
  const W = VIEWPORT_W / SCALE;
  const H = VIEWPORT_H / SCALE;
  const scroll = scrollOf(env);
  const canvas = new TextCanvas(cols, rows);
  const colOf = (x: number): number => ((x - scroll) / W) * (cols - 1);
  const rowOf = (y: number): number => ((H - y) / H) * (rows - 1);
  for (let c = 0; c < cols; c++) {
    const x = scroll + (c / (cols - 1)) * W;
    if (x < 0 || x > env.course.x[env.course.x.length - 1]!) continue;
    const top = Math.round(rowOf(groundAt(env, x)));
    for (let r = Math.max(0, top); r < rows; r++) canvas.set(c, r, '#');
  }
  for (const poly of env.course.obstacles) {
    for (const [x, y] of poly) canvas.set(colOf(x), rowOf(y), '+');
  }
  const polys = env.bodyPolygons();
  polys.slice(1).forEach((poly, k) => {
    const cx = (poly[0]![0] + poly[1]![0]) / 2; // bottom edge centre of the box
    const cy = (poly[0]![1] + poly[1]![1]) / 2;
    canvas.set(colOf(cx), rowOf(cy), k % 2 === 1 ? 'o' : '|');
  });
  const s = env.state;
  canvas.set(colOf(s[0]!), rowOf(s[1]!), 'H');
  const o = env.observation64;
  const status =
    `x ${s[0]!.toFixed(2)} / ${env.finishX.toFixed(2)}  hull angle ${o[0]!.toFixed(3)}  ` +
    `vx ${o[2]!.toFixed(3)}  contacts ${o[8]}${o[13]}`;
  return `${canvas.toString()}\n${status}`;
}

/** A 600 x 400 frame following the walker. */
export function bipedalWalkerFrame(env: BipedalWalker): RgbFrame {
  const frame = createFrame(VIEWPORT_W, VIEWPORT_H, [215, 215, 255]);
  const scroll = scrollOf(env);
  const W = VIEWPORT_W / SCALE;
  const toScreen = (x: number, y: number): Point => [(x - scroll) * SCALE, VIEWPORT_H - y * SCALE];
  const outline = (pts: Point[], color: Rgb): void => {
    for (let i = 0; i < pts.length; i++) {
      const a = pts[i]!;
      const b = pts[(i + 1) % pts.length]!;
      drawLine(frame, a[0], a[1], b[0], b[1], color);
    }
  };
  for (const cloud of env.course.clouds) {
    if (cloud.x2 < scroll / 2 || cloud.x1 > scroll / 2 + W) continue;
    fillPolygon(
      frame,
      cloud.poly.map(([x, y]) => toScreen(x + scroll / 2, y)),
      [255, 255, 255],
    );
  }
  const { x: xs, y: ys } = env.course;
  for (let i = 0; i + 1 < xs.length; i++) {
    if (xs[i + 1]! < scroll || xs[i]! > scroll + W) continue;
    fillPolygon(
      frame,
      [toScreen(xs[i]!, ys[i]!), toScreen(xs[i + 1]!, ys[i + 1]!), toScreen(xs[i + 1]!, 0), toScreen(xs[i]!, 0)],
      [102, 153, 76],
    );
    const [ax, ay] = toScreen(xs[i]!, ys[i]!);
    const [bx, by] = toScreen(xs[i + 1]!, ys[i + 1]!);
    drawLine(frame, ax, ay, bx, by, [76, i % 2 === 0 ? 255 : 204, 76]);
  }
  for (const poly of env.course.obstacles) {
    const pts = poly.map(([x, y]) => toScreen(x, y));
    fillPolygon(frame, pts, [255, 255, 255]);
    outline(pts, [153, 153, 153]);
  }
  for (const ray of env.lidar) {
    const [ax, ay] = toScreen(ray.x1, ray.y1);
    const [bx, by] = toScreen(ray.x2, ray.y2);
    drawLine(frame, ax, ay, bx, by, [255, 0, 0]);
  }
  const polys = env.bodyPolygons();
  // legs in gymnasium's draw order (side 2 ends in front), then the hull; colours as gymnasium with i = -1, +1
  const legColour = (k: number): [Rgb, Rgb] => {
    const i = k < 2 ? -1 : 1;
    return [
      [153 - i * 25, 76 - i * 25, 127 - i * 25],
      [102 - i * 25, 51 - i * 25, 76 - i * 25],
    ];
  };
  for (const k of [0, 1, 2, 3]) {
    const poly = polys[k + 1];
    if (poly === undefined) continue;
    const pts = poly.map(([x, y]) => toScreen(x, y));
    const [fillC, edge] = legColour(k);
    fillPolygon(frame, pts, fillC);
    outline(pts, edge);
  }
  if (polys[0] !== undefined) {
    const hull = polys[0].map(([x, y]) => toScreen(x, y));
    fillPolygon(frame, hull, [127, 51, 229]);
    outline(hull, [76, 76, 127]);
  }
  const [fx, fy1] = toScreen(WALKER_TERRAIN.step * 3, WALKER_TERRAIN.height);
  const fy2 = fy1 - 50;
  drawLine(frame, fx, fy1, fx, fy2, [0, 0, 0]);
  const flag: Point[] = [
    [fx, fy2],
    [fx, fy2 + 10],
    [fx + 25, fy2 + 5],
  ];
  fillPolygon(frame, flag, [230, 51, 0]);
  outline(flag, [0, 0, 0]);
  return frame;
}
