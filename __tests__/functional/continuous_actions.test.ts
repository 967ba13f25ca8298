import { tf } from '../../lib/tf';
import { ConfigError, ShapeError } from '../../lib/core/errors';
import { clipToBounds, deterministicActorLoss, td3TargetPolicySmoothing } from '../../lib/functional';
import { expectNoTensorLeak } from '../helpers/leak_check';
import { expectTensor, f32 } from './expect_close';

describe('clipToBounds', () => {
  it('clips each dimension to its own bounds', () => {
    expectTensor(clipToBounds(f32([[-5, 0.5, 9]]), [-1, 0, 2], [1, 1, 3]), [[-1, 0.5, 3]]);
    expectTensor(clipToBounds(f32([[-5, 0.5]]), -1, 0.25), [[-1, 0.25]]);
  });
});

describe('td3TargetPolicySmoothing', () => {
  it('clips the noise to +-noiseClip, adds it, then clips to the box', () => {
    // [0.5 + clip(0.7) = 0.5 + 0.5 = 1.0, -0.9 - 0.05 = -0.95]
    expectTensor(td3TargetPolicySmoothing(f32([[0.5, -0.9]]), f32([[0.7, -0.05]]), 0.5, -1, 1), [[1, -0.95]]);
    // 0.9 + 0.3 = 1.2 -> the bound 1
    expectTensor(td3TargetPolicySmoothing(f32([[0.9]]), f32([[0.3]]), 0.5, -1, 1), [[1]]);
  });

  it('uses per-dimension bounds', () => {
    // 0.2 - 0.4 = -0.2 -> low 0;  1.9 + 0.3 = 2.2 -> high 2;  noise -0.9 clipped to -0.5 on the third: 0 - 0.5 = -0.5
    expectTensor(
      td3TargetPolicySmoothing(f32([[0.2, 1.9, 0]]), f32([[-0.4, 0.3, -0.9]]), 0.5, [0, -2, -1], [1, 2, 1]),
      [[0, 2, -0.5]],
    );
  });

  it('rejects a negative noiseClip and mismatched noise', () => {
    expect(() => td3TargetPolicySmoothing(f32([[0]]), f32([[0]]), -0.1, -1, 1)).toThrow(ConfigError);
    expect(() => td3TargetPolicySmoothing(f32([[0, 0]]), f32([[0]]), 0.5, -1, 1)).toThrow(ShapeError);
  });

  it('leaks no tensor', () => {
    const a = f32([[0.2, 1.9]]);
    const n = f32([[-0.4, 0.3]]);
    expectNoTensorLeak(() => td3TargetPolicySmoothing(a, n, 0.5, [0, -2], [1, 2]).dispose());
    expectNoTensorLeak(() => clipToBounds(a, -1, 1).dispose());
    expectNoTensorLeak(() => tf.tidy(() => { td3TargetPolicySmoothing(a, n, 0.5, -1, 1); }));
  });
});

describe('deterministicActorLoss', () => {
  const q = () => f32([1, 3]);
  const u = () => f32([[1, -2], [0.5, 0]]);

  it('is -mean(Q) without the penalty', () => {
    // -(1 + 3) / 2 = -2
    expectTensor(deterministicActorLoss(q(), u(), 0), -2);
  });

  it('adds weight * mean over the batch of the summed squared pre-activations', () => {
    // rows: 1 + 4 = 5 and 0.25 + 0 = 0.25 -> mean 2.625; -2 + 0.1 * 2.625 = -1.7375
    expectTensor(deterministicActorLoss(q(), u(), 0.1), -1.7375);
  });

  it('pulls each pre-activation toward zero by 2 * weight * u / B, and ascends Q', () => {
    const [dq, du] = tf.grads((qv, uv) => deterministicActorLoss(qv as never, uv as never, 0.1))([q(), u()]);
    // d/dq = -1/B = -0.5;  d/du = 2 * 0.1 * u / 2 = 0.1 * u
    expectTensor(dq!, [-0.5, -0.5]);
    expectTensor(du!, [[0.1, -0.2], [0.05, 0]]);
  });

  it('rejects a negative weight and mismatched batches with clear errors', () => {
    expect(() => deterministicActorLoss(q(), u(), -1)).toThrow(ConfigError);
    expect(() => deterministicActorLoss(f32([1, 2, 3]), u(), 0.1)).toThrow(ShapeError);
    expect(() => deterministicActorLoss(f32([1, 2, 3]), u(), 0.1)).toThrow(/preActivations has shape \[2, 2\] but its dimension 0 must be 3/);
  });

  it('leaks no tensor', () => {
    const qv = q();
    const uv = u();
    expectNoTensorLeak(() => deterministicActorLoss(qv, uv, 0.1).dispose());
    expectNoTensorLeak(() => deterministicActorLoss(qv, uv, 0).dispose());
  });
});
