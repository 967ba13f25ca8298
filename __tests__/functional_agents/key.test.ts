/** Explicit random keys: deterministic, distinct when split, typed errors on bad keys. */
import { ConfigError } from '../../lib/core/errors';
import { foldIn, keyRandom, keyUniform, makeKey, splitKey } from '../../lib/functional_agents/key';

describe('keys', () => {
  it('are plain values: the same seed gives the same key and the same splits', () => {
    expect(makeKey(7)).toEqual(makeKey(7));
    expect(splitKey(makeKey(7), 3)).toEqual(splitKey(makeKey(7), 3));
    expect(JSON.parse(JSON.stringify(makeKey(7)))).toEqual(makeKey(7));
  });

  it('split into distinct keys, distinct from the parent, and differ across seeds', () => {
    const keys = [makeKey(0), makeKey(1), ...splitKey(makeKey(0), 100), foldIn(makeKey(0), 1)];
    expect(new Set(keys.map((k) => k.join(','))).size).toBe(keys.length);
  });

  it('give roughly uniform draws', () => {
    const u = splitKey(makeKey(3), 4000).map(keyUniform);
    const mean = u.reduce((a, b) => a + b, 0) / u.length;
    expect(mean).toBeGreaterThan(0.47);
    expect(mean).toBeLessThan(0.53);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(keyRandom(makeKey(3)).random()).toBe(keyRandom(makeKey(3)).random());
  });

  it('reject what is not a key with a ConfigError saying how to make one', () => {
    expect(() => splitKey([1.5, 2] as never)).toThrow(ConfigError);
    expect(() => splitKey(7 as never)).toThrow(/makeKey\(seed\)/);
    expect(() => splitKey(makeKey(0), 0)).toThrow(ConfigError);
    expect(() => makeKey(NaN)).toThrow(ConfigError);
  });
});
