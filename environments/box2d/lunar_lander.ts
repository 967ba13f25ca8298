/**
 * LunarLander: land a rocket on a pad between two flags with a main engine and two side engines.
 * Ports gymnasium 0.29.1 `LunarLander` (gymnasium/envs/box2d/lunar_lander.py, by Oleg Klimov;
 * https://gymnasium.farama.org/environments/box2d/lunar_lander/) onto planck, the TypeScript port
 * of Box2D, with its v3 changes available.
 *
 * Same as gymnasium: the 20 x 13.3 world (600 x 400 px at 30 px per unit), terrain of 11 chunks
 * with uniform heights in [0, H/2] smoothed over three neighbours and a flat pad at H/4; the
 * lander's polygon, legs, joints, densities, frictions and collision filters; the random initial
 * force (uniform in +-1000 on both axes) on the first physics step, which reset takes with a no-op
 * as gymnasium does; the engine impulses with their dispersion (two uniforms drawn every step) and
 * the side engines' orientation-dependent lever; 50 steps per second with 180 velocity and 60
 * position iterations; the 8-value observation and its scales; the potential-based shaping
 * -100 |position| - 100 |velocity| - 100 |angle| + 10 per leg in contact, the fuel costs 0.3 x
 * main power and 0.03 x side power, -100 on the body touching the ground or |x| >= 1, +100 when
 * the lander's body falls asleep; the wind and turbulence of `enable_wind`.
 *
 * Differences: the physics engine is planck, not pybox2d, so trajectories match in law, not in
 * bits; random draws come from allts's `Random`; a fresh world is built on every reset (as
 * gymnasium v3 does); the wind and turbulence phases are drawn from the seeded generator at each
 * reset (as v3) rather than from the unseeded global numpy stream once (v2); engine particles are
 * a drawing-only effect simulated outside the physics world (gymnasium adds bodies to it, which
 * affect nothing else either); the wrapper rejects continuous actions outside [-1, 1] instead of
 * clipping them; the `state` is [x, y, vx, vy, angle, angular velocity] of the lander body in
 * world units, a snapshot on read, and writing it moves the lander and its legs rigidly.
 */
import { Box as BoxShape, Edge, type Body, type Contact, Polygon, World } from 'planck';
import { ConfigError } from '../../lib/core/errors';
import type { Random } from '../../lib/core/random';
import { Box, Discrete } from '../../lib/core/spaces';
import type { Action, RgbFrame } from '../environment';
import type { EnvironmentCore, StepResult } from '../gym_environment';
import { lunarLanderFrame, lunarLanderText } from './lunar_lander_render';
import { LeanRevoluteJoint } from './lean_revolute_joint';
import { BODY_STATE_VARIABLES, readBodyState, writeBodyState } from './rigid_group';

/** LunarLander constants, as the module-level constants of gymnasium's lunar_lander.py. */
export const LUNAR_LANDER = {
  /** physics steps per second */
  fps: 50,
  /** pixels per world unit */
  scale: 30.0,
  mainEnginePower: 13.0,
  sideEnginePower: 0.6,
  /** bound of the uniform initial force on each axis (N) */
  initialRandom: 1000.0,
  /** the lander's hull in pixels, (x, y) */
  landerPoly: [
    [-14, 17],
    [-17, 0],
    [-17, -10],
    [17, -10],
    [17, 0],
    [14, 17],
  ] as ReadonlyArray<readonly [number, number]>,
  /** px */
  legAway: 20,
  /** px */
  legDown: 18,
  /** leg half-width and half-height in px */
  legW: 2,
  legH: 8,
  /** N m */
  legSpringTorque: 40,
  /** px */
  sideEngineHeight: 14,
  /** px */
  sideEngineAway: 12,
  /** px below the centre where the main engine's impulse acts */
  mainEngineYLocation: 4,
  /** px */
  viewportW: 600,
  /** px */
  viewportH: 400,
  /** terrain chunks */
  chunks: 11,
  velocityIterations: 6 * 30,
  positionIterations: 2 * 30,
} as const;

