/**
 * FeatureNetwork: an Approximation for feature layers shared by several heads (ALL's
 * all/approximation/feature_network.py), e.g. the value and policy heads of A2C, PPO and VAC.
 *
 * How ALL does it: features are computed once with their graph, each head's loss is
 * back-propagated through its head into the features (gradients accumulate in the feature
 * parameters), each head steps, then the features step with the accumulated gradient.
 *
 * How allts does it (deliberate difference): tfjs has no graph-carrying tensors, so a gradient
 * needs the whole computation inside one closure. `reinforceShared` gives the same update as ALL:
 *   1. compute the features once without gradient (a constant tensor);
 *   2. step the features on the sum of the heads' losses, recomputing features and heads inside
 *      the closure (so every gradient is taken at the pre-update parameters, as in ALL);
 *   3. step each head on its own loss over the constant features of step 1.
 * The price is one extra forward pass of the features and of each head per update; for the
 * small classic-control and continuous networks this is cheap, and it keeps every
 * Approximation's optimizer, clipping, schedule, target and checkpointer in charge of its own
 * variables. Acting needs no helper: `head.eval(features.eval(x))` inside tf.tidy.
 */
import { ShapeError } from '../core/errors';
import type { Module } from '../nn/module';
import { tf, type Scalar, type Tensor } from '../tf';
import { Approximation, type ApproximationOptions } from './approximation';

/** Shared feature layers (ALL's FeatureNetwork). `forward(x)` gives the features [B, ...]. */
export class FeatureNetwork extends Approximation {
  constructor(model: Module, options: ApproximationOptions = {}) {
    super(model, { name: 'feature', ...options });
  }
}

/** One head trained on shared features. */
export interface SharedHead {
  /** The head's approximation (its lossScaling applies to its own step). */
  approximation: Approximation;
  /**
   * The head's loss given the features [B, ...]: must run the head itself (e.g.
   * `(f) => mse(v.forward(f), targets)`), as it is called both under the features' gradient and
   * under the head's. Targets must be computed beforehand, outside this function.
   */
  loss: (features: Tensor) => Scalar;
}

/** Losses reported by `reinforceShared`. */
export interface SharedLosses {
  /** The features' loss (the sum of the heads' losses). */
  features: number;
  /** Each head's loss, in the order given. */
  heads: number[];
}

/**
 * One update of shared features and their heads with ALL's semantics (every gradient at the
 * pre-update parameters; the features follow the sum of the heads' losses). See the file header.
 * @param features the shared feature layers (an `Identity` works too: its step is a no-op)
 * @param input the observations [B, ...]; the caller owns it (it is not disposed)
 * @param heads the heads and their losses
 * @returns the losses; no tensor escapes
 */
export function reinforceShared(features: Approximation, input: Tensor, heads: readonly SharedHead[]): SharedLosses {
  if (heads.length === 0) {
    throw new ShapeError('reinforceShared needs at least one head; pass e.g. [{ approximation: v, loss: (f) => ... }]');
  }
  const constant = tf.tidy(() => features.forward(input));
  try {
    const featureLoss =
      features.model.variables.length === 0
        ? 0
        : features.reinforce(() => {
            const f = features.forward(input);
            const losses = heads.map((h) => h.loss(f));
            return (losses.length === 1 ? losses[0]! : tf.addN(losses)) as Scalar;
          });
    const headLosses = heads.map((h) => h.approximation.reinforce(() => h.loss(constant)));
    return { features: featureLoss, heads: headLosses };
  } finally {
    constant.dispose();
  }
}
