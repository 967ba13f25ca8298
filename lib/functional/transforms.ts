/**
 * Invertible value transforms for learning with rewards of any scale. Ports rlax's
 * `transforms.py` `signed_hyperbolic` / `signed_parabolic` (the pair R2D2 and Ape-X DQfD use:
 * Pohlen et al. 2018, "Observe and Look Further", https://arxiv.org/abs/1805.11593, Proposition
 * A.2; Kapturowski et al. 2019, https://openreview.net/forum?id=r1lyTjAqYX).
 *
 *   h(x)     = sign(x) (sqrt(|x| + 1) - 1) + eps x
 *   h^-1(x)  = sign(x) (((sqrt(1 + 4 eps (|x| + 1 + eps)) - 1) / (2 eps))^2 - 1)
 *
 * Deliberate difference: none in values; `eps` defaults to rlax's 1e-3.
 */
import { tf } from '../tf';
import type { Tensor } from '../tf';
import { assertFloat, assertNumber } from './checks';

/** A pair of mutually inverse elementwise transforms (rlax's `TxPair`). */
export interface TxPair {
  /** The transform h. */
  apply: (x: Tensor) => Tensor;
  /** Its inverse h^-1. */
  applyInv: (x: Tensor) => Tensor;
}

/**
 * h(x) = sign(x) (sqrt(|x| + 1) - 1) + eps x, the value rescaling of Pohlen et al. 2018
 * (https://arxiv.org/abs/1805.11593) used by R2D2.
 * @param x float32 tensor of any shape.
 * @param eps the linear term's weight, > 0 keeps h invertible with a Lipschitz inverse. Default 1e-3.
 * @returns same shape; the caller owns it.
 */
export function signedHyperbolic(x: Tensor, eps = 1e-3): Tensor {
  assertFloat('signedHyperbolic', 'x', x);
  assertNumber('signedHyperbolic', 'eps', eps, { min: 0 });
  return tf.tidy(() => tf.add(tf.mul(tf.sign(x), tf.sub(tf.sqrt(tf.add(tf.abs(x), 1)), 1)), tf.mul(x, eps)));
}

/**
 * h^-1(x) = sign(x) (((sqrt(1 + 4 eps (|x| + 1 + eps)) - 1) / (2 eps))^2 - 1), the inverse of
 * `signedHyperbolic` with the same eps (Pohlen et al. 2018, https://arxiv.org/abs/1805.11593).
 * With eps = 0 it is sign(x) ((|x| + 1)^2 - 1).
 * @param x float32 tensor of any shape.
 * @param eps as in `signedHyperbolic`. Default 1e-3.
 * @returns same shape; the caller owns it.
 */
export function signedParabolic(x: Tensor, eps = 1e-3): Tensor {
  assertFloat('signedParabolic', 'x', x);
  assertNumber('signedParabolic', 'eps', eps, { min: 0 });
  return tf.tidy(() => {
    const z = tf.abs(x);
    if (eps === 0) return tf.mul(tf.sign(x), tf.sub(tf.square(tf.add(z, 1)), 1));
    const root = tf.sqrt(tf.add(tf.mul(tf.add(z, 1 + eps), 4 * eps), 1));
    return tf.mul(tf.sign(x), tf.sub(tf.square(tf.div(tf.sub(root, 1), 2 * eps)), 1));
  });
}

/**
 * The pair (signedHyperbolic, signedParabolic) with one eps: R2D2's value rescaling
 * (rlax's `SIGNED_HYPERBOLIC_PAIR`).
 * @param eps Default 1e-3.
 */
export function signedHyperbolicPair(eps = 1e-3): TxPair {
  return { apply: (x) => signedHyperbolic(x, eps), applyInv: (x) => signedParabolic(x, eps) };
}

/** The identity pair (rlax's `IDENTITY_PAIR`): no rescaling. */
export const IDENTITY_PAIR: TxPair = { apply: (x) => tf.clone(x), applyInv: (x) => tf.clone(x) };
