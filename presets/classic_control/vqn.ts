/**
 * VQN classic-control preset (ALL's presets/classic_control/vqn.py, same defaults): parallel
 * online Q-learning with a dueling network, epsilon decaying linearly over the first
 * `finalExplorationStep` frames (counted across all copies) and the learning rate cosine-annealed
 * to 0 over the training run, as ALL does.
 *
 * Differs from ALL: the network width is the integer hyperparameter `hidden` (ALL's
 * dueling_fc_relu_q hard-codes 256).
 */
import { VQN, VQNParallelTestAgent, VQNTestAgent } from '../../lib/agents/vqn';
import { VSarsa } from '../../lib/agents/vsarsa';
import { QNetwork } from '../../lib/approximation/q_network';
import { Random } from '../../lib/core/random';
import type { Module } from '../../lib/nn/module';
import { cosineSchedule, linearSchedule } from '../../lib/optim/schedules';
import { GreedyPolicy, ParallelGreedyPolicy } from '../../lib/policies/greedy';
import { PresetBuilder } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import { Preset, type AgentOptions } from '../preset';
import { actionCount, duelingFcReluQ } from './models';

/** VQN's (and VSarsa's) hyperparameters with ALL's classic-control defaults. */
export const VQN_HYPERPARAMETERS = {
  discountFactor: { default: 0.99, doc: 'discount factor gamma', min: 0, max: 1 },
  lr: { default: 1e-2, doc: 'Adam learning rate at the start (cosine-annealed to 0 over the training frames)', min: 0 },
  eps: { default: 1.5e-4, doc: "Adam's epsilon", min: 0 },
  initialExploration: { default: 1.0, doc: 'epsilon at the start', min: 0, max: 1 },
  finalExploration: { default: 0.0, doc: 'epsilon after the decay', min: 0, max: 1 },
  finalExplorationStep: { default: 10000, doc: 'environment frames (over all copies) that end the epsilon decay', integer: true, min: 0 },
  testExploration: { default: 0.001, doc: 'epsilon of the test agents', min: 0, max: 1 },
  nEnvs: { default: 8, doc: 'parallel environment copies', integer: true, min: 1 },
  hidden: { default: 256, doc: 'width of the hidden layer of the value and advantage streams', integer: true, min: 1 },
} satisfies ParamSpecs;

type H = ParamValues<typeof VQN_HYPERPARAMETERS>;

/** The preset shared by VQN and VSarsa: they differ only in the agent's update. */
export class ParallelQClassicControlPreset extends Preset {
  private readonly model: Module;
  private readonly h: H;

  constructor(
    args: ConstructorParameters<typeof Preset>,
    private readonly Agent: typeof VQN | typeof VSarsa,
  ) {
    super(...args);
    this.h = this.hyperparameters as H;
    this.model = duelingFcReluQ(this.env, this.h.hidden, new Random(this.seed), this.id);
    this.models.q = this.model;
  }

  override get parallel(): boolean {
    return true;
  }

  override get nEnvs(): number {
    return this.h.nEnvs;
  }

  agent(options: AgentOptions = {}): VQN | VSarsa {
    const h = this.h;
    const trainSteps = options.trainSteps ?? Infinity;
    const q = new QNetwork(this.model, {
      lr: cosineSchedule(h.lr, trainSteps / h.nEnvs),
      eps: h.eps,
      logger: options.logger,
    });
    // one decision per parallel step, so the decay spans finalExplorationStep / nEnvs decisions
    const policy = new ParallelGreedyPolicy(q, actionCount(this.env, this.id), this.agentRng(options, 1), {
      epsilon: linearSchedule(h.initialExploration, h.finalExploration, 0, h.finalExplorationStep / h.nEnvs),
      logger: options.logger,
    });
    return new this.Agent(q, policy, { discountFactor: h.discountFactor });
  }

  testAgent(): VQNTestAgent {
    const q = new QNetwork(this.model.clone());
    return new VQNTestAgent(
      new GreedyPolicy(q, actionCount(this.env, this.id), new Random(this.seed + 17), {
        epsilon: this.h.testExploration,
        evaluation: true,
      }),
    );
  }

  override parallelTestAgent(): VQNParallelTestAgent {
    const q = new QNetwork(this.model.clone());
    return new VQNParallelTestAgent(
      new ParallelGreedyPolicy(q, actionCount(this.env, this.id), new Random(this.seed + 19), {
        epsilon: this.h.testExploration,
        evaluation: true,
      }),
    );
  }
}

/** `classicControl.vqn`: Vanilla Q-Network, parallel online Q-learning without replay or target network. */
export const vqn = new PresetBuilder(
  'vqn',
  'classic',
  VQN_HYPERPARAMETERS,
  (a) => new ParallelQClassicControlPreset([a.id, a.family, a.name, a.env, a.hyperparameters, a.seed], VQN),
  'Vanilla Q-Network: parallel online Q-learning, dueling network, no replay or target network',
  true,
);
