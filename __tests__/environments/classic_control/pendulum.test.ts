import { angleNormalize } from '../../../environments/classic_control/pendulum';
import { makeEnvironment } from '../../../environments/registry';
import { expectAllClose } from '../expect_close';

/**
 * Reference Pendulum step from gymnasium's pendulum.py (m = l = 1, dt = 0.05):
 *   cost = norm(th)^2 + 0.1 thdot^2 + 0.001 u^2, norm(x) = ((x + pi) mod 2pi) - pi
 *   thdot' = clip(thdot + (3 g / 2 sin th + 3 u) dt, -8, 8); th' = th + thdot' dt; reward = -cost
 */
function referenceStep(s: number[], u: number, g = 10): { s: number[]; reward: number } {
  const [th, thdot] = s as [number, number];
  const twoPi = 2 * Math.PI;
  const norm = th + Math.PI - twoPi * Math.floor((th + Math.PI) / twoPi) - Math.PI;
  const cost = norm * norm + 0.1 * thdot * thdot + 0.001 * u * u;
  const next = Math.min(8, Math.max(-8, thdot + (1.5 * g * Math.sin(th) + 3 * u) * 0.05));
  return { s: [th + next * 0.05, next], reward: -cost };
}

describe('Pendulum-v1', () => {
  it('follows the published equations step after step', () => {
    const env = makeEnvironment('Pendulum-v1');
    env.reset({ seed: 0 });
    let ref = [1.0, 0.5];
    env.unwrapped.state = Float64Array.from(ref);
    for (const u of [0.5, -2, 2, 0, 1.25, -0.5]) {
      const s = env.step(new Float32Array([u]));
      const r = referenceStep(ref, u);
      ref = r.s;
      expectAllClose(env.unwrapped.state, ref, 1e-12);
      expectAllClose(s.observation, [Math.cos(ref[0]!), Math.sin(ref[0]!), ref[1]!], 1e-6);
      expect(s.reward).toBeCloseTo(r.reward, 10);
      expect(s.terminated).toBe(false);
    }
  });

  it('matches a transition computed by hand', () => {
    // th = 1, thdot = 0.5, u = 0.5: cost = 1 + 0.1 * 0.25 + 0.001 * 0.25 = 1.02525
    // thdot' = 0.5 + (15 * sin 1 + 1.5) * 0.05 = 0.5 + (12.6220648 + 1.5) * 0.05 = 1.2061032
    // th' = 1 + 1.2061032 * 0.05 = 1.0603052 (gymnasium 0.29.1: [1.06030516, 1.20610324], reward -1.02525)
    const env = makeEnvironment('Pendulum-v1');
    env.reset({ seed: 0 });
    env.unwrapped.state = Float64Array.of(1, 0.5);
    const s = env.step(new Float32Array([0.5]));
    expectAllClose(env.unwrapped.state, [1.0603052, 1.2061032], 1e-7);
    expect(s.reward).toBeCloseTo(-1.02525, 10);
  });

  it('normalizes the angle in the cost and clips the speed at 8', () => {
    const env = makeEnvironment('Pendulum-v1');
    env.reset({ seed: 0 });
    // th = 4 normalizes to 4 - 2pi = -2.2831853: cost = 5.2129355 + 0.1 * 62.41 + 0.004 = 11.4579355
    env.unwrapped.state = Float64Array.of(4.0, 7.9);
    expect(env.step(new Float32Array([2])).reward).toBeCloseTo(-11.4579355, 6);
    // th = 1, thdot = 7.9, u = 2: 7.9 + (12.622 + 6) * 0.05 = 8.83 -> clipped to 8; th' = 1 + 8 * 0.05 = 1.4
    env.unwrapped.state = Float64Array.of(1.0, 7.9);
    const s = env.step(new Float32Array([2]));
    expectAllClose(env.unwrapped.state, [1.4, 8], 1e-12);
    expect(s.observation[2]).toBe(8);
    expect(s.reward).toBeCloseTo(-(1 + 0.1 * 62.41 + 0.004), 10);
    expect(angleNormalize(-4)).toBeCloseTo(-4 + 2 * Math.PI, 12);
    expect(angleNormalize(Math.PI)).toBeCloseTo(-Math.PI, 12);
  });

  it('uses g from the options', () => {
    const env = makeEnvironment('Pendulum-v1', { g: 9.81 });
    env.reset({ seed: 0 });
    env.unwrapped.state = Float64Array.of(1, 0.5);
    env.step(new Float32Array([0.5]));
    // thdot' = 0.5 + (14.715 * sin 1 + 1.5) * 0.05 = 1.1941123
    expect(env.unwrapped.state[1]).toBeCloseTo(1.1941123, 7);
  });

  it('never terminates and truncates after 200 steps', () => {
    const env = makeEnvironment('Pendulum-v1');
    expect(env.maxEpisodeSteps).toBe(200);
    env.reset({ seed: 1 });
    let s = env.state;
    for (let t = 1; t <= 200; t++) {
      s = env.step(new Float32Array([t % 3 === 0 ? 2 : -2]));
      expect(s.terminated).toBe(false);
      if (t < 200) expect(s.truncated).toBe(false);
    }
    expect(s.truncated).toBe(true);
    expect(s.mask).toBe(1);
  });

  it('resets theta in [-pi, pi] and thdot in [-1, 1]', () => {
    const env = makeEnvironment('Pendulum-v1');
    env.reset({ seed: 9 });
    let maxTh = 0;
    for (let i = 0; i < 300; i++) {
      env.reset();
      const [th, thdot] = env.unwrapped.state as unknown as [number, number];
      expect(Math.abs(th)).toBeLessThanOrEqual(Math.PI);
      expect(Math.abs(thdot)).toBeLessThanOrEqual(1);
      maxTh = Math.max(maxTh, Math.abs(th));
    }
    expect(maxTh).toBeGreaterThan(2.8);
  });

  it('has gymnasium spaces', () => {
    const env = makeEnvironment('Pendulum-v1');
    expect(env.actionSpace.toString()).toBe('Box(-2, 2, (1))');
    expectAllClose(env.observationSpace.high, [1, 1, 8]);
    expectAllClose(env.observationSpace.low, [-1, -1, -8]);
  });
});
