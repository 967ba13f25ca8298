import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { SpaceError } from '../../../lib/core/errors';
import { Random } from '../../../lib/core/random';
import type { Box } from '../../../lib/core/spaces';
import '../../../environments/box2d/index';
import { BIPEDAL_WALKER, BipedalWalker, WALKER_TERRAIN } from '../../../environments/box2d/index';
import type { Environment } from '../../../environments/environment';
import { makeEnvironment } from '../../../environments/registry';
import { expectAllClose } from '../expect_close';

const SCALE = 30;
const GROUND = 400 / 30 / 4; // TERRAIN_HEIGHT: the start pad's height, 3.333 units

function core(env: Environment): BipedalWalker {
  return env.unwrapped as BipedalWalker;
}

function walker(seed: number, id = 'BipedalWalker-v3', options: Record<string, unknown> = {}): Environment {
  const env = makeEnvironment(id, options);
  env.reset({ seed });
  return env;
}

/** gymnasium's shaping from the hull: 130 x / SCALE - 5 |angle|. */
function shapingOf(env: Environment): number {
  const s = core(env).state;
  return (130 * s[0]!) / SCALE - 5 * Math.abs(s[4]!);
}

describe('BipedalWalker spaces and ids', () => {
  it('has Box(-1, 1, (4,)) actions, a 24-value observation and gymnasium time limits', () => {
    const env = makeEnvironment('BipedalWalker-v3');
    const a = env.actionSpace as Box;
    expect(a.shape).toEqual([4]);
    expectAllClose(a.low, [-1, -1, -1, -1]);
    expectAllClose(a.high, [1, 1, 1, 1]);
    expect(env.observationSpace.shape).toEqual([24]);
    expectAllClose(env.observationSpace.low.slice(0, 14), [-Math.PI, -5, -5, -5, -Math.PI, -5, -Math.PI, -5, 0, -Math.PI, -5, -Math.PI, -5, 0]);
    expectAllClose(env.observationSpace.high.slice(14), new Array(10).fill(1));
    expect(env.maxEpisodeSteps).toBe(1600);
    expect(makeEnvironment('BipedalWalkerHardcore-v3').maxEpisodeSteps).toBe(2000);
  });
});

describe('BipedalWalker reset', () => {
  it('starts above the flat start pad with a small push, standing on its lower legs', () => {
    // init (x, y) = (14/30 * 20 / 2, 3.333 + 2 * 34/30) = (4.667, 5.6); the push is uniform in +-5 N
    // for one step of 0.02 s on a ~5.4 kg hull: |vx| <= 0.02 m/s, i.e. |0.3 vx 20 / 50| <= 0.0024
    for (const seed of [0, 1, 2]) {
      const env = walker(seed);
      const s = env.state.observation;
      const st = core(env).state;
      expect(st[0]).toBeCloseTo(4.667, 1);
      expect(Math.abs(st[1]! - 5.6)).toBeLessThan(0.15); // the joints, placed 0.53 apart, push the hull up on the first step
      expect(Math.abs(s[2]!)).toBeLessThan(0.003);
      // the joints' first correction swings the lower legs onto the pad; the hull stays clear
      expect([s[8], s[13]]).toEqual([1, 1]);
      expect(env.state.done).toBe(false);
      // joint angles start near 0 (hips) and knee + 1 near 1; the hips were placed at -0.05 / +0.05
      expect(Math.abs(s[4]!)).toBeLessThan(0.2);
      expect(Math.abs(s[9]!)).toBeLessThan(0.2);
    }
  });

  it('reproduces observations and trajectories for the same seed, and differs across seeds', () => {
    const run = (seed: number): number[][] => {
      const env = walker(seed);
      const rng = new Random(42);
      const out = [Array.from(env.state.observation)];
      for (let t = 0; t < 40; t++) out.push(Array.from(env.step(env.actionSpace.sample(rng) as Float32Array).observation));
      return out;
    };
    expect(run(5)).toEqual(run(5));
    expect(run(6)[0]).not.toEqual(run(5)[0]);
  });

  it('reads its lidar off the terrain and not off its own body', () => {
    // On the flat start pad (height exactly 3.333) ray i leaves the hull at angle 0.15 i from the
    // vertical, so it hits after (y - 3.333) / cos(0.15 i) of its 160/30 = 5.333 range. Without
    // the category filter it would stop at the legs just below the hull.
    const env = walker(3);
    const y = core(env).state[1]!;
    const s = env.state.observation;
    for (let i = 0; i < 10; i++) {
      const expected = Math.min(1, (y - GROUND) / Math.cos(0.15 * i) / (160 / 30));
      expect(s[14 + i]).toBeCloseTo(expected, 5);
    }
    expect(s[23]).toBe(1);
  });
});

