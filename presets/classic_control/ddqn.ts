/**
 * Double DQN classic-control preset (ALL's presets/classic_control/ddqn.py, same defaults):
 * DQN's settings plus prioritized replay (alpha 0.2, beta 0.6) and a dueling network of two
 * 256-unit ReLU MLPs.
 */
import { DDQN } from '../../lib/agents/ddqn';
import { DQNTestAgent } from '../../lib/agents/dqn';
import { PeriodicCheckpointer } from '../../lib/approximation/checkpointer';
import { QNetwork } from '../../lib/approximation/q_network';
import { FixedTarget } from '../../lib/approximation/target';
import { Random } from '../../lib/core/random';
import { PrioritizedReplayBuffer } from '../../lib/memory/prioritized_replay';
import type { Module } from '../../lib/nn/module';
import { GreedyPolicy } from '../../lib/policies/greedy';
import { PresetBuilder } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import { Preset, type AgentOptions } from '../preset';
import { DQN_HYPERPARAMETERS, explorationSchedule } from './dqn';
import { actionCount, duelingFcReluQ } from './models';

/** DDQN's hyperparameters with ALL's classic-control defaults. */
export const DDQN_HYPERPARAMETERS = {
  ...DQN_HYPERPARAMETERS,
  alpha: { default: 0.2, doc: 'prioritization exponent of the replay buffer', min: 0 },
  beta: { default: 0.6, doc: 'importance-sampling exponent of the replay buffer', min: 0 },
  hidden: { default: 256, doc: 'width of the hidden layer of each dueling stream', integer: true, min: 1 },
} satisfies ParamSpecs;

type H = ParamValues<typeof DDQN_HYPERPARAMETERS>;

class DDQNClassicControlPreset extends Preset {
  private readonly model: Module;
  private readonly h: H;

  constructor(args: ConstructorParameters<typeof Preset>) {
    super(...args);
    this.h = this.hyperparameters as H;
    this.model = duelingFcReluQ(this.env, this.h.hidden, new Random(this.seed), this.id);
    this.models.q = this.model;
  }

  agent(options: AgentOptions = {}): DDQN {
    const h = this.h;
    const rng = this.agentRng(options, 2);
    const q = new QNetwork(this.model, {
      lr: h.lr,
      target: new FixedTarget(h.targetUpdateFrequency),
      logger: options.logger,
      checkpointer: new PeriodicCheckpointer(),
      checkpointDir: options.logger?.logdir,
    });
    const policy = new GreedyPolicy(q, actionCount(this.env, this.id), rng, {
      epsilon: explorationSchedule(h),
      logger: options.logger,
    });
    const replay = new PrioritizedReplayBuffer(h.replayBufferSize, { rng: rng.spawn(), alpha: h.alpha, beta: h.beta });
    return new DDQN(q, policy, replay, {
      discountFactor: h.discountFactor,
      minibatchSize: h.minibatchSize,
      replayStartSize: h.replayStartSize,
      updateFrequency: h.updateFrequency,
    });
  }

  testAgent(): DQNTestAgent {
    const q = new QNetwork(this.model.clone());
    return new DQNTestAgent(
      new GreedyPolicy(q, actionCount(this.env, this.id), new Random(this.seed + 17), {
        epsilon: this.h.testExploration,
        evaluation: true,
      }),
    );
  }
}

/** `classicControl.ddqn`: Double DQN with prioritized replay and a dueling network. */
export const ddqn = new PresetBuilder(
  'ddqn',
  'classic',
  DDQN_HYPERPARAMETERS,
  (a) => new DDQNClassicControlPreset([a.id, a.family, a.name, a.env, a.hyperparameters, a.seed]),
  'Double DQN (van Hasselt et al. 2016) with prioritized replay and a dueling network',
);
