/**
 * BipedalWalker: a two-legged robot with four motor-driven joints walks over rough terrain.
 * Ports gymnasium 0.29.1 `BipedalWalker` (gymnasium/envs/box2d/bipedal_walker.py, by Oleg Klimov;
 * https://gymnasium.farama.org/environments/box2d/bipedal_walker/) onto planck, the TypeScript
 * port of Box2D, including its hardcore course.
 *
 * Same as gymnasium: the hull, leg and lower-leg shapes, densities, frictions and collision
 * filters; hip limits [-0.8, 1.1] and knee limits [-1.6, -0.1]; torque control (each motor turns
 * at speed 4 (hips) or 6 (knees) in the action's sign with at most 80 |a| N m); the course and
 * clouds drawn from the seeded generator in gymnasium's order (bipedal_walker_terrain.ts), then the
 * random initial push uniform in +-5 N along x; 50 steps per second with 180 velocity and 60
 * position iterations; the 24-value observation (hull angle and velocities, joint angles and
 * speeds, lower-leg contacts, 10 lidar fractions over 160 px); reward = the change of the shaping
 * 130 x / SCALE - 5 |hull angle| minus 0.00035 x 80 x |a_i| per motor, -100 (termination) when the
 * hull touches the ground or x < 0; termination without penalty past (200 - 10) x 14 px.
 *
 * Differences: the physics engine is planck, not pybox2d, so trajectories match in law, not in
 * bits; the terrain is one static body with one fixture per segment or obstacle (gymnasium makes a
 * body for each; static bodies behave the same); random draws come from allts's `Random`; a fresh
 * world is built on every reset; the wrapper rejects actions outside [-1, 1] instead of clipping;
 * the `state` is [x, y, vx, vy, angle, angular velocity] of the hull in world units, a snapshot on
 * read, and writing it moves the hull and legs rigidly.
 */
import { Box as BoxShape, Edge, type Body, type Contact, type Fixture, Polygon, World } from 'planck';
import { ConfigError } from '../../lib/core/errors';
import type { Random } from '../../lib/core/random';
import { Box } from '../../lib/core/spaces';
import type { Action, RgbFrame } from '../environment';
import type { EnvironmentCore, StepResult } from '../gym_environment';
import { bipedalWalkerFrame, bipedalWalkerText } from './bipedal_walker_render';
import { generateWalkerCourse, WALKER_TERRAIN, type WalkerCourse } from './bipedal_walker_terrain';
import { LeanRevoluteJoint } from './lean_revolute_joint';
import { BODY_STATE_VARIABLES, readBodyState, writeBodyState } from './rigid_group';

const SCALE = WALKER_TERRAIN.scale;

/** BipedalWalker constants, as the module-level constants of gymnasium's bipedal_walker.py. */
export const BIPEDAL_WALKER = {
  /** physics steps per second */
  fps: 50,
  scale: SCALE,
  /** N m at |a| = 1 */
  motorsTorque: 80,
  /** rad/s */
  speedHip: 4,
  /** rad/s */
  speedKnee: 6,
  /** world units */
  lidarRange: 160 / SCALE,
  /** bound of the uniform initial push along x (N) */
  initialRandom: 5,
  /** hull outline in px */
  hullPoly: [
    [-30, 9],
    [6, 9],
    [34, 1],
    [34, -8],
    [-30, -8],
  ] as ReadonlyArray<readonly [number, number]>,
  /** world units (hip joint below the hull centre) */
  legDown: -8 / SCALE,
  /** leg width and height, world units */
  legW: 8 / SCALE,
  legH: 34 / SCALE,
  /** terrain friction */
  friction: 2.5,
  velocityIterations: 6 * 30,
  positionIterations: 2 * 30,
} as const;

const FPS = BIPEDAL_WALKER.fps;
const LIDAR_COUNT = 10;

/** Options of BipedalWalker. */
export interface BipedalWalkerOptions {
  /** Environment id, for messages (default `BipedalWalker-v3`). */
  id?: string;
  /** Stumps, stairs and pits on the course (gymnasium's `hardcore`, default false). */
  hardcore?: boolean;
}

/** The terms of the last step's reward (`reward = shaping - previousShaping - torqueCost`, unless `fall` overrides it with -100). */
export interface BipedalWalkerRewardTerms {
  /** Shaping potential after the step: 130 x / SCALE - 5 |hull angle|. */
  shaping: number;
  /** Shaping potential before the step (undefined on the first physics step). */
  previousShaping: number | undefined;
  /** 0.00035 x 80 x sum |a_i|. */
  torqueCost: number;
  /** `fall` (-100, terminated), `finish` (terminated, no bonus) or `none`. */
  outcome: 'fall' | 'finish' | 'none';
}

