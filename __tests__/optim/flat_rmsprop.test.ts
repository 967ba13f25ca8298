import { ConfigError } from '../../lib/core/errors';
import { FlatRMSprop } from '../../lib/optim/flat_rmsprop';
import { makeOptimizer } from '../../lib/optim/make_optimizer';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectVariantsAgree, forEachVariant } from '../helpers/variants';

/** torch.optim.RMSprop's update in double precision, written from its documentation. */
function byHand(p0: number, grads: number[], lr: number, alpha: number, eps: number, centered: boolean): number[] {
  let p = p0;
  let ms = 0;
  let mg = 0;
  return grads.map((g) => {
    ms = alpha * ms + (1 - alpha) * g * g;
    mg = alpha * mg + (1 - alpha) * g;
    const denominator = Math.sqrt(centered ? ms - mg * mg : ms) + eps;
    p -= (lr * g) / denominator;
    return p;
  });
}

describe('FlatRMSprop', () => {
  const grads = [0.5, -2, 1.5, 0.25];

  it.each([false, true])('follows the torch update by hand (centered %s, MinAtar settings), on both paths', (centered) => {
    const want = byHand(1, grads, 2.5e-4 * 100, 0.95, 0.01, centered);
    forEachVariant(() => {
      const w = tf.variable(tf.tensor1d([1]));
      const opt = new FlatRMSprop([w], 2.5e-4 * 100, { alpha: 0.95, eps: 0.01, centered });
      const got = grads.map((g) => {
        const t = tf.tensor1d([g]);
        opt.applyGradients([t]);
        t.dispose();
        return w.dataSync()[0]!;
      });
      got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
      opt.dispose();
      w.dispose();
    });
    // the first centered step divides by sqrt(0.05 g^2 - 0.0025 g^2) + eps: sqrt(0.0475) * 0.5 = 0.109
    if (centered) expect(want[0]).toBeCloseTo(1 - (0.025 * 0.5) / (Math.sqrt(0.0475) * 0.5 + 0.01), 10);
  });

  it("puts epsilon outside the root (torch), unlike tfjs's rmsprop", () => {
    const w = tf.variable(tf.tensor1d([0]));
    const opt = new FlatRMSprop([w], 0.1, { alpha: 0.95, eps: 0.01 });
    const g = tf.tensor1d([0.1]);
    opt.applyGradients([g]);
    // ms = 0.05 * 0.01 = 5e-4: torch divides by sqrt(5e-4) + 0.01 = 0.03236; inside the root it would be sqrt(0.0105) = 0.1025
    expect(w.dataSync()[0]).toBeCloseTo(-0.01 / (Math.sqrt(5e-4) + 0.01), 5);
    expect(w.dataSync()[0]).not.toBeCloseTo(-0.01 / Math.sqrt(5e-4 + 0.01), 2);
    opt.dispose();
    tf.dispose([w, g]);
  });

  it('host loop is bitwise the tensor implementation over many steps, with clipping factors', () => {
    const r = expectVariantsAgree(() => {
      const vars = [[6, 4], [4], [1]].map((sh, i) => tf.variable(tf.randomNormal(sh, 0, 1, 'float32', i + 1)));
      const opt = new FlatRMSprop(vars, 0.01, { alpha: 0.95, eps: 0.01, centered: true });
      const before = vars[0]!.dataSync()[0]!;
      for (let step = 0; step < 30; step++) {
        const gs = vars.map((v, i) => tf.randomNormal(v.shape, 0.2, [1e-4, 1, 100, 0][step % 4]!, 'float32', 100 * step + i + 1));
        opt.applyGradients(gs, step % 3 === 0 ? 0.37 : 1);
        tf.dispose(gs);
      }
      const out = { values: vars.map((v) => Array.from(v.dataSync())), moved: Math.abs(vars[0]!.dataSync()[0]! - before) };
      opt.dispose();
      tf.dispose(vars);
      return out;
    });
    expect(r.host.moved).toBeGreaterThan(1e-3);
    for (const v of r.host.values.flat()) expect(Number.isFinite(v)).toBe(true);
  });

  it('a zero gradient after a constant one keeps the centered variance at 0, not NaN', () => {
    // constant g: ms = (1 - a^t) g^2 and mg = (1 - a^t) g, so ms - mg^2 = (1 - a^t) a^t g^2 >= 0 (rounding may cross 0)
    forEachVariant(() => {
      const w = tf.variable(tf.tensor1d([1, 1]));
      const opt = new FlatRMSprop([w], 0.1, { centered: true, alpha: 0.5, eps: 0.01 });
      const g = tf.tensor1d([3, 1e-20]);
      for (let i = 0; i < 5; i++) opt.applyGradients([g]);
      for (const v of w.dataSync()) expect(Number.isFinite(v)).toBe(true);
      opt.dispose();
      tf.dispose([w, g]);
    });
  });

  it('is what makeOptimizer builds for rmsprop (torch defaults), leaks nothing, rejects bad settings', () => {
    const w = tf.variable(tf.tensor1d([1]));
    const opt = makeOptimizer('rmsprop', [w], 0.1, 1e-8);
    expect(opt).toBeInstanceOf(FlatRMSprop);
    expect((opt as FlatRMSprop).alpha).toBe(0.99);
    const g = tf.tensor1d([1]);
    expectNoTensorLeak(() => {
      for (let i = 0; i < 5; i++) opt.applyGradients([g]);
    });
    expect(() => new FlatRMSprop([w], 0.1, { alpha: 1 })).toThrow(ConfigError);
    expect(() => new FlatRMSprop([w], 0.1, { alpha: 1 })).toThrow(/alpha .* must be in \[0, 1\)/);
    expect(() => opt.applyGradients([])).toThrow(/FlatRMSprop got 0 gradients for 1 variables/);
    opt.dispose();
    tf.dispose([w, g]);
  });
});