describe('BipedalWalker reward and termination', () => {
  it('pays the change of 130 x / SCALE - 5 |hull angle| minus 0.028 per unit of torque', () => {
    const env = walker(8);
    const rng = new Random(1);
    let prev = shapingOf(env);
    for (let t = 0; t < 40; t++) {
      const a = env.actionSpace.sample(rng) as Float32Array;
      const s = env.step(a);
      if (s.done) break;
      const torque = Array.from(a).reduce((acc, v) => acc + 0.00035 * 80 * Math.abs(v), 0);
      const now = shapingOf(env);
      expect(s.reward).toBeCloseTo(now - prev - torque, 9);
      prev = now;
    }
  });

  it('charges 0.00035 * 80 * |a| per motor', () => {
    // [1, -1, 0.5, 0]: 0.028 * (1 + 1 + 0.5 + 0) = 0.07
    const env = walker(2);
    const before = shapingOf(env);
    const s = env.step(Float32Array.of(1, -1, 0.5, 0));
    expect(core(env).rewardTerms.torqueCost).toBeCloseTo(0.07, 12);
    expect(s.reward).toBeCloseTo(shapingOf(env) - before - 0.07, 9);
    const quiet = walker(2);
    const q0 = shapingOf(quiet);
    expect(quiet.step(new Float32Array(4)).reward).toBeCloseTo(shapingOf(quiet) - q0, 9);
  });

  it('drives each motor in the sign of its action', () => {
    // joint speeds are observed at index 5 (hip 1 / 4), 7 (knee 1 / 6), 10 and 12
    for (const [j, index] of [
      [0, 5],
      [1, 7],
      [2, 10],
      [3, 12],
    ] as const) {
      const push = (sign: number): number => {
        const a = new Float32Array(4);
        a[j] = sign;
        return walker(4).step(a).observation[index]!;
      };
      expect(push(1)).toBeGreaterThan(push(-1));
    }
  });

  it('gives -100 and terminates when the hull touches the ground', () => {
    const env = walker(1);
    // upside down, 0.6 units above the start pad, falling: the hull's top (9 px) lands first
    core(env).state = [6, GROUND + 0.6, 0, -2, Math.PI, 0];
    let s = env.step(new Float32Array(4));
    for (let t = 0; t < 50 && !s.done; t++) s = env.step(new Float32Array(4));
    expect(s.terminated).toBe(true);
    expect(s.reward).toBe(-100);
    expect(core(env).rewardTerms.outcome).toBe('fall');
  });

  it('gives -100 when the hull is behind the start (x < 0)', () => {
    const env = walker(1);
    core(env).state = [-1, 8, 0, 0, 0, 0];
    const s = env.step(new Float32Array(4));
    expect(s.terminated).toBe(true);
    expect(s.reward).toBe(-100);
  });

  it('terminates without penalty past the finish, (200 - 10) * 14 / 30 = 88.67 units', () => {
    const env = walker(1);
    const c = core(env);
    expect(c.finishX).toBeCloseTo((190 * 14) / 30, 12);
    const before = shapingOf(env);
    c.state = [c.finishX + 0.5, c.course.y[191]! + 3, 0, 0, 0, 0];
    const s = env.step(new Float32Array(4));
    expect(s.terminated).toBe(true);
    expect(c.rewardTerms.outcome).toBe('finish');
    // the jump forward pays 130 * (89.17 - 4.67) / 30 ~ 366 in shaping
    expect(s.reward).toBeCloseTo(shapingOf(env) - before, 9);
    expect(s.reward).toBeGreaterThan(300);
  });

  it('truncates at maxEpisodeSteps and rejects bad actions', () => {
    const env = walker(0, 'BipedalWalker-v3', { maxEpisodeSteps: 3 });
    let s = env.state;
    for (let t = 0; t < 3; t++) s = env.step(Float32Array.of(0.1, 0.1, 0.1, 0.1));
    expect(s.truncated).toBe(true);
    expect(s.terminated).toBe(false);
    const fresh = walker(0);
    expect(() => fresh.step(new Float32Array(3))).toThrow(/length 4/);
    expect(() => fresh.step(Float32Array.of(0, 0, 1.01, 0))).toThrow(SpaceError);
    expect(() => fresh.step(Float32Array.of(0, Infinity, 0, 0))).toThrow(SpaceError);
    expect(() => fresh.step(1)).toThrow(SpaceError);
  });
});

