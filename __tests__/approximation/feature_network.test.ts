import { FeatureNetwork, reinforceShared } from '../../lib/approximation/feature_network';
import { Identity } from '../../lib/approximation/identity';
import { VNetwork } from '../../lib/approximation/v_network';
import { Approximation } from '../../lib/approximation/approximation';
import { ShapeError } from '../../lib/core/errors';
import { Random } from '../../lib/core/random';
import { Linear, Sequential, Activation } from '../../lib/nn/module';
import { tf, type Tensor } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectClose } from '../nn/fixed_linear';

function values(vars: readonly tf.Variable[]): number[][] {
  return vars.map((v) => Array.from(v.dataSync()));
}

describe('FeatureNetwork with reinforceShared', () => {
  it('steps features on the sum of the head losses and each head on its own, all at the pre-update parameters (ALL semantics)', () => {
    const rng = new Random(1);
    const featureModel = new Sequential([new Linear(3, 4, rng), new Activation('tanh')]);
    const vModel = new Linear(4, 1, rng);
    const pModel = new Linear(4, 2, rng);
    const lr = 0.1;
    const features = new FeatureNetwork(featureModel, { optimizer: 'sgd', lr });
    const v = new VNetwork(vModel, { optimizer: 'sgd', lr });
    const policy = new Approximation(pModel, { optimizer: 'sgd', lr, name: 'policy' });
    const x = tf.tensor2d([
      [1, 0.5, -1],
      [0.2, -0.3, 0.8],
    ]);
    const targets = tf.tensor1d([1, -1]);
    const vLoss = (f: Tensor): tf.Scalar => tf.mean(tf.square(tf.sub(v.values(f), targets))) as tf.Scalar;
    const pLoss = (f: Tensor): tf.Scalar => tf.mean(tf.square(policy.forward(f))) as tf.Scalar;

    // Expected: one joint gradient of vLoss + pLoss at the current parameters; SGD steps.
    const all = [...featureModel.variables, ...vModel.variables, ...pModel.variables];
    const expected = tf.tidy(() => {
      const fg = tf.variableGrads(() => {
        const f = featureModel.apply(x);
        return tf.add(vLoss(f), pLoss(f)) as tf.Scalar;
      }, all as tf.Variable[]).grads;
      return all.map((w) => Array.from(tf.sub(w, tf.mul(fg[w.name]!, lr)).dataSync()));
    });
    const before = values(all);

    const losses = reinforceShared(features, x, [
      { approximation: v, loss: vLoss },
      { approximation: policy, loss: pLoss },
    ]);
    const after = values(all);
    after.forEach((a, i) => expectClose(a, expected[i]!, 1e-5));
    expect(after[0]).not.toEqual(before[0]);
    expect(losses.heads).toHaveLength(2);
    expect(losses.features).toBeCloseTo(losses.heads[0]! + losses.heads[1]!, 5);
    expect(features.updates).toBe(1);
    expect(v.updates).toBe(1);
    tf.dispose([x, targets]);
    features.dispose();
    v.dispose();
    policy.dispose();
  });

  it('works with Identity features (nothing to step) and leaks no tensors', () => {
    const rng = new Random(2);
    const id = new Identity();
    const v = new VNetwork(new Linear(2, 1, rng), { optimizer: 'sgd', lr: 0.01 });
    const x = tf.tensor2d([[1, 2]]);
    const update = (): void => {
      const out = reinforceShared(id, x, [{ approximation: v, loss: (f) => tf.mean(tf.square(v.values(f))) as tf.Scalar }]);
      expect(out.features).toBe(0);
    };
    expectNoTensorLeak(() => {
      for (let i = 0; i < 10; i++) update();
    }, update);
    expect(() => reinforceShared(id, x, [])).toThrow(ShapeError);
    x.dispose();
    v.dispose();
  });
});
