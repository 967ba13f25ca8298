/**
 * Our native classic-control environments against gymnasium's, through the bridge (real Python,
 * real gymnasium): from the same physical state and the same actions, the same observations,
 * rewards and terminations, step by step.
 */
import { makeEnvironment } from '../../../environments';
import { closeSharedBridges } from '../../../environments/bridge/bridge';
import { Random } from '../../../lib/core/random';

afterAll(() => closeSharedBridges());

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i]! - expected[i]!);
    if (!(d <= tol * Math.max(1, Math.abs(expected[i]!)))) {
      throw new Error(`${what}[${i}]: native ${expected[i]} vs gymnasium ${actual[i]} (|diff| ${d} > ${tol})`);
    }
  }
}

/** Runs `episodes` random episodes in lockstep; the native env starts where gymnasium's reset put it. */
function lockstep(id: string, episodes: number, tol: number, action: (rng: Random) => number | Float32Array): number {
  const native = makeEnvironment(id);
  const gym = makeEnvironment(`gym:${id}`);
  const rng = new Random(7);
  let steps = 0;
  for (let e = 0; e < episodes; e++) {
    const g0 = gym.reset({ seed: 100 + e });
    native.reset({ seed: e });
    native.unwrapped.state = Float64Array.from(gym.unwrapped.state);
    expect(native.unwrapped.state.length).toBeGreaterThan(0);
    // the observation function itself, on gymnasium's starting state
    const n0 = (native.unwrapped as unknown as { observation(): Float32Array }).observation();
    expectClose(g0.observation, n0, tol, `${id} episode ${e} reset observation`);
    for (let t = 0; t < 600; t++) {
      const a = action(rng);
      const g = gym.step(a);
      const n = native.step(a);
      expectClose(g.observation, n.observation, tol, `${id} episode ${e} step ${t} observation`);
      expectClose([g.reward], [n.reward], tol, `${id} episode ${e} step ${t} reward`);
      expect([e, t, g.terminated, g.truncated]).toEqual([e, t, n.terminated, n.truncated]);
      steps++;
      if (g.done) break;
    }
  }
  native.close();
  gym.close();
  return steps;
}

describe('native classic control = gymnasium (through the bridge)', () => {
  test('CartPole-v1: random actions, 5 episodes', () => {
    expect(lockstep('CartPole-v1', 5, 1e-6, (r) => r.int(2))).toBeGreaterThan(50);
  });

  test('Acrobot-v1: random actions, 2 episodes (to the time limit)', () => {
    expect(lockstep('Acrobot-v1', 2, 1e-5, (r) => r.int(3))).toBeGreaterThan(400);
  });

  test('Pendulum-v1: random torques, 2 episodes', () => {
    expect(lockstep('Pendulum-v1', 2, 1e-5, (r) => Float32Array.of(r.uniform() * 4 - 2))).toBe(400);
  });
});
