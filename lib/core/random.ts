import { ConfigError } from './errors';
import { registerSnapshotClass } from './snapshot';

/**
 * One seedable pseudo-random generator for a whole run (xoshiro128** seeded through splitmix32).
 * Everything random in allts draws from a `Random` passed down from the experiment, so the same
 * seed gives the same run. It does not reproduce numpy's streams: seeds are comparable within
 * allts, not across libraries.
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | undefined;

  /** @param seed any finite number; omitted, the generator is seeded from the clock and Math.random. */
  constructor(seed?: number) {
    this.seed(seed ?? Math.floor(Math.random() * 2 ** 32) ^ Date.now());
  }

  /** Restarts the stream from `seed`. */
  seed(seed: number): void {
    if (!Number.isFinite(seed)) {
      throw new RangeError(`Random seed must be a finite number, received ${seed}`);
    }
    let x = Math.floor(seed) >>> 0;
    x ^= Math.floor(seed / 2 ** 32) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spareNormal = undefined;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform float in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.random();
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) {
      throw new RangeError(`Random.int needs a positive integer bound, received ${n}`);
    }
    return Math.floor(this.random() * n);
  }

  /** A standard normal sample (Box-Muller, caching the second value). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** A fresh 31-bit seed for a child generator or a weight initializer. */
  childSeed(): number {
    return this.nextUint32() >>> 1;
  }

  /** A new generator seeded from this one, for a component that needs its own stream. */
  spawn(): Random {
    return new Random(this.childSeed());
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * One draw of Gamma(alpha, 1) from `rng` (Marsaglia and Tsang 2000, "A Simple Method for Generating
 * Gamma Variables"; alpha < 1 by the boost U^(1/alpha)). Dirichlet noise is built from these.
 */
export function sampleGamma(rng: Random, alpha: number): number {
  if (!(alpha > 0)) throw new ConfigError(`sampleGamma needs alpha > 0 (the Gamma shape); received ${alpha}`);
  if (alpha < 1) return sampleGamma(rng, alpha + 1) * Math.pow(Math.max(rng.random(), Number.MIN_VALUE), 1 / alpha);
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

// Environments create theirs on the first seeded reset, so a resumed run recreates it (lib/core/snapshot.ts).
registerSnapshotClass(Random);