const SCALE = LUNAR_LANDER.scale;
const FPS = LUNAR_LANDER.fps;
/** World width (units). */
export const LANDER_WORLD_W = LUNAR_LANDER.viewportW / SCALE;
/** World height (units). */
export const LANDER_WORLD_H = LUNAR_LANDER.viewportH / SCALE;

/** Options of LunarLander (gymnasium's constructor arguments). */
export interface LunarLanderOptions {
  /** Environment id, for messages (default `LunarLander-v2`). */
  id?: string;
  /** Observation bounds of gymnasium's v2 (+-1.5, +-5, +-pi) or v3 (+-2.5, +-10, +-2pi); default 2. */
  version?: 2 | 3;
  /** Box(-1, 1, (2,)) throttles instead of Discrete(4) (gymnasium's `continuous`, default false). */
  continuous?: boolean;
  /** Vertical gravity in m/s^2, strictly between -12 and 0 (gymnasium's `gravity`, default -10). */
  gravity?: number;
  /** Apply wind and turbulence while no leg touches the ground (gymnasium's `enable_wind`, default false). */
  enableWind?: boolean;
  /** Largest wind force in N (gymnasium's `wind_power`, default 15; gymnasium recommends 0-20). */
  windPower?: number;
  /** Largest turbulence torque in N m (gymnasium's `turbulence_power`, default 1.5; recommended 0-2). */
  turbulencePower?: number;
}

/** The terms of the last step's reward (`reward = shaping - previousShaping - fuel`, unless an outcome overrides it). */
export interface LunarLanderRewardTerms {
  /** Shaping potential after the step. */
  shaping: number;
  /** Shaping potential before the step (undefined on the first physics step of an episode). */
  previousShaping: number | undefined;
  /** Main engine power in [0.5, 1], or 0 when off. */
  mainPower: number;
  /** Side engine power in [0.5, 1], or 0 when off. */
  sidePower: number;
  /** `crash` (-100), `rest` (+100) or `none`. */
  outcome: 'crash' | 'rest' | 'none';
}

/** A drawing-only exhaust particle (world units). */
export interface LanderParticle {
  x: number;
  y: number;
  vx: number;
  vy: number;
  /** remaining life; drawn while positive */
  ttl: number;
}

/**
 * The shaping potential of an observation: -100 sqrt(x^2 + y^2) - 100 sqrt(vx^2 + vy^2)
 * - 100 |angle| + 10 leg1 + 10 leg2 (gymnasium's `shaping`).
 * @param s an 8-value LunarLander observation (float64 or float32)
 */
export function lunarLanderShaping(s: ArrayLike<number>): number {
  const [x, y, vx, vy, angle, , l1, l2] = [s[0]!, s[1]!, s[2]!, s[3]!, s[4]!, s[5]!, s[6]!, s[7]!];
  return -100 * Math.sqrt(x * x + y * y) - 100 * Math.sqrt(vx * vx + vy * vy) - 100 * Math.abs(angle) + 10 * l1 + 10 * l2;
}

/** The LunarLander core. Physical state: [x, y, vx, vy, angle, angularVelocity] of the lander body (world units). */
export class LunarLander implements EnvironmentCore {
  readonly id: string;
  readonly observationSpace: Box;
  readonly actionSpace: Discrete | Box;
  readonly continuous: boolean;
  readonly gravity: number;
  readonly enableWind: boolean;
  readonly windPower: number;
  readonly turbulencePower: number;
  /** Names of the physical state's entries. */
  readonly variables = BODY_STATE_VARIABLES;
  /** The terms of the last step's reward. */
  readonly rewardTerms: LunarLanderRewardTerms = {
    shaping: 0,
    previousShaping: undefined,
    mainPower: 0,
    sidePower: 0,
    outcome: 'none',
  };
  /** Exhaust particles, for drawing only. */
  readonly particles: LanderParticle[] = [];
  /** Pad edges and height (world units). */
  readonly helipad = { x1: 0, x2: 0, y: 0 };
  /** Terrain vertices: x of each chunk and the smoothed height there (world units). */
  readonly terrainX: number[] = [];
  readonly terrainY: number[] = [];

