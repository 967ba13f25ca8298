import { Random } from '../../lib/core/random';
import { linearRecurrenceOnHost } from '../../lib/backend/linear_recurrence_kernel';
import { lambdaReturns } from '../../lib/functional/multistep';
import { tf, type Tensor } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';

/** The recurrence as tensor ops: acc_t = c_t + d_t * acc_{t+1}, acc_T = last. */
function reference(c: Tensor, d: Tensor, last: Tensor): Tensor {
  const cs = tf.unstack(c);
  const ds = tf.unstack(d);
  const out: Tensor[] = [];
  let acc = last;
  for (let t = cs.length - 1; t >= 0; t--) {
    acc = tf.add(cs[t]!, tf.mul(ds[t]!, acc));
    out[t] = acc;
  }
  return tf.stack(out);
}

function random(rng: Random, shape: number[]): Tensor {
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
}

describe('AlltsLinearRecurrence (host kernel of the multistep returns)', () => {
  it.each([[[7]], [[5, 3]], [[4, 2, 3]], [[2, 4]]])('shape %j: the same values and gradients as the tensor ops, bit for bit', (shape) => {
    const rng = new Random(shape.length * 10 + shape[0]!);
    const c = random(rng, shape);
    const d = tf.mul(random(rng, shape), 0.9);
    const last = random(rng, shape.slice(1));
    const weights = random(rng, shape);
    const lossOf = (fn: typeof reference) => (ci: Tensor, di: Tensor, li: Tensor): tf.Scalar => tf.sum(tf.mul(fn(ci, di, li), weights));
    const [hostValue, refValue] = tf.tidy(() => [linearRecurrenceOnHost(c, d, last).dataSync(), reference(c, d, last).dataSync()]);
    expect(Array.from(hostValue!)).toEqual(Array.from(refValue!));
    const hostGrads = tf.tidy(() => tf.grads(lossOf(linearRecurrenceOnHost))([c, d, last]).map((g) => Array.from(g.dataSync())));
    const refGrads = tf.tidy(() => tf.grads(lossOf(reference))([c, d, last]).map((g) => Array.from(g.dataSync())));
    expect(hostGrads).toEqual(refGrads);
    // and the values are the recurrence itself (not merely two equal programs): the first row by hand
    const cv = c.dataSync();
    const n = last.size;
    const T = shape[0]!;
    const dv = d.dataSync();
    const lv = last.dataSync();
    for (let j = 0; j < n; j++) {
      let acc = lv[j]!;
      for (let t = T - 1; t >= 0; t--) acc = cv[t * n + j]! + dv[t * n + j]! * acc;
      expect(hostValue![j]).toBeCloseTo(acc, 4);
    }
    tf.dispose([c, d, last, weights]);
  });

  it('one step (where tfjs\'s own unstack gradient fails): acc = c + d last, gradients by hand', () => {
    const c = tf.tensor2d([[1, 2]]);
    const d = tf.tensor2d([[0.5, -1]]);
    const last = tf.tensor1d([4, 3]);
    const w = tf.tensor2d([[2, 3]]);
    const [value, dc, dd, dlast] = tf.tidy(() => [
      linearRecurrenceOnHost(c, d, last),
      ...tf.grads((ci: Tensor, di: Tensor, li: Tensor) => tf.sum(tf.mul(linearRecurrenceOnHost(ci, di, li), w)))([c, d, last]),
    ].map((t) => Array.from(t.dataSync())));
    expect(value).toEqual([3, -1]);
    expect(dc).toEqual([2, 3]);
    expect(dd).toEqual([8, 9]);
    expect(dlast).toEqual([1, -3]);
    tf.dispose([c, d, last, w]);
  });

  it('the tensor path (cpu backend) gives the same lambda-returns and gradients, one step included', async () => {
    const run = (T: number): number[][] => tf.tidy(() => {
      const rng = new Random(T);
      const [rT, discountT, vT] = [0, 1, 2].map(() => random(rng, [T, 3]));
      const loss = (v: Tensor): tf.Scalar => tf.sum(tf.square(lambdaReturns(rT!, tf.abs(discountT!), v, 0.7)));
      return [lambdaReturns(rT!, tf.abs(discountT!), vT!, 0.7), tf.grad(loss)(vT!)].map((t) => Array.from(t.dataSync()));
    });
    const onWasm = [run(1), run(5)];
    await tf.setBackend('cpu');
    try {
      const onCpu = [run(1), run(5)];
      onCpu.forEach((result, i) => result.forEach((values, k) => values.forEach((v, j) => expect(v).toBeCloseTo(onWasm[i]![k]![j]!, 5))));
    } finally {
      await tf.setBackend('wasm');
    }
  });

  it('backs lambdaReturns with no tensor leak', () => {
    const rT = tf.tensor2d([[1, 0], [0, 1], [1, 1]]);
    const discountT = tf.tensor2d([[0.9, 0.9], [0.9, 0], [0.9, 0.9]]);
    const vT = tf.tensor2d([[2, 1], [3, 1], [4, 1]]);
    expectNoTensorLeak(() => {
      const g = lambdaReturns(rT, discountT, vT, 0.5);
      // by hand: G_2 = 1 + 0.9 * 4 = 4.6 | 1 + 0.9 * 1 = 1.9; G_1 = 0 + 0.9 (0.5 * 3 + 0.5 * 4.6) = 3.42 | 1 + 0 = 1
      // G_0 = 1 + 0.9 (0.5 * 2 + 0.5 * 3.42) = 3.439 | 0 + 0.9 (0.5 * 1 + 0.5 * 1) = 0.9
      const v = Array.from(g.dataSync());
      [3.439, 0.9, 3.42, 1, 4.6, 1.9].forEach((want, i) => expect(v[i]).toBeCloseTo(want, 5));
      g.dispose();
    });
    tf.dispose([rT, discountT, vT]);
  });
});
