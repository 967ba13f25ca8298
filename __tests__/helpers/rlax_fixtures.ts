/**
 * Reading the rlax fixtures (written by scripts/rlax/export_fixtures.py from the real rlax) and
 * comparing tensors with them: shared by the rlax golden tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tf, type Tensor } from '../../lib/tf';

/** A number or nested arrays of numbers, as the fixtures hold arrays. */
export type Nested = number | Nested[];
/** One fixture case: named inputs and rlax's outputs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Case = Record<string, any>;

/** The cases of `__tests__/functional/fixtures/rlax_<name>.json`, checking that rlax (matching `source`) wrote them. */
export function loadRlaxCases(name: string, source: RegExp = /^rlax /): Case[] {
  const file = path.join(__dirname, '..', 'functional', 'fixtures', `rlax_${name}.json`);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { source: string; cases: Case[] };
  expect(doc.source).toMatch(source);
  expect(doc.cases.length).toBeGreaterThan(0);
  return doc.cases;
}

/** A float32 tensor of a fixture's nested array. */
export const f = (x: Nested): Tensor => tf.tensor(x as number[], undefined, 'float32');
/** An int32 tensor of a fixture's nested array. */
export const i = (x: Nested): Tensor => tf.tensor(x as number[], undefined, 'int32');

/** The numbers of a nested array, in row-major order. */
export function flat(x: Nested): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x];
}

/** The shape of a nested array. */
export function shapeOf(x: Nested): number[] {
  const s: number[] = [];
  for (let e = x; Array.isArray(e); e = e[0] as Nested) s.push(e.length);
  return s;
}

/** Expects `t` to match rlax's `want` in shape and to float32 tolerance; disposes `t`. */
export function expectGolden(t: Tensor, want: Nested, what = '', atol = 1e-4, rtol = 1e-5): void {
  try {
    expect(t.shape).toEqual(shapeOf(want));
    const got = Array.from(t.dataSync());
    flat(want).forEach((w, k) => {
      const g = got[k] as number;
      if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) {
        throw new Error(`${what} value ${k}: received ${g}, rlax gives ${w} (all: [${got.join(', ')}])`);
      }
    });
  } finally {
    t.dispose();
  }
}
