/**
 * Explicit random keys: randomness as a value, in the style of JAX's PRNG keys that baselax
 * passes to `init_params(rng)` and `predict(..., key, ...)`. A `Key` is two unsigned 32-bit words
 * (plain, JSON-serialisable data); `splitKey` derives independent-looking child keys, `foldIn`
 * mixes in a number, and `keyRandom` gives a `Random` (lib/core/random.ts) for the many draws of
 * one call (e.g. initialising a network).
 *
 * Differs from JAX: the derivation is a 32-bit integer hash (murmur3-style finaliser), not
 * threefry; keys are comparable within allts only. `keyRandom` seeds `Random` with 32 bits
 * derived from both words, so two keys can (rarely) give the same stream.
 */
import { ConfigError } from '../core/errors';
import { Random } from '../core/random';

/** A random key: two uint32 words. Never mutated; derive new keys with `splitKey` / `foldIn`. */
export type Key = readonly [number, number];

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

function derive(key: Key, data: number, salt: number): Key {
  const d = data >>> 0;
  const a = mix32((key[0] ^ mix32((d + salt) >>> 0)) >>> 0);
  const b = mix32((key[1] ^ mix32((a + 0x9e3779b9 + d) >>> 0)) >>> 0);
  return [mix32((a ^ Math.imul(b, 0x85ebca6b)) >>> 0), b];
}

/**
 * Checks that `key` is a Key.
 * @throws ConfigError naming the function and what was received
 */
export function checkKey(fn: string, key: unknown): asserts key is Key {
  if (
    !Array.isArray(key) ||
    key.length !== 2 ||
    !key.every((w) => Number.isInteger(w) && (w as number) >= 0 && (w as number) < 2 ** 32)
  ) {
    throw new ConfigError(
      `${fn} needs a random key (two uint32 words, e.g. makeKey(0)); received ${JSON.stringify(key)}. ` +
        'Make one with makeKey(seed) and derive new ones with splitKey(key, n).',
    );
  }
}

/** A key from a seed (any finite number; its integer part up to 2^53 is used). */
export function makeKey(seed: number): Key {
  if (!Number.isFinite(seed)) throw new ConfigError(`makeKey needs a finite seed; received ${seed}`);
  const s = Math.floor(Math.abs(seed));
  const lo = s >>> 0;
  const hi = Math.floor(s / 2 ** 32) >>> 0;
  return derive([mix32(lo ^ 0x243f6a88), mix32((hi ^ 0x85a308d3) >>> 0)], seed < 0 ? 1 : 0, 0x13198a2e);
}

/** `n` new keys derived from `key` (default 2); `key` itself should not be used again. */
export function splitKey(key: Key, n = 2): Key[] {
  checkKey('splitKey', key);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`splitKey needs a positive integer count; received ${n}`);
  const out: Key[] = [];
  for (let i = 0; i < n; i++) out.push(derive(key, i, 0x3707344a));
  return out;
}

/** A key derived from `key` and the integer `data` (e.g. an environment index or a step). */
export function foldIn(key: Key, data: number): Key {
  checkKey('foldIn', key);
  if (!Number.isInteger(data)) throw new ConfigError(`foldIn needs an integer to mix in; received ${data}`);
  return derive(key, data, 0x40938222);
}

/** A uniform number in [0, 1) determined by `key` (53 bits). */
export function keyUniform(key: Key): number {
  checkKey('keyUniform', key);
  const [a, b] = derive(key, 0, 0x299f31d0);
  return ((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992;
}

/** A generator seeded from `key`, for the many draws of one call. */
export function keyRandom(key: Key): Random {
  checkKey('keyRandom', key);
  return new Random(mix32((key[0] ^ Math.imul(key[1], 0x9e3779b1)) >>> 0));
}
