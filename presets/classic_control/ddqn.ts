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
import type { GreedyPolicy } from '../../lib/policies/greedy';
import { definePreset } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import { hidden, modelSpec, priorities } from '../specs';
import { DQN_HYPERPARAMETERS, DQNClassicControlPreset } from './dqn';
import { DUELING_FC_RELU_Q } from './models';

/** DDQN's hyperparameters with ALL's classic-control defaults. */
export const DDQN_HYPERPARAMETERS = {
  ...DQN_HYPERPARAMETERS,
  ...priorities(0.2, 0.6),
  model: modelSpec(DUELING_FC_RELU_Q, 'Q network'),
  ...hidden(256, 'width of the hidden layer of each dueling stream'),
} satisfies ParamSpecs;

type H = ParamValues<typeof DDQN_HYPERPARAMETERS>;

export class DDQNClassicControlPreset extends DQNClassicControlPreset<H> {
  protected override get rngSalt(): number {
    return 2;
  }

  protected override makeReplay(rng: Random): ReplayBuffer {
    const h = this.h;
    return new PrioritizedReplayBuffer(h.replayBufferSize, { rng, alpha: h.alpha, beta: h.beta });
  }

  protected override makeAgent(q: QNetwork, policy: GreedyPolicy, replay: ReplayBuffer, options: DQNOptions): DQN {
    return new DDQN(q, policy, replay, options);
  }
}

/** `classicControl.ddqn`: Double DQN with prioritized replay and a dueling network. */
export const ddqn = definePreset({
  id: 'ddqn', family: 'classic', specs: DDQN_HYPERPARAMETERS, preset: DDQNClassicControlPreset,
  description: 'Double DQN (van Hasselt et al. 2016) with prioritized replay and a dueling network',
});
