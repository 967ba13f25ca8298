import { ConfigError, ShapeError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { Box, Discrete, type Space } from '../../lib/core/spaces';
import { environmentSpec, listEnvironments, makeEnvironment } from '../../environments';

describe('Discrete', () => {
  it('contains exactly the integers start .. start + n - 1', () => {
    const d = new Discrete(3);
    expect([0, 1, 2].every((x) => d.contains(x))).toBe(true);
    expect([-1, 3, 0.5, NaN, '1', [1]].some((x) => d.contains(x))).toBe(false);
    const shifted = new Discrete(2, 5);
    expect(shifted.contains(5)).toBe(true);
    expect(shifted.contains(6)).toBe(true);
    expect(shifted.contains(7)).toBe(false);
    expect(d.shape).toEqual([]);
  });

  it('samples every element and only elements', () => {
    const d = new Discrete(4, 1);
    const rng = new Random(0);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const x = d.sample(rng);
      expect(d.contains(x)).toBe(true);
      seen.add(x);
    }
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
  });

  it('prints and serializes like gymnasium, and rejects a bad n', () => {
    expect(new Discrete(2).toString()).toBe('Discrete(2)');
    expect(new Discrete(2, 1).toString()).toBe('Discrete(2, start=1)');
    expect(new Discrete(3).toJSON()).toEqual({ kind: 'discrete', n: 3, start: 0 });
    expect(() => new Discrete(0)).toThrow(ConfigError);
    expect(() => new Discrete(2.5)).toThrow(/positive integer n, received 2.5/);
  });
});

describe('Box', () => {
  it('takes scalar bounds with a shape or per-element bounds', () => {
    const b = new Box(-1, 1, [2]);
    expect(b.shape).toEqual([2]);
    expect(b.size).toBe(2);
    expect(Array.from(b.low)).toEqual([-1, -1]);
    const c = new Box([-1, 0], [1, 5]);
    expect(c.shape).toEqual([2]);
    expect(Array.from(c.high)).toEqual([1, 5]);
    expect(new Box(0, [1, 2, 3]).shape).toEqual([3]);
  });

  it('rejects missing shapes, mismatched lengths and low above high', () => {
    expect(() => new Box(-1, 1)).toThrow(ConfigError);
    expect(() => new Box([0, 0], [1, 1, 1])).toThrow(ShapeError);
    expect(() => new Box([0, 2], [1, 1])).toThrow(/low\[1\]=2 is above high\[1\]=1/);
  });

  it('contains arrays of the right length inside the bounds (inclusive)', () => {
    const b = new Box([-1, 0], [1, 5]);
    expect(b.contains(new Float32Array([1, 5]))).toBe(true);
    expect(b.contains([-1, 0])).toBe(true);
    expect(b.contains(new Float64Array([0, 2]))).toBe(true);
    expect(b.contains([1.5, 0])).toBe(false);
    expect(b.contains([0])).toBe(false);
    expect(b.contains([0, NaN])).toBe(false);
    expect(b.contains(0)).toBe(false);
    expect(b.contains(['0', 1])).toBe(false);
  });

  it('samples uniformly where bounded and by the gymnasium rules where not', () => {
    const rng = new Random(1);
    const bounded = new Box([-2, 10], [2, 11]);
    let sum = 0;
    for (let i = 0; i < 2000; i++) {
      const x = bounded.sample(rng);
      expect(bounded.contains(x)).toBe(true);
      sum += x[0]!;
    }
    expect(Math.abs(sum / 2000)).toBeLessThan(0.15); // mean of U(-2, 2) is 0
    const half = new Box([0, -Infinity], [Infinity, 3]);
    const free = new Box(-Infinity, Infinity, [1]);
    let spread = 0;
    for (let i = 0; i < 500; i++) {
      const x = half.sample(rng);
      expect(x[0]).toBeGreaterThanOrEqual(0);
      expect(x[1]).toBeLessThanOrEqual(3);
      spread = Math.max(spread, Math.abs(free.sample(rng)[0]!));
    }
    expect(spread).toBeGreaterThan(1); // a standard normal exceeds 1 often in 500 draws
  });

  it('prints compactly and serializes', () => {
    expect(new Box(-2, 2, [1]).toString()).toBe('Box(-2, 2, (1))');
    expect(new Box([-1, 0], [1, 5]).toString()).toBe('Box([-1, 0], [1, 5], (2))');
    expect(new Box(-1, 1, [2]).toJSON()).toEqual({ kind: 'box', low: [-1, -1], high: [1, 1], shape: [2] });
  });
});