  private readonly result: StepResult = { reward: 0, terminated: false };
  private readonly obs = new Float64Array(8);
  private worldRef: World | undefined;
  private lander: Body | undefined;
  private legs: Body[] = [];
  private readonly legContact = [false, false];
  private gameOver = false;
  private prevShaping: number | undefined;
  private rng: Random | undefined;
  private windIdx = 0;
  private torqueIdx = 0;

  constructor(options: LunarLanderOptions = {}) {
    this.id = options.id ?? 'LunarLander-v2';
    this.continuous = options.continuous ?? false;
    this.gravity = options.gravity ?? -10.0;
    if (!(this.gravity > -12 && this.gravity < 0)) {
      throw new ConfigError(`${this.id} gravity must be strictly between -12 and 0 (m/s^2, as gymnasium); received ${this.gravity}`);
    }
    this.enableWind = options.enableWind ?? false;
    this.windPower = options.windPower ?? 15.0;
    this.turbulencePower = options.turbulencePower ?? 1.5;
    const v3 = (options.version ?? 2) === 3;
    const p = v3 ? 2.5 : 1.5;
    const v = v3 ? 10 : 5;
    const a = v3 ? 2 * Math.PI : Math.PI;
    this.observationSpace = new Box([-p, -p, -v, -v, -a, -v, -0, -0], [p, p, v, v, a, v, 1, 1]);
    this.actionSpace = this.continuous ? new Box(-1, 1, [2]) : new Discrete(4);
  }

  /** The planck world of the current episode (a fresh one after every reset). */
  get world(): World {
    if (this.worldRef === undefined) throw new ConfigError(`${this.id} has no world before the first reset`);
    return this.worldRef;
  }

  /** Whether each leg (left, right) touches the ground. */
  get legContacts(): readonly boolean[] {
    return this.legContact;
  }

  /** Whether the lander body is awake (gymnasium terminates with +100 when it falls asleep). */
  get awake(): boolean {
    return this.lander?.isAwake() ?? false;
  }

  /** A snapshot of [x, y, vx, vy, angle, angularVelocity] of the lander body (world units). */
  get state(): Float64Array {
    if (this.lander === undefined) return new Float64Array(BODY_STATE_VARIABLES.length);
    return readBodyState(this.lander);
  }

  /** Moves the lander (legs carried along rigidly) to [x, y, vx, vy, angle, angularVelocity]. */
  set state(values: ArrayLike<number>) {
    if (this.lander === undefined) throw new ConfigError(`${this.id}: call reset() before writing the state`);
    writeBodyState(this.id, this.lander, this.legs, values);
  }

