import { ConfigError } from '../../lib/core/errors';
import { FlatAdam } from '../../lib/optim/flat_adam';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectVariantsAgree, forEachVariant, inVariant } from '../helpers/variants';

describe('FlatAdam', () => {
  it('takes the first Adam step by hand: lr * g / (|g| + eps)', () => {
    // t=1: m = 0.1 g, v = 0.001 g^2, m_hat = g, v_hat = g^2 -> update = lr * g / (|g| + eps)
    const w = tf.variable(tf.tensor1d([1, 2]));
    const opt = new FlatAdam([w], 0.1);
    opt.applyGradients([tf.tensor1d([4, -0.5])]);
    const out = w.dataSync();
    expect(out[0]).toBeCloseTo(1 - 0.1, 6);
    expect(out[1]).toBeCloseTo(2 + 0.1, 6);
    opt.dispose();
    w.dispose();
  });

  it('matches tfjs Adam (same betas and epsilon) over several steps on several variables', () => {
    const init = [tf.tensor2d([[0.5, -1], [2, 0.1]]), tf.tensor1d([0.3, -0.7])];
    const a = init.map((t) => tf.variable(t.clone()));
    const b = init.map((t) => tf.variable(t.clone()));
    const ours = new FlatAdam(a, 0.05, 0.9, 0.999, 1e-7);
    const reference = tf.train.adam(0.05, 0.9, 0.999, 1e-7);
    const x = tf.tensor2d([[1, 2], [3, -1]]);
    const lossOf = (vars: tf.Variable[]) => () => tf.sum(tf.square(tf.add(tf.matMul(x, vars[0] as tf.Tensor2D), vars[1]!))) as tf.Scalar;
    for (let step = 0; step < 5; step++) {
      const ga = tf.variableGrads(lossOf(a), a);
      ours.applyGradients(a.map((v) => ga.grads[v.name]!));
      const gb = tf.variableGrads(lossOf(b), b);
      reference.applyGradients(gb.grads as unknown as Parameters<typeof reference.applyGradients>[0]);
    }
    a.forEach((v, i) => {
      const got = v.dataSync();
      const want = b[i]!.dataSync();
      for (let k = 0; k < got.length; k++) expect(got[k]).toBeCloseTo(want[k]!, 5);
    });
    // and the variables did move
    expect(a[1]!.dataSync()[0]).not.toBeCloseTo(0.3, 3);
    ours.dispose();
    reference.dispose();
  });

  it('rejects a wrong number of gradients and leaks nothing per step', () => {
    const w = tf.variable(tf.tensor1d([1]));
    const opt = new FlatAdam([w], 0.1);
    expect(() => opt.applyGradients([])).toThrow(/got 0 gradients for 1 variables/);
    const g = tf.tensor1d([1]);
    expectNoTensorLeak(() => {
      for (let i = 0; i < 10; i++) opt.applyGradients([g]);
    }, () => opt.applyGradients([g]));
    opt.dispose();
  });

  /** 30 steps of gradients of very different scales (and a zero one), some clipped; the variables' values after. */
  function thirtySteps(shapes: number[][]): { values: number[][]; onHost: boolean; moved: number } {
    const vars = shapes.map((sh, i) => tf.variable(tf.randomNormal(sh, 0, 1, 'float32', i + 1)));
    const opt = new FlatAdam(vars, 0.01, 0.9, 0.999, 1e-8);
    const before = vars[0]!.dataSync()[0]!;
    for (let step = 0; step < 30; step++) {
      // seeds from 1: tfjs takes a seed of 0 as none (Math.random), and each variant draws its own gradients
      const grads = shapes.map((sh, i) => tf.randomNormal(sh, 0, [1e-4, 1, 100, 0][step % 4]!, 'float32', 100 * step + i + 1));
      opt.applyGradients(grads, step % 3 === 0 ? 0.37 : 1); // a clipping factor on some steps
      tf.dispose(grads);
    }
    const out = { values: vars.map((v) => Array.from(v.dataSync())), onHost: opt.onHost, moved: Math.abs(vars[0]!.dataSync()[0]! - before) };
    opt.dispose();
    tf.dispose(vars);
    return out;
  }

  it('runs on the host on wasm; its float32 loop is bitwise the tensor implementation over many steps', () => {
    // exact: the seeded learning figures do not depend on the path taken
    const r = expectVariantsAgree((variant) => {
      const out = thirtySteps([[7, 5], [5], [5, 1], [1]]);
      expect(out.onHost).toBe(variant === 'host');
      return { values: out.values, moved: out.moved };
    });
    expect(r.host.moved).toBeGreaterThan(1e-3);
  });

  it('is bitwise the tensor implementation for large models too (one precision for every size)', () => {
    // 30,453 values: above the old double-precision threshold
    const r = expectVariantsAgree(() => {
      const out = thirtySteps([[200, 150], [150], [150, 3]]);
      return { values: out.values, moved: out.moved };
    });
    expect(r.host.moved).toBeGreaterThan(1e-3);
  });

  it('gradientNorm equals the kernels tf.sqrt(tf.addN(sum(square(g)))) bitwise, on the host and on tensors', () => {
    forEachVariant((variant) => {
      const w = [tf.variable(tf.zeros([3000])), tf.variable(tf.zeros([40, 25])), tf.variable(tf.zeros([1]))];
      const opt = new FlatAdam(w, 0.1);
      expect(opt.onHost).toBe(variant === 'host');
      for (const [seed, std] of [[1, 1], [2, 1e-3], [3, 50]] as const) {
        const grads = w.map((v, i) => tf.randomNormal(v.shape, 0.1, std, 'float32', seed * 10 + i));
        const kernels = tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))).dataSync()[0]!);
        // by hand in double precision: the same to float32 rounding (the kernels' order of sums matters only in the last bits)
        const exact = Math.sqrt(grads.reduce((a, g) => a + Array.from(g.dataSync()).reduce((b, x) => b + x * x, 0), 0));
        expect(Math.abs(kernels - exact) / exact).toBeLessThan(1e-5);
        expect(opt.gradientNorm(grads)).toBe(kernels);
        // a missing gradient counts as zero
        expect(opt.gradientNorm([grads[0], undefined, undefined])).toBe(tf.tidy(() => tf.sqrt(tf.addN([tf.sum(tf.square(grads[0]!))])).dataSync()[0]!));
        tf.dispose(grads);
      }
      opt.dispose();
      tf.dispose(w);
    });
  });

  it('takes the first step by hand and leaks nothing on either path', () => {
    forEachVariant(() => {
      const w = tf.variable(tf.tensor1d([1, 2]));
      const opt = new FlatAdam([w], 0.1);
      opt.applyGradients([tf.tensor1d([4, -0.5])]);
      // first step by hand: w - lr * sign(g) (see the first test)
      expect(w.dataSync()[0]).toBeCloseTo(0.9, 6);
      expect(w.dataSync()[1]).toBeCloseTo(2.1, 6);
      const g = tf.tensor1d([1, 1]);
      expectNoTensorLeak(() => {
        for (let i = 0; i < 5; i++) opt.applyGradients([g]);
      });
      opt.dispose();
      tf.dispose([w, g]);
    });
  });

  it('follows its learningRate from the next step on (what schedules set)', () => {
    // with a constant gradient Adam's bias-corrected step is lr * g / (|g| + eps) ~ lr
    const w = tf.variable(tf.tensor1d([1]));
    const opt = new FlatAdam([w], 0.1);
    const g = tf.tensor1d([3]);
    const values = [0.1, 0.02, 0.5].map((lr) => {
      opt.learningRate = lr;
      const before = w.dataSync()[0]!;
      opt.applyGradients([g]);
      return before - w.dataSync()[0]!;
    });
    values.forEach((step, i) => expect(step).toBeCloseTo([0.1, 0.02, 0.5][i]!, 5));
    opt.dispose();
    tf.dispose([w, g]);
  });

  it('rejects a missing gradient clearly, before changing anything', () => {
    const w = [tf.variable(tf.tensor1d([1])), tf.variable(tf.tensor2d([[1, 2]]))];
    const opt = new FlatAdam(w, 0.1);
    expect(() => opt.applyGradients([tf.tensor1d([1]), undefined])).toThrow(ConfigError);
    expect(() => opt.applyGradients([tf.tensor1d([1]), undefined])).toThrow(/does not depend on the variables of shapes \[\[1,2\]\]/);
    expect(opt.iterations).toBe(0);
    expect(w[0]!.dataSync()[0]).toBe(1);
    opt.dispose();
    tf.dispose(w);
  });

  it('rejects a gradient whose size differs from its variable', () => {
    const w = tf.variable(tf.tensor1d([1, 2]));
    const opt = new FlatAdam([w], 0.1);
    expect(() => opt.applyGradients([tf.tensor1d([1, 2, 3])])).toThrow(/gradient 0 has 3 values but its variable has 2/);
    opt.dispose();
    w.dispose();
  });
});
