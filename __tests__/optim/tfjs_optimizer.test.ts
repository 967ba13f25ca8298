import { ConfigError, ShapeError } from '../../lib/core/errors';
import { FlatAdam } from '../../lib/optim/flat_adam';
import { FlatRMSprop } from '../../lib/optim/flat_rmsprop';
import { makeOptimizer, type OptimizerKind } from '../../lib/optim/make_optimizer';
import { TfjsOptimizer } from '../../lib/optim/tfjs_optimizer';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';

describe('TfjsOptimizer', () => {
  it('applies SGD in the variables order, scaled, leaving a variable without gradient alone', () => {
    const a = tf.variable(tf.tensor1d([1, 2]));
    const b = tf.variable(tf.tensor1d([5]));
    const c = tf.variable(tf.tensor1d([7]));
    const opt = new TfjsOptimizer([a, b, c], tf.train.sgd(0.5));
    const ga = tf.tensor1d([2, -4]);
    const gc = tf.tensor1d([1]);
    opt.applyGradients([ga, undefined, gc], 0.25); // each gradient times 0.25, then - 0.5 * g
    expect(Array.from(a.dataSync())).toEqual([1 - 0.25, 2 + 0.5]);
    expect(Array.from(b.dataSync())).toEqual([5]);
    expect(Array.from(c.dataSync())).toEqual([7 - 0.125]);
    opt.dispose();
    tf.dispose([a, b, c, ga, gc]);
  });

  it('really changes the rate SGD steps with when learningRate is set', () => {
    const w = tf.variable(tf.tensor1d([0]));
    const opt = new TfjsOptimizer([w], tf.train.sgd(0.1));
    expect(opt.learningRate).toBe(0.1);
    const g = tf.tensor1d([1]);
    opt.applyGradients([g]); // -0.1
    opt.learningRate = 0.01;
    opt.applyGradients([g]); // -0.01 (a cached -0.1 would give -0.2 in all)
    expect(w.dataSync()[0]).toBeCloseTo(-0.11, 7);
    expect(opt.learningRate).toBe(0.01);
    opt.dispose();
    tf.dispose([w, g]);
  });

  it('gradientNorm is the global L2 norm of the present gradients', () => {
    const w = [tf.variable(tf.tensor1d([0])), tf.variable(tf.tensor1d([0, 0]))];
    const opt = new TfjsOptimizer(w, tf.train.sgd(0.1));
    const g = [tf.tensor1d([3]), tf.tensor1d([4, 12])];
    expect(opt.gradientNorm(g)).toBeCloseTo(13, 5);
    expect(opt.gradientNorm([g[0], undefined])).toBeCloseTo(3, 6);
    expect(opt.gradientNorm([undefined, undefined])).toBe(0);
    opt.dispose();
    tf.dispose([...w, ...g]);
  });

  it('rejects gradients that do not fit its variables', () => {
    const w = tf.variable(tf.tensor1d([0, 0]));
    const opt = new TfjsOptimizer([w], tf.train.sgd(0.1));
    expect(() => opt.applyGradients([])).toThrow(ShapeError);
    expect(() => opt.applyGradients([])).toThrow(/got 0 gradients for 1 variables/);
    expect(() => opt.applyGradients([tf.tensor1d([1, 2, 3])])).toThrow(/gradient 0 has shape \[3\] but its variable has shape \[2\]/);
    expect(Array.from(w.dataSync())).toEqual([0, 0]);
    opt.dispose();
    w.dispose();
  });

  it('leaks nothing over steps and rate changes, and dispose releases its state', () => {
    const w = tf.variable(tf.tensor1d([1, 2]));
    const g = tf.tensor1d([0.5, -0.5]);
    const before = tf.memory().numTensors;
    for (const inner of [tf.train.sgd(0.1), tf.train.momentum(0.1, 0.9), tf.train.rmsprop(0.1), tf.train.adam(0.1)]) {
      const opt = new TfjsOptimizer([w], inner);
      let k = 0;
      const step = (): void => {
        opt.learningRate = 0.1 / ++k;
        opt.applyGradients([g], 0.5);
      };
      expectNoTensorLeak(() => {
        for (let i = 0; i < 5; i++) step();
      }, step);
      opt.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, g]);
  });
});

describe('makeOptimizer', () => {
  it('builds FlatAdam for adam, FlatRMSprop for rmsprop, TfjsOptimizer for sgd, and calls a factory', () => {
    const w = tf.variable(tf.tensor1d([1]));
    const kinds: [OptimizerKind, unknown][] = [
      ['adam', FlatAdam],
      ['sgd', TfjsOptimizer],
      ['rmsprop', FlatRMSprop],
    ];
    for (const [kind, type] of kinds) {
      const opt = makeOptimizer(kind, [w], 0.3, 1e-8);
      expect(opt).toBeInstanceOf(type as new (...args: never[]) => unknown);
      expect(opt.learningRate).toBeCloseTo(0.3, 7);
      opt.dispose();
    }
    const made = makeOptimizer((vars, lr) => new TfjsOptimizer(vars, tf.train.momentum(lr, 0.5)), [w], 0.2, 1e-8);
    expect((made as TfjsOptimizer).inner.getClassName()).toBe('Momentum');
    expect(made.learningRate).toBeCloseTo(0.2, 7);
    made.dispose();
    w.dispose();
  });

  it('names the valid optimizers for an unknown one', () => {
    expect(() => makeOptimizer('adamw' as OptimizerKind, [], 0.1, 1e-8)).toThrow(ConfigError);
    expect(() => makeOptimizer('adamw' as OptimizerKind, [], 0.1, 1e-8)).toThrow(/Unknown optimizer "adamw"; valid: adam, sgd, rmsprop/);
  });
});