  reset(rng: Random): void {
    this.destroy();
    this.rng = rng;
    const world = new World({ gravity: { x: 0, y: this.gravity } });
    this.worldRef = world;
    world.on('begin-contact', (c) => this.onContact(c, true));
    world.on('end-contact', (c) => this.onContact(c, false));
    this.gameOver = false;
    this.prevShaping = undefined;
    this.legContact[0] = false;
    this.legContact[1] = false;
    this.particles.length = 0;

    const W = LANDER_WORLD_W;
    const H = LANDER_WORLD_H;
    const chunks = LUNAR_LANDER.chunks;
    const height = Array.from({ length: chunks + 1 }, () => rng.uniform(0, H / 2));
    const chunkX = Array.from({ length: chunks }, (_, i) => (W / (chunks - 1)) * i);
    const half = Math.floor(chunks / 2);
    this.helipad.x1 = chunkX[half - 1]!;
    this.helipad.x2 = chunkX[half + 1]!;
    this.helipad.y = H / 4;
    for (let k = half - 2; k <= half + 2; k++) height[k] = this.helipad.y;
    this.terrainX.length = 0;
    this.terrainY.length = 0;
    for (let i = 0; i < chunks; i++) {
      // height[-1] is numpy's last element
      const before = i === 0 ? height[chunks]! : height[i - 1]!;
      this.terrainX.push(chunkX[i]!);
      this.terrainY.push(0.33 * (before + height[i]! + height[i + 1]!));
    }
    const moon = world.createBody();
    moon.createFixture({ shape: new Edge({ x: 0, y: 0 }, { x: W, y: 0 }) });
    for (let i = 0; i < chunks - 1; i++) {
      moon.createFixture({
        shape: new Edge({ x: this.terrainX[i]!, y: this.terrainY[i]! }, { x: this.terrainX[i + 1]!, y: this.terrainY[i + 1]! }),
        density: 0,
        friction: 0.1,
      });
    }

    const x0 = W / 2;
    const y0 = H;
    const lander = world.createDynamicBody({ position: { x: x0, y: y0 }, angle: 0 });
    lander.createFixture({
      shape: new Polygon(LUNAR_LANDER.landerPoly.map(([x, y]) => ({ x: x / SCALE, y: y / SCALE }))),
      density: 5.0,
      friction: 0.1,
      filterCategoryBits: 0x0010,
      filterMaskBits: 0x001,
      restitution: 0.0,
    });
    this.lander = lander;
    const bound = LUNAR_LANDER.initialRandom;
    lander.applyForceToCenter({ x: rng.uniform(-bound, bound), y: rng.uniform(-bound, bound) }, true);
    if (this.enableWind) {
      // numpy's integers(-9999, 9999): [-9999, 9998]
      this.windIdx = -9999 + rng.int(19998);
      this.torqueIdx = -9999 + rng.int(19998);
    }

    this.legs = [];
    for (const i of [-1, 1]) {
      const leg = world.createDynamicBody({
        position: { x: x0 - (i * LUNAR_LANDER.legAway) / SCALE, y: y0 },
        angle: i * 0.05,
      });
      leg.createFixture({
        shape: new BoxShape(LUNAR_LANDER.legW / SCALE, LUNAR_LANDER.legH / SCALE),
        density: 1.0,
        restitution: 0.0,
        filterCategoryBits: 0x0020,
        filterMaskBits: 0x001,
      });
      const limits = i === -1 ? { lowerAngle: 0.9 - 0.5, upperAngle: 0.9 } : { lowerAngle: -0.9, upperAngle: -0.9 + 0.5 };
      world.createJoint(
        new LeanRevoluteJoint({
          bodyA: lander,
          bodyB: leg,
          localAnchorA: { x: 0, y: 0 },
          localAnchorB: { x: (i * LUNAR_LANDER.legAway) / SCALE, y: LUNAR_LANDER.legDown / SCALE },
          referenceAngle: 0, // Box2D's default; planck would otherwise use the bodies' current angle difference
          enableMotor: true,
          enableLimit: true,
          maxMotorTorque: LUNAR_LANDER.legSpringTorque,
          motorSpeed: 0.3 * i,
          ...limits,
        }),
      );
      this.legs.push(leg);
    }
    // gymnasium's reset returns the observation after one no-op step
    this.step(this.continuous ? new Float32Array(2) : 0);
  }

