import { tf } from '../../lib/tf';
import type { Tensor } from '../../lib/tf';
import { ConfigError } from '../../lib/core/errors';
import { clippedSurrogatePgLoss, entropyLoss, policyGradientLoss } from '../../lib/functional';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectTensor, f32, i32 } from './expect_close';

// Two states, two actions: softmax([0, 0]) = [0.5, 0.5]; softmax([ln 3, 0]) = [0.75, 0.25].
const logits = (): Tensor => f32([[0, 0], [Math.log(3), 0]]);
const actions = (): Tensor => i32([1, 0]); // log pi = [ln 0.5, ln 0.75]
const adv = (): Tensor => f32([2, -1]);

describe('policyGradientLoss', () => {
  it('is mean(-log pi(a) * adv * w), by hand', () => {
    // per example: -ln 0.5 * 2 * 1 = 2 ln 2 = 1.386294;  -ln 0.75 * (-1) * 0.5 = 0.5 ln 0.75 = -0.143841
    expectTensor(policyGradientLoss(logits(), actions(), adv(), f32([1, 0.5])), (2 * Math.LN2 + 0.5 * Math.log(0.75)) / 2);
    // without weights: (2 ln 2 + ln 0.75) / 2
    expectTensor(policyGradientLoss(logits(), actions(), adv()), (2 * Math.LN2 + Math.log(0.75)) / 2);
  });

  it('gradient in the logits is (softmax - onehot(a)) * adv / B; none in the advantages', () => {
    const [gl, ga] = tf.grads((l: Tensor, a: Tensor) => policyGradientLoss(l, actions(), a))([logits(), adv()]);
    // row 0: ([0.5, 0.5] - [0, 1]) * 2 / 2 = [0.5, -0.5];  row 1: ([0.75, 0.25] - [1, 0]) * (-1) / 2 = [0.125, -0.125]
    expectTensor(gl as Tensor, [[0.5, -0.5], [0.125, -0.125]]);
    expectTensor(ga as Tensor, [0, 0]);
  });
});

describe('entropyLoss', () => {
  it('is minus the mean (weighted) softmax entropy', () => {
    // entropies: ln 2 = 0.693147;  -(0.75 ln 0.75 + 0.25 ln 0.25) = 0.562335
    const h1 = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
    expectTensor(entropyLoss(logits()), -(Math.LN2 + h1) / 2);
    expectTensor(entropyLoss(logits(), f32([1, 0.5])), -(Math.LN2 + 0.5 * h1) / 2);
  });

  it('descending it moves a peaked policy towards uniform', () => {
    const g = tf.grad((l: Tensor) => entropyLoss(l))(f32([[2, 0]])).dataSync();
    // higher entropy needs a smaller gap: the gradient is positive on the larger logit
    expect(g[0]).toBeGreaterThan(0);
    expect(g[1]).toBeLessThan(0);
  });
});

describe('clippedSurrogatePgLoss (PPO)', () => {
  const eps = 0.2;
  const cases: Array<[number, number, number, string]> = [
    // [ratio, advantage, min(r A, clip(r) A), why]
    [1.1, 1, 1.1, 'inside the range, positive advantage'],
    [1.5, 1, 1.2, 'above 1 + eps, positive advantage: clipped to 1.2'],
    [0.5, 1, 0.5, 'below 1 - eps, positive advantage: the unclipped value is smaller, kept'],
    [0.9, -1, -0.9, 'inside the range, negative advantage'],
    [0.5, -1, -0.8, 'below 1 - eps, negative advantage: clipped to 0.8 * -1'],
    [1.5, -1, -1.5, 'above 1 + eps, negative advantage: the unclipped value is smaller, kept'],
  ];

  it.each(cases)('ratio %d, advantage %d -> objective %d (%s)', (r, a, objective) => {
    expectTensor(clippedSurrogatePgLoss(f32([r]), f32([a]), eps), -objective);
  });

  it('the batch loss is minus the mean objective: -(1.1 + 1.2 + 0.5 - 0.9 - 0.8 - 1.5) / 6', () => {
    const ratios = f32(cases.map((c) => c[0]));
    const advs = f32(cases.map((c) => c[1]));
    expectTensor(clippedSurrogatePgLoss(ratios, advs, eps), 0.4 / 6);
  });

  it('the gradient in the ratios is -A / B where unclipped and 0 where clipped', () => {
    const ratios = f32(cases.map((c) => c[0]));
    const advs = f32(cases.map((c) => c[1]));
    const [gr, ga] = tf.grads((r: Tensor, a: Tensor) => clippedSurrogatePgLoss(r, a, eps))([ratios, advs]);
    expectTensor(gr as Tensor, [-1 / 6, 0, -1 / 6, 1 / 6, 0, 1 / 6]);
    expectTensor(ga as Tensor, [0, 0, 0, 0, 0, 0]);
  });

  it('rejects epsilon outside [0, 1)', () => {
    expect(() => clippedSurrogatePgLoss(f32([1]), f32([1]), -0.1)).toThrow(ConfigError);
    expect(() => clippedSurrogatePgLoss(f32([1]), f32([1]), 1)).toThrow(/epsilon/);
  });
});

describe('policy gradient leaks', () => {
  it('no function leaves a tensor behind, called bare, inside tf.tidy or under a gradient tape', () => {
    const [l, a, d, w, ratios] = [logits(), actions(), adv(), f32([1, 0.5]), f32([1.1, 0.7])];
    const calls: Array<() => Tensor> = [
      () => policyGradientLoss(l, a, d, w),
      () => policyGradientLoss(l, a, d),
      () => entropyLoss(l),
      () => entropyLoss(l, w),
      () => clippedSurrogatePgLoss(ratios, d, 0.2),
    ];
    for (const call of calls) {
      expectNoTensorLeak(() => call().dispose());
      expectNoTensorLeak(() => tf.tidy(() => { call(); }));
    }
    const v = tf.variable(logits(), true, 'pg_leak_logits');
    expectNoTensorLeak(() => {
      const { value, grads } = tf.variableGrads(() =>
        tf.add(policyGradientLoss(v, a, d), clippedSurrogatePgLoss(tf.exp(tf.logSoftmax(v).max(1)), d, 0.2)) as tf.Scalar,
      );
      tf.dispose([value, grads]);
    });
    v.dispose();
  });
});
