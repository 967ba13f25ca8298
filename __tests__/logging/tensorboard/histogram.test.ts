import { ConfigError, NumericError } from '../../../lib/core/errors';
import { computeHistogram, defaultBucketLimits } from '../../../lib/logging/tensorboard/histogram';

describe('defaultBucketLimits (TensorFlow exponential buckets)', () => {
  it('mirrors 1e-12 * 1.1^k (k while < 1e20) plus DBL_MAX around a central 0', () => {
    const limits = defaultBucketLimits();
    // k runs while 1e-12 * 1.1^k < 1e20, i.e. k <= floor(32 / log10(1.1)) = floor(773.1) = 773 -> 774 values,
    // plus DBL_MAX = 775 per side, plus 0: 2 * 775 + 1 = 1551.
    expect(limits.length).toBe(1551);
    expect(limits[775]).toBe(0);
    expect(limits[776]).toBe(1e-12);
    expect(limits[777]).toBeCloseTo(1.1e-12, 25);
    expect(limits[1550]).toBe(Number.MAX_VALUE);
    expect(limits[0]).toBe(-Number.MAX_VALUE);
    expect(limits[1549]).toBeLessThan(1e20);
    expect(limits[1549]! * 1.1).toBeGreaterThanOrEqual(1e20);
    for (let i = 0; i < 775; i++) expect(limits[i]).toBe(-limits[1550 - i]!);
    for (let i = 1; i < limits.length; i++) expect(limits[i]!).toBeGreaterThan(limits[i - 1]!);
  });

  it('returns a copy the caller may modify', () => {
    defaultBucketLimits()[775] = 42;
    expect(defaultBucketLimits()[775]).toBe(0);
  });
});

describe('computeHistogram', () => {
  it('computes min, max, num, sum and sum of squares', () => {
    // values 1, -2, 3.5: sum 2.5, squares 1 + 4 + 12.25 = 17.25
    const h = computeHistogram([1, -2, 3.5]);
    expect(h).toMatchObject({ min: -2, max: 3.5, num: 3, sum: 2.5, sumSquares: 17.25 });
  });

  it('puts each value in the first default bucket whose limit exceeds it, collapsing empty runs', () => {
    const values = [0, 0.5, 0.5, 2, -3, 1e-12];
    const h = computeHistogram(values);
    const total = h.bucket.reduce((a, b) => a + b, 0);
    expect(total).toBe(values.length);
    expect(h.bucketLimit.length).toBe(h.bucket.length);
    // No two empty buckets in a row (they would have been merged), and the last limit is DBL_MAX.
    for (let i = 1; i < h.bucket.length; i++) expect(h.bucket[i - 1] === 0 && h.bucket[i] === 0).toBe(false);
    expect(h.bucketLimit[h.bucketLimit.length - 1]).toBe(Number.MAX_VALUE);
    // Every value lies in [previous limit, own limit) of the bucket that counts it, one bucket per distinct value here.
    const counted = new Map<number, number>();
    for (let i = 0; i < h.bucket.length; i++) {
      if (h.bucket[i] === 0) continue;
      const left = i === 0 ? -Infinity : h.bucketLimit[i - 1]!;
      const inside = values.filter((v) => v >= left && v < h.bucketLimit[i]!);
      expect(inside.length).toBe(h.bucket[i]);
      for (const v of inside) counted.set(v, (counted.get(v) ?? 0) + 1);
    }
    expect(counted.get(0.5)).toBe(2);
    // 0 falls in [0, 1e-12) -> the bucket with limit 1e-12; 1e-12 itself is not < 1e-12, so it goes to [1e-12, 1.1e-12).
    const zeroBucket = h.bucketLimit.indexOf(1e-12);
    expect(h.bucket[zeroBucket]).toBe(1);
    expect(h.bucket[zeroBucket + 1]).toBe(1);
    expect(h.bucketLimit[zeroBucket + 1]).toBeCloseTo(1.1e-12, 25);
  });

  it('splits min..max into equal-width buckets when bucketCount is given', () => {
    // [0, 1, 2, 3, 4] in 2 buckets: width 2, index floor(v / 2) clamped to 1 -> 0, 0, 1, 1, 1
    expect(computeHistogram([0, 1, 2, 3, 4], 2)).toEqual({
      min: 0,
      max: 4,
      num: 5,
      sum: 10,
      sumSquares: 30,
      bucketLimit: [2, 4],
      bucket: [2, 3],
    });
    // [-1, 0.5] in 3 buckets: width 0.5; -1 -> 0, 0.5 -> floor(1.5 / 0.5) = 3 clamped to 2; edges -0.5, 0, 0.5
    expect(computeHistogram([-1, 0.5], 3)).toMatchObject({ bucketLimit: [-0.5, 0, 0.5], bucket: [1, 0, 1] });
  });

  it('puts a single distinct value in the last equal-width bucket, as TensorBoard does', () => {
    expect(computeHistogram([5, 5, 5], 3)).toMatchObject({ min: 5, max: 5, bucketLimit: [5, 5, 5], bucket: [0, 0, 3] });
  });

  it('gives an empty histogram for no values', () => {
    expect(computeHistogram(new Float32Array(0))).toEqual({
      min: 0,
      max: 0,
      num: 0,
      sum: 0,
      sumSquares: 0,
      bucketLimit: [],
      bucket: [],
    });
  });

  it('accepts typed arrays', () => {
    const h = computeHistogram(Float32Array.of(1, 2, 3, 4), 4);
    expect(h.bucket).toEqual([1, 1, 1, 1]);
  });

  it('rejects non-finite values and a bad bucketCount with typed errors', () => {
    expect(() => computeHistogram([1, NaN], undefined, 'w')).toThrow(NumericError);
    expect(() => computeHistogram([Infinity])).toThrow(/index 0 is not a finite number/);
    expect(() => computeHistogram([1], 0)).toThrow(ConfigError);
    expect(() => computeHistogram([1], 2.5)).toThrow(/positive integer/);
  });
});
