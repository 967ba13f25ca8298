/**
 * Segment trees over a Float64Array, the index structure of prioritized replay: O(log n) updates,
 * O(1) totals and O(log n) prefix-sum search.
 *
 * Ports ALL's `all/memory/segment_tree.py` (itself from ptan / OpenAI baselines). Differences:
 * the capacity is rounded up to a power of two instead of asserted; only whole-tree `sum()` /
 * `min()` are offered (the range reduce is not needed); `findPrefixSum` never lands on an
 * empty (zero) leaf even under floating-point rounding, and rejects masses outside [0, sum()].
 */
import { ConfigError, StateError } from '../core/errors';

/** Rounds a positive integer up to the next power of two. */
function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Shared storage of the sum and min trees: leaves live at `[capacity, 2 * capacity)`, the root at 1. */
abstract class SegmentTree {
  /** Number of leaves: the requested capacity rounded up to a power of two. */
  readonly capacity: number;
  /** Node values; node k has children 2k and 2k+1. */
  protected readonly nodes: Float64Array;

  protected constructor(capacity: number, private readonly neutral: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new ConfigError(`Segment tree capacity must be a positive integer; received ${capacity}`);
    }
    this.capacity = nextPowerOfTwo(capacity);
    this.nodes = new Float64Array(2 * this.capacity).fill(neutral);
  }

  /** Combines two child values into their parent's. */
  protected abstract combine(a: number, b: number): number;

  /** Sets leaf `index` to `value` and updates its ancestors. */
  set(index: number, value: number): void {
    this.checkIndex(index);
    if (Number.isNaN(value)) {
      throw new ConfigError(`Segment tree value at index ${index} must be a number; received NaN`);
    }
    let k = index + this.capacity;
    this.nodes[k] = value;
    k >>= 1;
    while (k >= 1) {
      this.nodes[k] = this.combine(this.nodes[2 * k]!, this.nodes[2 * k + 1]!);
      k >>= 1;
    }
  }

  /** The value of leaf `index` (the neutral element if never set). */
  get(index: number): number {
    this.checkIndex(index);
    return this.nodes[index + this.capacity]!;
  }

  /** Resets every leaf to the neutral element. */
  clear(): void {
    this.nodes.fill(this.neutral);
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.capacity) {
      throw new RangeError(
        `Segment tree index ${index} is out of range; expected an integer in [0, ${this.capacity})`,
      );
    }
  }
}

/** A segment tree whose parent nodes hold the sum of their children (neutral element 0). */
export class SumSegmentTree extends SegmentTree {
  /** @param capacity number of leaves wanted; rounded up to a power of two. */
  constructor(capacity: number) {
    super(capacity, 0);
  }

  protected combine(a: number, b: number): number {
    return a + b;
  }

  /** Sets leaf `index`; the value must be finite and non-negative (it is a sampling mass). */
  override set(index: number, value: number): void {
    if (!(value >= 0) || !Number.isFinite(value)) {
      throw new ConfigError(
        `SumSegmentTree values are sampling masses and must be finite and >= 0; received ${value} at index ${index}`,
      );
    }
    super.set(index, value);
  }

  /** The sum of all leaves. */
  sum(): number {
    return this.nodes[1]!;
  }

  /**
   * The index of the first leaf whose inclusive prefix sum exceeds `mass`, i.e. the smallest `i`
   * with `leaf[0] + ... + leaf[i] > mass`. Drawing `mass` uniformly in [0, sum()) samples leaf
   * `i` with probability `leaf[i] / sum()`. Zero leaves are never returned: a `mass` of `sum()`
   * itself (or one that rounding pushes past the last positive leaf) gives the last positive leaf.
   * @param mass a number in [0, sum()].
   */
  findPrefixSum(mass: number): number {
    const total = this.sum();
    if (!(total > 0)) {
      throw new StateError('SumSegmentTree.findPrefixSum needs a positive total mass; every leaf is 0');
    }
    if (!(mass >= 0) || mass > total * (1 + 1e-9)) {
      throw new RangeError(`findPrefixSum mass must be in [0, ${total}] (the tree's sum); received ${mass}`);
    }
    let k = 1;
    let rest = mass;
    while (k < this.capacity) {
      const left = this.nodes[2 * k]!;
      const right = this.nodes[2 * k + 1]!;
      // Invariant: node k has positive mass. Go right only into positive mass.
      if (left > rest || !(right > 0)) {
        k = 2 * k;
      } else {
        rest -= left;
        k = 2 * k + 1;
      }
    }
    return k - this.capacity;
  }
}

/** A segment tree whose parent nodes hold the minimum of their children (neutral element +Infinity). */
export class MinSegmentTree extends SegmentTree {
  /** @param capacity number of leaves wanted; rounded up to a power of two. */
  constructor(capacity: number) {
    super(capacity, Number.POSITIVE_INFINITY);
  }

  protected combine(a: number, b: number): number {
    return a < b ? a : b;
  }

  /** The minimum over all leaves (+Infinity when none was set). */
  min(): number {
    return this.nodes[1]!;
  }
}
