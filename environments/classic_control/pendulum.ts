/**
 * Pendulum: swing a pendulum up and hold it upright with a limited torque. Ports gymnasium 0.29.1
 * `PendulumEnv` (the classic inverted-pendulum swing-up problem of control theory).
 *
 * Same as gymnasium: cost = normalize(theta)^2 + 0.1 theta_dot^2 + 0.001 u^2 on the state before
 * the step (angle normalized into [-pi, pi)); theta_dot += (3g/(2l) sin(theta) + 3/(m l^2) u) dt,
 * clipped to +-8; theta += theta_dot dt (the new speed); dt = 0.05 s, g = 10 by default; never
 * terminates; reset theta uniform in [-pi, pi], theta_dot uniform in [-1, 1].
 * Differences: a torque outside [-2, 2] is rejected by the wrapper instead of clipped; rendering
 * is our own.
 */
import type { Random } from '../../lib/core/random';
import { Box } from '../../lib/core/spaces';
import type { Action, RgbFrame } from '../environment';
import type { StepResult } from '../gym_environment';
import { createFrame, drawLine, fillCircle } from '../render/raster';
import { TextCanvas } from '../render/text_canvas';
import { ClassicControlCore, FRAME_HEIGHT, FRAME_WIDTH, signed } from './core_base';

/** Pendulum constants, as gymnasium's `PendulumEnv.__init__` (SI units). */
export const PENDULUM = {
  maxSpeed: 8,
  maxTorque: 2.0,
  dt: 0.05,
  mass: 1.0,
  length: 1.0,
  defaultGravity: 10.0,
} as const;

/** Options of Pendulum-v1. */
export interface PendulumOptions {
  /** Gravity in m/s^2 (gymnasium's `g`, default 10.0). */
  g?: number;
}

/** `x` moved into [-pi, pi) by whole turns (Python's floor modulo, as gymnasium's `angle_normalize`). */
export function angleNormalize(x: number): number {
  const twoPi = 2 * Math.PI;
  let m = (x + Math.PI) % twoPi;
  if (m < 0) m += twoPi;
  return m - Math.PI;
}

/** The Pendulum core. Physical state: [theta (rad, 0 upright, counter-clockwise positive), theta_dot (rad/s)]. */
export class Pendulum extends ClassicControlCore {
  readonly observationSpace = new Box([-1, -1, -PENDULUM.maxSpeed], [1, 1, PENDULUM.maxSpeed]);
  /** The torque, in [-2, 2] N m. */
  readonly actionSpace = new Box(-PENDULUM.maxTorque, PENDULUM.maxTorque, [1]);
  /** Gravity, m/s^2. */
  readonly g: number;
  private lastTorque: number | undefined;

  constructor(options: PendulumOptions = {}) {
    super('Pendulum-v1', ['theta', 'theta_dot']);
    this.g = options.g ?? PENDULUM.defaultGravity;
  }

  reset(rng: Random): void {
    this.s[0] = rng.uniform(-Math.PI, Math.PI);
    this.s[1] = rng.uniform(-1, 1);
    this.lastTorque = undefined;
  }

  step(action: Action): StepResult {
    const { maxSpeed, maxTorque, dt, mass: m, length: l } = PENDULUM;
    const g = this.g;
    const th = this.s[0]!;
    const thdot = this.s[1]!;
    const u = Math.min(Math.max((action as Float32Array)[0]!, -maxTorque), maxTorque);
    this.lastTorque = u;
    const costs = angleNormalize(th) ** 2 + 0.1 * thdot ** 2 + 0.001 * u ** 2;
    let newThdot = thdot + (((3 * g) / (2 * l)) * Math.sin(th) + (3.0 / (m * l ** 2)) * u) * dt;
    newThdot = Math.min(Math.max(newThdot, -maxSpeed), maxSpeed);
    this.s[0] = th + newThdot * dt;
    this.s[1] = newThdot;
    this.result.terminated = false;
    this.result.reward = -costs;
    return this.result;
  }

  observation(): Float32Array {
    const o = new Float32Array(3);
    o[0] = Math.cos(this.s[0]!);
    o[1] = Math.sin(this.s[0]!);
    o[2] = this.s[1]!;
    return o;
  }

  renderText(): string {
    const W = 31;
    const H = 13;
    const canvas = new TextCanvas(W, H);
    const rows = 5;
    const th = this.s[0]!;
    const c0 = (W - 1) / 2;
    const r0 = (H - 1) / 2;
    // tip at (-sin theta, cos theta) with y up: theta = 0 points straight up
    const c1 = c0 - 2 * rows * Math.sin(th);
    const r1 = r0 - rows * Math.cos(th);
    canvas.line(c0, r0, c1, r1, '#');
    canvas.set(c1, r1, '@');
    canvas.set(c0, r0, 'O');
    const torque = this.lastTorque === undefined ? '' : `  torque ${signed(this.lastTorque, 2)}`;
    return `${canvas.toString()}\ntheta ${signed(angleNormalize(th), 2)}  w ${signed(this.s[1]!, 2)}${torque}`;
  }

  renderRgb(): RgbFrame {
    const frame = createFrame(FRAME_WIDTH, FRAME_HEIGHT);
    const scale = FRAME_HEIGHT / 4.4;
    const cx = FRAME_WIDTH / 2;
    const cy = FRAME_HEIGHT / 2;
    const th = this.s[0]!;
    const tipX = cx - PENDULUM.length * scale * Math.sin(th);
    const tipY = cy - PENDULUM.length * scale * Math.cos(th);
    drawLine(frame, cx, cy, tipX, tipY, [204, 77, 77], 0.2 * scale);
    fillCircle(frame, tipX, tipY, 0.1 * scale, [204, 77, 77]);
    fillCircle(frame, cx, cy, 0.05 * scale, [0, 0, 0]);
    if (this.lastTorque !== undefined && this.lastTorque !== 0) {
      // torque indicator: a short arc-like bar under the pivot, its length proportional to |u|
      const len = (Math.abs(this.lastTorque) / PENDULUM.maxTorque) * 0.8 * scale;
      const dir = this.lastTorque > 0 ? -1 : 1;
      drawLine(frame, cx, cy + 0.5 * scale, cx + dir * len, cy + 0.5 * scale, [0, 0, 0], 3);
    }
    return frame;
  }
}