/** One lidar ray of the last step: from the hull to its hit (or its full range), world units. */
export interface LidarRay {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Fraction of the range to the first terrain hit (1 = nothing within range). */
  fraction: number;
}

/** The BipedalWalker core. Physical state: [x, y, vx, vy, angle, angularVelocity] of the hull (world units). */
export class BipedalWalker implements EnvironmentCore {
  readonly id: string;
  readonly hardcore: boolean;
  /** Hull angle and velocities, joint angles and speeds, lower-leg contacts, 10 lidar fractions. */
  readonly observationSpace = new Box(
    [-Math.PI, -5, -5, -5, -Math.PI, -5, -Math.PI, -5, -0, -Math.PI, -5, -Math.PI, -5, -0, ...new Array<number>(10).fill(-1)],
    [Math.PI, 5, 5, 5, Math.PI, 5, Math.PI, 5, 5, Math.PI, 5, Math.PI, 5, 5, ...new Array<number>(10).fill(1)],
  );
  /** Torques of hip 1, knee 1, hip 2, knee 2, each in [-1, 1]. */
  readonly actionSpace = new Box(-1, 1, [4]);
  /** Names of the physical state's entries. */
  readonly variables = BODY_STATE_VARIABLES;
  /** The terms of the last step's reward. */
  readonly rewardTerms: BipedalWalkerRewardTerms = { shaping: 0, previousShaping: undefined, torqueCost: 0, outcome: 'none' };
  /** The 10 lidar rays of the last step. */
  readonly lidar: LidarRay[] = Array.from({ length: LIDAR_COUNT }, () => ({ x1: 0, y1: 0, x2: 0, y2: 0, fraction: 1 }));
  /** The course of the current episode. */
  course: WalkerCourse = { x: [], y: [], obstacles: [], clouds: [] };

  private readonly result: StepResult = { reward: 0, terminated: false };
  private readonly obs = new Float64Array(24);
  private worldRef: World | undefined;
  private hull: Body | undefined;
  /** upper 1, lower 1, upper 2, lower 2 */
  private legs: Body[] = [];
  /** hip 1, knee 1, hip 2, knee 2 */
  private joints: LeanRevoluteJoint[] = [];
  private readonly lowerContact = [false, false];
  private gameOver = false;
  private prevShaping: number | undefined;
  private rayHit = { fraction: 1, x: 0, y: 0 };
  private readonly rayCallback = (fixture: Fixture, point: { x: number; y: number }, _n: unknown, fraction: number): number => {
    if ((fixture.getFilterCategoryBits() & 1) === 0) return -1;
    this.rayHit.fraction = fraction;
    this.rayHit.x = point.x;
    this.rayHit.y = point.y;
    return fraction;
  };

  constructor(options: BipedalWalkerOptions = {}) {
    this.hardcore = options.hardcore ?? false;
    this.id = options.id ?? (this.hardcore ? 'BipedalWalkerHardcore-v3' : 'BipedalWalker-v3');
  }

  /** The planck world of the current episode (a fresh one after every reset). */
  get world(): World {
    if (this.worldRef === undefined) throw new ConfigError(`${this.id} has no world before the first reset`);
    return this.worldRef;
  }

  /** Whether each lower leg (1, 2) touches the ground. */
  get legContacts(): readonly boolean[] {
    return this.lowerContact;
  }

  /** x beyond which the episode ends (world units): (TERRAIN_LENGTH - TERRAIN_GRASS) x TERRAIN_STEP. */
  get finishX(): number {
    return (WALKER_TERRAIN.length - WALKER_TERRAIN.grass) * WALKER_TERRAIN.step;
  }

  /** A snapshot of [x, y, vx, vy, angle, angularVelocity] of the hull (world units). */
  get state(): Float64Array {
    if (this.hull === undefined) return new Float64Array(BODY_STATE_VARIABLES.length);
    return readBodyState(this.hull);
  }

  /** Moves the hull (legs carried along rigidly) to [x, y, vx, vy, angle, angularVelocity]. */
  set state(values: ArrayLike<number>) {
    if (this.hull === undefined) throw new ConfigError(`${this.id}: call reset() before writing the state`);
    writeBodyState(this.id, this.hull, this.legs, values);
  }

