import { CART_POLE, CartPole } from '../../../environments/classic_control/cart_pole';
import type { GymEnvironment } from '../../../environments/gym_environment';
import { makeEnvironment } from '../../../environments/registry';
import { expectAllClose } from '../expect_close';

/**
 * Reference CartPole step written out from the published equations (Barto et al. 1983 as in
 * gymnasium's cartpole.py), independently of the implementation:
 *   temp     = (F + m_p l w^2 sin th) / (m_c + m_p)
 *   th_acc   = (g sin th - cos th temp) / (l (4/3 - m_p cos^2 th / (m_c + m_p)))
 *   x_acc    = temp - m_p l th_acc cos th / (m_c + m_p)
 *   explicit Euler with tau = 0.02 (positions use the old velocities).
 */
function referenceStep(s: number[], action: number): number[] {
  const [x, v, th, w] = s as [number, number, number, number];
  const F = action === 1 ? 10 : -10;
  const mc = 1.0;
  const mp = 0.1;
  const l = 0.5;
  const g = 9.8;
  const tau = 0.02;
  const temp = (F + mp * l * w * w * Math.sin(th)) / (mc + mp);
  const thAcc = (g * Math.sin(th) - Math.cos(th) * temp) / (l * (4 / 3 - (mp * Math.cos(th) ** 2) / (mc + mp)));
  const xAcc = temp - (mp * l * thAcc * Math.cos(th)) / (mc + mp);
  return [x + tau * v, v + tau * xAcc, th + tau * w, w + tau * thAcc];
}

function cartPole(id = 'CartPole-v1'): GymEnvironment<CartPole> {
  return makeEnvironment(id) as GymEnvironment<CartPole>;
}

describe('CartPole', () => {
  it('follows the published equations step after step from a chosen state', () => {
    const env = cartPole();
    env.reset({ seed: 0 });
    let ref = [0.01, -0.02, 0.03, 0.04];
    env.unwrapped.state = Float64Array.from(ref);
    for (const a of [1, 1, 0, 1, 0, 0, 1]) {
      const s = env.step(a);
      ref = referenceStep(ref, a);
      expectAllClose(env.unwrapped.state, ref, 1e-12);
      expectAllClose(s.observation, ref, 1e-6);
      expect(s.reward).toBe(1);
      expect(s.terminated).toBe(false);
    }
  });

  it('matches a transition computed by hand', () => {
    // From [0.01, -0.02, 0.03, 0.04] push right (F = +10):
    //   sin(0.03) = 0.0299955, cos(0.03) = 0.9995500
    //   temp   = (10 + 0.05 * 0.0016 * 0.0299955) / 1.1 = 9.0909113
    //   th_acc = (9.8 * 0.0299955 - 0.99955 * 9.0909113) / (0.5 * (4/3 - 0.1 * 0.99910 / 1.1)) = -14.1534359
    //   x_acc  = 9.0909113 - 0.05 * (-14.1534359) * 0.99955 / 1.1 = 9.7339598
    //   next   = [0.01 + 0.02 * -0.02, -0.02 + 0.02 * 9.7339598, 0.03 + 0.02 * 0.04, 0.04 + 0.02 * -14.1534359]
    //          = [0.0096, 0.1746792, 0.0308, -0.2430687]
    // (gymnasium 0.29.1's own step gives the same: [0.0096, 0.17467920, 0.0308, -0.24306872])
    const env = cartPole();
    env.reset({ seed: 0 });
    env.unwrapped.state = Float64Array.of(0.01, -0.02, 0.03, 0.04);
    const s = env.step(1);
    expectAllClose(s.observation, [0.0096, 0.1746792, 0.0308, -0.2430687], 1e-6);
  });

  it('terminates past x = 2.4, still with reward 1 (as gymnasium)', () => {
    const env = cartPole();
    env.reset({ seed: 0 });
    env.unwrapped.state = Float64Array.of(2.39, 1.0, 0, 0); // x -> 2.39 + 0.02 * 1.0 = 2.41 > 2.4
    const s = env.step(1);
    expect(env.unwrapped.state[0]).toBeCloseTo(2.41, 12);
    expect(s.terminated).toBe(true);
    expect(s.truncated).toBe(false);
    expect(s.reward).toBe(1);
    expect(s.mask).toBe(0);
    expect(s.done).toBe(true);
  });

  it('terminates past x = -2.4 and past +-12 degrees, not before', () => {
    const env = cartPole();
    const threshold = (12 * 2 * Math.PI) / 360;
    const cases: [number[], boolean][] = [
      [[-2.39, -1.0, 0, 0], true], // x -> -2.41
      [[-2.39, -0.4, 0, 0], false], // x -> -2.398
      [[0, 0, threshold - 0.001, 0.1], true], // theta -> threshold + 0.001
      [[0, 0, -threshold + 0.001, -0.1], true], // theta -> -threshold - 0.001
      [[0, 0, threshold - 0.01, 0.1], false], // theta -> threshold - 0.008
    ];
    for (const [state, terminated] of cases) {
      env.reset({ seed: 1 });
      env.unwrapped.state = state;
      expect(env.step(0).terminated).toBe(terminated);
    }
    expect(CART_POLE.thetaThreshold).toBeCloseTo(0.20943951, 8);
  });

  it('truncates at 200 steps for v0 and 500 for v1 (mask stays 1)', () => {
    for (const [id, limit] of [
      ['CartPole-v0', 200],
      ['CartPole-v1', 500],
    ] as const) {
      const env = cartPole(id);
      expect(env.maxEpisodeSteps).toBe(limit);
      env.reset({ seed: 0 });
      let s = env.state;
      for (let t = 1; t <= limit; t++) {
        env.unwrapped.state = Float64Array.of(0, 0, 0, 0); // hold the pole upright so the episode cannot terminate
        s = env.step(t % 2);
        if (t < limit) expect(s.done).toBe(false);
      }
      expect(s.truncated).toBe(true);
      expect(s.terminated).toBe(false);
      expect(s.mask).toBe(1);
      expect(s.done).toBe(true);
    }
  });

  it('resets every variable uniformly inside [-0.05, 0.05]', () => {
    const env = cartPole();
    env.reset({ seed: 7 });
    const min = [Infinity, Infinity, Infinity, Infinity];
    const max = [-Infinity, -Infinity, -Infinity, -Infinity];
    for (let i = 0; i < 400; i++) {
      const s = env.reset();
      s.observation.forEach((v, k) => {
        min[k] = Math.min(min[k]!, v);
        max[k] = Math.max(max[k]!, v);
      });
    }
    for (let k = 0; k < 4; k++) {
      expect(min[k]).toBeGreaterThanOrEqual(-0.05);
      expect(max[k]).toBeLessThanOrEqual(0.05);
      // spread over the range, not a constant
      expect(min[k]).toBeLessThan(-0.04);
      expect(max[k]).toBeGreaterThan(0.04);
    }
  });

  it('has gymnasium spaces', () => {
    const env = cartPole();
    expect(env.actionSpace.toString()).toBe('Discrete(2)');
    const obs = env.observationSpace;
    expect(obs.shape).toEqual([4]);
    expectAllClose(obs.high, [4.8, 3.4028234663852886e38, 0.41887903, 3.4028234663852886e38], 1e-6);
    expectAllClose(obs.low, [-4.8, -3.4028234663852886e38, -0.41887903, -3.4028234663852886e38], 1e-6);
    expect(env.reset({ seed: 0 }).observation).toBeInstanceOf(Float32Array);
  });
});
