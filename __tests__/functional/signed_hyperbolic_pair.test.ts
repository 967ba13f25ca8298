/** rlax's SIGNED_HYPERBOLIC_PAIR: h(x) = sign(x)(sqrt(|x| + 1) - 1) + 1e-3 x, and its inverse. */
import { IDENTITY_PAIR, SIGNED_HYPERBOLIC_PAIR, transformedNStepReturns } from '../../lib/functional';
import { tf } from '../../lib/tf';

describe('SIGNED_HYPERBOLIC_PAIR', () => {
  it('applies h at eps 1e-3 and inverts it (hand-computed)', () => {
    const x = tf.tensor1d([3, -8, 0]);
    const h = SIGNED_HYPERBOLIC_PAIR.apply(x);
    // sqrt(4) - 1 + 0.003 = 1.003; -(sqrt(9) - 1) - 0.008 = -2.008
    expect(Array.from(h.dataSync())).toEqual([expect.closeTo(1.003, 6), expect.closeTo(-2.008, 6), 0]);
    const back = SIGNED_HYPERBOLIC_PAIR.applyInv(h);
    expect(Array.from(back.dataSync())).toEqual([expect.closeTo(3, 3), expect.closeTo(-8, 3), expect.closeTo(0, 6)]); // float32 round trip
    tf.dispose([x, h, back]);
  });

  it('maps bootstrap values back through h^-1 inside a transformed return, unlike the identity pair', () => {
    const r = tf.tensor1d([1, 1]);
    const d = tf.tensor1d([0.9, 0.9]);
    const v = tf.tensor1d([h(10), h(10)]); // values stored in h-space
    const transformed = transformedNStepReturns(SIGNED_HYPERBOLIC_PAIR, r, d, v, 1);
    const identity = transformedNStepReturns(IDENTITY_PAIR, r, d, v, 1);
    expect(transformed.dataSync()[0]).toBeCloseTo(h(1 + 0.9 * 10), 4); // h(10) = 2.3266
    expect(identity.dataSync()[0]).toBeCloseTo(1 + 0.9 * h(10), 5); // 3.0940
    tf.dispose([r, d, v, transformed, identity]);
  });
});

function h(x: number): number {
  return Math.sign(x) * (Math.sqrt(Math.abs(x) + 1) - 1) + 1e-3 * x;
}
