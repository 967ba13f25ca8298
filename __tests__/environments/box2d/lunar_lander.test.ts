import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { ConfigError, SpaceError } from '../../../lib/core/errors';
import { Random } from '../../../lib/core/random';
import { Box, Discrete } from '../../../lib/core/spaces';
import '../../../environments/box2d/index';
import { LUNAR_LANDER, LunarLander, lunarLanderShaping } from '../../../environments/box2d/index';
import type { Action, Environment } from '../../../environments/environment';
import { makeEnvironment } from '../../../environments/registry';
import { expectAllClose } from '../expect_close';
import { landerHeuristic } from './heuristics';

const W = 600 / 30; // world width, 20 units
const H = 400 / 30; // world height, 13.33 units

function core(env: Environment): LunarLander {
  return env.unwrapped as LunarLander;
}

/** A seeded lander after `settle` no-op steps (the legs have swung to their limits by then). */
function settled(seed: number, settle = 30, options: Record<string, unknown> = {}): Environment {
  const env = makeEnvironment('LunarLander-v2', options);
  env.reset({ seed });
  for (let t = 0; t < settle; t++) env.step(0);
  return env;
}

/** Steps no-ops until the episode ends (at most `limit` steps); returns the last state. */
function runNoop(env: Environment, limit: number): ReturnType<Environment['step']> {
  let s = env.step(0);
  for (let t = 1; t < limit && !s.done; t++) s = env.step(0);
  return s;
}

describe('LunarLander spaces and ids', () => {
  it('LunarLander-v2 has Discrete(4) actions, gymnasium v2 observation bounds and a 1000-step limit', () => {
    const env = makeEnvironment('LunarLander-v2');
    expect(env.actionSpace).toBeInstanceOf(Discrete);
    expect((env.actionSpace as Discrete).n).toBe(4);
    expect(env.observationSpace.shape).toEqual([8]);
    expectAllClose(env.observationSpace.low, [-1.5, -1.5, -5, -5, -Math.PI, -5, 0, 0]);
    expectAllClose(env.observationSpace.high, [1.5, 1.5, 5, 5, Math.PI, 5, 1, 1]);
    expect(env.maxEpisodeSteps).toBe(1000);
  });

  it('LunarLanderContinuous-v2 has Box(-1, 1, (2,)) actions', () => {
    const env = makeEnvironment('LunarLanderContinuous-v2');
    const space = env.actionSpace as Box;
    expect(space).toBeInstanceOf(Box);
    expect(space.shape).toEqual([2]);
    expectAllClose(space.low, [-1, -1]);
    expectAllClose(space.high, [1, 1]);
  });

  it('LunarLander-v3 is discrete by default, continuous with { continuous: true }, with v3 bounds', () => {
    const discrete = makeEnvironment('LunarLander-v3');
    expect((discrete.actionSpace as Discrete).n).toBe(4);
    const continuous = makeEnvironment('LunarLander-v3', { continuous: true });
    expect(continuous.actionSpace).toBeInstanceOf(Box);
    expect(continuous.actionSpace.shape).toEqual([2]);
    expect(continuous.name).toBe('LunarLander-v3');
    expectAllClose(continuous.observationSpace.high, [2.5, 2.5, 10, 10, 2 * Math.PI, 10, 1, 1], 1e-6);
    expect(makeEnvironment('LunarLanderContinuous-v3').actionSpace).toBeInstanceOf(Box);
  });

  it('rejects unknown options, wrongly typed options and gravity outside (-12, 0)', () => {
    expect(() => makeEnvironment('LunarLander-v3', { continous: true })).toThrow(ConfigError);
    expect(() => makeEnvironment('LunarLander-v3', { continuous: 'yes' })).toThrow(/true or false/);
    expect(() => makeEnvironment('LunarLander-v2', { gravity: -12 })).toThrow(ConfigError);
    expect(() => makeEnvironment('LunarLander-v2', { gravity: 1 })).toThrow(/between -12 and 0/);
    expect(makeEnvironment('LunarLander-v2', { max_episode_steps: 7 }).maxEpisodeSteps).toBe(7);
  });
});

