/**
 * A2C, advantage actor-critic with synchronous parallel actors (Mnih et al. 2016,
 * https://arxiv.org/abs/1602.01783), as ALL's all/agents/a2c.py: the agent steps `nEnvs`
 * environments together, collects `nSteps` steps in an `NStepAdvantageBuffer`, then makes one
 * update of shared features, a value head (mse to the n-step returns) and a softmax policy head
 * (policy gradient with an entropy bonus), and samples the next actions.
 *
 * Deliberate differences from ALL:
 * - the value loss is multiplied by `valueLossScaling` in the loss the features follow and in the
 *   value head's own step (ALL's preset lists value_loss_scaling but its A2C back-propagates the
 *   unscaled sum, so the setting has no effect there);
 * - rows of the rollout whose start state was done (the environment resets there and ignores the
 *   action: `valid` 0 in lib/memory's RolloutBatch) are left out of the update; ALL trains on them
 *   with an advantage that spans the reset;
 * - the update goes through lib/approximation's `reinforceShared` (gradients by closure, every
 *   gradient at the pre-update parameters, as ALL's single backward pass);
 * - ALL's `add_info` figures become `metrics/entropy` (the policy's mean entropy at the rollout's
 *   states before the update) and `metrics/explained_variance` (of the returns by the values the
 *   rollout was collected with), logged only when the logger records them (`logger`, verbose).
 */
import type { Approximation } from '../approximation/approximation';
import { reinforceShared } from '../approximation/feature_network';
import type { VNetwork } from '../approximation/v_network';
import { entropyLoss, mse, policyGradientLoss } from '../functional';
import { recordsDiagnostics, type Logger } from '../logging/logger';
import { NStepAdvantageBuffer } from '../memory/n_step_advantage';
import type { SoftmaxPolicy } from '../policies/softmax';
import { tf, type Scalar, type Tensor } from '../tf';
import { explainedVariance } from './diagnostics';
import { RolloutAgent, actionTensor, type ValidRows } from './loops/rollout_agent';

export type { StochasticPolicy } from '../policies/stochastic';
export { StochasticTestAgent as A2CTestAgent } from './test_agents';

/** A2C's settings (ALL's names in camelCase). */
export interface A2COptions {
  /** Discount factor gamma. */
  discountFactor: number;
  /** Weight of the entropy loss in the policy loss. */
  entropyLossScaling: number;
  /** Weight of the value loss (mse) in the features' loss and the value head's step. */
  valueLossScaling: number;
  /** Environments stepped in parallel. */
  nEnvs: number;
  /** Steps per rollout; one update per rollout (`nEnvs * nSteps` frames). */
  nSteps: number;
  /** Receives `metrics/entropy` and `metrics/explained_variance` per update when verbose. Default: none. */
  logger?: Logger;
}

/** The A2C agent: trains inside `act` once per rollout of `nEnvs * nSteps` frames. */
export class A2C extends RolloutAgent {
  /**
   * @param features shared feature layers (a FeatureNetwork, or an Identity)
   * @param v value head over the features
   * @param policy softmax policy head over the features
   * @param options discount, loss weights and rollout size
   */
  constructor(
    features: Approximation,
    v: VNetwork,
    override readonly policy: SoftmaxPolicy,
    readonly options: A2COptions,
  ) {
    super(features, v, policy, new NStepAdvantageBuffer(options.nSteps, options.nEnvs, { discount: options.discountFactor }), options.nEnvs, options.nSteps);
  }

  /** One step of the value head toward the n-step returns and of the policy up the advantage-weighted log-likelihood, with an entropy bonus. */
  protected train(rows: ValidRows): void {
    const { valueLossScaling, entropyLossScaling, logger } = this.options;
    const diagnostics = recordsDiagnostics(logger);
    let entropy: Tensor | undefined;
    tf.tidy(() => {
      const x = tf.tensor(rows.states, [rows.count, ...rows.stateShape]);
      const actions = actionTensor(rows.actions, rows.count);
      const advantages = tf.tensor1d(rows.advantages);
      const targets = tf.tensor1d(rows.returns);
      reinforceShared(this.features, x, [
        { approximation: this.v, loss: (f) => tf.mul(mse(this.v.values(f), targets), valueLossScaling) as Scalar },
        {
          approximation: this.policy,
          loss: (f) => {
            const logits = this.policy.logits(f);
            const pg = policyGradientLoss(logits, actions, advantages);
            const negEntropy = entropyLoss(logits);
            if (diagnostics) entropy = tf.keep(tf.neg(negEntropy));
            return tf.add(pg, tf.mul(negEntropy, entropyLossScaling)) as Scalar;
          },
        },
      ]);
    });
    if (entropy !== undefined) {
      logger!.addMetric('entropy', entropy.dataSync()[0]!);
      entropy.dispose();
      logger!.addMetric('explained_variance', explainedVariance(rows.values, rows.returns));
    }
  }
}