  step(action: Action): StepResult {
    const lander = this.lander!;
    const rng = this.rng!;
    const world = this.worldRef!;
    if (this.enableWind && !(this.legContact[0] || this.legContact[1])) {
      const windMag = Math.tanh(Math.sin(0.02 * this.windIdx) + Math.sin(Math.PI * 0.01 * this.windIdx)) * this.windPower;
      this.windIdx++;
      lander.applyForceToCenter({ x: windMag, y: 0 }, true);
      const torqueMag =
        Math.tanh(Math.sin(0.02 * this.torqueIdx) + Math.sin(Math.PI * 0.01 * this.torqueIdx)) * this.turbulencePower;
      this.torqueIdx++;
      lander.applyTorque(torqueMag, true);
    }

    let mPower = 0;
    let sPower = 0;
    let direction = 0;
    if (this.continuous) {
      const a = action as Float32Array;
      const main = Math.min(Math.max(a[0]!, -1), 1);
      const lateral = Math.min(Math.max(a[1]!, -1), 1);
      if (main > 0) mPower = (Math.min(Math.max(main, 0), 1) + 1) * 0.5;
      if (Math.abs(lateral) > 0.5) {
        direction = Math.sign(lateral);
        sPower = Math.min(Math.max(Math.abs(lateral), 0.5), 1);
      }
    } else {
      const a = action as number;
      if (a === 2) mPower = 1;
      if (a === 1 || a === 3) {
        direction = a - 2;
        sPower = 1;
      }
    }

    const angle = lander.getAngle();
    const tip0 = Math.sin(angle);
    const tip1 = Math.cos(angle);
    const side0 = -tip1;
    const side1 = tip0;
    const d0 = rng.uniform(-1, 1) / SCALE;
    const d1 = rng.uniform(-1, 1) / SCALE;
    const pos = lander.getPosition();
    const px = pos.x;
    const py = pos.y;
    if (mPower > 0) {
      const reach = LUNAR_LANDER.mainEngineYLocation / SCALE + 2 * d0;
      const ox = tip0 * reach + side0 * d1;
      const oy = -tip1 * reach - side1 * d1;
      const ix = px + ox;
      const iy = py + oy;
      const power = LUNAR_LANDER.mainEnginePower * mPower;
      lander.applyLinearImpulse({ x: -ox * power, y: -oy * power }, { x: ix, y: iy }, true);
      this.emitParticle(ix, iy, ox * power, oy * power, 3.5, mPower);
    }
    if (sPower > 0) {
      const lever = 3 * d1 + (direction * LUNAR_LANDER.sideEngineAway) / SCALE;
      const ox = tip0 * d0 + side0 * lever;
      const oy = -tip1 * d0 - side1 * lever;
      // gymnasium uses 17 px along the tip for x and SIDE_ENGINE_HEIGHT (14 px) for y
      const ix = px + ox - (tip0 * 17) / SCALE;
      const iy = py + oy + (tip1 * LUNAR_LANDER.sideEngineHeight) / SCALE;
      const power = LUNAR_LANDER.sideEnginePower * sPower;
      lander.applyLinearImpulse({ x: -ox * power, y: -oy * power }, { x: ix, y: iy }, true);
      this.emitParticle(ix, iy, ox * power, oy * power, 0.7, sPower);
    }

    world.step(1.0 / FPS, LUNAR_LANDER.velocityIterations, LUNAR_LANDER.positionIterations);
    this.advanceParticles();

    const s = this.obs;
    const p = lander.getPosition();
    const v = lander.getLinearVelocity();
    s[0] = (p.x - LANDER_WORLD_W / 2) / (LANDER_WORLD_W / 2);
    s[1] = (p.y - (this.helipad.y + LUNAR_LANDER.legDown / SCALE)) / (LANDER_WORLD_H / 2);
    s[2] = (v.x * (LANDER_WORLD_W / 2)) / FPS;
    s[3] = (v.y * (LANDER_WORLD_H / 2)) / FPS;
    s[4] = lander.getAngle();
    s[5] = (20.0 * lander.getAngularVelocity()) / FPS;
    s[6] = this.legContact[0] ? 1 : 0;
    s[7] = this.legContact[1] ? 1 : 0;

    const shaping = lunarLanderShaping(s);
    const terms = this.rewardTerms;
    terms.previousShaping = this.prevShaping;
    terms.shaping = shaping;
    terms.mainPower = mPower;
    terms.sidePower = sPower;
    terms.outcome = 'none';
    let reward = this.prevShaping === undefined ? 0 : shaping - this.prevShaping;
    this.prevShaping = shaping;
    reward -= mPower * 0.3;
    reward -= sPower * 0.03;
    let terminated = false;
    if (this.gameOver || Math.abs(s[0]) >= 1.0) {
      terminated = true;
      reward = -100;
      terms.outcome = 'crash';
    }
    if (!lander.isAwake()) {
      terminated = true;
      reward = 100;
      terms.outcome = 'rest';
    }
    this.result.reward = reward;
    this.result.terminated = terminated;
    return this.result;
  }

