/**
 * What the parallel online Q presets (vqn, vsarsa) share, as in ALL's
 * presets/classic_control/{vqn,vsarsa}.py: one Q network named by the `model` hyperparameter
 * (saved as `q`), Adam with the learning rate cosine-annealed to 0 over the training run, epsilon
 * decaying linearly over the first `finalExplorationStep` frames counted across all copies, and
 * greedy test agents over a copy of the network. The presets differ only in the agent's update.
 */
import { VQNParallelTestAgent, VQNTestAgent, type VQN } from '../../lib/agents/vqn';
import type { VSarsa } from '../../lib/agents/vsarsa';
import { QNetwork } from '../../lib/approximation/q_network';
import { Random } from '../../lib/core/random';
import type { Module } from '../../lib/nn/module';
import { cosineSchedule, linearSchedule } from '../../lib/optim/schedules';
import { GreedyPolicy, ParallelGreedyPolicy } from '../../lib/policies/greedy';
import type { ParamValues } from '../hyperparameters';
import { Preset, type AgentOptions, type PresetArgs } from '../preset';
import { evaluationPolicy } from './evaluation_policy';
import { actionCount } from './models';
import type { PARALLEL_Q_HYPERPARAMETERS } from './vqn';

type H = ParamValues<typeof PARALLEL_Q_HYPERPARAMETERS>;

/** The preset shared by VQN and VSarsa: they differ only in the agent's update. */
export abstract class ParallelQClassicControlPreset extends Preset<H> {
  private readonly model: Module;

  constructor(args: PresetArgs<H>) {
    super(...args);
    this.model = this.buildModel('model', new Random(this.seed));
    this.models.q = this.model;
  }

  /** The agent class: VQN (Q-learning) or VSarsa (Sarsa); same constructor. */
  protected abstract readonly Agent: typeof VQN | typeof VSarsa;

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
    return new VQNTestAgent(evaluationPolicy(GreedyPolicy, this.model, this.env, this.id, this.seed + 17, this.h.testExploration));
  }

  override parallelTestAgent(): VQNParallelTestAgent {
    return new VQNParallelTestAgent(
      evaluationPolicy(ParallelGreedyPolicy, this.model, this.env, this.id, this.seed + 19, this.h.testExploration),
    );
  }
}
