import { ConfigError, StateError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { MinSegmentTree, SumSegmentTree } from '../../lib/memory/segment_tree';

describe('SumSegmentTree', () => {
  it('rounds the capacity up to a power of two', () => {
    expect(new SumSegmentTree(1).capacity).toBe(1);
    expect(new SumSegmentTree(5).capacity).toBe(8);
    expect(new SumSegmentTree(8).capacity).toBe(8);
    expect(new MinSegmentTree(9).capacity).toBe(16);
    expect(() => new SumSegmentTree(0)).toThrow(ConfigError);
  });

  it('sums and searches prefix sums on a small tree (by hand)', () => {
    // leaves [1, 3, 0, 2, 4, 0, 0, 0]; inclusive prefix sums 1, 4, 4, 6, 10; total 10
    const tree = new SumSegmentTree(5);
    [1, 3, 0, 2, 4].forEach((v, i) => tree.set(i, v));
    expect(tree.sum()).toBe(10);
    expect(tree.get(1)).toBe(3);
    expect(tree.get(5)).toBe(0);
    // first leaf whose prefix sum exceeds the mass
    expect(tree.findPrefixSum(0)).toBe(0); // 1 > 0
    expect(tree.findPrefixSum(0.999)).toBe(0);
    expect(tree.findPrefixSum(1)).toBe(1); // prefix(0) = 1 is not > 1; prefix(1) = 4 is
    expect(tree.findPrefixSum(3.99)).toBe(1);
    expect(tree.findPrefixSum(4)).toBe(3); // leaf 2 is empty: prefix(2) = 4 is not > 4; prefix(3) = 6 is
    expect(tree.findPrefixSum(5.5)).toBe(3);
    expect(tree.findPrefixSum(6)).toBe(4);
    expect(tree.findPrefixSum(9.99)).toBe(4);
    expect(tree.findPrefixSum(10)).toBe(4); // the total itself: the last positive leaf, never an empty one
    // updating a leaf updates the totals: leaves [1, 3, 0, 7, 4] -> prefix 1, 4, 4, 11, 15
    tree.set(3, 7);
    expect(tree.sum()).toBe(15);
    expect(tree.findPrefixSum(10.5)).toBe(3);
    expect(tree.findPrefixSum(11)).toBe(4);
  });

  it('agrees with a linear scan on random leaves, and never returns an empty leaf', () => {
    const rng = new Random(3);
    const tree = new SumSegmentTree(13);
    const leaves = Array.from({ length: 13 }, () => (rng.random() < 0.3 ? 0 : rng.uniform(0, 5)));
    leaves.forEach((v, i) => tree.set(i, v));
    const total = leaves.reduce((a, b) => a + b, 0);
    expect(tree.sum()).toBeCloseTo(total, 12);
    for (let k = 0; k < 500; k++) {
      const mass = rng.uniform(0, total);
      let acc = 0;
      let expected = -1;
      for (let i = 0; i < leaves.length; i++) {
        acc += leaves[i]!;
        if (acc > mass) {
          expected = i;
          break;
        }
      }
      const found = tree.findPrefixSum(mass);
      expect(found).toBe(expected);
      expect(leaves[found]!).toBeGreaterThan(0);
    }
  });

  it('rejects bad values, indices and masses with clear errors', () => {
    const tree = new SumSegmentTree(4);
    expect(() => tree.findPrefixSum(0)).toThrow(StateError); // all leaves empty
    tree.set(0, 2);
    expect(() => tree.set(0, -1)).toThrow(ConfigError);
    expect(() => tree.set(0, Number.POSITIVE_INFINITY)).toThrow(ConfigError);
    expect(() => tree.set(4, 1)).toThrow(RangeError);
    expect(() => tree.get(-1)).toThrow(RangeError);
    expect(() => tree.findPrefixSum(-0.5)).toThrow(/\[0, 2\]/);
    expect(() => tree.findPrefixSum(2.5)).toThrow(RangeError);
  });
});

describe('MinSegmentTree', () => {
  it('tracks the minimum of the leaves set so far (by hand)', () => {
    const tree = new MinSegmentTree(5);
    expect(tree.min()).toBe(Number.POSITIVE_INFINITY); // nothing set
    [1, 3, 0.5, 2, 4].forEach((v, i) => tree.set(i, v));
    expect(tree.min()).toBe(0.5);
    tree.set(2, 7); // leaves [1, 3, 7, 2, 4]
    expect(tree.min()).toBe(1);
    tree.set(4, -2);
    expect(tree.min()).toBe(-2);
    expect(tree.get(3)).toBe(2);
    tree.clear();
    expect(tree.min()).toBe(Number.POSITIVE_INFINITY);
  });
});
