import { ShapeError } from '../../lib/core/errors';
import { shapeSize, State, StateArray } from '../../lib/core/state';

function state(obs: number[], reward = 0, terminated = false, truncated = false): State {
  return new State({ observation: obs, reward, terminated, truncated });
}

describe('State', () => {
  it('defaults reward, flags, shape and info', () => {
    const s = new State({ observation: [1, 2, 3] });
    expect(s.observation).toBeInstanceOf(Float32Array);
    expect(Array.from(s.observation)).toEqual([1, 2, 3]);
    expect(s.shape).toEqual([3]);
    expect(s.reward).toBe(0);
    expect(s.terminated).toBe(false);
    expect(s.truncated).toBe(false);
    expect(s.info).toEqual({});
    expect(s.done).toBe(false);
    expect(s.mask).toBe(1);
  });

  it('is done on termination or truncation, and masks only termination', () => {
    expect([state([0], 0, true).done, state([0], 0, true).mask]).toEqual([true, 0]);
    expect([state([0], 0, false, true).done, state([0], 0, false, true).mask]).toEqual([true, 1]);
    expect(state([0], 0, true, true).mask).toBe(0);
  });

  it('rounds plain numbers to float32 and keeps a given Float32Array', () => {
    expect(new State({ observation: [0.1] }).observation[0]).toBe(Math.fround(0.1));
    const obs = new Float32Array([1, 2]);
    expect(new State({ observation: obs }).observation).toBe(obs);
  });

  it('checks the shape against the observation length', () => {
    expect(new State({ observation: new Float32Array(6), shape: [2, 3] }).shape).toEqual([2, 3]);
    expect(() => new State({ observation: new Float32Array(6), shape: [4] })).toThrow(ShapeError);
    expect(() => new State({ observation: new Float32Array(6), shape: [4] })).toThrow(/6 values but shape \[4\] needs 4/);
    expect(shapeSize([2, 3, 4])).toBe(24);
    expect(shapeSize([])).toBe(1);
  });
});

describe('StateArray', () => {
  const a = state([1, 2], 1);
  const b = state([3, 4], 2, true);
  const c = state([5, 6], 3, false, true);

  it('stacks states contiguously with their rewards and flags', () => {
    const arr = StateArray.stack([a, b, c]);
    expect(arr.length).toBe(3);
    expect(arr.batchShape).toEqual([3, 2]);
    expect(Array.from(arr.observation)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(arr.reward)).toEqual([1, 2, 3]);
    expect(Array.from(arr.terminated)).toEqual([0, 1, 0]);
    expect(Array.from(arr.truncated)).toEqual([0, 0, 1]);
    expect(Array.from(arr.done)).toEqual([0, 1, 1]);
    expect(Array.from(arr.mask)).toEqual([1, 0, 1]);
    expect(arr.info).toEqual([{}, {}, {}]);
  });

  it('gets single states (negative indices from the end) as copies', () => {
    const arr = StateArray.stack([a, b, c]);
    const last = arr.get(-1);
    expect(Array.from(last.observation)).toEqual([5, 6]);
    expect(last.truncated).toBe(true);
    expect(last.reward).toBe(3);
    last.observation[0] = 99;
    expect(arr.observation[4]).toBe(5);
    expect(arr.get(1).terminated).toBe(true);
    expect(() => arr.get(3)).toThrow(RangeError);
    expect(() => arr.get(1.5)).toThrow(RangeError);
  });

  it('slices, concatenates and iterates', () => {
    const arr = StateArray.stack([a, b, c]);
    const tail = arr.slice(1);
    expect(Array.from(tail.observation)).toEqual([3, 4, 5, 6]);
    expect(Array.from(tail.terminated)).toEqual([1, 0]);
    const joined = StateArray.concat([arr.slice(0, 1), tail]);
    expect(Array.from(joined.observation)).toEqual(Array.from(arr.observation));
    expect(Array.from(joined.reward)).toEqual([1, 2, 3]);
    expect([...joined].map((s) => s.reward)).toEqual([1, 2, 3]);
  });

  it('rejects mismatched shapes and empty inputs', () => {
    expect(() => StateArray.stack([])).toThrow(ShapeError);
    expect(() => StateArray.stack([a, state([1, 2, 3])])).toThrow(/state 1 has shape \[3\]/);
    expect(() => StateArray.concat([])).toThrow(ShapeError);
    const three = StateArray.stack([state([1, 2, 3])]);
    expect(() => StateArray.concat([StateArray.stack([a]), three])).toThrow(ShapeError);
    expect(
      () =>
        new StateArray({
          observation: new Float32Array(5),
          shape: [2],
          reward: new Float32Array(3),
          terminated: new Uint8Array(3),
          truncated: new Uint8Array(3),
        }),
    ).toThrow(/needs 6 observation values/);
  });
});
