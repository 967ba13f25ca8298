/**
 * Double DQN classic-control preset (ALL's presets/classic_control/ddqn.py, same defaults):
 * DQN's settings plus prioritized replay (alpha 0.2, beta 0.6) and a dueling network of two
 * 256-unit ReLU MLPs.
 */
import { DDQN } from '../../lib/agents/ddqn';
import type { DQN, DQNOptions } from '../../lib/agents/dqn';
import type { QNetwork } from '../../lib/approximation/q_network';
import type { Random } from '../../lib/core/random';
import { PrioritizedReplayBuffer } from '../../lib/memory/prioritized_replay';
import type { ReplayBuffer } from '../../lib/memory/types';
import type { Module } from '../../lib/nn/module';
import type { GreedyPolicy } from '../../lib/policies/greedy';
import { PresetBuilder } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import { DQN_HYPERPARAMETERS, DQNClassicControlPreset } from './dqn';
import { duelingFcReluQ } from './models';

/** DDQN's hyperparameters with ALL's classic-control defaults. */
export const DDQN_HYPERPARAMETERS = {
  ...DQN_HYPERPARAMETERS,
  alpha: { default: 0.2, doc: 'prioritization exponent of the replay buffer', min: 0 },
  beta: { default: 0.6, doc: 'importance-sampling exponent of the replay buffer', min: 0 },
  hidden: { default: 256, doc: 'width of the hidden layer of each dueling stream', integer: true, min: 1 },
} satisfies ParamSpecs;

type H = ParamValues<typeof DDQN_HYPERPARAMETERS>;

export class DDQNClassicControlPreset extends DQNClassicControlPreset {
  protected override get rngSalt(): number {
    return 2;
  }

  protected override makeModel(rng: Random): Module {
    return duelingFcReluQ(this.env, (this.hyperparameters as H).hidden, rng, this.id);
  }

  protected override makeReplay(rng: Random): ReplayBuffer {
    const h = this.hyperparameters as H;
    return new PrioritizedReplayBuffer(h.replayBufferSize, { rng, alpha: h.alpha, beta: h.beta });
  }

  protected override makeAgent(q: QNetwork, policy: GreedyPolicy, replay: ReplayBuffer, options: DQNOptions): DQN {
    return new DDQN(q, policy, replay, options);
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
