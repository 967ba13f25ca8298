import { Random } from '../../lib/core/random';

describe('Random', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const sa = Array.from({ length: 5 }, () => a.random());
    const sb = Array.from({ length: 5 }, () => b.random());
    const sc = Array.from({ length: 5 }, () => c.random());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('draws uniforms in [0,1) with the right mean and normals with the right moments', () => {
    const r = new Random(1);
    let sum = 0;
    let nsum = 0;
    let nsq = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const u = r.random();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      sum += u;
      const z = r.normal();
      nsum += z;
      nsq += z * z;
    }
    expect(sum / n).toBeCloseTo(0.5, 1);
    expect(nsum / n).toBeCloseTo(0, 1);
    expect(nsq / n).toBeCloseTo(1, 1);
  });

  it('int covers every value of its range and rejects a bad bound', () => {
    const r = new Random(3);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(r.int(4));
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
    expect(() => r.int(0)).toThrow(/positive integer/);
  });

  it('reseeding restarts the stream', () => {
    const r = new Random(7);
    const first = r.random();
    r.random();
    r.seed(7);
    expect(r.random()).toBe(first);
  });
});
