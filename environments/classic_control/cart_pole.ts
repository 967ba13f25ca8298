/**
 * CartPole: a pole hinged on a cart moving along a frictionless track; push the cart left or right
 * to keep the pole upright. Ports gymnasium 0.29.1 `CartPoleEnv` (Barto, Sutton & Anderson 1983,
 * "Neuronlike adaptive elements that can solve difficult learning control problems",
 * https://ieeexplore.ieee.org/document/6313077) with its default explicit Euler integrator.
 *
 * Same as gymnasium: reward 1 on every step including the terminating one; termination when
 * |x| > 2.4 or |theta| > 12 degrees; reset uniform in [-0.05, 0.05] for all four variables.
 * Differences: rendering is our own (text and a 300x200 frame); gymnasium's reward 0 for stepping
 * past termination cannot happen because the wrapper refuses such steps.
 */
import type { Random } from '../../lib/core/random';
import { Box, Discrete } from '../../lib/core/spaces';
import type { Action, RgbFrame } from '../environment';
import type { StepResult } from '../gym_environment';
import { createFrame, drawLine, fillCircle, fillPolygon, rotatedRect } from '../render/raster';
import { TextCanvas } from '../render/text_canvas';
import { ClassicControlCore, FRAME_HEIGHT, FRAME_WIDTH, signed } from './core_base';

const FLOAT32_MAX = 3.4028234663852886e38;

/** CartPole physical constants, as gymnasium's `CartPoleEnv.__init__`. */
export const CART_POLE = {
  /** m/s^2 */
  gravity: 9.8,
  /** kg */
  massCart: 1.0,
  /** kg */
  massPole: 0.1,
  /** half the pole's length, m */
  length: 0.5,
  /** N, magnitude of the push */
  forceMag: 10.0,
  /** s between state updates */
  tau: 0.02,
  /** rad: 12 degrees */
  thetaThreshold: (12 * 2 * Math.PI) / 360,
  /** m */
  xThreshold: 2.4,
} as const;

/** What a CartPole observation shows: everything, or positions only (velocities hidden). */
export type CartPoleObserve = 'full' | 'positions';

/** The CartPole core. Physical state: [x (m), x_dot (m/s), theta (rad, 0 upright, positive leans right), theta_dot (rad/s)]. */
export class CartPole extends ClassicControlCore {
  readonly observationSpace: Box;
  /** 0 pushes left, 1 pushes right. */
  readonly actionSpace = new Discrete(2);

  /**
   * What the observation shows: 'full' (gymnasium's [x, x_dot, theta, theta_dot]) or 'positions'
   * ([x, theta]: velocities hidden, so a policy needs memory; issue 14's partially observed CartPole).
   */
  readonly observe: CartPoleObserve;

  /**
   * @param id environment id (CartPole-v0 or CartPole-v1; they differ only in the time limit)
   * @param options `observe`: 'full' (default) or 'positions'
   */
  constructor(id = 'CartPole-v1', options: { observe?: CartPoleObserve } = {}) {
    super(id, ['x', 'x_dot', 'theta', 'theta_dot']);
    this.observe = options.observe ?? 'full';
    const full = [CART_POLE.xThreshold * 2, FLOAT32_MAX, CART_POLE.thetaThreshold * 2, FLOAT32_MAX];
    const high = this.observe === 'positions' ? [full[0]!, full[2]!] : full;
    this.observationSpace = new Box(
      high.map((h) => -h),
      high,
    );
  }

  reset(rng: Random): void {
    for (let i = 0; i < 4; i++) this.s[i] = rng.uniform(-0.05, 0.05);
  }

  step(action: Action): StepResult {
    const s = this.s;
    const { gravity, massCart, massPole, length, forceMag, tau, thetaThreshold, xThreshold } = CART_POLE;
    const totalMass = massPole + massCart;
    const poleMassLength = massPole * length;
    let x = s[0]!;
    let xDot = s[1]!;
    let theta = s[2]!;
    let thetaDot = s[3]!;
    const force = action === 1 ? forceMag : -forceMag;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const temp = (force + poleMassLength * thetaDot * thetaDot * sin) / totalMass;
    const thetaAcc = (gravity * sin - cos * temp) / (length * (4.0 / 3.0 - (massPole * cos * cos) / totalMass));
    const xAcc = temp - (poleMassLength * thetaAcc * cos) / totalMass;
    x = x + tau * xDot;
    xDot = xDot + tau * xAcc;
    theta = theta + tau * thetaDot;
    thetaDot = thetaDot + tau * thetaAcc;
    s[0] = x;
    s[1] = xDot;
    s[2] = theta;
    s[3] = thetaDot;
    this.result.terminated = x < -xThreshold || x > xThreshold || theta < -thetaThreshold || theta > thetaThreshold;
    this.result.reward = 1.0;
    return this.result;
  }

  observation(): Float32Array {
    if (this.observe === 'positions') return Float32Array.of(this.s[0]!, this.s[2]!);
    const o = new Float32Array(4);
    o[0] = this.s[0]!;
    o[1] = this.s[1]!;
    o[2] = this.s[2]!;
    o[3] = this.s[3]!;
    return o;
  }

  renderText(): string {
    const [x, xDot, theta, thetaDot] = this.s as unknown as [number, number, number, number];
    const W = 61;
    const canvas = new TextCanvas(W, 10);
    const ground = 8;
    const colOf = (pos: number): number => 2 + ((pos + CART_POLE.xThreshold) / (2 * CART_POLE.xThreshold)) * (W - 5);
    canvas.line(0, ground + 1, W - 1, ground + 1, '=');
    canvas.set(colOf(-CART_POLE.xThreshold), ground + 1, '|');
    canvas.set(colOf(CART_POLE.xThreshold), ground + 1, '|');
    const c = Math.round(colOf(Math.max(-2.6, Math.min(2.6, x))));
    canvas.text(c - 3, ground, '[=====]');
    // pole: 7 rows long; characters are about twice as tall as wide, hence the 2x on columns
    const rows = 7;
    canvas.line(c, ground - 1, c + 2 * rows * Math.sin(theta), ground - 1 - rows * Math.cos(theta), '*');
    canvas.set(c, ground - 1, 'o');
    const status = `x ${signed(x, 3)} m  v ${signed(xDot, 3)} m/s  theta ${signed((theta * 180) / Math.PI, 2)} deg  w ${signed(thetaDot, 3)} rad/s`;
    return `${canvas.toString()}\n${status}`;
  }

  renderRgb(): RgbFrame {
    const frame = createFrame(FRAME_WIDTH, FRAME_HEIGHT);
    const scale = FRAME_WIDTH / (2 * CART_POLE.xThreshold);
    const poleLength = scale * 2 * CART_POLE.length;
    const cartWidth = 25;
    const cartHeight = 15;
    const trackY = FRAME_HEIGHT - 50;
    const [x, , theta] = this.s as unknown as [number, number, number];
    const cartX = x * scale + FRAME_WIDTH / 2;
    drawLine(frame, 0, trackY, FRAME_WIDTH, trackY, [0, 0, 0]);
    fillPolygon(frame, rotatedRect(cartX, trackY, cartWidth, cartHeight, 0), [0, 0, 0]);
    const axleY = trackY - cartHeight / 4;
    const tipX = cartX + poleLength * Math.sin(theta);
    const tipY = axleY - poleLength * Math.cos(theta);
    drawLine(frame, cartX, axleY, tipX, tipY, [202, 152, 101], 5);
    fillCircle(frame, cartX, axleY, 2.5, [129, 132, 203]);
    return frame;
  }
}
