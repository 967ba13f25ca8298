/**
 * DQN classic-control preset (ALL's presets/classic_control/dqn.py, same defaults).
 */
import { DQN, DQNTestAgent, type DQNOptions } from '../../lib/agents/dqn';
import { QNetwork } from '../../lib/approximation/q_network';
import { FixedTarget } from '../../lib/approximation/target';
import { PeriodicCheckpointer } from '../../lib/approximation/checkpointer';
import { Random } from '../../lib/core/random';
import { ExperienceReplayBuffer } from '../../lib/memory/experience_replay';
import type { ReplayBuffer } from '../../lib/memory/types';
import type { Module } from '../../lib/nn/module';
import { linearSchedule } from '../../lib/optim/schedules';
import { GreedyPolicy } from '../../lib/policies/greedy';
import { definePreset } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import { Preset, type AgentOptions, type PresetArgs } from '../preset';
import {
  discount,
  epsilonDecay,
  explorationEnd,
  hidden,
  learningRate,
  modelSpec,
  replayMemory,
  replayUpdates,
  targetUpdates,
  testEpsilon,
  annealLr,
} from '../specs';
import { annealedLr, replayUpdateCount } from '../lr_annealing';
import { optimizerOf, tdLossOf } from '../optimizer_choice';
import { evaluationPolicy } from './evaluation_policy';
import { actionCount, FC_RELU_Q } from './models';

/** DQN's hyperparameters with ALL's classic-control defaults. */
export const DQN_HYPERPARAMETERS = {
  ...discount(0.99),
  ...learningRate(1e-3),
  ...replayUpdates(64, 1),
  ...targetUpdates(100),
  ...replayMemory(1000, 10000),
  ...epsilonDecay(1.0, 0.0),
  ...explorationEnd(10000, 'frame count that ends the decay (as ALL: decay ends at this minus replayStartSize)'),
  ...testEpsilon(0.001),
  ...annealLr(false),
  model: modelSpec(FC_RELU_Q, 'Q network'),
  ...hidden(64),
} satisfies ParamSpecs;

type H = ParamValues<typeof DQN_HYPERPARAMETERS>;

/** The epsilon schedule ALL's DQN presets use: flat until replay start, then linear. */
export function explorationSchedule(h: { initialExploration: number; finalExploration: number; replayStartSize: number; finalExplorationStep: number }) {
  return linearSchedule(
    h.initialExploration,
    h.finalExploration,
    h.replayStartSize,
    Math.max(h.replayStartSize, h.finalExplorationStep - h.replayStartSize),
  );
}

/**
 * The DQN family's preset: subclasses (DDQN) change the network, the replay buffer and the agent
 * class through the three `make*` hooks; everything else is shared. Tables with `optimizer` and
 * `loss` keys (the minatar family's) choose the optimizer and the TD loss; the classic ones keep
 * ALL's Adam and mse.
 */
export class DQNClassicControlPreset<T extends H = H> extends Preset<T> {
  protected readonly model: Module;

  constructor(args: PresetArgs<T>) {
    super(...args);
    this.model = this.buildModel('model', new Random(this.seed));
    this.models.q = this.model;
  }

  protected makeReplay(rng: Random): ReplayBuffer {
    return new ExperienceReplayBuffer(this.h.replayBufferSize, { rng });
  }

  protected makeAgent(q: QNetwork, policy: GreedyPolicy, replay: ReplayBuffer, options: DQNOptions): DQN {
    return new DQN(q, policy, replay, options);
  }

  /** Distinguishes the default agent streams of presets built with the same seed. */
  protected get rngSalt(): number {
    return 1;
  }

  agent(options: AgentOptions = {}): DQN {
    const h = this.h;
    const rng = this.agentRng(options, this.rngSalt);
    const q = new QNetwork(this.model, {
      lr: annealedLr(h.lr, replayUpdateCount(options.trainSteps, h), h.annealLr),
      target: new FixedTarget(h.targetUpdateFrequency),
      logger: options.logger,
      checkpointer: new PeriodicCheckpointer(),
      checkpointDir: options.logger?.logdir,
      ...optimizerOf(h),
    });
    const policy = new GreedyPolicy(q, actionCount(this.env, this.id), rng, {
      epsilon: explorationSchedule(h),
      logger: options.logger,
    });
    return this.makeAgent(q, policy, this.makeReplay(rng.spawn()), {
      discountFactor: h.discountFactor,
      minibatchSize: h.minibatchSize,
      replayStartSize: h.replayStartSize,
      updateFrequency: h.updateFrequency,
      loss: tdLossOf(h),
    });
  }

  testAgent(): DQNTestAgent {
    return new DQNTestAgent(evaluationPolicy(GreedyPolicy, this.model, this.env, this.id, this.seed + 17, this.h.testExploration));
  }
}

/** `classicControl.dqn`: Deep Q-Network. */
export const dqn = definePreset({
  id: 'dqn', family: 'classic', specs: DQN_HYPERPARAMETERS, preset: DQNClassicControlPreset,
  description: 'Deep Q-Network (Mnih et al. 2015): replay, fixed target, epsilon-greedy',
});
