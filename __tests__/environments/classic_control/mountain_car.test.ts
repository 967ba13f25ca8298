import { makeEnvironment } from '../../../environments/registry';
import { expectAllClose } from '../expect_close';

/**
 * Reference MountainCar step from the published rules (Moore 1990 as in gymnasium's mountain_car.py):
 *   v' = clip(v + (a - 1) * 0.001 - 0.0025 cos(3 p), -0.07, 0.07)
 *   p' = clip(p + v', -1.2, 0.6); v' = 0 when p' hits -1.2 moving left
 *   terminated when p' >= 0.5 and v' >= 0; reward -1
 */
function referenceStep(s: number[], a: number): { s: number[]; terminated: boolean } {
  let [p, v] = s as [number, number];
  v = Math.min(0.07, Math.max(-0.07, v + (a - 1) * 0.001 - 0.0025 * Math.cos(3 * p)));
  p = Math.min(0.6, Math.max(-1.2, p + v));
  if (p === -1.2 && v < 0) v = 0;
  return { s: [p, v], terminated: p >= 0.5 && v >= 0 };
}

describe('MountainCar-v0', () => {
  it('follows the published equations over several steps', () => {
    const env = makeEnvironment('MountainCar-v0');
    env.reset({ seed: 0 });
    let ref = [-0.5, 0];
    env.unwrapped.state = Float64Array.from(ref);
    for (const a of [2, 2, 0, 1, 2, 0, 0, 2]) {
      const s = env.step(a);
      const r = referenceStep(ref, a);
      ref = r.s;
      expectAllClose(env.unwrapped.state, ref, 1e-12);
      expectAllClose(s.observation, ref, 1e-6);
      expect(s.reward).toBe(-1);
      expect(s.terminated).toBe(r.terminated);
    }
  });

  it('matches a transition computed by hand', () => {
    // From [-0.5, 0] with action 2: v = 0 + 0.001 - 0.0025 * cos(-1.5) = 0.001 - 0.0025 * 0.0707372 = 0.000823157
    // p = -0.5 + 0.000823157 = -0.499176843 (gymnasium 0.29.1 gives -0.49917684, 0.00082315700)
    const env = makeEnvironment('MountainCar-v0');
    env.reset({ seed: 0 });
    env.unwrapped.state = Float64Array.of(-0.5, 0);
    const s = env.step(2);
    expectAllClose(env.unwrapped.state, [-0.499176843, 0.000823157], 1e-9);
    expectAllClose(s.observation, [-0.499176843, 0.000823157], 1e-7);
  });

  it('stops the car at the left wall and reaches the goal at p >= 0.5', () => {
    const env = makeEnvironment('MountainCar-v0');
    env.reset({ seed: 0 });
    env.unwrapped.state = Float64Array.of(-1.19, -0.05); // p + v < -1.2 -> clipped to -1.2 and v zeroed
    let s = env.step(0);
    expect(Array.from(env.unwrapped.state)).toEqual([-1.2, 0]);
    expect(s.terminated).toBe(false);
    env.unwrapped.state = Float64Array.of(0.49, 0.05); // p -> 0.49 + ~0.0507 > 0.5 with v > 0
    s = env.step(2);
    expect(s.terminated).toBe(true);
    expect(s.reward).toBe(-1);
    expect(s.mask).toBe(0);
  });

  it('needs a positive velocity at the goal when goalVelocity is set', () => {
    const env = makeEnvironment('MountainCar-v0', { goalVelocity: 0.06 });
    env.reset({ seed: 0 });
    env.unwrapped.state = Float64Array.of(0.49, 0.05); // reaches p > 0.5 with v ~ 0.0507 < 0.06
    expect(env.step(2).terminated).toBe(false);
  });

  it('truncates after 200 steps with terminated false', () => {
    const env = makeEnvironment('MountainCar-v0');
    expect(env.maxEpisodeSteps).toBe(200);
    env.reset({ seed: 3 });
    let s = env.state;
    for (let t = 1; t <= 200; t++) {
      s = env.step(1); // doing nothing never leaves the valley
      if (t < 200) expect(s.done).toBe(false);
    }
    expect(s.truncated).toBe(true);
    expect(s.terminated).toBe(false);
    expect(s.mask).toBe(1);
  });

  it('resets the position in [-0.6, -0.4] with zero velocity', () => {
    const env = makeEnvironment('MountainCar-v0');
    env.reset({ seed: 11 });
    const positions: number[] = [];
    for (let i = 0; i < 300; i++) {
      const s = env.reset();
      positions.push(s.observation[0]!);
      expect(s.observation[1]).toBe(0);
    }
    expect(Math.min(...positions)).toBeGreaterThanOrEqual(Math.fround(-0.6));
    expect(Math.max(...positions)).toBeLessThanOrEqual(Math.fround(-0.4));
    expect(Math.max(...positions) - Math.min(...positions)).toBeGreaterThan(0.18);
  });

  it('has gymnasium spaces', () => {
    const env = makeEnvironment('MountainCar-v0');
    expect(env.actionSpace.toString()).toBe('Discrete(3)');
    expectAllClose(env.observationSpace.low, [-1.2, -0.07]);
    expectAllClose(env.observationSpace.high, [0.6, 0.07]);
  });
});
