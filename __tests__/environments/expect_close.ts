/** Test helper: element-wise closeness of two number arrays with a readable failure. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= tolerance)) {
      throw new Error(`element ${i}: received ${a}, expected ${e} (tolerance ${tolerance}); all: [${Array.from(actual).join(', ')}]`);
    }
  }
}
