import { hasKernel } from '../../lib/backend/kernels';
import { NOISY_WEIGHTS_GRAD_KERNEL, NOISY_WEIGHTS_KERNEL, noisyWeights } from '../../lib/backend/noisy_weights';
import { tf } from '../../lib/tf';
import { expectNoTensorLeak } from '../helpers/leak_check';

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync() as Float32Array).buffer));

/** The tensor-op form lib/nn/noisy.ts runs off wasm. */
function tensorForm(mu: tf.Tensor, muB: tf.Tensor, sg: tf.Tensor, sgB: tf.Tensor, epsIn: tf.Tensor, epsOut: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const [n, m] = mu.shape as [number, number];
  const noise = tf.mul(tf.reshape(epsIn, [n, 1]), tf.reshape(epsOut, [1, m]));
  return [tf.add(mu, tf.mul(sg, noise)), tf.add(muB, tf.mul(sgB, epsOut))];
}

describe('factorized noisy weights as one kernel each way (wasm)', () => {
  it('are registered on wasm', () => {
    expect(hasKernel(NOISY_WEIGHTS_KERNEL)).toBe(true);
    expect(hasKernel(NOISY_WEIGHTS_GRAD_KERNEL)).toBe(true);
  });

  it.each([[1, 1], [3, 1], [5, 7], [4, 8], [64, 202], [17, 5]])('equal the tensor form bit for bit, values and gradients ([%i, %i])', (n, m) => {
    tf.tidy(() => {
      const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);
      const args = [normal([n, m], 1), normal([m], 2), normal([n, m], 3), normal([m], 4), normal([n], 5), normal([m], 6)] as const;
      const [w, b] = noisyWeights(...args);
      const [tw, tb] = tensorForm(...args);
      expect(bits(w)).toEqual(bits(tw));
      expect(bits(b)).toEqual(bits(tb));
      // gradients through a loss that uses both outputs
      const x = normal([6, n], 7);
      const loss = (f: typeof noisyWeights) => (mu: tf.Tensor, muB: tf.Tensor, sg: tf.Tensor, sgB: tf.Tensor) => {
        const [ww, bb] = f(mu, muB, sg, sgB, args[4], args[5]);
        return tf.sum(tf.square(tf.add(tf.matMul(x, ww), bb)));
      };
      const ours = tf.grads(loss(noisyWeights))(args.slice(0, 4) as tf.Tensor[]);
      const theirs = tf.grads(loss(tensorForm))(args.slice(0, 4) as tf.Tensor[]);
      ours.forEach((g, i) => expect(bits(g)).toEqual(bits(theirs[i]!)));
    });
  });

  it('leak no tensors through recorded updates', () => {
    const vars = [[4, 6], [6], [4, 6], [6]].map((s, i) => tf.variable(tf.randomNormal(s, 0, 1, 'float32', i)));
    const step = () => tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const [w, b] = noisyWeights(vars[0]!, vars[1]!, vars[2]!, vars[3]!, tf.randomNormal([4]), tf.randomNormal([6]));
        return tf.sum(tf.add(tf.matMul(tf.ones([2, 4]), w), b)) as tf.Scalar;
      });
      for (const v of vars) v.assign(tf.sub(v, tf.mul(grads[v.name]!, 0.01)));
    });
    expectNoTensorLeak(() => { for (let i = 0; i < 10; i++) step(); }, step);
    vars.forEach((v) => v.dispose());
  });
});