describe('LunarLander reset', () => {
  it('starts at the top centre with the initial random force of that seed', () => {
    // reset draws 12 terrain heights, then the force (uniform in +-1000 N on each axis), then takes
    // one no-op step of 1/50 s. The force acts on the lander body (4.8167 kg) jointed to two legs
    // (0.0711 kg each), so dv ~ F * 0.02 / 4.96 m/s; the observation scales vx by 10/50 = 0.2 and vy
    // by 6.667/50 = 0.1333, and vy also gains gravity's -10 * 0.02 = -0.2 m/s.
    // y: (13.333 - (3.333 + 0.6)) / 6.667 = 1.41 before the push moves it.
    for (const seed of [1, 2, 3, 4]) {
      const env = makeEnvironment('LunarLander-v2');
      const s = env.reset({ seed }).observation;
      const r = new Random(seed);
      for (let i = 0; i < 12; i++) r.uniform();
      const fx = r.uniform(-1000, 1000);
      const fy = r.uniform(-1000, 1000);
      const vx = (fx * 0.02) / 4.96;
      const vy = (fy * 0.02) / 4.96 - 0.2;
      expect(s[2]).toBeCloseTo(vx * 0.2, 1);
      expect(Math.abs(s[2]! - vx * 0.2)).toBeLessThan(0.05 * Math.abs(vx * 0.2) + 0.005);
      expect(Math.abs(s[3]! - vy * (H / 2 / 50))).toBeLessThan(0.05 * Math.abs(vy * (H / 2 / 50)) + 0.005);
      expect(Math.abs(s[0]!)).toBeLessThan(0.01);
      expect(Math.abs(s[1]! - 1.41)).toBeLessThan(0.02);
      expect([s[6], s[7]]).toEqual([0, 0]);
    }
  });

  it('builds the terrain from the seed with a flat pad at H/4 between the flags', () => {
    const env = makeEnvironment('LunarLander-v2');
    env.reset({ seed: 11 });
    const c = core(env);
    // chunks are 2 units apart; the pad spans chunks 4..6 at height 13.333 / 4
    expect(c.helipad.x1).toBeCloseTo(8, 12);
    expect(c.helipad.x2).toBeCloseTo(12, 12);
    expect(c.helipad.y).toBeCloseTo(H / 4, 12);
    // smoothed heights 0.33 * (3 equal heights) = 0.99 * H/4 on chunks 4, 5, 6
    for (const k of [4, 5, 6]) expect(c.terrainY[k]).toBeCloseTo(0.99 * (H / 4), 12);
    // the heights are those of the seed: 12 uniforms in [0, H/2], smoothed over neighbours
    const r = new Random(11);
    const h = Array.from({ length: 12 }, () => r.uniform(0, H / 2));
    for (let k = 3; k <= 7; k++) h[k] = H / 4;
    expect(c.terrainY[1]).toBeCloseTo(0.33 * (h[0]! + h[1]! + h[2]!), 12);
    expect(c.terrainY[0]).toBeCloseTo(0.33 * (h[11]! + h[0]! + h[1]!), 12);
    expect(c.terrainX).toHaveLength(11);
  });

  it('reproduces the first observation and the trajectory for the same seed, and differs across seeds', () => {
    const actions = [0, 2, 2, 1, 3, 0, 2, 1, 1, 3, 2, 0];
    const run = (seed: number): Float32Array[] => {
      const env = makeEnvironment('LunarLander-v2');
      const out = [env.reset({ seed }).observation];
      for (let t = 0; t < 60; t++) out.push(env.step(actions[t % actions.length]!).observation);
      return out;
    };
    const a = run(3);
    const b = run(3);
    for (let t = 0; t < a.length; t++) expect(Array.from(b[t]!)).toEqual(Array.from(a[t]!));
    const c = run(4);
    expect(Array.from(c[0]!)).not.toEqual(Array.from(a[0]!));
    // reseeding the same environment gives the same start again
    const env = makeEnvironment('LunarLander-v2');
    const first = env.reset({ seed: 3 }).observation;
    env.step(2);
    expect(Array.from(env.reset({ seed: 3 }).observation)).toEqual(Array.from(first));
  });
});

