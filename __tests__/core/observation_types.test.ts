import { ShapeError } from '../../lib/core/errors';
import { type Observation, State, StateArray } from '../../lib/core/state';

/** A 2x2x1 uint8 frame with the given pixel values. */
function frame(values: number[], flags: { terminated?: boolean; reward?: number } = {}): State<Uint8Array> {
  return new State({ observation: Uint8Array.from(values), shape: [2, 2, 1], ...flags });
}

describe('observations typed by their space', () => {
  it('keeps a Uint8Array observation as it is (by reference), and still converts plain numbers to float32', () => {
    const pixels = Uint8Array.from([0, 17, 128, 255]);
    const s = new State({ observation: pixels, shape: [2, 2] });
    expect(s.observation).toBe(pixels);
    expect(s.observation).toBeInstanceOf(Uint8Array);
    const typed: State<Uint8Array> = s; // the type follows the array
    expect(typed.observation[3]).toBe(255);
    const plain = new State({ observation: [1.5, 300] });
    expect(plain.observation).toBeInstanceOf(Float32Array);
    expect(Array.from(plain.observation)).toEqual([1.5, 300]);
    expect(new State({ observation: Float64Array.from([0.1]) }).observation).toEqual(Float32Array.from([Math.fround(0.1)]));
  });

  it('stacks, gets, slices and concatenates uint8 states as Uint8Array', () => {
    const batch = StateArray.stack([frame([1, 2, 3, 4]), frame([250, 251, 252, 253], { terminated: true, reward: 2 })]);
    expect(batch.observation).toBeInstanceOf(Uint8Array);
    expect(Array.from(batch.observation)).toEqual([1, 2, 3, 4, 250, 251, 252, 253]);
    expect(batch.batchShape).toEqual([2, 2, 2, 1]);
    const second = batch.get(1);
    expect(second.observation).toBeInstanceOf(Uint8Array);
    expect(Array.from(second.observation)).toEqual([250, 251, 252, 253]);
    expect([second.reward, second.terminated]).toEqual([2, true]);
    expect(batch.slice(1).observation).toBeInstanceOf(Uint8Array);
    const joined = StateArray.concat([batch, batch.slice(0, 1)]);
    expect(joined.observation).toBeInstanceOf(Uint8Array);
    expect(Array.from(joined.observation)).toEqual([1, 2, 3, 4, 250, 251, 252, 253, 1, 2, 3, 4]);
    expect(Array.from(joined.mask)).toEqual([1, 0, 1]);
  });

  it('refuses to mix observation types in one batch', () => {
    const float = new State({ observation: [1, 2, 3, 4], shape: [2, 2, 1] }) as State<Observation>;
    expect(() => StateArray.stack([frame([1, 2, 3, 4]), float])).toThrow(ShapeError);
    expect(() => StateArray.stack([frame([1, 2, 3, 4]), float])).toThrow(/Float32Array observation but the batch holds Uint8Array/);
    const floats = StateArray.stack([float]) as StateArray<Observation>;
    const bytes = StateArray.stack([frame([1, 2, 3, 4])]) as StateArray<Observation>;
    expect(() => StateArray.concat([floats, bytes])).toThrow(/array 1 has a Uint8Array observation/);
  });
});
