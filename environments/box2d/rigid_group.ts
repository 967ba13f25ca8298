/**
 * Reading and writing the "physical state" of a Box2D environment: the pose and velocity of one
 * main body (the lander, the walker's hull), with the bodies jointed to it carried along rigidly.
 * No gymnasium counterpart: gymnasium exposes the pybox2d bodies themselves; we expose a small
 * float64 vector so tests and tools can start the dynamics anywhere, as with classic control.
 */
import type { Body } from 'planck';
import { ShapeError } from '../../lib/core/errors';

/** Names of the entries of a Box2D core's physical state, in order (world units: m, m/s, rad, rad/s). */
export const BODY_STATE_VARIABLES = ['x', 'y', 'vx', 'vy', 'angle', 'angularVelocity'] as const;

/** A fresh [x, y, vx, vy, angle, angularVelocity] of `body` in world units. */
export function readBodyState(body: Body): Float64Array {
  const p = body.getPosition();
  const v = body.getLinearVelocity();
  return Float64Array.of(p.x, p.y, v.x, v.y, body.getAngle(), body.getAngularVelocity());
}

/**
 * Moves `main` to the pose and velocity in `values` ([x, y, vx, vy, angle, angularVelocity]) and
 * carries `attached` along as if welded to it: each keeps its pose relative to `main`, and gets the
 * velocity of that point of the rigid motion (v + w x r) and the same angular velocity. Every body
 * is woken up.
 * @param id environment id, for the error message
 */
export function writeBodyState(id: string, main: Body, attached: readonly Body[], values: ArrayLike<number>): void {
  if (values.length !== BODY_STATE_VARIABLES.length) {
    throw new ShapeError(
      `${id} physical state has ${BODY_STATE_VARIABLES.length} values (${BODY_STATE_VARIABLES.join(', ')}); received ${values.length}`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new ShapeError(`${id} physical state must be finite; element ${i} (${BODY_STATE_VARIABLES[i]}) is ${values[i]}`);
    }
  }
  const [x, y, vx, vy, angle, omega] = Array.from(values) as [number, number, number, number, number, number];
  const p0 = main.getPosition();
  const a0 = main.getAngle();
  // poses of the attached bodies in main's frame, taken before main moves
  const local = attached.map((b) => {
    const p = b.getPosition();
    const dx = p.x - p0.x;
    const dy = p.y - p0.y;
    const c = Math.cos(-a0);
    const s = Math.sin(-a0);
    return { lx: c * dx - s * dy, ly: s * dx + c * dy, la: b.getAngle() - a0 };
  });
  main.setTransform({ x, y }, angle);
  main.setLinearVelocity({ x: vx, y: vy });
  main.setAngularVelocity(omega);
  main.setAwake(true);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  attached.forEach((b, i) => {
    const { lx, ly, la } = local[i]!;
    const rx = c * lx - s * ly;
    const ry = s * lx + c * ly;
    b.setTransform({ x: x + rx, y: y + ry }, angle + la);
    b.setLinearVelocity({ x: vx - omega * ry, y: vy + omega * rx });
    b.setAngularVelocity(omega);
    b.setAwake(true);
  });
}
