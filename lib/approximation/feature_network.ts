/**
 * FeatureNetwork: an Approximation for feature layers shared by several heads (ALL's
 * all/approximation/feature_network.py), e.g. the value and policy heads of A2C, PPO and VAC.
 *
 * How ALL does it: features are computed once with their graph, each head's loss is
 * back-propagated through its head into the features (gradients accumulate in the feature
 * parameters), each head steps, then the features step with the accumulated gradient.
 *
 * How allts does it: tfjs has no graph-carrying tensors, so `reinforceShared` takes each head's
 * loss as a function of the features and differentiates the sum of the heads' losses once, over
 * the variables of the features and of every head, at the pre-update parameters. A head's
 * variables get only the gradient of its own loss (the other losses do not depend on them) and
 * the features get the gradient of the sum, exactly as ALL's single `loss.backward()`; each
 * Approximation then takes its own step (`Approximation.step`: its lossScaling, clipping,
 * optimizer, schedule, target and checkpointer). Acting needs no helper:
 * `head.eval(features.eval(x))` inside tf.tidy.
 */
import { ShapeError } from '../core/errors';
import type { Module } from '../nn/module';
import { tf, type Scalar, type Tensor, type Variable } from '../tf';
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
  const parts = [features, ...heads.map((h) => h.approximation)];
  const variables = parts.flatMap((p) => p.model.variables) as Variable[];
  let kept: Scalar[] = [];
  try {
    return tf.tidy(() => {
      // One backward pass of the summed loss gives every part its gradient: a head's variables
      // receive only its own loss's gradient, the features the sum's (ALL's single backward).
      const { grads } = tf.variableGrads(() => {
        const f = features.forward(input);
        kept = heads.map((h) => tf.keep(h.loss(f)));
        return (kept.length === 1 ? tf.add(kept[0]!, 0) : tf.addN(kept)) as Scalar;
      }, variables);
      const values = kept.map((k) => k.dataSync()[0]!); // separate reads beat a stack kernel on host-memory backends
      const sum = values.reduce((a, b) => a + b, 0);
      const gradsOf = (a: Approximation): Record<string, Tensor> => {
        const out: Record<string, Tensor> = {};
        for (const v of a.model.variables) if (grads[v.name] !== undefined) out[v.name] = grads[v.name]!;
        return out;
      };
      if (features.model.variables.length > 0) features.step(gradsOf(features), sum);
      heads.forEach((h, i) => h.approximation.step(gradsOf(h.approximation), values[i]!));
      return { features: features.model.variables.length > 0 ? sum : 0, heads: values };
    });
  } finally {
    tf.dispose(kept);
  }
}