describe('LunarLander reward', () => {
  it('computes the shaping potential as gymnasium', () => {
    // -100 * |(0.3, 0.4)| = -50; -100 * |(0.6, 0.8)| = -100; -100 * 0.5 = -50; legs +10 each
    expect(lunarLanderShaping([0.3, 0.4, 0, 0, 0, 0, 0, 0])).toBeCloseTo(-50, 12);
    expect(lunarLanderShaping([0, 0, 0.6, 0.8, 0, 0, 0, 0])).toBeCloseTo(-100, 12);
    expect(lunarLanderShaping([0, 0, 0, 0, -0.5, 3, 0, 0])).toBeCloseTo(-50, 12);
    expect(lunarLanderShaping([0, 0, 0, 0, 0, 0, 1, 1])).toBeCloseTo(20, 12);
    expect(lunarLanderShaping([0.3, 0.4, 0.6, 0.8, -0.5, 0, 1, 0])).toBeCloseTo(-190, 12);
  });

  it('pays the change of shaping minus fuel on every step of a landing, then +100 at rest', () => {
    // gymnasium: reward = shaping(s') - shaping(s) - 0.3 [main] - 0.03 [side], replaced by +100
    // when the body falls asleep. The heuristic lands gently, so no step crashes.
    const env = makeEnvironment('LunarLander-v2');
    let s = env.reset({ seed: 0 });
    let prev = Float64Array.from(core(env).observation64);
    let total = 0;
    let steps = 0;
    let sawLegContact = false;
    while (!s.done) {
      const a = landerHeuristic(s.observation, false) as number;
      s = env.step(a);
      total += s.reward;
      steps++;
      const now = core(env).observation64;
      sawLegContact ||= now[6] === 1 || now[7] === 1;
      if (!s.terminated) {
        const fuel = (a === 2 ? 0.3 : 0) + (a === 1 || a === 3 ? 0.03 : 0);
        expect(s.reward).toBeCloseTo(lunarLanderShaping(now) - lunarLanderShaping(prev) - fuel, 9);
        expect(lunarLanderShaping(s.observation)).toBeCloseTo(lunarLanderShaping(now), 3);
      }
      prev = Float64Array.from(now);
    }
    expect(s.terminated).toBe(true);
    expect(s.reward).toBe(100);
    expect(core(env).rewardTerms.outcome).toBe('rest');
    expect(core(env).awake).toBe(false);
    expect(sawLegContact).toBe(true);
    // gymnasium's heuristic clears the 200 reward threshold
    expect(total).toBeGreaterThan(200);
    expect(steps).toBeLessThan(1000);
  });

  it('the continuous heuristic lands too, above the 200 threshold', () => {
    const env = makeEnvironment('LunarLanderContinuous-v2');
    let s = env.reset({ seed: 1 });
    let total = 0;
    while (!s.done) {
      s = env.step(landerHeuristic(s.observation, true));
      total += s.reward;
    }
    expect(s.reward).toBe(100);
    expect(total).toBeGreaterThan(200);
  });

  it('charges 0.3 per main-engine step and 0.03 per side-engine step relative to coasting from the same state', () => {
    // Two landers with the same seed and the same history are in the same state; from there one
    // fires and one coasts. Fuel = reward - (shaping(s') - shaping(s)), with s' each one's own outcome.
    const fuelOf = (env: Environment, a: Action): number => {
      const before = lunarLanderShaping(core(env).observation64);
      const r = env.step(a).reward;
      return lunarLanderShaping(core(env).observation64) - before - r;
    };
    for (const [action, fuel] of [
      [0, 0],
      [2, 0.3],
      [1, 0.03],
      [3, 0.03],
    ] as const) {
      expect(fuelOf(settled(5, 10), action)).toBeCloseTo(fuel, 9);
    }
    // continuous throttles: main m > 0 gives power (m + 1) / 2, |lateral| > 0.5 gives power |lateral|
    const cases: [number[], number][] = [
      [[0.5, 0], 0.3 * 0.75], // 0.225
      [[1, 0], 0.3],
      [[0, 0], 0], // main needs m > 0
      [[-1, 0.5], 0], // lateral needs |l| > 0.5
      [[0, -0.75], 0.03 * 0.75], // 0.0225
      [[1, 1], 0.33],
    ];
    for (const [a, fuel] of cases) {
      const env = makeEnvironment('LunarLanderContinuous-v2');
      env.reset({ seed: 5 });
      for (let t = 0; t < 10; t++) env.step(new Float32Array(2));
      expect(fuelOf(env, Float32Array.from(a))).toBeCloseTo(fuel, 9);
    }
  });

  it('the engines push as gymnasium places them', () => {
    // Upright (tip = (0, 1), side = (-1, 0)): the main impulse on the lander is
    // (13 d1, 13 (4/30 + 2 d0)) with d0, d1 in [-1/30, 1/30], i.e. 0.87..2.6 N s upward; on the
    // 4.96 kg craft that is dv_y in [0.175, 0.524] m/s, or [0.023, 0.070] after the 0.1333 scale.
    // Side engine of action 1 (direction -1): ox = -(3 d1 - 0.4) ~ +0.4, impulse -0.6 ox ~ -0.24
    // along x at (+0.4, +0.47) from the centre: it pushes left and turns counter-clockwise
    // (torque = rx Jy - ry Jx ~ 0.47 * 0.24 > 0). Action 3 mirrors it.
    const after = (a: number): Float32Array => settled(7, 5).step(a).observation;
    const coast = after(0);
    const main = after(2);
    expect(main[3]! - coast[3]!).toBeGreaterThan(0.023 - 0.002);
    expect(main[3]! - coast[3]!).toBeLessThan(0.07 + 0.002);
    const left = after(1);
    const right = after(3);
    expect(left[2]!).toBeLessThan(coast[2]!);
    expect(left[5]!).toBeGreaterThan(coast[5]!);
    expect(right[2]!).toBeGreaterThan(coast[2]!);
    expect(right[5]!).toBeLessThan(coast[5]!);
  });

  it('gives -100 and terminates when the lander body hits the ground', () => {
    const env = settled(2);
    const c = core(env);
    // upside down 1 unit above the pad, falling at 3 m/s: its top (17 px = 0.57 units) lands first
    c.state = [W / 2, c.helipad.y + 1, 0, -3, Math.PI, 0];
    const s = runNoop(env, 50);
    expect(s.terminated).toBe(true);
    expect(s.reward).toBe(-100);
    expect(c.rewardTerms.outcome).toBe('crash');
  });

  it('gives -100 when the lander leaves the screen sideways (|x| >= 1)', () => {
    for (const x of [W + 0.5, -0.5]) {
      // observation x = (x - 10) / 10: 1.05 and -1.05
      const env = settled(2);
      core(env).state = [x, 10, 0, 0, 0, 0];
      const s = env.step(0);
      expect(Math.abs(s.observation[0]!)).toBeGreaterThanOrEqual(1);
      expect(s.terminated).toBe(true);
      expect(s.reward).toBe(-100);
    }
  });

  it('gives +100 when the lander comes to rest on the pad', () => {
    const env = settled(4);
    const c = core(env);
    // upright and still, legs hanging 0.75 units above the pad: it drops, settles and sleeps
    c.state = [W / 2, c.helipad.y + 0.75, 0, 0, 0, 0];
    const s = runNoop(env, 300);
    expect(s.terminated).toBe(true);
    expect(s.reward).toBe(100);
    expect(c.rewardTerms.outcome).toBe('rest');
    expect(Math.abs(s.observation[0]!)).toBeLessThan(0.05);
  });
});

