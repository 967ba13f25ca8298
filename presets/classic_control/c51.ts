/**
 * C51 classic-control preset (ALL's presets/classic_control/c51.py, same defaults): a QDist over
 * fc_relu_dist_q (101 atoms on [-100, 100]), uniform replay, a fixed target refreshed every 100
 * updates, and epsilon decaying from 1 to 0.02 over the 9,000 decisions after replay starts
 * (ALL's LinearScheduler(initial, final, 0, finalExplorationStep - replayStartSize)).
 *
 * Deliberate differences from ALL: the model's sizes are hyperparameters (`hidden`, `atoms`)
 * instead of a `model_constructor`.
 */
import { C51, C51TestAgent } from '../../lib/agents/c51';
import { ExperienceReplayBuffer } from '../../lib/memory/experience_replay';
import { linearSchedule } from '../../lib/optim/schedules';
import { definePreset } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { AgentOptions } from '../preset';
import { annealLr, atomSupport, discount, epsilonDecay, explorationEnd, hidden, learningRate, modelSpec, testEpsilon } from '../specs';
import { FC_RELU_DIST_Q } from './dist_models';
import { DistributionalClassicControlPreset, distributionalReplay } from './dist_preset';

/** C51's hyperparameters with ALL's classic-control defaults. */
export const C51_HYPERPARAMETERS = {
  ...discount(0.99),
  ...learningRate(1e-4),
  ...distributionalReplay(128, 20000),
  ...epsilonDecay(1.0, 0.02, { initial: 'epsilon when replay starts' }),
  ...explorationEnd(10000, 'frame count that ends the decay (as ALL: the decay spans this minus replayStartSize decisions after replay starts)'),
  ...testEpsilon(0.001),
  ...annealLr(false),
  ...atomSupport(101, -100, 100),
  model: modelSpec(FC_RELU_DIST_Q, 'distributional Q network'),
  ...hidden(64),
} satisfies ParamSpecs;

type H = ParamValues<typeof C51_HYPERPARAMETERS>;

export class C51ClassicControlPreset extends DistributionalClassicControlPreset<H> {
  protected readonly TestAgent = C51TestAgent;

  agent(options: AgentOptions = {}): C51 {
    const h = this.h;
    const rng = this.agentRng(options, 3);
    // a table with an Adam epsilon (the atari family's) uses it; the classic and minatar tables keep Adam's default
    const q = this.trainingQ(options, (h as { eps?: number }).eps);
    const replay = new ExperienceReplayBuffer(h.replayBufferSize, { rng: rng.spawn() });
    const exploration = linearSchedule(h.initialExploration, h.finalExploration, 0, Math.max(0, h.finalExplorationStep - h.replayStartSize));
    return new C51(q, replay, rng, this.agentSettings(options, exploration));
  }
}

/** `classicControl.c51`: categorical DQN (Bellemare et al. 2017). */
export const c51 = definePreset({
  id: 'c51', family: 'classic', specs: C51_HYPERPARAMETERS, preset: C51ClassicControlPreset,
  description: 'Categorical DQN (Bellemare et al. 2017): distributional Q-learning over 101 atoms',
});
