/**
 * Acrobot: two links hanging from a fixed pivot, torque on the joint between them; swing the tip
 * above a line one link-length above the pivot. Ports gymnasium 0.29.1 `AcrobotEnv` with its
 * default "book" dynamics (Sutton & Barto, Reinforcement Learning: An Introduction,
 * http://incompleteideas.net/book/the-book-2nd.html; Sutton 1996, "Generalization in
 * Reinforcement Learning: Successful Examples Using Sparse Coarse Coding",
 * https://papers.nips.cc/paper/1995/hash/8f1d43620bc6bb580df6e80b0dc05c48-Abstract.html).
 *
 * Same as gymnasium: one classical RK4 step over dt = 0.2 s with the torque held constant; both
 * angles wrapped into [-pi, pi]; angular velocities clipped to +-4 pi and +-9 pi; observation
 * [cos t1, sin t1, cos t2, sin t2, dt1, dt2]; reward -1 per step and 0 on the terminating step;
 * termination when -cos(t1) - cos(t1 + t2) > 1; reset uniform in [-0.1, 0.1] for all four
 * variables, rounded to float32 as gymnasium does. No torque noise (gymnasium's default 0).
 * Differences: rendering is our own.
 */
import type { Random } from '../../lib/core/random';
import { Box, Discrete } from '../../lib/core/spaces';
import type { Action, RgbFrame } from '../environment';
import type { StepResult } from '../gym_environment';
import { createFrame, drawLine, fillCircle } from '../render/raster';
import { TextCanvas } from '../render/text_canvas';
import { ClassicControlCore, FRAME_HEIGHT, FRAME_WIDTH, signed } from './core_base';

/** Acrobot constants, as gymnasium's `AcrobotEnv` class attributes (SI units). */
export const ACROBOT = {
  dt: 0.2,
  linkLength1: 1.0,
  linkLength2: 1.0,
  linkMass1: 1.0,
  linkMass2: 1.0,
  linkComPos1: 0.5,
  linkComPos2: 0.5,
  linkMoi: 1.0,
  maxVel1: 4 * Math.PI,
  maxVel2: 9 * Math.PI,
  gravity: 9.8,
  /** Torque of actions 0, 1, 2 (N m). */
  availableTorque: [-1.0, 0.0, 1.0] as readonly number[],
} as const;

/** Wraps x into [lo, hi] by adding or subtracting (hi - lo), as gymnasium's `wrap`. */
export function wrap(x: number, lo: number, hi: number): number {
  const diff = hi - lo;
  while (x > hi) x -= diff;
  while (x < lo) x += diff;
  return x;
}

/** The Acrobot core. Physical state: [theta1, theta2 (relative to link 1), dtheta1, dtheta2] (rad, rad/s); 0 hangs down. */
export class Acrobot extends ClassicControlCore {
  readonly observationSpace = new Box(
    [-1, -1, -1, -1, -ACROBOT.maxVel1, -ACROBOT.maxVel2],
    [1, 1, 1, 1, ACROBOT.maxVel1, ACROBOT.maxVel2],
  );
  /** 0: torque -1, 1: torque 0, 2: torque +1 on the middle joint. */
  readonly actionSpace = new Discrete(3);
  // scratch buffers of the RK4 step, reused
  private readonly k1 = new Float64Array(4);
  private readonly k2 = new Float64Array(4);
  private readonly k3 = new Float64Array(4);
  private readonly k4 = new Float64Array(4);
  private readonly y = new Float64Array(4);

  constructor() {
    super('Acrobot-v1', ['theta1', 'theta2', 'dtheta1', 'dtheta2']);
  }

  reset(rng: Random): void {
    for (let i = 0; i < 4; i++) this.s[i] = Math.fround(rng.uniform(-0.1, 0.1));
  }

