/** Test helpers for lib/functional: compare a tensor with hand-computed values, then dispose it. */
import { tf } from '../../lib/tf';
import type { Tensor } from '../../lib/tf';

type Nested = number | Nested[];

function flatten(x: Nested): number[] {
  return Array.isArray(x) ? x.flatMap(flatten) : [x];
}

/**
 * Expects `t` to have the shape of `expected` and every value within 10^-digits / 2 of it
 * (jest's toBeCloseTo rule); disposes `t` afterwards.
 */
export function expectTensor(t: Tensor, expected: Nested, digits = 5): void {
  try {
    const want = flatten(expected);
    const shape: number[] = [];
    for (let e: Nested = expected; Array.isArray(e); e = e[0] as Nested) shape.push(e.length);
    expect(t.shape).toEqual(shape);
    const got = Array.from(t.dataSync());
    expect(got).toHaveLength(want.length);
    got.forEach((g, i) => {
      const w = want[i] as number;
      if (Math.abs(g - w) >= 10 ** -digits / 2) {
        throw new Error(`value ${i}: received ${g}, expected ${w} (all: [${got.join(', ')}])`);
      }
    });
  } finally {
    t.dispose();
  }
}

/** Reads a tensor's values as a nested array and disposes it. */
export function take(t: Tensor): Nested {
  const v = t.arraySync() as Nested;
  t.dispose();
  return v;
}

/** Builds float32 tensors from nested arrays. */
export const f32 = (x: Nested): Tensor => tf.tensor(x as number[], undefined, 'float32');
/** Builds an int32 tensor of actions. */
export const i32 = (x: number[]): Tensor => tf.tensor1d(x, 'int32');
