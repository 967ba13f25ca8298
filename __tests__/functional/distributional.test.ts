import { tf } from '../../lib/tf';
import type { Tensor } from '../../lib/tf';
import { ShapeError } from '../../lib/core/errors';
import {
  categoricalDoubleQLearning,
  categoricalDoubleQLearningTarget,
  categoricalL2Project,
  categoricalQLearning,
  categoricalQLearningTarget,
} from '../../lib/functional';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectTensor, f32, i32, take } from './expect_close';

const log = (p: number[]): number[] => p.map(Math.log);

describe('categoricalL2Project', () => {
  it('splits each atom between its neighbours on a tiny support, by hand', () => {
    // support [0, 1, 2]; source atoms [0.5, 1, 2.5, -1] with probabilities [0.1, 0.2, 0.3, 0.4]
    // 0.5 -> half to 0, half to 1: 0.05, 0.05;  1 -> all to 1: 0.2;
    // 2.5 -> clipped to 2: 0.3 to 2;  -1 -> clipped to 0: 0.4 to 0
    // atom 0: 0.05 + 0.4 = 0.45;  atom 1: 0.05 + 0.2 = 0.25;  atom 2: 0.3
    expectTensor(categoricalL2Project(f32([0.5, 1, 2.5, -1]), f32([0.1, 0.2, 0.3, 0.4]), f32([0, 1, 2])), [0.45, 0.25, 0.3]);
  });

  it('weights by distance on an uneven support', () => {
    // support [0, 1, 3]: 1.5 lies a quarter of the way from 1 to 3 -> 0.75 to atom 1, 0.25 to atom 3;
    // 2 lies halfway -> 0.5 / 0.5. Probabilities 0.4 and 0.6:
    // atom 1: 0.4 * 0.75 + 0.6 * 0.5 = 0.6;  atom 3: 0.4 * 0.25 + 0.6 * 0.5 = 0.4
    expectTensor(categoricalL2Project(f32([1.5, 2]), f32([0.4, 0.6]), f32([0, 1, 3])), [0, 0.6, 0.4]);
  });

  it('projects a batch with per-example atoms, equal to each example alone', () => {
    const zP = [[0.5, 1, 2.5, -1], [0.25, 0.25, 1.75, 3]];
    const probs = [[0.1, 0.2, 0.3, 0.4], [0.5, 0.1, 0.2, 0.2]];
    const zQ = f32([0, 1, 2]);
    const batched = take(categoricalL2Project(f32(zP), f32(probs), zQ)) as number[][];
    // example 1: 0.25 -> 0.75/0.25 on atoms 0/1 with mass 0.6 -> 0.45, 0.15; 1.75 -> 0.25/0.75 on 1/2 -> 0.05, 0.15;
    // 3 -> clipped to 2 -> 0.2. Result [0.45, 0.2, 0.35].
    [[0.45, 0.25, 0.3], [0.45, 0.2, 0.35]].forEach((row, b) =>
      row.forEach((p, k) => expect(batched[b]![k]).toBeCloseTo(p, 5)),
    );
    for (let b = 0; b < 2; b++) {
      const one = take(categoricalL2Project(f32(zP[b]!), f32(probs[b]!), zQ)) as number[];
      one.forEach((p, k) => expect(batched[b]![k]).toBeCloseTo(p, 6));
    }
  });

  it('keeps the total mass and leaves a distribution already on the support unchanged', () => {
    const zQ = f32([-2, -1, 0, 1, 2]);
    expectTensor(categoricalL2Project(zQ, f32([0.1, 0.2, 0.3, 0.25, 0.15]), zQ), [0.1, 0.2, 0.3, 0.25, 0.15]);
    const out = take(categoricalL2Project(f32([[-7, -0.3, 0.6, 1.9, 9]]), f32([[0.1, 0.2, 0.3, 0.25, 0.15]]), zQ)) as number[][];
    expect(out[0]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('rejects a one-atom support and mismatched atoms', () => {
    expect(() => categoricalL2Project(f32([0]), f32([1]), f32([0]))).toThrow(/at least 2 atoms/);
    expect(() => categoricalL2Project(f32([0, 1]), f32([1, 0, 0]), f32([0, 1]))).toThrow(ShapeError);
  });
});

describe('C51 targets', () => {
  // Support [0, 1, 2]; one transition, two actions.
  // action 0: probs [0.6, 0.2, 0.2], mean 0.2 + 0.4 = 0.6; action 1: probs [0.1, 0.1, 0.8], mean 0.1 + 1.6 = 1.7
  const atoms = (): Tensor => f32([0, 1, 2]);
  const logitsT = (): Tensor => f32([[log([0.6, 0.2, 0.2]), log([0.1, 0.1, 0.8])]]);

  it('bootstraps from the greedy action by mean and projects r + discount * z', () => {
    // greedy action 1; r = 0.5, discount 0.5: shifted atoms [0.5, 1, 1.5] with probs [0.1, 0.1, 0.8]
    // 0.5 -> 0.05 / 0.05 on atoms 0 / 1;  1 -> 0.1 on atom 1;  1.5 -> 0.4 / 0.4 on atoms 1 / 2
    // result [0.05, 0.55, 0.4]
    expectTensor(categoricalQLearningTarget(atoms(), f32([0.5]), f32([0.5]), atoms(), logitsT()), [[0.05, 0.55, 0.4]]);
  });

  it('double-Q uses the selector to pick the action', () => {
    // selector prefers action 0: probs [0.6, 0.2, 0.2] on [0.5, 1, 1.5]:
    // atom 0: 0.3;  atom 1: 0.3 + 0.2 + 0.1 = 0.6;  atom 2: 0.1
    expectTensor(
      categoricalDoubleQLearningTarget(atoms(), f32([0.5]), f32([0.5]), atoms(), logitsT(), f32([[1, 0]])),
      [[0.3, 0.6, 0.1]],
    );
  });

  it('at a terminal (discount 0) all mass goes to the atom at r: the middle of [-10..10] for r = 0', () => {
    const support = f32(Array.from({ length: 21 }, (_, i) => i - 10));
    const logits = tf.randomNormal([2, 3, 21], 0, 1, 'float32', 7);
    const target = take(categoricalQLearningTarget(support, f32([0, 0.25]), f32([0, 0]), support, logits)) as number[][];
    // r = 0: everything on atom 10 (value 0); r = 0.25: 0.75 on atom 10, 0.25 on atom 11 (value 1)
    target[0]!.forEach((p, k) => expect(p).toBeCloseTo(k === 10 ? 1 : 0, 6));
    target[1]!.forEach((p, k) => expect(p).toBeCloseTo(k === 10 ? 0.75 : k === 11 ? 0.25 : 0, 6));
  });

  it('the loss is the cross entropy of the target against the taken action logits', () => {
    // action taken 0 with probs [0.5, 0.25, 0.25]; target [0.05, 0.55, 0.4] (from the greedy case above)
    // CE = -(0.05 ln 0.5 + 0.55 ln 0.25 + 0.4 ln 0.25) = 0.05 ln 2 + 0.95 ln 4
    const logitsTm1 = f32([[log([0.5, 0.25, 0.25]), [9, 9, 9]]]);
    const loss = categoricalQLearning(atoms(), logitsTm1, i32([0]), f32([0.5]), f32([0.5]), atoms(), logitsT());
    expectTensor(loss, [0.05 * Math.LN2 + 0.95 * 2 * Math.LN2]);
    // double-Q with the target [0.3, 0.6, 0.1]: CE = 0.3 ln 2 + 0.7 ln 4
    const dq = categoricalDoubleQLearning(atoms(), logitsTm1, i32([0]), f32([0.5]), f32([0.5]), atoms(), logitsT(), f32([[1, 0]]));
    expectTensor(dq, [0.3 * Math.LN2 + 0.7 * 2 * Math.LN2]);
  });

  it('the gradient reaches only the taken action logits: softmax - target, none to the target network', () => {
    const logitsTm1 = f32([[log([0.5, 0.25, 0.25]), [9, 9, 9]]]);
    const [gTm1, gT] = tf.grads((a: Tensor, b: Tensor) =>
      tf.sum(categoricalQLearning(atoms(), a, i32([0]), f32([0.5]), f32([0.5]), atoms(), b)),
    )([logitsTm1, logitsT()]);
    // [0.5 - 0.05, 0.25 - 0.55, 0.25 - 0.4] on action 0; zeros on action 1
    expectTensor(gTm1 as Tensor, [[[0.45, -0.3, -0.15], [0, 0, 0]]]);
    expectTensor(gT as Tensor, [[[0, 0, 0], [0, 0, 0]]]);
  });

  it('rejects logits whose atoms do not match the support', () => {
    expect(() => categoricalQLearningTarget(atoms(), f32([0]), f32([0]), f32([0, 1]), logitsT())).toThrow(/atoms/);
  });

  it('leaks no tensor', () => {
    const [z, lt, r, d, s] = [atoms(), logitsT(), f32([0.5]), f32([0.9]), f32([[0, 1]])];
    const l1 = f32([[[0, 0, 0], [1, 1, 1]]]);
    const calls: Array<() => Tensor> = [
      () => categoricalL2Project(f32([[0.5, 1, 3]]), f32([[0.2, 0.3, 0.5]]), z),
      () => categoricalQLearningTarget(z, r, d, z, lt),
      () => categoricalDoubleQLearningTarget(z, r, d, z, lt, s),
      () => categoricalQLearning(z, l1, i32([1]), r, d, z, lt),
      () => categoricalDoubleQLearning(z, l1, i32([1]), r, d, z, lt, s),
    ];
    for (const call of calls) {
      expectNoTensorLeak(() => tf.tidy(() => { call(); }));
    }
    const zP = f32([[0.5, 1, 3]]);
    const pP = f32([[0.2, 0.3, 0.5]]);
    const a = i32([1]);
    expectNoTensorLeak(() => categoricalL2Project(zP, pP, z).dispose());
    expectNoTensorLeak(() => categoricalQLearning(z, l1, a, r, d, z, lt).dispose());
    expectNoTensorLeak(() => categoricalDoubleQLearning(z, l1, a, r, d, z, lt, s).dispose());
  });
});