  reset(rng: Random): void {
    this.destroy();
    const world = new World({ gravity: { x: 0, y: -10 } });
    this.worldRef = world;
    world.on('begin-contact', (c) => this.onContact(c, true));
    world.on('end-contact', (c) => this.onContact(c, false));
    this.gameOver = false;
    this.prevShaping = undefined;
    this.lowerContact[0] = false;
    this.lowerContact[1] = false;

    const course = generateWalkerCourse(rng, this.hardcore);
    this.course = course;
    const ground = world.createBody();
    for (const poly of course.obstacles) {
      ground.createFixture({ shape: new Polygon(poly.map(([x, y]) => ({ x, y }))), friction: BIPEDAL_WALKER.friction });
    }
    for (let i = 0; i + 1 < course.x.length; i++) {
      ground.createFixture({
        shape: new Edge({ x: course.x[i]!, y: course.y[i]! }, { x: course.x[i + 1]!, y: course.y[i + 1]! }),
        friction: BIPEDAL_WALKER.friction,
        filterCategoryBits: 0x0001,
      });
    }

    const { legW, legH, legDown } = BIPEDAL_WALKER;
    const initX = (WALKER_TERRAIN.step * WALKER_TERRAIN.startpad) / 2;
    const initY = WALKER_TERRAIN.height + 2 * legH;
    const hull = world.createDynamicBody({ position: { x: initX, y: initY } });
    hull.createFixture({
      shape: new Polygon(BIPEDAL_WALKER.hullPoly.map(([x, y]) => ({ x: x / SCALE, y: y / SCALE }))),
      density: 5.0,
      friction: 0.1,
      filterCategoryBits: 0x0020,
      filterMaskBits: 0x001,
      restitution: 0.0,
    });
    this.hull = hull;
    const push = BIPEDAL_WALKER.initialRandom;
    hull.applyForceToCenter({ x: rng.uniform(-push, push), y: 0 }, true);

    this.legs = [];
    this.joints = [];
    const motor = { enableMotor: true, enableLimit: true, maxMotorTorque: BIPEDAL_WALKER.motorsTorque, referenceAngle: 0 };
    for (const i of [-1, 1]) {
      const upper = world.createDynamicBody({ position: { x: initX, y: initY - legH / 2 - legDown }, angle: i * 0.05 });
      upper.createFixture({
        shape: new BoxShape(legW / 2, legH / 2),
        density: 1.0,
        restitution: 0.0,
        filterCategoryBits: 0x0020,
        filterMaskBits: 0x001,
      });
      const hip = world.createJoint(
        new LeanRevoluteJoint({
          bodyA: hull,
          bodyB: upper,
          localAnchorA: { x: 0, y: legDown },
          localAnchorB: { x: 0, y: legH / 2 },
          motorSpeed: i,
          lowerAngle: -0.8,
          upperAngle: 1.1,
          ...motor,
        }),
      )!;
      const lower = world.createDynamicBody({ position: { x: initX, y: initY - (legH * 3) / 2 - legDown }, angle: i * 0.05 });
      lower.createFixture({
        shape: new BoxShape((0.8 * legW) / 2, legH / 2),
        density: 1.0,
        restitution: 0.0,
        filterCategoryBits: 0x0020,
        filterMaskBits: 0x001,
      });
      const knee = world.createJoint(
        new LeanRevoluteJoint({
          bodyA: upper,
          bodyB: lower,
          localAnchorA: { x: 0, y: -legH / 2 },
          localAnchorB: { x: 0, y: legH / 2 },
          motorSpeed: 1,
          lowerAngle: -1.6,
          upperAngle: -0.1,
          ...motor,
        }),
      )!;
      this.legs.push(upper, lower);
      this.joints.push(hip, knee);
    }
    // gymnasium's reset returns the observation after one zero-torque step
    this.step(new Float32Array(4));
  }

