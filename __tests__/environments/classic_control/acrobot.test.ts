import type { Acrobot } from '../../../environments/classic_control/acrobot';
import type { GymEnvironment } from '../../../environments/gym_environment';
import { makeEnvironment } from '../../../environments/registry';
import { expectAllClose } from '../expect_close';

/**
 * Reference Acrobot from Sutton & Barto's book equations (as gymnasium's acrobot.py, "book"):
 * m1 = m2 = 1, l1 = 1, lc1 = lc2 = 0.5, I1 = I2 = 1, g = 9.8,
 *   d1 = m1 lc1^2 + m2 (l1^2 + lc2^2 + 2 l1 lc2 cos t2) + I1 + I2
 *   d2 = m2 (lc2^2 + l1 lc2 cos t2) + I2
 *   phi2 = m2 lc2 g cos(t1 + t2 - pi/2)
 *   phi1 = -m2 l1 lc2 w2^2 sin t2 - 2 m2 l1 lc2 w2 w1 sin t2 + (m1 lc1 + m2 l1) g cos(t1 - pi/2) + phi2
 *   a2 = (tau + d2/d1 phi1 - m2 l1 lc2 w1^2 sin t2 - phi2) / (m2 lc2^2 + I2 - d2^2/d1)
 *   a1 = -(d2 a2 + phi1) / d1
 * integrated by one classical RK4 step of 0.2 s, then angles wrapped to [-pi, pi] and
 * velocities clipped to +-4pi, +-9pi.
 */
function derivs(y: number[], tau: number): number[] {
  const [t1, t2, w1, w2] = y as [number, number, number, number];
  const d1 = 0.25 + (1 + 0.25 + Math.cos(t2)) + 2;
  const d2 = 0.25 + 0.5 * Math.cos(t2) + 1;
  const phi2 = 0.5 * 9.8 * Math.cos(t1 + t2 - Math.PI / 2);
  const phi1 = -0.5 * w2 * w2 * Math.sin(t2) - w2 * w1 * Math.sin(t2) + 1.5 * 9.8 * Math.cos(t1 - Math.PI / 2) + phi2;
  const a2 = (tau + (d2 / d1) * phi1 - 0.5 * w1 * w1 * Math.sin(t2) - phi2) / (1.25 - (d2 * d2) / d1);
  const a1 = -(d2 * a2 + phi1) / d1;
  return [w1, w2, a1, a2];
}

function referenceStep(s: number[], action: number): number[] {
  const tau = [-1, 0, 1][action]!;
  const h = 0.2;
  const add = (a: number[], b: number[], k: number): number[] => a.map((v, i) => v + k * b[i]!);
  const k1 = derivs(s, tau);
  const k2 = derivs(add(s, k1, h / 2), tau);
  const k3 = derivs(add(s, k2, h / 2), tau);
  const k4 = derivs(add(s, k3, h), tau);
  const next = s.map((v, i) => v + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!));
  const wrapAngle = (x: number): number => {
    while (x > Math.PI) x -= 2 * Math.PI;
    while (x < -Math.PI) x += 2 * Math.PI;
    return x;
  };
  const clip = (x: number, m: number): number => Math.min(m, Math.max(-m, x));
  return [wrapAngle(next[0]!), wrapAngle(next[1]!), clip(next[2]!, 4 * Math.PI), clip(next[3]!, 9 * Math.PI)];
}

function observationOf(s: number[]): number[] {
  return [Math.cos(s[0]!), Math.sin(s[0]!), Math.cos(s[1]!), Math.sin(s[1]!), s[2]!, s[3]!];
}

function acrobot(): GymEnvironment<Acrobot> {
  return makeEnvironment('Acrobot-v1') as GymEnvironment<Acrobot>;
}