  /** Time derivative of the state under torque `a` (the book's equations), written into `out`. */
  derivatives(s: ArrayLike<number>, a: number, out: Float64Array): void {
    const m1 = ACROBOT.linkMass1;
    const m2 = ACROBOT.linkMass2;
    const l1 = ACROBOT.linkLength1;
    const lc1 = ACROBOT.linkComPos1;
    const lc2 = ACROBOT.linkComPos2;
    const I1 = ACROBOT.linkMoi;
    const I2 = ACROBOT.linkMoi;
    const g = ACROBOT.gravity;
    const theta1 = s[0]!;
    const theta2 = s[1]!;
    const dtheta1 = s[2]!;
    const dtheta2 = s[3]!;
    const d1 = m1 * lc1 ** 2 + m2 * (l1 ** 2 + lc2 ** 2 + 2 * l1 * lc2 * Math.cos(theta2)) + I1 + I2;
    const d2 = m2 * (lc2 ** 2 + l1 * lc2 * Math.cos(theta2)) + I2;
    const phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2.0);
    const phi1 =
      -m2 * l1 * lc2 * dtheta2 ** 2 * Math.sin(theta2) -
      2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.sin(theta2) +
      (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2) +
      phi2;
    const ddtheta2 =
      (a + (d2 / d1) * phi1 - m2 * l1 * lc2 * dtheta1 ** 2 * Math.sin(theta2) - phi2) / (m2 * lc2 ** 2 + I2 - d2 ** 2 / d1);
    const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
    out[0] = dtheta1;
    out[1] = dtheta2;
    out[2] = ddtheta1;
    out[3] = ddtheta2;
  }

  step(action: Action): StepResult {
    const torque = ACROBOT.availableTorque[action as number]!;
    const s = this.s;
    const { k1, k2, k3, k4, y } = this;
    const dt = ACROBOT.dt;
    const dt2 = dt / 2.0;
    this.derivatives(s, torque, k1);
    for (let i = 0; i < 4; i++) y[i] = s[i]! + dt2 * k1[i]!;
    this.derivatives(y, torque, k2);
    for (let i = 0; i < 4; i++) y[i] = s[i]! + dt2 * k2[i]!;
    this.derivatives(y, torque, k3);
    for (let i = 0; i < 4; i++) y[i] = s[i]! + dt * k3[i]!;
    this.derivatives(y, torque, k4);
    for (let i = 0; i < 4; i++) s[i] = s[i]! + (dt / 6.0) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
    s[0] = wrap(s[0]!, -Math.PI, Math.PI);
    s[1] = wrap(s[1]!, -Math.PI, Math.PI);
    s[2] = Math.min(Math.max(s[2]!, -ACROBOT.maxVel1), ACROBOT.maxVel1);
    s[3] = Math.min(Math.max(s[3]!, -ACROBOT.maxVel2), ACROBOT.maxVel2);
    const terminated = -Math.cos(s[0]!) - Math.cos(s[1]! + s[0]!) > 1.0;
    this.result.terminated = terminated;
    this.result.reward = terminated ? 0.0 : -1.0;
    return this.result;
  }

  observation(): Float32Array {
    const s = this.s;
    const o = new Float32Array(6);
    o[0] = Math.cos(s[0]!);
    o[1] = Math.sin(s[0]!);
    o[2] = Math.cos(s[1]!);
    o[3] = Math.sin(s[1]!);
    o[4] = s[2]!;
    o[5] = s[3]!;
    return o;
  }

  /** Joint and tip positions [x1, y1, x2, y2] in metres, y up, pivot at the origin. */
  private points(): [number, number, number, number] {
    const t1 = this.s[0]!;
    const t2 = this.s[1]!;
    const x1 = ACROBOT.linkLength1 * Math.sin(t1);
    const y1 = -ACROBOT.linkLength1 * Math.cos(t1);
    return [x1, y1, x1 + ACROBOT.linkLength2 * Math.sin(t1 + t2), y1 - ACROBOT.linkLength2 * Math.cos(t1 + t2)];
  }

  renderText(): string {
    const W = 41;
    const H = 19;
    const canvas = new TextCanvas(W, H);
    const rowsPerMetre = 4;
    const col = (x: number): number => (W - 1) / 2 + 2 * rowsPerMetre * x;
    const row = (y: number): number => (H - 1) / 2 - rowsPerMetre * y;
    const [x1, y1, x2, y2] = this.points();
    canvas.line(0, row(1), W - 1, row(1), '-');
    canvas.line(col(0), row(0), col(x1), row(y1), '#');
    canvas.line(col(x1), row(y1), col(x2), row(y2), '*');
    canvas.set(col(0), row(0), '+');
    canvas.set(col(x1), row(y1), 'o');
    canvas.set(col(x2), row(y2), '@');
    const s = this.s;
    return `${canvas.toString()}\ntheta1 ${signed(s[0]!, 2)}  theta2 ${signed(s[1]!, 2)}  w1 ${signed(s[2]!, 2)}  w2 ${signed(s[3]!, 2)}`;
  }

  renderRgb(): RgbFrame {
    const frame = createFrame(FRAME_WIDTH, FRAME_HEIGHT);
    const bound = ACROBOT.linkLength1 + ACROBOT.linkLength2 + 0.2;
    const scale = FRAME_HEIGHT / (2 * bound);
    const px = (x: number): number => FRAME_WIDTH / 2 + x * scale;
    const py = (y: number): number => FRAME_HEIGHT / 2 - y * scale;
    const [x1, y1, x2, y2] = this.points();
    drawLine(frame, px(-2.2), py(1), px(2.2), py(1), [0, 0, 0]);
    drawLine(frame, px(0), py(0), px(x1), py(y1), [0, 204, 204], 0.2 * scale);
    drawLine(frame, px(x1), py(y1), px(x2), py(y2), [0, 204, 204], 0.2 * scale);
    fillCircle(frame, px(0), py(0), 0.1 * scale, [204, 204, 0]);
    fillCircle(frame, px(x1), py(y1), 0.1 * scale, [204, 204, 0]);
    return frame;
  }
}