  step(action: Action): StepResult {
    const a = action as Float32Array;
    const hull = this.hull!;
    const world = this.worldRef!;
    const { motorsTorque, speedHip, speedKnee } = BIPEDAL_WALKER;
    let torqueCost = 0;
    for (let j = 0; j < 4; j++) {
      const aj = a[j]!;
      const magnitude = Math.min(Math.abs(aj), 1);
      const joint = this.joints[j]!;
      joint.setMotorSpeed((j % 2 === 0 ? speedHip : speedKnee) * Math.sign(aj));
      joint.setMaxMotorTorque(motorsTorque * magnitude);
      torqueCost += 0.00035 * motorsTorque * magnitude;
    }

    world.step(1.0 / FPS, BIPEDAL_WALKER.velocityIterations, BIPEDAL_WALKER.positionIterations);

    const pos = hull.getPosition();
    const px = pos.x;
    const py = pos.y;
    const vel = hull.getLinearVelocity();
    for (let i = 0; i < LIDAR_COUNT; i++) {
      const ray = this.lidar[i]!;
      const ex = px + Math.sin((1.5 * i) / 10.0) * BIPEDAL_WALKER.lidarRange;
      const ey = py - Math.cos((1.5 * i) / 10.0) * BIPEDAL_WALKER.lidarRange;
      this.rayHit.fraction = 1.0;
      this.rayHit.x = ex;
      this.rayHit.y = ey;
      world.rayCast({ x: px, y: py }, { x: ex, y: ey }, this.rayCallback);
      ray.x1 = px;
      ray.y1 = py;
      ray.x2 = this.rayHit.x;
      ray.y2 = this.rayHit.y;
      ray.fraction = this.rayHit.fraction;
    }

    const W = WALKER_TERRAIN.viewportW / SCALE;
    const H = WALKER_TERRAIN.viewportH / SCALE;
    const s = this.obs;
    const j = this.joints;
    s[0] = hull.getAngle();
    s[1] = (2.0 * hull.getAngularVelocity()) / FPS;
    s[2] = (0.3 * vel.x * W) / FPS;
    s[3] = (0.3 * vel.y * H) / FPS;
    s[4] = j[0]!.getJointAngle();
    s[5] = j[0]!.getJointSpeed() / speedHip;
    s[6] = j[1]!.getJointAngle() + 1.0;
    s[7] = j[1]!.getJointSpeed() / speedKnee;
    s[8] = this.lowerContact[0] ? 1 : 0;
    s[9] = j[2]!.getJointAngle();
    s[10] = j[2]!.getJointSpeed() / speedHip;
    s[11] = j[3]!.getJointAngle() + 1.0;
    s[12] = j[3]!.getJointSpeed() / speedKnee;
    s[13] = this.lowerContact[1] ? 1 : 0;
    for (let i = 0; i < LIDAR_COUNT; i++) s[14 + i] = this.lidar[i]!.fraction;

    const shaping = (130 * px) / SCALE - 5.0 * Math.abs(s[0]);
    const terms = this.rewardTerms;
    terms.previousShaping = this.prevShaping;
    terms.shaping = shaping;
    terms.torqueCost = torqueCost;
    terms.outcome = 'none';
    let reward = this.prevShaping === undefined ? 0 : shaping - this.prevShaping;
    this.prevShaping = shaping;
    reward -= torqueCost;
    let terminated = false;
    if (this.gameOver || px < 0) {
      reward = -100;
      terminated = true;
      terms.outcome = 'fall';
    }
    if (px > this.finishX) {
      terminated = true;
      if (terms.outcome === 'none') terms.outcome = 'finish';
    }
    this.result.reward = reward;
    this.result.terminated = terminated;
    return this.result;
  }

  observation(): Float32Array {
    return Float32Array.from(this.obs);
  }

  /** The last observation as float64, as gymnasium computes it before casting. */
  get observation64(): Float64Array {
    return this.obs;
  }

  /** Hull and leg outlines in world units (hull first, then upper 1, lower 1, upper 2, lower 2), for drawing. */
  bodyPolygons(): [number, number][][] {
    const { legW, legH } = BIPEDAL_WALKER;
    const box = (hw: number, hh: number): [number, number][] => [
      [-hw, -hh],
      [hw, -hh],
      [hw, hh],
      [-hw, hh],
    ];
    const place = (body: Body, local: readonly (readonly [number, number])[]): [number, number][] =>
      local.map(([x, y]) => {
        const w = body.getWorldPoint({ x, y });
        return [w.x, w.y];
      });
    if (this.hull === undefined) return [];
    const out = [place(this.hull, BIPEDAL_WALKER.hullPoly.map(([x, y]) => [x / SCALE, y / SCALE] as const))];
    this.legs.forEach((leg, k) => out.push(place(leg, k % 2 === 0 ? box(legW / 2, legH / 2) : box((0.8 * legW) / 2, legH / 2))));
    return out;
  }

  renderText(): string {
    return bipedalWalkerText(this);
  }

  renderRgb(): RgbFrame {
    return bipedalWalkerFrame(this);
  }

  private onContact(contact: Contact, begin: boolean): void {
    const a = contact.getFixtureA().getBody();
    const b = contact.getFixtureB().getBody();
    if (begin && (a === this.hull || b === this.hull)) this.gameOver = true;
    for (let k = 0; k < 2; k++) {
      const lower = this.legs[2 * k + 1];
      if (lower === a || lower === b) this.lowerContact[k] = begin;
    }
  }

  /** Destroys the previous episode's bodies and drops its world (gymnasium's `_destroy`). */
  private destroy(): void {
    const world = this.worldRef;
    if (world === undefined) return;
    for (let b = world.getBodyList(); b !== null; ) {
      const next = b.getNext();
      world.destroyBody(b);
      b = next;
    }
    this.worldRef = undefined;
    this.hull = undefined;
    this.legs = [];
    this.joints = [];
  }
}