describe('LunarLander physics options', () => {
  it('falls with the configured gravity', () => {
    // in free fall, vy changes by g / 50 m/s per step; scaled by 6.667 / 50 that is g * 0.002667
    for (const g of [-10, -5]) {
      const env = makeEnvironment('LunarLander-v2', { gravity: g });
      env.reset({ seed: 0 });
      const vy: number[] = [];
      for (let t = 0; t < 8; t++) vy.push(env.step(0).observation[3]!);
      for (let t = 3; t < 8; t++) expect(vy[t]! - vy[t - 1]!).toBeCloseTo(g * (H / 2 / 50 / 50), 4);
    }
  });

  it('wind pushes the lander: same seed differs with wind, and wind is reproducible', () => {
    const run = (options: Record<string, unknown>): number[] => {
      const env = makeEnvironment('LunarLander-v2', options);
      env.reset({ seed: 9 });
      let s = env.state;
      for (let t = 0; t < 40; t++) s = env.step(0);
      return Array.from(s.observation);
    };
    const calm = run({});
    const windy = run({ enable_wind: true, wind_power: 20, turbulence_power: 2 });
    expect(windy).not.toEqual(calm);
    expect(run({ enableWind: true, windPower: 20, turbulencePower: 2 })).toEqual(windy);
  });
});

