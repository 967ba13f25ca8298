import { Box as BoxShape, Edge, RevoluteJoint, type RevoluteJointDef, World } from 'planck';
import { LeanRevoluteJoint } from '../../../environments/box2d/lean_revolute_joint';

/**
 * A motorised three-link chain with joint limits falling onto the ground, built with a given joint
 * class; returns every body's position, angle and velocities after each step. Motor speeds and
 * torques change over time so the solver visits the motor, free, lower-limit, upper-limit and
 * equal-limit paths.
 */
function simulate(makeJoint: (def: RevoluteJointDef) => RevoluteJoint, steps: number): number[] {
  const world = new World({ gravity: { x: 0, y: -10 } });
  world.createBody().createFixture({ shape: new Edge({ x: -20, y: 0 }, { x: 20, y: 0 }), friction: 2.5 });
  const links = [0, 1, 2].map((k) => {
    const b = world.createDynamicBody({ position: { x: k * 0.9, y: 3 }, angle: 0.1 * k });
    b.createFixture({ shape: new BoxShape(0.5, 0.1), density: 1 + k, friction: 0.3 });
    return b;
  });
  const joints = [
    makeJoint({ bodyA: links[0]!, bodyB: links[1]!, localAnchorA: { x: 0.45, y: 0 }, localAnchorB: { x: -0.45, y: 0 }, referenceAngle: 0, enableMotor: true, maxMotorTorque: 40, motorSpeed: 2, enableLimit: true, lowerAngle: -0.8, upperAngle: 1.1 }),
    makeJoint({ bodyA: links[1]!, bodyB: links[2]!, localAnchorA: { x: 0.45, y: 0 }, localAnchorB: { x: -0.45, y: 0 }, referenceAngle: 0, enableMotor: true, maxMotorTorque: 10, motorSpeed: -3, enableLimit: true, lowerAngle: -1.6, upperAngle: -0.1 }),
    // a hinge to the ground without limit or motor, and one with equal limits
    makeJoint({ bodyA: links[0]!, bodyB: links[2]!, localAnchorA: { x: 0, y: 0.3 }, localAnchorB: { x: 0, y: 0.3 }, referenceAngle: 0 }),
  ];
  const locked = makeJoint({ bodyA: links[1]!, bodyB: links[0]!, localAnchorA: { x: 0, y: 0 }, localAnchorB: { x: 0.9, y: 0 }, referenceAngle: 0, enableLimit: true, lowerAngle: 0.05, upperAngle: 0.05 });
  for (const j of [...joints, locked]) world.createJoint(j);
  const out: number[] = [];
  for (let t = 0; t < steps; t++) {
    joints[0]!.setMotorSpeed(4 * Math.sign(Math.sin(t / 7)));
    joints[0]!.setMaxMotorTorque(80 * Math.abs(Math.cos(t / 5)));
    joints[1]!.setMotorSpeed(-6 * Math.sign(Math.cos(t / 9)));
    world.step(1 / 50, 180, 60);
    for (const b of links) {
      const p = b.getPosition();
      const v = b.getLinearVelocity();
      out.push(p.x, p.y, b.getAngle(), v.x, v.y, b.getAngularVelocity());
    }
  }
  return out;
}

describe('LeanRevoluteJoint', () => {
  it('is a RevoluteJoint', () => {
    const world = new World();
    const a = world.createDynamicBody();
    const b = world.createDynamicBody();
    const j = new LeanRevoluteJoint({ bodyA: a, bodyB: b, localAnchorA: { x: 0, y: 0 }, localAnchorB: { x: 0, y: 0 } });
    expect(j).toBeInstanceOf(RevoluteJoint);
  });

  it("gives bit-identical trajectories to planck's own revolute joint", () => {
    const stock = simulate((def) => new RevoluteJoint(def), 100);
    const lean = simulate((def) => new LeanRevoluteJoint(def), 100);
    expect(lean.length).toBe(stock.length);
    // the chain really moves (so the comparison is not between two resting chains)
    expect(Math.abs(stock[stock.length - 5]! - stock[1]!)).toBeGreaterThan(0.5);
    let firstDiff = -1;
    for (let i = 0; i < stock.length; i++) {
      if (!Object.is(stock[i], lean[i]) && stock[i] !== lean[i]) {
        firstDiff = i;
        break;
      }
    }
    expect(firstDiff).toBe(-1);
  });
});