describe('Acrobot-v1', () => {
  it('has the book accelerations at rest with torque +1', () => {
    // At t1 = t2 = w1 = w2 = 0: d1 = 0.25 + 2.25 + 2 = 4.5, d2 = 0.75 + 1 = 1.75, phi1 = phi2 = 0 (cos(-pi/2) = 0)
    // a2 = 1 / (1.25 - 1.75^2 / 4.5) = 1 / 0.5694444 = 1.7560976; a1 = -(1.75 * 1.7560976) / 4.5 = -0.6829268
    const out = new Float64Array(4);
    acrobot().unwrapped.derivatives([0, 0, 0, 0], 1, out);
    expectAllClose(out, [0, 0, -0.6829268, 1.7560976], 1e-7);
  });

  it('follows RK4 over the book equations step after step', () => {
    const env = acrobot();
    env.reset({ seed: 0 });
    let ref = [0.1, -0.2, 0.3, -0.4];
    env.unwrapped.state = Float64Array.from(ref);
    for (const a of [0, 1, 2, 2, 0, 1]) {
      const s = env.step(a);
      ref = referenceStep(ref, a);
      expectAllClose(env.unwrapped.state, ref, 1e-10);
      expectAllClose(s.observation, observationOf(ref), 1e-6);
      expect(s.reward).toBe(-1);
      expect(s.terminated).toBe(false);
    }
    // gymnasium 0.29.1's own step from [0.1, -0.2, 0.3, -0.4] with action 0 gives
    // [0.15442805, -0.27967846, 0.23102746, -0.37533177]; our first step matched the reference above,
    // and the reference matches these figures:
    expectAllClose(referenceStep([0.1, -0.2, 0.3, -0.4], 0), [0.15442805, -0.27967846, 0.23102746, -0.37533177], 1e-7);
  });

  it('wraps the angles into [-pi, pi] and clips the velocities', () => {
    const env = acrobot();
    env.reset({ seed: 0 });
    env.unwrapped.state = Float64Array.of(0, 0, 12.5, 28.0); // unclipped RK4 result: [4.116, 3.999, 25.45, 24.14]
    env.step(2);
    const s = env.unwrapped.state;
    expectAllClose(s, referenceStep([0, 0, 12.5, 28.0], 2), 1e-10);
    expect(s[0]).toBeCloseTo(4.11614496 - 2 * Math.PI, 7);
    expect(s[1]).toBeCloseTo(3.99871379 - 2 * Math.PI, 7);
    expect(s[2]).toBe(4 * Math.PI);
    expect(s[3]).toBeCloseTo(24.14129592, 7);
  });

  it('terminates with reward 0 once the tip is above the line, -1 before', () => {
    const env = acrobot();
    env.reset({ seed: 0 });
    env.unwrapped.state = Float64Array.of(Math.PI - 0.05, 0, 0, 0); // nearly straight up: tip height ~ 2 > 1
    const s = env.step(1);
    const t = env.unwrapped.state;
    expect(-Math.cos(t[0]!) - Math.cos(t[0]! + t[1]!)).toBeGreaterThan(1);
    expect(s.terminated).toBe(true);
    expect(s.reward).toBe(0);
    expect(s.mask).toBe(0);
    env.reset({ seed: 0 });
    env.unwrapped.state = Float64Array.of(Math.PI / 2, 0, 0, 0); // horizontal: tip height ~ 0
    const h = env.step(1);
    expect(h.terminated).toBe(false);
    expect(h.reward).toBe(-1);
  });

  it('truncates after 500 steps', () => {
    const env = acrobot();
    expect(env.maxEpisodeSteps).toBe(500);
    env.reset({ seed: 2 });
    let s = env.state;
    for (let t = 1; t <= 500; t++) {
      env.unwrapped.state = Float64Array.of(0, 0, 0, 0); // hanging still: cannot reach the line in one step
      s = env.step(1);
      if (t < 500) expect(s.done).toBe(false);
    }
    expect(s.truncated).toBe(true);
    expect(s.terminated).toBe(false);
  });

  it('resets all four variables in [-0.1, 0.1], rounded to float32 as gymnasium', () => {
    const env = acrobot();
    env.reset({ seed: 4 });
    for (let i = 0; i < 200; i++) {
      const o = env.reset().observation;
      const s = env.unwrapped.state;
      for (let k = 0; k < 4; k++) {
        expect(Math.abs(s[k]!)).toBeLessThanOrEqual(0.1);
        expect(Math.fround(s[k]!)).toBe(s[k]);
      }
      expectAllClose(o, observationOf(Array.from(s)), 1e-6);
    }
  });

  it('has gymnasium spaces', () => {
    const env = acrobot();
    expect(env.actionSpace.toString()).toBe('Discrete(3)');
    expectAllClose(env.observationSpace.high, [1, 1, 1, 1, 4 * Math.PI, 9 * Math.PI], 1e-5);
    expectAllClose(env.observationSpace.low, [-1, -1, -1, -1, -4 * Math.PI, -9 * Math.PI], 1e-5);
  });
});