  observation(): Float32Array {
    return Float32Array.from(this.obs);
  }

  /** The lander's hull polygon and both legs' box corners in world units, for drawing. */
  bodyPolygons(): { hull: [number, number][]; legs: [number, number][][] } {
    const place = (body: Body, local: readonly (readonly [number, number])[]): [number, number][] =>
      local.map(([x, y]) => {
        const w = body.getWorldPoint({ x, y });
        return [w.x, w.y];
      });
    const hx = LUNAR_LANDER.legW / SCALE;
    const hy = LUNAR_LANDER.legH / SCALE;
    const box: [number, number][] = [[-hx, -hy], [hx, -hy], [hx, hy], [-hx, hy]];
    const hull = LUNAR_LANDER.landerPoly.map(([x, y]) => [x / SCALE, y / SCALE] as const);
    return { hull: this.lander ? place(this.lander, hull) : [], legs: this.legs.map((leg) => place(leg, box)) };
  }

  renderText(): string {
    return lunarLanderText(this);
  }

  renderRgb(): RgbFrame {
    return lunarLanderFrame(this);
  }

  /** The last observation as float64, as gymnasium computes it before casting. */
  get observation64(): Float64Array {
    return this.obs;
  }

  /** Terrain height (world units) under `x`, linear between chunk vertices. */
  terrainHeight(x: number): number {
    const xs = this.terrainX;
    const ys = this.terrainY;
    if (xs.length === 0) return 0;
    if (x <= xs[0]!) return ys[0]!;
    for (let i = 1; i < xs.length; i++) {
      if (x <= xs[i]!) {
        const t = (x - xs[i - 1]!) / (xs[i]! - xs[i - 1]!);
        return ys[i - 1]! + t * (ys[i]! - ys[i - 1]!);
      }
    }
    return ys[ys.length - 1]!;
  }

  private onContact(contact: Contact, begin: boolean): void {
    const a = contact.getFixtureA().getBody();
    const b = contact.getFixtureB().getBody();
    if (begin && (a === this.lander || b === this.lander)) this.gameOver = true;
    for (let i = 0; i < 2; i++) {
      const leg = this.legs[i];
      if (leg === a || leg === b) this.legContact[i] = begin;
    }
  }

  /** A particle with the exhaust impulse `(jx, jy)` on a disc of radius 2 px and `density`. */
  private emitParticle(x: number, y: number, jx: number, jy: number, density: number, ttl: number): void {
    const mass = density * Math.PI * (2 / SCALE) ** 2;
    this.particles.push({ x, y, vx: jx / mass, vy: jy / mass, ttl });
    if (this.particles.length > 64) this.particles.shift();
  }

  private advanceParticles(): void {
    const dt = 1 / FPS;
    let dead = 0;
    for (const p of this.particles) {
      p.vy += this.gravity * dt;
      p.x += p.vx * dt;
      p.y += p.vy * dt;
      const ground = this.terrainHeight(p.x);
      if (p.y < ground) {
        p.y = ground;
        p.vy = -0.3 * p.vy; // restitution 0.3
      }
      p.ttl -= 0.15;
      if (p.ttl <= 0) dead++;
    }
    if (dead > 0) {
      let k = 0;
      for (const p of this.particles) if (p.ttl > 0) this.particles[k++] = p;
      this.particles.length = k;
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
    this.lander = undefined;
    this.legs = [];
  }
}
