/**
 * Drawings shared by MountainCar-v0 and MountainCarContinuous-v0: the hill, the car and the flag,
 * as a character grid and as a 300x200 frame. Our own drawing after gymnasium's layout.
 */
import type { RgbFrame } from '../environment';
import { createFrame, drawLine, fillCircle, fillPolygon, type Point } from '../render/raster';
import { TextCanvas } from '../render/text_canvas';
import { FRAME_HEIGHT, FRAME_WIDTH, signed } from './core_base';

/** Track limits of both mountain cars (m). */
export const MIN_POSITION = -1.2;
/** Track limits of both mountain cars (m). */
export const MAX_POSITION = 0.6;

/** Height of the hill at `x`: sin(3x) * 0.45 + 0.55, as gymnasium's `_height`. */
export function hillHeight(x: number): number {
  return Math.sin(3 * x) * 0.45 + 0.55;
}

/** A terminal drawing of the car at `position` on the hill with the goal flag at `goal`. */
export function mountainCarText(position: number, velocity: number, goal: number, extra = ''): string {
  const W = 60;
  const H = 10;
  const top = 4; // headroom for the flag above the right hill
  const canvas = new TextCanvas(W, H + top);
  const colOf = (p: number): number => ((p - MIN_POSITION) / (MAX_POSITION - MIN_POSITION)) * (W - 1);
  const rowOf = (h: number): number => top + (H - 1) * (1 - (h - 0.1) / 0.9);
  for (let col = 0; col < W; col++) {
    const p = MIN_POSITION + (col / (W - 1)) * (MAX_POSITION - MIN_POSITION);
    canvas.set(col, rowOf(hillHeight(p)), '.');
  }
  const gc = colOf(goal);
  const gr = rowOf(hillHeight(goal));
  canvas.line(gc, gr - 1, gc, gr - 3, '|');
  canvas.set(gc + 1, gr - 3, '>');
  canvas.set(colOf(position), rowOf(hillHeight(position)) - 1, 'C');
  return `${canvas.toString()}\npos ${signed(position, 3)}  vel ${signed(velocity, 4)}  goal ${goal}${extra}`;
}

/** A 300x200 frame of the car at `position` on the hill with the goal flag at `goal`. */
export function mountainCarFrame(position: number, goal: number): RgbFrame {
  const frame = createFrame(FRAME_WIDTH, FRAME_HEIGHT);
  const scale = FRAME_WIDTH / (MAX_POSITION - MIN_POSITION);
  const toScreen = (p: number, up: number): Point => [(p - MIN_POSITION) * scale, FRAME_HEIGHT - (hillHeight(p) * scale + up)];
  let prev = toScreen(MIN_POSITION, 0);
  for (let i = 1; i <= 100; i++) {
    const next = toScreen(MIN_POSITION + (i / 100) * (MAX_POSITION - MIN_POSITION), 0);
    drawLine(frame, prev[0], prev[1], next[0], next[1], [0, 0, 0]);
    prev = next;
  }
  // car: a 20x10 body tilted along the slope, standing 5 px clear of the track, with two wheels
  const angle = Math.cos(3 * position);
  const [cx, cy] = toScreen(position, 0);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const place = (lx: number, ly: number): Point => [cx + lx * c - ly * s, cy - (lx * s + ly * c)];
  const clearance = 5;
  fillPolygon(
    frame,
    [place(-10, clearance), place(10, clearance), place(10, clearance + 10), place(-10, clearance + 10)],
    [0, 0, 0],
  );
  for (const wx of [-5, 5]) {
    const [wxs, wys] = place(wx, clearance);
    fillCircle(frame, wxs, wys, 3, [128, 128, 128]);
  }
  const [fx, fy] = toScreen(goal, 0);
  drawLine(frame, fx, fy, fx, fy - 25, [0, 0, 0]);
  fillPolygon(
    frame,
    [
      [fx, fy - 25],
      [fx, fy - 20],
      [fx + 12, fy - 22.5],
    ],
    [204, 204, 0],
  );
  return frame;
}
