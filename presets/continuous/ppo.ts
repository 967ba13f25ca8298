/**
 * PPO continuous-control preset (ALL's presets/continuous/ppo.py, same defaults): no shared
 * features (Identity), a 400-300 ReLU value network ending in a zero-initialized layer (ALL's
 * fc_v), a 400-300 tanh mean network plus one state-independent log-scale variable per action
 * dimension, zero at the start (ALL's fc_policy), read by a GaussianPolicy scaled to the Box; one
 * Adam optimizer (lr 3e-4, eps 1e-5) per network with the learning rate cosine-annealed to 0 over
 * the training's minibatch updates; gradients clipped to norm 0.5; 32 environments, rollouts of 128
 * steps, GAE lambda 0.95, discount 0.99, 20 epochs of 4 minibatches; clip epsilon decayed linearly
 * from 0.2 to 0.01; entropy weight 0.01, value-loss weight 0.5.
 *
 * Deliberate differences from ALL:
 * - actions sent to the environment are clipped into the Box (our environments reject actions
 *   outside it; ALL passes the unclipped Gaussian sample on); the agent keeps the unclipped sample
 *   for its log-probabilities, so the update is the same as ALL's;
 * - the test agent acts with the Gaussian's mean (clipped), not a sample, unless `testGreedy` is
 *   false (ALL's test agent samples);
 * - the network constructors are registry names (`valueModel`, `policyModel`: ALL's fc_v and
 *   fc_policy by default, in presets/continuous/models.ts) and the integer widths `hidden1` and
 *   `hidden2`;
 * - the cosine learning-rate schedule stays at 0 after the planned number of updates (torch's
 *   CosineAnnealingLR would rise again), and is constant when the training length is unknown;
 * - `valueLossScaling` is applied (see lib/agents/ppo.ts); no time feature is appended to the
 *   observation (see presets/continuous/models.ts).
 */
import { PPO, type PPOOptions } from '../../lib/agents/ppo';
import type { StochasticPolicy } from '../../lib/agents/a2c';
import type { Agent, ParallelAgent } from '../../lib/agents/agent';
import type { Approximation } from '../../lib/approximation/approximation';
import { Identity } from '../../lib/approximation/identity';
import { VNetwork } from '../../lib/approximation/v_network';
import { Random } from '../../lib/core/random';
import type { Box } from '../../lib/core/spaces';
import { StateArray, type State } from '../../lib/core/state';
import { constantSchedule, cosineSchedule, type Schedule } from '../../lib/optim/schedules';
import { clipRows } from '../../lib/policies/deterministic';
import { GaussianPolicy } from '../../lib/policies/gaussian';
import { tf } from '../../lib/tf';
import type { Action } from '../../environments/environment';
import { definePreset } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import { ppoAgentSettings, ppoHyperparameters } from '../ppo_common';
import type { AgentOptions, PresetArgs } from '../preset';
import { hiddenWidths, modelSpec, testGreedy } from '../specs';
import { CriticActorContinuousPreset } from './critic_actor_preset';
import { FC_GAUSSIAN_POLICY, FC_V } from './models';

export { fcGaussianPolicy, fcV } from './models';

/** Continuous PPO's hyperparameters with ALL's defaults (presets/continuous/ppo.py). */
export const PPO_CONTINUOUS_HYPERPARAMETERS = {
  ...ppoHyperparameters({
    discountFactor: 0.99,
    lr: 3e-4,
    lrDoc: 'Adam learning rate of the value and policy networks (cosine-annealed to 0 over training)',
    eps: 1e-5,
    clipGrad: 0.5,
    entropyLossScaling: 0.01,
    valueLossScaling: 0.5,
    clipInitial: 0.2,
    clipFinal: 0.01,
    epochs: 20,
    minibatches: 4,
    nEnvs: 32,
    nSteps: 128,
    lam: 0.95,
  }),
  valueModel: modelSpec(FC_V, 'state-value network'),
  policyModel: modelSpec(FC_GAUSSIAN_POLICY, 'Gaussian policy network'),
  ...hiddenWidths(400, 300, 'the value and mean networks'),
  ...testGreedy("test agent acts with the Gaussian's mean (false: samples, as ALL's test agent)"),
} satisfies ParamSpecs;

type H = ParamValues<typeof PPO_CONTINUOUS_HYPERPARAMETERS>;

