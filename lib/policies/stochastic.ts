/**
 * The stochastic policy heads the actor-critic agents train (A2C, PPO, VPG, VAC): sampling for a
 * batch of inputs (features), log-probabilities and entropies inside loss closures, and PPO's
 * whole policy loss. SoftmaxPolicy (discrete) and GaussianPolicy (continuous) implement it;
 * everything specific to the action space, and any fused fast path, stays in the policy, so the
 * agents never branch on which policy they hold.
 */
import type { Approximation } from '../approximation/approximation';
import type { SurrogateStats } from '../functional/surrogate_stats';
import type { Scalar, Tensor } from '../tf';

/** Options of sampling from a stochastic policy. */
export interface SampleOptions {
  /** Use evaluation mode (noise layers off). Default false. */
  evaluation?: boolean;
  /** Take the most probable action (the mean for a Gaussian) instead of a sample. Default false. */
  greedy?: boolean;
  /** Legal actions of a discrete policy, 0/1 per action and row (see lib/policies/action_mask.ts); omitted: all legal. */
  mask?: Uint8Array;
}

/** What PPO's policy loss needs besides the inputs (tensors [B], not differentiated). */
export interface SurrogateTerms {
  /** Actions taken: int32 [B], or float32 [B, D]. */
  actions: Tensor;
  /** log pi_old(a | s) from the rollout [B]. */
  oldLogProbs: Tensor;
  /** Advantages [B]. */
  advantages: Tensor;
  /** The clip range, in [0, 1). */
  epsilon: number;
  /** Weight of the mean entropy subtracted from the loss. */
  entropyScaling: number;
}

/** A stochastic policy head as the actor-critic agents use it (see the file header). */
export interface StochasticPolicy extends Approximation {
  /** One action per row of `x`: an Int32Array of n indices, or a Float32Array of n * actionDim values. */
  sampleFrom(x: Tensor, options?: SampleOptions): Int32Array | Float32Array;
  /** log pi(a | x) [B], training mode; actions int32 [B] or float32 [B, D]. The caller owns it. */
  logProb(x: Tensor, actions: Tensor): Tensor;
  /** Entropy of pi(. | x) in nats [B], training mode. The caller owns it. */
  entropy(x: Tensor): Tensor;
  /**
   * PPO's policy loss on inputs `x` (Schulman et al. 2017, https://arxiv.org/abs/1707.06347):
   * the clipped surrogate of exp(log pi(a|x) - oldLogProbs) minus entropyScaling * mean entropy,
   * training mode; for loss closures. `stats`, when given, receives the minibatch's diagnostics.
   * @returns a scalar the caller owns
   */
  clippedSurrogateLoss(x: Tensor, terms: SurrogateTerms, stats?: SurrogateStats): Scalar;
}
