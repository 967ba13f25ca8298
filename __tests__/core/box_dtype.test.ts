import { ConfigError } from '../../lib/core/errors';
import { Box } from '../../lib/core/spaces';

describe('Box dtype', () => {
  it('defaults to float32 and serializes as before', () => {
    const box = new Box(-1, 1, [2]);
    expect(box.dtype).toBe('float32');
    expect(box.toJSON()).toEqual({ kind: 'box', low: [-1, -1], high: [1, 1], shape: [2] });
    expect(box.toString()).toBe('Box(-1, 1, (2))');
    expect(box.contains(Uint8Array.from([0, 1]))).toBe(false); // float boxes take float arrays
  });

  it('holds uint8 frames: integer bounds in [0, 255], Uint8Array members, dtype in print and JSON', () => {
    const box = new Box(0, 255, [10, 10, 4], { dtype: 'uint8' });
    expect(box.dtype).toBe('uint8');
    expect(box.size).toBe(400);
    expect(box.contains(new Uint8Array(400).fill(255))).toBe(true);
    expect(box.contains(new Uint8Array(399))).toBe(false);
    const small = new Box(0, 3, [2], { dtype: 'uint8' });
    expect(small.contains(Uint8Array.from([3, 0]))).toBe(true);
    expect(small.contains(Uint8Array.from([4, 0]))).toBe(false);
    expect(small.contains([1.5, 0])).toBe(false); // not an integer
    expect(small.contains([1, 2])).toBe(true);
    expect(small.toString()).toBe('Box(0, 3, (2), uint8)');
    expect(small.toJSON()).toEqual({ kind: 'box', low: [0, 0], high: [3, 3], shape: [2], dtype: 'uint8' });
  });

  it('rejects uint8 bounds outside [0, 255] or not integers, and unknown dtypes', () => {
    expect(() => new Box(-1, 255, [1], { dtype: 'uint8' })).toThrow(ConfigError);
    expect(() => new Box(0, 256, [1], { dtype: 'uint8' })).toThrow(/integer bounds in \[0, 255\]; received low\[0\]=0, high\[0\]=256/);
    expect(() => new Box(0, 0.5, [1], { dtype: 'uint8' })).toThrow(ConfigError);
    expect(() => new Box(0, 1, [1], { dtype: 'float64' as never })).toThrow(/'float32' or 'uint8'; received "float64"/);
  });
});

describe('uint8 Box sampling', () => {
  it('draws integers from low to high inclusive, each about equally often', () => {
    const box = new Box(0, 3, [1000], { dtype: 'uint8' });
    box.seed(4);
    const counts = [0, 0, 0, 0];
    for (let k = 0; k < 4; k++) {
      const x = box.sample();
      expect(box.contains(x)).toBe(true);
      for (const v of x) {
        expect(Number.isInteger(v)).toBe(true);
        counts[v] = counts[v]! + 1;
      }
    }
    // 4,000 draws over 4 values: each near 1,000 (binomial sd ~27)
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });
});
