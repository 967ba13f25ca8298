/**
 * Builds TensorBoard histograms (`HistogramProto`) from a list of numbers.
 *
 * Two bucketings:
 * - default: TensorFlow's fixed exponential bucket limits (±1e-12 growing by 10% up to ±1e20,
 *   then ±DBL_MAX, plus 0), a value landing in the first bucket whose limit exceeds it, with runs
 *   of empty buckets collapsed into one, as `Histogram::Add` and
 *   `Histogram::EncodeToProto(preserve_zero_buckets=false)` do in
 *   https://github.com/tensorflow/tensorflow/blob/master/tensorflow/core/lib/histogram/histogram.cc ;
 * - `bucketCount = k`: k equal-width buckets from min to max, as TensorBoard's
 *   `tensorboard/plugins/histogram/summary_v2.py` (`_buckets`) does, including its rule that a
 *   single distinct value puts every count in the last bucket.
 * Deliberately differs: an empty input gives num = 0 and no buckets (TensorFlow writes min =
 * DBL_MAX, max = -DBL_MAX and one empty bucket); non-finite values are rejected, as TensorFlow's
 * histogram summary op rejects them.
 */

import { ConfigError, NumericError } from '../../core/errors';
import type { HistogramData } from './event_proto';

let defaultLimits: Float64Array | null = null;

/**
 * TensorFlow's default histogram bucket limits (right edges), increasing: -DBL_MAX, -1e20·..., ...,
 * -1e-12, 0, 1e-12, ..., DBL_MAX. 1551 limits. Returns a fresh copy the caller owns.
 */
export function defaultBucketLimits(): Float64Array {
  if (defaultLimits === null) {
    const positive: number[] = [];
    for (let v = 1e-12; v < 1e20; v *= 1.1) positive.push(v);
    positive.push(Number.MAX_VALUE);
    const limits = new Float64Array(positive.length * 2 + 1);
    for (let i = 0; i < positive.length; i++) {
      limits[positive.length - 1 - i] = -(positive[i] as number);
      limits[positive.length + 1 + i] = positive[i] as number;
    }
    limits[positive.length] = 0;
    defaultLimits = limits;
  }
  return defaultLimits.slice();
}

/** Index of the first limit strictly greater than `value` (C++ std::upper_bound), clamped to the last. */
function upperBound(limits: Float64Array, value: number): number {
  let lo = 0;
  let hi = limits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((limits[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, limits.length - 1);
}

/**
 * Summarizes `values` as a TensorBoard histogram.
 * @param values the numbers to summarize (all finite)
 * @param bucketCount number of equal-width buckets between min and max; omit for TensorFlow's
 *   exponential buckets
 * @param tag used in error messages only
 * @returns min, max, num, sum, sumSquares and buckets whose counts add up to num
 * @throws NumericError if a value is NaN or infinite; ConfigError for a bad bucketCount
 */
export function computeHistogram(values: ArrayLike<number>, bucketCount?: number, tag = 'histogram'): HistogramData {
  if (bucketCount !== undefined && (!Number.isInteger(bucketCount) || bucketCount < 1)) {
    throw new ConfigError(
      `Histogram "${tag}": bucketCount must be a positive integer; received ${bucketCount}. ` +
        'Pass e.g. 30, or omit it for TensorFlow-style exponential buckets.',
    );
  }
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new NumericError(
        `Histogram "${tag}": value ${String(v)} at index ${i} is not a finite number; a histogram needs finite ` +
          'values (TensorFlow rejects them too). Log the non-finite count as a scalar instead, or filter the values.',
      );
    }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSquares += v * v;
  }
  if (n === 0) return { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] };
  const stats = { min, max, num: n, sum, sumSquares };
  return bucketCount === undefined
    ? { ...stats, ...exponentialBuckets(values) }
    : { ...stats, ...equalWidthBuckets(values, min, max, bucketCount) };
}

function exponentialBuckets(values: ArrayLike<number>): { bucketLimit: number[]; bucket: number[] } {
  const limits = defaultBucketLimits();
  const counts = new Float64Array(limits.length);
  for (let i = 0; i < values.length; i++) counts[upperBound(limits, values[i] as number)]! += 1;
  const bucketLimit: number[] = [];
  const bucket: number[] = [];
  for (let i = 0; i < counts.length; ) {
    let end = limits[i] as number;
    let count = counts[i] as number;
    i++;
    if (count <= 0) {
      // A run of empty buckets becomes one empty bucket ending at the run's last limit.
      while (i < counts.length && (counts[i] as number) <= 0) {
        end = limits[i] as number;
        count = counts[i] as number;
        i++;
      }
    }
    bucketLimit.push(end);
    bucket.push(count);
  }
  return { bucketLimit, bucket };
}

function equalWidthBuckets(
  values: ArrayLike<number>,
  min: number,
  max: number,
  k: number,
): { bucketLimit: number[]; bucket: number[] } {
  const range = max - min;
  const bucket = new Array<number>(k).fill(0);
  if (range === 0) {
    bucket[k - 1] = values.length;
    return { bucketLimit: new Array<number>(k).fill(max), bucket };
  }
  const width = range / k;
  for (let i = 0; i < values.length; i++) {
    const index = Math.min(Math.floor(((values[i] as number) - min) / width), k - 1);
    bucket[index]! += 1;
  }
  const bucketLimit = Array.from({ length: k }, (_, i) => (i === k - 1 ? max : min + ((i + 1) * range) / k));
  return { bucketLimit, bucket };
}