describe('BipedalWalker hardcore, rendering and resources', () => {
  it('lays obstacles only on the hardcore course', () => {
    const normal = walker(0);
    expect(core(normal).course.obstacles).toHaveLength(0);
    const seeds = [0, 1, 2];
    const counts = seeds.map((seed) => core(walker(seed, 'BipedalWalkerHardcore-v3')).course.obstacles.length);
    expect(counts.every((n) => n > 0)).toBe(true);
    expect(core(walker(0, 'BipedalWalker-v3', { hardcore: true })).course.obstacles.length).toBe(counts[0]);
    // the hardcore terrain fixtures exist in the world: one ground body holding every piece
    const hard = core(walker(0, 'BipedalWalkerHardcore-v3'));
    let fixtures = 0;
    for (let f = hard.world.getBodyList(); f !== null; f = f.getNext()) {
      if (f.isStatic()) for (let x = f.getFixtureList(); x !== null; x = x.getNext()) fixtures++;
    }
    expect(fixtures).toBe(WALKER_TERRAIN.length - 1 + counts[0]!);
  });

  it('draws a text view and a 600x400 frame that follows the hull', () => {
    const env = walker(0);
    const text = env.render('text');
    expect(text).toContain('H');
    expect(text).toContain('#');
    const frame = env.render('rgb_array');
    expect([frame.width, frame.height, frame.data.length]).toEqual([600, 400, 600 * 400 * 3]);
    let hull = 0;
    let grass = 0;
    let hullX = 0;
    for (let i = 0; i < frame.data.length; i += 3) {
      const [r, g, b] = [frame.data[i], frame.data[i + 1], frame.data[i + 2]];
      if (r === 127 && g === 51 && b === 229) {
        hull++;
        hullX += (i / 3) % 600;
      }
      if (r === 102 && g === 153 && b === 76) grass++;
    }
    // hull 976 px^2 less its outline; grass fills below 3.333 units = 100 px of the 400
    expect(hull).toBeGreaterThan(700);
    expect(grass).toBeGreaterThan(50_000);
    // the view starts W/5 = 4 units behind the hull: its centre is drawn near x = 120 px
    expect(hullX / hull).toBeGreaterThan(100);
    expect(hullX / hull).toBeLessThan(150);
  });

  it('drops the previous planck world on reset', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const env = makeEnvironment('BipedalWalker-v3');
    const worlds: WeakRef<object>[] = [];
    for (let seed = 0; seed < 3; seed++) {
      env.reset({ seed });
      env.step(Float32Array.of(1, 1, 1, 1));
      worlds.push(new WeakRef(core(env).world));
    }
    // ground, hull, 2 upper and 2 lower legs
    expect(core(env).world.getBodyCount()).toBe(6);
    expect(core(env).world.getJointCount()).toBe(4);
    await new Promise((r) => setTimeout(r, 0));
    gc();
    expect(worlds.slice(0, -1).map((w) => w.deref() === undefined)).toEqual([true, true]);
    expect(worlds[2]!.deref()).toBe(core(env).world);
  });

  it('exposes gymnasium constants', () => {
    expect(BIPEDAL_WALKER.motorsTorque).toBe(80);
    expect(BIPEDAL_WALKER.lidarRange).toBeCloseTo(160 / 30, 12);
  });
});
