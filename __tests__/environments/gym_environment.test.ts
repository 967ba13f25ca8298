import { ConfigError, ShapeError, SpaceError, StateError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { Box, Discrete } from '../../lib/core/spaces';
import { CartPole } from '../../environments/classic_control/cart_pole';
import type { Action, RgbFrame } from '../../environments/environment';
import { describeDiscrete, GymEnvironment, type EnvironmentCore, type StepResult } from '../../environments/gym_environment';
import { makeEnvironment } from '../../environments/registry';

/** A one-variable core whose state counts steps and terminates when it reaches `end`. */
class CounterCore implements EnvironmentCore {
  state = new Float64Array(1);
  readonly observationSpace = new Box(-100, 100, [1]);
  readonly actionSpace = new Discrete(2);
  resets = 0;
  constructor(private readonly end = Infinity) {}
  reset(rng: Random): void {
    this.resets++;
    this.state[0] = rng.int(5);
  }
  step(action: Action): StepResult {
    this.state[0] = this.state[0]! + 1 + (action as number);
    return { reward: action as number, terminated: this.state[0]! >= this.end };
  }
  observation(): Float32Array {
    return Float32Array.from(this.state);
  }
  renderText(): string {
    return `counter ${this.state[0]}`;
  }
  renderRgb(): RgbFrame {
    return { width: 1, height: 1, data: new Uint8Array(3) };
  }
}

function observations(env: ReturnType<typeof makeEnvironment>, steps: number): number[] {
  const out = Array.from(env.state.observation);
  for (let t = 0; t < steps; t++) {
    const s = env.step(t % 2);
    out.push(...s.observation);
    if (s.done) out.push(...env.reset().observation);
  }
  return out;
}

describe('GymEnvironment', () => {
  it('reproduces observations for the same seed and differs for another', () => {
    const a = makeEnvironment('CartPole-v1');
    const b = makeEnvironment('CartPole-v1');
    a.reset({ seed: 42 });
    b.reset({ seed: 42 });
    expect(observations(a, 60)).toEqual(observations(b, 60));
    a.reset({ seed: 42 });
    const c = makeEnvironment('CartPole-v1');
    c.reset({ seed: 43 });
    expect(Array.from(a.state.observation)).not.toEqual(Array.from(c.state.observation));
  });

  it('continues the seeded stream on reset() without a seed', () => {
    const env = makeEnvironment('Pendulum-v1');
    const first = Array.from(env.reset({ seed: 5 }).observation);
    const second = Array.from(env.reset().observation);
    expect(second).not.toEqual(first);
    expect(Array.from(env.reset({ seed: 5 }).observation)).toEqual(first);
    expect(Array.from(env.reset().observation)).toEqual(second);
  });

  it('picks a random seed on a first reset without one', () => {
    const starts = new Set<string>();
    for (let i = 0; i < 5; i++) starts.add(Array.from(makeEnvironment('CartPole-v1').reset().observation).join(','));
    expect(starts.size).toBeGreaterThan(1);
  });

  it('rejects a bad seed', () => {
    const env = makeEnvironment('CartPole-v1');
    expect(() => env.reset({ seed: -1 })).toThrow(ConfigError);
    expect(() => env.reset({ seed: 1.5 })).toThrow(/non-negative integer; received 1.5/);
  });

  it('applies the time limit: truncated at maxEpisodeSteps unless terminated', () => {
    const env = new GymEnvironment(() => new CounterCore(), { name: 'Counter-v0', maxEpisodeSteps: 3 });
    env.reset({ seed: 0 });
    expect(env.step(0).truncated).toBe(false);
    expect(env.step(0).truncated).toBe(false);
    expect(env.elapsedSteps).toBe(2);
    const last = env.step(0);
    expect(last.truncated).toBe(true);
    expect(last.terminated).toBe(false);
    expect(last.mask).toBe(1);
    // terminating exactly on the last allowed step reports terminated only
    const ends = new GymEnvironment(() => new CounterCore(3), { name: 'Counter-v0', maxEpisodeSteps: 3 });
    ends.reset({ seed: 0 });
    ends.unwrapped.state[0] = 0;
    ends.step(0);
    ends.step(0);
    const both = ends.step(0);
    expect(both.terminated).toBe(true);
    expect(both.truncated).toBe(false);
    expect(both.mask).toBe(0);
    // the limit restarts on reset
    env.reset();
    expect(env.elapsedSteps).toBe(0);
    expect(env.step(1).reward).toBe(1);
  });

  it('rejects stepping before reset and after the episode ended, telling to reset', () => {
    const env = makeEnvironment('CartPole-v1');
    expect(() => env.step(0)).toThrow(StateError);
    expect(() => env.step(0)).toThrow(/call env.reset\(\)/);
    expect(() => env.state).toThrow(StateError);
    env.reset({ seed: 0 });
    env.unwrapped.state = Float64Array.of(2.39, 1, 0, 0);
    expect(env.step(1).terminated).toBe(true);
    expect(() => env.step(1)).toThrow(/CartPole-v1: the episode terminated; call env.reset\(\)/);
    env.reset();
    expect(env.step(1).done).toBe(false);
    const limited = makeEnvironment('CartPole-v1', { maxEpisodeSteps: 1 });
    limited.reset({ seed: 0 });
    expect(limited.step(0).truncated).toBe(true);
    expect(() => limited.step(0)).toThrow(/truncated at the time limit of 1 steps; call env.reset\(\)/);
  });

  it('rejects bad Discrete actions with the space in the message', () => {
    const env = makeEnvironment('CartPole-v1') as GymEnvironment;
    env.reset({ seed: 0 });
    expect(() => env.step(2)).toThrow(
      new SpaceError('CartPole-v1 action must be an integer in Discrete(2) = {0, 1}; received 2'),
    );
    expect(() => env.step(0.5)).toThrow(/Discrete\(2\) = \{0, 1\}; received 0.5/);
    expect(() => env.step(-1)).toThrow(SpaceError);
    expect(() => env.step(NaN)).toThrow(/received NaN/);
    expect(() => env.step(new Float32Array([1]))).toThrow(/received a Float32Array of length 1: \[1\]/);
    expect(() => env.step('1' as unknown as number)).toThrow(/received the string "1"/);
    // a rejected action does not advance the episode
    expect(env.elapsedSteps).toBe(0);
    const acro = makeEnvironment('Acrobot-v1');
    acro.reset({ seed: 0 });
    expect(() => acro.step(3)).toThrow(/Acrobot-v1 action must be an integer in Discrete\(3\) = \{0, 1, 2\}; received 3/);
  });

  it('rejects bad Box actions (range, length, NaN, type) and accepts number[]', () => {
    const env = makeEnvironment('Pendulum-v1') as GymEnvironment;
    env.reset({ seed: 0 });
    expect(() => env.step(new Float32Array([2.5]))).toThrow(SpaceError);
    expect(() => env.step(new Float32Array([2.5]))).toThrow(/Box\(-2, 2, \(1\)\).*\[-2, 2\].*received a Float32Array of length 1: \[2.5\]/);
    expect(() => env.step(new Float32Array([0, 0]))).toThrow(/length 1 .*received a Float32Array of length 2/);
    expect(() => env.step(new Float32Array([NaN]))).toThrow(/received a Float32Array of length 1: \[NaN\]/);
    expect(() => env.step(1)).toThrow(/received 1$/);
    expect(env.elapsedSteps).toBe(0);
    // number[] is accepted at run time (the Action type names Float32Array, the common case)
    expect(env.step([2] as unknown as Float32Array).reward).toBeLessThan(0);
    expect(env.step(new Float32Array([-2])).done).toBe(false);
  });

  it('does not keep a reference to the caller action array', () => {
    const env = makeEnvironment('Pendulum-v1');
    env.reset({ seed: 0 });
    const before = Array.from(env.unwrapped.state);
    const action = new Float32Array([1]);
    env.step(action);
    action[0] = 5; // mutating afterwards is harmless
    expect(Array.from(env.unwrapped.state)).not.toEqual(before);
  });

  it('exposes a live, writable physical state whose observation follows it', () => {
    const env = makeEnvironment('CartPole-v1');
    env.reset({ seed: 0 });
    env.unwrapped.state = Float64Array.of(0.5, 0, 0, 0);
    expect(env.unwrapped.state[0]).toBe(0.5);
    env.unwrapped.state[1] = 1;
    const s = env.step(1);
    expect(s.observation[0]).toBeCloseTo(0.5 + 0.02 * 1, 6);
    expect(() => {
      env.unwrapped.state = Float64Array.of(1, 2);
    }).toThrow(ShapeError);
  });

  it('returns States with the observation shape and fresh arrays', () => {
    const env = makeEnvironment('Acrobot-v1');
    const a = env.reset({ seed: 0 });
    const b = env.step(1);
    expect(a.shape).toEqual([6]);
    expect(b.observation).not.toBe(a.observation);
    expect(env.state).toBe(b);
    expect(a.reward).toBe(0);
  });

  it('refuses to work after close and rejects a bad time limit or render mode', () => {
    const env = makeEnvironment('CartPole-v1');
    env.reset({ seed: 0 });
    expect(() => env.render('svg' as 'text')).toThrow(/'text' or 'rgb_array'/);
    env.close();
    expect(() => env.step(0)).toThrow(/closed/);
    expect(() => env.reset()).toThrow(StateError);
    expect(() => new GymEnvironment(() => new CartPole(), { name: 'x', maxEpisodeSteps: 0 })).toThrow(ConfigError);
    expect(() => makeEnvironment('CartPole-v1').render('text')).toThrow(/before the first reset/);
  });

  it('describes large Discrete spaces compactly', () => {
    expect(describeDiscrete(new Discrete(18))).toBe('Discrete(18) = {0, 1, ..., 17}');
    expect(describeDiscrete(new Discrete(2, 1))).toBe('Discrete(2, start=1) = {1, 2}');
  });
});