/** One space of every kind, with the unbounded Box cases too. */
const KINDS: ReadonlyArray<[string, () => Space]> = [
  ['Discrete', () => new Discrete(5)],
  ['Discrete with start', () => new Discrete(3, -1)],
  ['bounded Box', () => new Box([-2, 10], [2, 11])],
  ['unbounded Box', () => new Box(-Infinity, Infinity, [3])],
  ['half-bounded Box', () => new Box([0, -Infinity], [Infinity, 3])],
];

/** n samples as plain numbers, for toEqual. */
function draw(space: Space, n: number, rng?: Random): number[][] {
  return Array.from({ length: n }, () => {
    const x = rng === undefined ? space.sample() : space.sample(rng);
    return typeof x === 'number' ? [x] : Array.from(x);
  });
}

describe.each(KINDS)('%s: gymnasium-style sample() and seed()', (_name, make) => {
  it('samples without an argument, inside the space', () => {
    const space = make();
    for (let i = 0; i < 200; i++) expect(space.contains(space.sample())).toBe(true);
  });

  it('seed(n) makes the sequence reproducible; different seeds differ', () => {
    const a = make();
    const b = make();
    expect(a.seed(7)).toEqual([7]);
    b.seed(7);
    const first = draw(a, 20);
    expect(draw(b, 20)).toEqual(first);
    a.seed(7); // reseeding restarts the stream
    expect(draw(a, 20)).toEqual(first);
    b.seed(8);
    expect(draw(b, 20)).not.toEqual(first);
  });

  it('seed() without a seed draws one and returns it, so the sequence can be replayed', () => {
    const a = make();
    const [seed] = a.seed();
    expect(Number.isSafeInteger(seed)).toBe(true);
    expect(seed).toBeGreaterThanOrEqual(0);
    const first = draw(a, 10);
    const b = make();
    b.seed(seed);
    expect(draw(b, 10)).toEqual(first);
  });

  it('sample(rng) draws from the given generator and leaves the space\'s own stream alone', () => {
    const space = make();
    space.seed(3);
    const given = new Random(1);
    expect(draw(space, 10, given)).toEqual(draw(make(), 10, new Random(1)));
    const untouched = new Random(1);
    expect(given.nextUint32()).not.toBe(untouched.nextUint32()); // the draws advanced the given generator
    const reference = make();
    reference.seed(3);
    expect(draw(space, 10)).toEqual(draw(reference, 10)); // the explicit draws did not advance it
  });

  it('rejects a seed that is not a non-negative integer, saying what it received', () => {
    const space = make();
    expect(() => space.seed(-1)).toThrow(ConfigError);
    expect(() => space.seed(1.5)).toThrow(/non-negative integer seed; received 1.5/);
    expect(() => space.seed('1' as unknown as number)).toThrow(/received a string/);
  });
});

describe('environment spaces', () => {
  it('are separate objects per environment, so seeding one does not change another', () => {
    // ids with an asynchronous prepare (MuJoCo's ESM WebAssembly build, which jest cannot import) are checked in mujoco_child.js
    const ids = listEnvironments().filter((id) => environmentSpec(id).prepare === undefined);
    expect(ids).toEqual(expect.arrayContaining(['CartPole-v1', 'LunarLanderContinuous-v3', 'BipedalWalker-v3']));
    for (const id of ids) {
      const a = makeEnvironment(id);
      const b = makeEnvironment(id);
      const copies = a.duplicate(2);
      expect(a.actionSpace).not.toBe(b.actionSpace);
      expect(a.observationSpace).not.toBe(b.observationSpace);
      expect(copies.envs[0]!.actionSpace).not.toBe(copies.envs[1]!.actionSpace);
      expect(copies.envs[0]!.actionSpace).not.toBe(a.actionSpace);
      a.actionSpace.seed(0);
      b.actionSpace.seed(0);
      const first = draw(a.actionSpace, 5);
      b.actionSpace.seed(1); // must not touch a's stream
      a.actionSpace.seed(0);
      expect(draw(a.actionSpace, 5)).toEqual(first);
      expect(a.actionSpace.contains(a.actionSpace.sample())).toBe(true);
      for (const e of [a, b, copies]) e.close();
    }
  });

  it('env.actionSpace.sample() needs no argument and gives a valid action', () => {
    const env = makeEnvironment('CartPole-v1');
    env.reset({ seed: 0 });
    const state = env.step(env.actionSpace.sample() as number);
    expect(state.observation).toHaveLength(4);
    env.close();
  });
});