/**
 * The learning-rate schedule of ALL's continuous PPO (CosineAnnealingLR over the minibatch
 * updates `trainSteps * epochs * minibatches / (nSteps * nEnvs)`), indexed by each network's own
 * update count; constant `lr` when the training length is unknown.
 */
export function ppoCosineLr(lr: number, trainSteps: number | undefined, h: Pick<H, 'epochs' | 'minibatches' | 'nSteps' | 'nEnvs'>): Schedule {
  const updates = ((trainSteps ?? Infinity) * h.epochs * h.minibatches) / (h.nSteps * h.nEnvs);
  return Number.isFinite(updates) && updates > 0 ? cosineSchedule(lr, updates) : constantSchedule(lr);
}

/**
 * PPO whose actions are clipped into the Box on the way out: the unclipped Gaussian samples stay
 * in the rollout (their log-probabilities are what the surrogate objective needs).
 */
export class BoxClippedPPO extends PPO {
  /**
   * @param space the Box the environment accepts
   * (other parameters as PPO's)
   */
  constructor(features: Approximation, v: VNetwork, policy: StochasticPolicy, options: PPOOptions, readonly space: Box) {
    super(features, v, policy, options);
  }

  /** One action per environment, each clipped into the Box (copies; the agent's samples are untouched). */
  override act(states: StateArray): Float32Array[] {
    const actions = super.act(states) as Float32Array[];
    for (const a of actions) clipRows(a, this.space);
    return actions;
  }
}

/**
 * Continuous PPO's test agent: the Gaussian policy's mean (or a sample, when not greedy) in
 * evaluation mode, clipped into the Box; acts on one State or on a StateArray.
 */
export class GaussianTestAgent implements Agent, ParallelAgent {
  /**
   * @param policy a Gaussian policy over a copy of the trained network
   * @param greedy act with the mean (true) or a sample (false, as ALL's test agent)
   */
  constructor(
    readonly policy: GaussianPolicy,
    readonly greedy = true,
  ) {}

  act(state: State): Action;
  act(states: StateArray): Float32Array[];
  act(s: State | StateArray): Action | Float32Array[] {
    const batched = s instanceof StateArray;
    const shape = batched ? s.batchShape : [1, ...s.shape];
    const actions = tf.tidy(() => {
      const x = tf.tensor(s.observation, shape);
      return this.policy.sampleFrom(x, { evaluation: true, deterministic: this.greedy });
    });
    clipRows(actions, this.policy.space);
    if (!batched) return actions;
    const d = this.policy.actionDims;
    return Array.from({ length: shape[0]! }, (_, e) => actions.slice(e * d, (e + 1) * d));
  }
}

export class PPOContinuousPreset extends CriticActorContinuousPreset<H> {
  constructor(args: PresetArgs<H>) {
    super(args, { name: 'v', key: 'valueModel' });
  }


  override get parallel(): boolean {
    return true;
  }

  override get nEnvs(): number {
    return this.h.nEnvs;
  }

  agent(options: AgentOptions = {}): BoxClippedPPO {
    const h = this.h;
    const rng = this.agentRng(options, 1);
    const common = { lr: ppoCosineLr(h.lr, options.trainSteps, h), eps: h.eps, clipGrad: h.clipGrad, logger: options.logger };
    const v = new VNetwork(this.criticModel, common);
    const policy = new GaussianPolicy(this.policyModel, this.space, rng.spawn(), common);
    return new BoxClippedPPO(new Identity(), v, policy, ppoAgentSettings(h, options, rng), this.space);
  }

  testAgent(): GaussianTestAgent {
    return new GaussianTestAgent(new GaussianPolicy(this.policyModel.clone(), this.space, new Random(this.seed + 17)), this.h.testGreedy);
  }

  override parallelTestAgent(): GaussianTestAgent {
    return this.testAgent();
  }
}

/** `continuous.ppo`: Proximal Policy Optimization with a Gaussian policy. */
export const ppo = definePreset({
  id: 'ppo', family: 'continuous', specs: PPO_CONTINUOUS_HYPERPARAMETERS, preset: PPOContinuousPreset, parallel: true,
  description: 'Proximal Policy Optimization (Schulman et al. 2017) with a Gaussian policy: clipped surrogate, GAE, minibatch epochs',
});
