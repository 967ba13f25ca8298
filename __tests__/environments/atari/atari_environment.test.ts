/**
 * AtariEnvironment against gymnasium's own Atari preprocessing (fixture from
 * scripts/atari_fixture.py: AtariPreprocessing, and ALL's no-op / fire-reset / life-lost logic
 * written in Python over it), for the same seed and actions; the area resize against hand values.
 */
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeEnvironment, environmentSpec } from '../../../environments';
import { AreaResize, AtariEnvironment } from '../../../environments/atari';
import { closeSharedBridges } from '../../../environments/bridge/bridge';
import { ConfigError, StateError } from '../../../lib/core/errors';

afterAll(() => closeSharedBridges());

interface Trajectory {
  frames: string;
  rewards: number[];
  terminated: boolean[];
  lives?: number[];
  lifeLost?: boolean[];
}
const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/atari/breakout.json'), 'utf8')) as {
  actions: number[];
  plain: Trajectory;
  all: Trajectory;
};

function frames(t: Trajectory): Uint8Array[] {
  const bytes = gunzipSync(Buffer.from(t.frames, 'base64'));
  const n = bytes.length / 7056;
  expect(n).toBe(t.rewards.length);
  return Array.from({ length: n }, (_, i) => new Uint8Array(bytes.subarray(i * 7056, (i + 1) * 7056)));
}

/** Steps `env` with the fixture's actions and compares every state with the reference trajectory. */
function replay(env: AtariEnvironment, ref: Trajectory): void {
  const expected = frames(ref);
  let s = env.reset({ seed: 0 });
  expect(Buffer.from(s.observation as unknown as Uint8Array).equals(Buffer.from(expected[0]!))).toBe(true);
  for (let t = 1; t < expected.length; t++) {
    s = env.step(fixture.actions[t - 1]!);
    expect({ t, equal: Buffer.from(s.observation as unknown as Uint8Array).equals(Buffer.from(expected[t]!)) }).toEqual({ t, equal: true });
    expect([t, s.reward, s.terminated]).toEqual([t, ref.rewards[t], ref.terminated[t]]);
    if (ref.lives !== undefined) expect([t, s.info.lives]).toEqual([t, ref.lives[t]]);
    if (ref.lifeLost !== undefined) expect([t, s.info.lifeLost]).toEqual([t, ref.lifeLost[t]]);
  }
  expect(s.terminated).toBe(true);
}

describe('AtariEnvironment (Breakout) against gymnasium', () => {
  test("max-and-skip and 84x84 frames equal gymnasium's AtariPreprocessing byte for byte", () => {
    const env = new AtariEnvironment('Breakout', { noopMax: 0, fireReset: false });
    expect(env.observationSpace.shape).toEqual([84, 84, 1]);
    expect(env.observationSpace.dtype).toBe('uint8');
    expect(env.actionSpace.toString()).toBe('Discrete(4)');
    replay(env, fixture.plain);
    env.close();
  }, 60_000);

  test("no-ops, fire reset after resets and lost lives, and lifeLost equal ALL's logic over gymnasium", () => {
    const env = makeEnvironment('Breakout', { noops: 3 }) as AtariEnvironment;
    expect(env.actionMeanings).toEqual(['NOOP', 'FIRE', 'RIGHT', 'LEFT']);
    expect(env.firesOnReset).toBe(true);
    expect(fixture.all.lifeLost!.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    replay(env, fixture.all);
    expect(() => env.step(0)).toThrow(StateError);
    env.close();
  }, 60_000);

  test('random no-op counts: reproducible per seed, different across seeds; duplicate gives copies', () => {
    const env = makeEnvironment('Breakout') as AtariEnvironment;
    const first = (seed: number) => Buffer.from(env.reset({ seed }).observation as unknown as Uint8Array);
    // the ball's start depends on how many frames passed: collect reset frames after a few steps
    const after = (seed: number) => {
      env.reset({ seed });
      let s = env.state;
      for (let i = 0; i < 3; i++) s = env.step(0);
      return Buffer.from(s.observation as unknown as Uint8Array).toString('base64');
    };
    expect(first(1).equals(first(1))).toBe(true);
    const seen = new Set([1, 2, 3, 4, 5, 6].map(after));
    expect(after(1)).toBe(after(1));
    expect(seen.size).toBeGreaterThan(1);
    const vec = env.duplicate(2);
    const states = vec.reset({ seed: 0 });
    expect(states.observation.length).toBe(2 * 84 * 84);
    vec.close();
    env.close();
  });

  test('registry, rendering and typed errors', () => {
    expect(environmentSpec('Pong').family).toBe('atari');
    expect(environmentSpec('Breakout').actionKind).toBe('discrete');
    const env = makeEnvironment('Breakout');
    env.reset({ seed: 0 });
    const frame = env.render('rgb_array');
    expect([frame.height, frame.width, frame.data.length]).toEqual([210, 160, 210 * 160 * 3]);
    const text = env.render('text').split('\n');
    expect(text.length).toBe(21);
    expect(text.every((l) => l.length <= 42)).toBe(true);
    expect(text.join('')).toMatch(/[.:=+*#%@-]/); // the walls and bricks show
    expect(() => env.unwrapped).toThrow(ConfigError);
    env.close();
    expect(() => env.reset()).toThrow(StateError);
    expect(() => makeEnvironment('Breakout', { noopMax: -1 })).toThrow(/noopMax/);
    expect(() => makeEnvironment('Breakout', { frameskip: 4 })).toThrow(/Unknown option "frameskip".*valid options: noopMax/);
    expect(() => new AtariEnvironment('Breakout', { fireReset: 'yes' as never })).toThrow(ConfigError);
    expect(() => new AtariEnvironment('Pong v5')).toThrow(ConfigError);
    // Pong has FIRE at index 1; Enduro's action 1 is FIRE too, but Freeway has none
    const freeway = new AtariEnvironment('Freeway');
    expect(freeway.firesOnReset).toBe(false);
    expect(() => new AtariEnvironment('Freeway', { fireReset: true })).toThrow(/no FIRE action/);
    freeway.close();
  });
});

describe('AreaResize', () => {
  test('5x5 to 2x2 averages 2.5x2.5 areas, half pixels weighted by half (hand-computed)', () => {
    // rows/columns 0,1 whole and 2 half go to output 0; 2 half, 3, 4 whole to output 1
    const src = Uint8Array.from({ length: 25 }, (_, i) => (i % 5 === 2 || Math.floor(i / 5) === 2 ? 100 : i < 10 && i % 5 < 2 ? 200 : 0));
    const out = new AreaResize(5, 5, 2, 2).apply(src);
    // top-left area: 4 pixels of 200 (weight 1), 4 half pixels of 100 (weight 0.5), 1 quarter pixel of 100 (0.25)
    // = (800 + 200 + 25) / 6.25 = 164; top-right: 2 half + 2 half + quarter of 100 and zeros = (100+100+25)/6.25 = 36
    expect(Array.from(out)).toEqual([164, 36, 36, 36]);
    expect(Array.from(new AreaResize(2, 2, 1, 1).apply(Uint8Array.from([1, 2, 3, 4])))).toEqual([2]); // 2.5 rounds to even
    expect(() => new AreaResize(2, 2, 3, 3)).toThrow(ConfigError);
    expect(() => new AreaResize(2, 2, 1, 1).apply(new Uint8Array(3))).toThrow(/expects 2x2/);
  });
});
