import { SpaceError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { clippedSurrogatePgLoss, clippedSurrogateSoftmaxLoss, softmaxEntropy, softmaxLogProb } from '../../lib/functional';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectVariantsAgree, forEachVariant } from '../helpers/variants';

/** The loss composed from lib/functional's kernels (what the fused op must equal). */
function composed(logits: tf.Tensor, actions: tf.Tensor, old: tf.Tensor, adv: tf.Tensor, epsilon: number, entropyScaling: number): tf.Scalar {
  const ratios = tf.exp(tf.sub(softmaxLogProb(logits, actions), old));
  return tf.sub(clippedSurrogatePgLoss(ratios, adv, epsilon), tf.mul(tf.mean(softmaxEntropy(logits)), entropyScaling)) as tf.Scalar;
}

/** Value and d/dlogits of a loss function. */
function valueAndGrad(f: (z: tf.Tensor) => tf.Scalar, logits: tf.Tensor): { value: number; grad: number[] } {
  return tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad(f)(logits);
    return { value: value.dataSync()[0]!, grad: Array.from(grad.dataSync()) };
  });
}

describe('clippedSurrogateSoftmaxLoss', () => {
  it('by hand: uniform logits, ratio 1, advantage 2 (host and tensor implementations)', () => {
    // p = [0.5, 0.5], log p(a=0) = -ln 2 = old -> ratio 1, objective = 2, entropy ln 2
    // loss = -2 - 0.1 ln 2; dL/dz = -A r (onehot - p) + 0 (the entropy is flat at uniform) = [-1, 1]
    forEachVariant(() => {
      const r = tf.tidy(() =>
        valueAndGrad(
          (z) => clippedSurrogateSoftmaxLoss(z, tf.tensor1d([0], 'int32'), tf.tensor1d([-Math.LN2]), tf.tensor1d([2]), 0.2, 0.1),
          tf.tensor2d([[0, 0]]),
        ),
      );
      expect(r.value).toBeCloseTo(-2 - 0.1 * Math.LN2, 6);
      expect(r.grad[0]).toBeCloseTo(-1, 6);
      expect(r.grad[1]).toBeCloseTo(1, 6);
    });
  });

  it('equals the composition of softmaxLogProb, softmaxEntropy and clippedSurrogatePgLoss in value and gradient', () => {
    const rng = new Random(4);
    const n = 40;
    const k = 3;
    const logits = tf.tensor2d(Float32Array.from({ length: n * k }, () => rng.normal() * 2), [n, k]);
    const actionValues = Int32Array.from({ length: n }, () => rng.int(k));
    const actions = tf.tensor1d(actionValues, 'int32');
    // old log-probs around the current ones, so the ratios fall inside and on both sides of [0.8, 1.2]
    const current = tf.tidy(() => softmaxLogProb(logits, actions).dataSync() as Float32Array);
    const old = tf.tensor1d(current.map((lp) => lp + (rng.random() - 0.5)));
    const adv = tf.tensor1d(Float32Array.from({ length: n }, () => rng.normal()));
    const ratios = Array.from(tf.tidy(() => tf.exp(tf.sub(softmaxLogProb(logits, actions), old)).dataSync()));
    expect(ratios.some((r) => r < 0.8) && ratios.some((r) => r > 1.2) && ratios.some((r) => r > 0.8 && r < 1.2)).toBe(true);
    for (const entropyScaling of [0, 0.01, 1]) {
      // host: one JavaScript pass in double precision; tensor: the kernel composition (native backends)
      const r = expectVariantsAgree(() => valueAndGrad((z) => clippedSurrogateSoftmaxLoss(z, actions, old, adv, 0.2, entropyScaling), logits), {
        tolerance: 5e-6,
      });
      const reference = valueAndGrad((z) => composed(z, actions, old, adv, 0.2, entropyScaling), logits);
      expect(r.tensor).toEqual(reference); // the tensor variant is the composition itself
      expect(r.host.value).toBeCloseTo(reference.value, 5);
      r.host.grad.forEach((g, i) => expect(g).toBeCloseTo(reference.grad[i]!, 6));
      expect(r.host).not.toEqual(r.tensor); // two implementations really ran (they round differently)
      expect(r.host.grad.filter((g) => g === 0).length).toBeLessThan(n * k); // not vacuous
    }
    tf.dispose([logits, actions, old, adv]);
  });

  it('leaks no tensors and rejects bad input clearly', () => {
    const logits = tf.tensor2d([[1, 2], [0, -1]]);
    const actions = tf.tensor1d([1, 0], 'int32');
    const old = tf.tensor1d([-0.3, -0.3]);
    const adv = tf.tensor1d([1, -1]);
    const step = (): void => tf.dispose(tf.grad((z: tf.Tensor) => clippedSurrogateSoftmaxLoss(z, actions, old, adv, 0.2, 0.01))(logits));
    forEachVariant(() =>
      expectNoTensorLeak(() => {
        for (let i = 0; i < 20; i++) step();
      }, step),
    );
    expect(() => clippedSurrogateSoftmaxLoss(logits, tf.tensor1d([2, 0], 'int32'), old, adv, 0.2, 0)).toThrow(SpaceError);
    expect(() => clippedSurrogateSoftmaxLoss(logits, tf.tensor1d([1], 'int32'), old, adv, 0.2, 0)).toThrow(/dimension 0|must|\[1\]/);
    expect(() => clippedSurrogateSoftmaxLoss(logits, actions, old, adv, 1.5, 0)).toThrow(/epsilon/);
    tf.dispose([logits, actions, old, adv]);
  });
});
