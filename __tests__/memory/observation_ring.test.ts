import { ConfigError, ShapeError } from '../../lib/core/errors';
import { ObservationRing } from '../../lib/memory/observation_ring';

const f = (...v: number[]) => Float32Array.from(v);

/** Reads serial `k` of a ring of 2-value observations back as numbers. */
function read(ring: ObservationRing, k: number): number[] {
  const out = new Float32Array(2);
  ring.copyTo(k, out, 0);
  return Array.from(out);
}

describe('ObservationRing', () => {
  it('numbers observations in order and shares one equal to the newest only', () => {
    const ring = new ObservationRing(f(0, 0), [2], { softSlots: 8, growthSlots: 2 });
    expect(ring.newest).toBe(-1);
    expect(ring.add(f(1, 2), 0)).toBe(0);
    expect(ring.add(f(1, 2), 0)).toBe(0); // equal to the newest: shared
    expect(ring.add(f(3, 4), 0)).toBe(1);
    expect(ring.add(f(1, 2), 0)).toBe(2); // equal to an older one only: stored again
    expect([read(ring, 0), read(ring, 1), read(ring, 2)]).toEqual([[1, 2], [3, 4], [1, 2]]);
    expect(ring.newest).toBe(2);
  });

  it('compares bit for bit: -0 is not +0, and the same NaN is shared', () => {
    const ring = new ObservationRing(f(0, 0), [2], { softSlots: 8, growthSlots: 2 });
    expect(ring.add(f(0, 0), 0)).toBe(0);
    expect(ring.add(f(-0, 0), 0)).toBe(1);
    const out = new Float32Array(2);
    ring.copyTo(1, out, 0);
    expect(Object.is(out[0], -0)).toBe(true);
    expect(ring.add(f(NaN, 1), 0)).toBe(2);
    expect(ring.add(f(NaN, 1), 0)).toBe(2);
  });

  it('overwrites serials older than oldestLive, and grows (keeping serials) rather than overwrite a live one', () => {
    const ring = new ObservationRing(f(0, 0), [2], { initialSlots: 2, softSlots: 4, growthSlots: 3 });
    // Everything older than the newest is dead: two slots suffice forever.
    for (let k = 0; k < 10; k++) expect(ring.add(f(k, -k), k)).toBe(k);
    expect(ring.capacity).toBe(2);
    expect(read(ring, 9)).toEqual([9, -9]);
    // Now keep everything from serial 8 on: 2 -> 4 (doubling up to softSlots) -> 7 -> 10 (+3 each).
    const capacities: number[] = [];
    for (let k = 10; k < 18; k++) {
      ring.add(f(k, -k), 8);
      capacities.push(ring.capacity);
    }
    expect(capacities).toEqual([4, 4, 7, 7, 7, 10, 10, 10]);
    for (let k = 8; k < 18; k++) expect(read(ring, k)).toEqual([k, -k]);
    expect(ring.bytes).toBe(10 * 2 * 4);
  });

  it('stores uint8 observations as bytes and converts them when copied into a float batch', () => {
    const ring = new ObservationRing(new Uint8Array(3), [3], { softSlots: 4, growthSlots: 1 });
    expect(ring.dtype).toBe('uint8');
    ring.add(Uint8Array.from([0, 128, 255]), 0);
    expect(ring.bytes).toBe(4 * 3); // initial slots: min(softSlots, 256) = 4, one byte per value
    const out = new Float32Array(4);
    ring.copyTo(0, out, 1);
    expect(Array.from(out)).toEqual([0, 0, 128, 255]);
  });

  it('compacts serials to 32 bits and expands them back', () => {
    const ring = new ObservationRing(f(0, 0), [2], { softSlots: 8, growthSlots: 2 });
    for (let k = 0; k < 5; k++) ring.add(f(k, k), 0);
    for (let k = 0; k < 5; k++) expect(ring.expand(ObservationRing.compact(k))).toBe(k);
    expect(ObservationRing.compact(2 ** 32 + 7)).toBe(7);
  });

  it('rejects observations of another type or size, and bad options', () => {
    const ring = new ObservationRing(f(0, 0), [2], { softSlots: 8, growthSlots: 2 });
    expect(() => ring.add(Uint8Array.from([1, 2]), 0)).toThrow(ShapeError);
    expect(() => ring.add(f(1, 2, 3), 0)).toThrow(/float32 observations of shape \[2\] but received a Float32Array of 3 values/);
    expect(() => new ObservationRing(f(0), [2], { softSlots: 8, growthSlots: 2 })).toThrow(ShapeError);
    expect(() => new ObservationRing(f(0, 0), [2], { softSlots: 0, growthSlots: 2 })).toThrow(ConfigError);
  });
});
