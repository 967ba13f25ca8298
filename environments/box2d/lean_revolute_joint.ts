/**
 * A planck `RevoluteJoint` whose velocity solver allocates nothing. planck 1.4's solver creates
 * several Vec2 / Vec3 objects per call, and the Box2D environments call it 180 times per step per
 * joint (gymnasium's 6 x 30 velocity iterations), so most of a BipedalWalker step went to the
 * garbage collector. This subclass overrides only `solveVelocityConstraints` with the same
 * arithmetic, operation for operation (Box2D 2.3's b2RevoluteJoint::SolveVelocityConstraints as
 * planck writes it), on plain numbers; results are bit-identical to planck's (tested).
 *
 * It reads planck's internal fields (`m_*`, `c_velocity`), so it is tied to planck's internals:
 * the test comparing it with the stock joint guards an upgrade of planck.
 */
import { RevoluteJoint, type RevoluteJointDef } from 'planck';

interface V2 {
  x: number;
  y: number;
}
interface V3 extends V2 {
  z: number;
}
interface BodyInternals {
  c_velocity: { v: V2; w: number };
}
/** The internal fields the solver uses (present at run time on every planck RevoluteJoint). */
interface RevoluteInternals {
  m_bodyA: BodyInternals;
  m_bodyB: BodyInternals;
  m_invMassA: number;
  m_invMassB: number;
  m_invIA: number;
  m_invIB: number;
  m_rA: V2;
  m_rB: V2;
  m_enableMotor: boolean;
  m_enableLimit: boolean;
  m_limitState: number;
  m_motorSpeed: number;
  m_motorMass: number;
  m_motorImpulse: number;
  m_maxMotorTorque: number;
  m_impulse: V3;
  m_mass: { ex: V3; ey: V3; ez: V3 };
}

const INACTIVE_LIMIT = 0;
const AT_LOWER_LIMIT = 1;
const AT_UPPER_LIMIT = 2;
const EQUAL_LIMITS = 3;

/** A revolute joint (hinge with optional motor and limits) with an allocation-free velocity solver. */
export class LeanRevoluteJoint extends RevoluteJoint {
  /** @param def as planck's `RevoluteJoint(def)`: bodies, local anchors, reference angle, motor and limits */
  constructor(def: RevoluteJointDef) {
    super(def);
  }

  /** Same as planck's, without temporaries. */
  override solveVelocityConstraints(step: { dt: number }): void {
    const j = this as unknown as RevoluteInternals;
    const vA = j.m_bodyA.c_velocity.v;
    let wA = j.m_bodyA.c_velocity.w;
    const vB = j.m_bodyB.c_velocity.v;
    let wB = j.m_bodyB.c_velocity.w;
    const mA = j.m_invMassA;
    const mB = j.m_invMassB;
    const iA = j.m_invIA;
    const iB = j.m_invIB;
    const fixedRotation = iA + iB === 0;

    if (j.m_enableMotor && j.m_limitState !== EQUAL_LIMITS && !fixedRotation) {
      const cdot = wB - wA - j.m_motorSpeed;
      let impulse = -j.m_motorMass * cdot;
      const oldImpulse = j.m_motorImpulse;
      const maxImpulse = step.dt * j.m_maxMotorTorque;
      const next = j.m_motorImpulse + impulse;
      j.m_motorImpulse = next < -maxImpulse ? -maxImpulse : next > maxImpulse ? maxImpulse : next;
      impulse = j.m_motorImpulse - oldImpulse;
      wA -= iA * impulse;
      wB += iB * impulse;
    }

    const rA = j.m_rA;
    const rB = j.m_rB;
    // Cdot1 = vB + wB x rB - vA - wA x rA, grouped as planck's addCombine / subCombine
    const c1x = vB.x + -wB * rB.y - (vA.x + -wA * rA.y);
    const c1y = vB.y + wB * rB.x - (vA.y + wA * rA.x);
    const mass = j.m_mass;
    const { ex, ey, ez } = mass;
    if (j.m_enableLimit && j.m_limitState !== INACTIVE_LIMIT && !fixedRotation) {
      const c2 = wB - wA;
      // impulse = -solve33(mass, (c1x, c1y, c2))
      let cx = ey.y * ez.z - ey.z * ez.y;
      let cy = ey.z * ez.x - ey.x * ez.z;
      let cz = ey.x * ez.y - ey.y * ez.x;
      let det = ex.x * cx + ex.y * cy + ex.z * cz;
      if (det !== 0) det = 1 / det;
      const rx = det * (c1x * cx + c1y * cy + c2 * cz);
      cx = c1y * ez.z - c2 * ez.y;
      cy = c2 * ez.x - c1x * ez.z;
      cz = c1x * ez.y - c1y * ez.x;
      const ry = det * (ex.x * cx + ex.y * cy + ex.z * cz);
      cx = ey.y * c2 - ey.z * c1y;
      cy = ey.z * c1x - ey.x * c2;
      cz = ey.x * c1y - ey.y * c1x;
      const rz = det * (ex.x * cx + ex.y * cy + ex.z * cz);
      let ix = -rx;
      let iy = -ry;
      let iz = -rz;
      const acc = j.m_impulse;
      if (j.m_limitState === EQUAL_LIMITS) {
        acc.x += ix;
        acc.y += iy;
        acc.z += iz;
      } else if (j.m_limitState === AT_LOWER_LIMIT || j.m_limitState === AT_UPPER_LIMIT) {
        const newImpulse = acc.z + iz;
        if (j.m_limitState === AT_LOWER_LIMIT ? newImpulse < 0 : newImpulse > 0) {
          // rhs = -Cdot1 + acc.z * (ez.x, ez.y); reduced = solve22(mass, rhs)
          const bx = -1 * c1x + acc.z * ez.x;
          const by = -1 * c1y + acc.z * ez.y;
          let d2 = ex.x * ey.y - ey.x * ex.y;
          if (d2 !== 0) d2 = 1 / d2;
          const redX = d2 * (ey.y * bx - ey.x * by);
          const redY = d2 * (ex.x * by - ex.y * bx);
          ix = redX;
          iy = redY;
          iz = -acc.z;
          acc.x += redX;
          acc.y += redY;
          acc.z = 0;
        } else {
          acc.x += ix;
          acc.y += iy;
          acc.z += iz;
        }
      }
      vA.x -= mA * ix;
      vA.y -= mA * iy;
      wA -= iA * (rA.x * iy - rA.y * ix + iz);
      vB.x += mB * ix;
      vB.y += mB * iy;
      wB += iB * (rB.x * iy - rB.y * ix + iz);
    } else {
      // impulse = solve22(mass, -Cdot1)
      const bx = -c1x;
      const by = -c1y;
      let d2 = ex.x * ey.y - ey.x * ex.y;
      if (d2 !== 0) d2 = 1 / d2;
      const ix = d2 * (ey.y * bx - ey.x * by);
      const iy = d2 * (ex.x * by - ex.y * bx);
      j.m_impulse.x += ix;
      j.m_impulse.y += iy;
      vA.x -= mA * ix;
      vA.y -= mA * iy;
      wA -= iA * (rA.x * iy - rA.y * ix);
      vB.x += mB * ix;
      vB.y += mB * iy;
      wB += iB * (rB.x * iy - rB.y * ix);
    }
    j.m_bodyA.c_velocity.w = wA;
    j.m_bodyB.c_velocity.w = wB;
  }
}