describe('LunarLander episodes and actions', () => {
  it('truncates at maxEpisodeSteps without terminating', () => {
    const env = makeEnvironment('LunarLander-v2', { maxEpisodeSteps: 5 });
    env.reset({ seed: 0 });
    let s = env.state;
    for (let t = 1; t <= 5; t++) {
      s = env.step(0);
      if (t < 5) expect(s.done).toBe(false);
    }
    expect(s.truncated).toBe(true);
    expect(s.terminated).toBe(false);
    expect(s.mask).toBe(1);
  });

  it('rejects actions outside the space', () => {
    const env = makeEnvironment('LunarLander-v2');
    env.reset({ seed: 0 });
    for (const bad of [4, -1, 1.5, NaN]) expect(() => env.step(bad)).toThrow(SpaceError);
    expect(() => env.step(new Float32Array([2]))).toThrow(SpaceError);
    const cont = makeEnvironment('LunarLanderContinuous-v2');
    cont.reset({ seed: 0 });
    expect(() => cont.step(new Float32Array([0, 0, 0]))).toThrow(/length 2/);
    expect(() => cont.step(new Float32Array([1.5, 0]))).toThrow(SpaceError);
    expect(() => cont.step(new Float32Array([0, NaN]))).toThrow(SpaceError);
    expect(() => cont.step(2)).toThrow(SpaceError);
  });

  it('physical state reads the lander body in world units and writes move the legs along', () => {
    const env = settled(1, 5);
    const c = core(env);
    c.state = [5, 8, 1, -2, 0.3, 0.5];
    expectAllClose(c.state, [5, 8, 1, -2, 0.3, 0.5], 1e-12);
    const legs = c.bodyPolygons().legs;
    // the leg centres stay about 0.6-0.9 units from the body centre (their pose is carried rigidly)
    for (const leg of legs) {
      const cx = leg.reduce((a, p) => a + p[0], 0) / 4;
      const cy = leg.reduce((a, p) => a + p[1], 0) / 4;
      const d = Math.hypot(cx - 5, cy - 8);
      expect(d).toBeGreaterThan(0.4);
      expect(d).toBeLessThan(1.2);
    }
    expect(() => {
      c.state = [1, 2, 3];
    }).toThrow(/6 values/);
  });
});

describe('LunarLander rendering and resources', () => {
  it('draws a text view and a 600x400 frame of the scene', () => {
    const env = settled(0, 30); // lower than at reset, where the upper half is above the frame
    const text = env.render('text');
    expect(text).toContain('A');
    expect(text).toContain('#');
    expect(text).toContain('_');
    expect(text).toContain('|');
    expect(text.split('\n').length).toBe(21);
    const frame = env.render('rgb_array');
    expect([frame.width, frame.height, frame.data.length]).toEqual([600, 400, 600 * 400 * 3]);
    let lander = 0;
    let sky = 0;
    let moon = 0;
    for (let i = 0; i < frame.data.length; i += 3) {
      const [r, g, b] = [frame.data[i], frame.data[i + 1], frame.data[i + 2]];
      if (r === 128 && g === 102 && b === 230) lander++;
      if (r === 0 && g === 0 && b === 0) sky++;
      if (r === 255 && g === 255 && b === 255) moon++;
    }
    // hull 867 px^2 plus legs 2 * 64 px^2, less the outline
    expect(lander).toBeGreaterThan(600);
    expect(sky).toBeGreaterThan(100_000);
    expect(moon).toBeGreaterThan(10_000);
  });

  it('makes exhaust particles that only decorate and fade', () => {
    const a = settled(6, 3);
    const b = settled(6, 3);
    expect(core(a).particles).toHaveLength(0);
    a.step(2);
    b.step(2);
    expect(core(a).particles.length).toBe(1);
    // ttl 1 fades by 0.15 per step: gone after 7 steps
    for (let t = 0; t < 7; t++) a.step(0);
    expect(core(a).particles).toHaveLength(0);
    a.render('rgb_array'); // rendering does not touch the physics
    for (let t = 0; t < 7; t++) b.step(0);
    expect(Array.from(a.state.observation)).toEqual(Array.from(b.state.observation));
  });

  it('drops the previous planck world on reset', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const env = makeEnvironment('LunarLander-v2');
    const worlds: WeakRef<object>[] = [];
    for (let seed = 0; seed < 4; seed++) {
      env.reset({ seed });
      env.step(2);
      worlds.push(new WeakRef(core(env).world));
    }
    // each reset empties the old world and builds a new one with moon, lander and two legs
    expect(core(env).world.getBodyCount()).toBe(4);
    await new Promise((r) => setTimeout(r, 0)); // WeakRef targets stay alive until the job ends
    gc();
    expect(worlds.slice(0, -1).map((w) => w.deref() === undefined)).toEqual([true, true, true]);
    expect(worlds[3]!.deref()).toBe(core(env).world); // control: the live world survives
  });
});
