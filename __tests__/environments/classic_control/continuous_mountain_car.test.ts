import { makeEnvironment } from '../../../environments/registry';
import { expectAllClose } from '../expect_close';

/**
 * Reference MountainCarContinuous step from gymnasium's continuous_mountain_car.py:
 *   v' = clip(v + a * 0.0015 - 0.0025 cos(3 p), -0.07, 0.07); p' = clip(p + v', -1.2, 0.6)
 *   v' = 0 at the left wall moving left; goal: p' >= 0.45 and v' >= 0
 *   reward = 100 [goal] - 0.1 a^2; the stored state is rounded to float32.
 */
function referenceStep(s: number[], a: number): { s: number[]; reward: number; terminated: boolean } {
  let [p, v] = s as [number, number];
  v = Math.min(0.07, Math.max(-0.07, v + a * 0.0015 - 0.0025 * Math.cos(3 * p)));
  p = Math.min(0.6, Math.max(-1.2, p + v));
  if (p === -1.2 && v < 0) v = 0;
  const terminated = p >= 0.45 && v >= 0;
  return { s: [Math.fround(p), Math.fround(v)], reward: (terminated ? 100 : 0) - 0.1 * a * a, terminated };
}

describe('MountainCarContinuous-v0', () => {
  it('follows the published equations, including the action cost', () => {
    const env = makeEnvironment('MountainCarContinuous-v0');
    env.reset({ seed: 0 });
    let ref = [-0.5, 0];
    env.unwrapped.state = Float64Array.from(ref);
    for (const a of [0.5, -1, 0.25, 1, 0, -0.75]) {
      const s = env.step(new Float32Array([a]));
      const r = referenceStep(ref, a);
      ref = r.s;
      expectAllClose(env.unwrapped.state, ref, 1e-9);
      expectAllClose(s.observation, ref, 1e-6);
      expect(s.reward).toBeCloseTo(r.reward, 9);
      expect(s.terminated).toBe(false);
    }
  });

  it('matches a transition computed by hand', () => {
    // From [-0.5, 0] with force 0.5: v = 0.5 * 0.0015 - 0.0025 * cos(-1.5) = 0.00075 - 0.000176843 = 0.000573157
    // p = -0.499426843; reward = -0.1 * 0.25 = -0.025 (gymnasium 0.29.1: [-0.49942684, 0.00057315698], -0.025)
    const env = makeEnvironment('MountainCarContinuous-v0');
    env.reset({ seed: 0 });
    env.unwrapped.state = Float64Array.of(-0.5, 0);
    const s = env.step(new Float32Array([0.5]));
    expectAllClose(s.observation, [-0.499426843, 0.000573157], 1e-7);
    expect(s.reward).toBeCloseTo(-0.025, 12);
  });

  it('pays +100 minus the action cost on reaching p >= 0.45', () => {
    const env = makeEnvironment('MountainCarContinuous-v0');
    env.reset({ seed: 0 });
    env.unwrapped.state = Float64Array.of(0.44, 0.05);
    const s = env.step(new Float32Array([0.5]));
    expect(s.terminated).toBe(true);
    expect(s.reward).toBeCloseTo(100 - 0.025, 9);
    expect(s.mask).toBe(0);
  });

  it('truncates after 999 steps', () => {
    const env = makeEnvironment('MountainCarContinuous-v0');
    expect(env.maxEpisodeSteps).toBe(999);
    env.reset({ seed: 0 });
    const zero = new Float32Array([0]);
    let s = env.state;
    for (let t = 1; t <= 999; t++) {
      s = env.step(zero);
      if (t < 999) expect(s.done).toBe(false);
    }
    expect(s.truncated).toBe(true);
    expect(s.terminated).toBe(false);
    expect(s.reward).toBe(0); // no action cost for a zero force
  });

  it('resets the position in [-0.6, -0.4] with zero velocity', () => {
    const env = makeEnvironment('MountainCarContinuous-v0');
    env.reset({ seed: 5 });
    for (let i = 0; i < 200; i++) {
      const s = env.reset();
      expect(s.observation[0]).toBeGreaterThanOrEqual(Math.fround(-0.6));
      expect(s.observation[0]).toBeLessThanOrEqual(Math.fround(-0.4));
      expect(s.observation[1]).toBe(0);
    }
  });

  it('has gymnasium spaces and rejects forces outside [-1, 1] instead of clipping', () => {
    const env = makeEnvironment('MountainCarContinuous-v0');
    expect(env.actionSpace.toString()).toBe('Box(-1, 1, (1))');
    expectAllClose(env.observationSpace.low, [-1.2, -0.07]);
    expectAllClose(env.observationSpace.high, [0.6, 0.07]);
    env.reset({ seed: 0 });
    expect(() => env.step(new Float32Array([1.5]))).toThrow(/MountainCarContinuous-v0 action .*Box\(-1, 1, \(1\)\).*received a Float32Array of length 1: \[1.5\]/);
  });
});
