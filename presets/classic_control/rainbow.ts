/**
 * Rainbow classic-control preset (ALL's presets/classic_control/rainbow.py, same defaults): a QDist
 * over fc_relu_rainbow (noisy factorized dueling categorical head, 101 atoms on [-101, 101]),
 * 5-step returns over prioritized replay (alpha 0.5, beta 0.5), Adam with eps 1.5e-4, and a
 * small explicit epsilon decaying from 0.02 to 0 over the training run: ALL's
 * LinearScheduler(initial, final, 0, train_steps - replay_start_size), read once per decision
 * after replay starts (constant 0.02 when the run length is unknown).
 *
 * Deliberate differences from ALL: the model's sizes are hyperparameters (`hidden`, `atoms`,
 * `sigma`) instead of a `model_constructor`; each n-step transition bootstraps with
 * gamma^steps from the batch (ALL passes gamma^n for all, also for episode-end transitions of
 * fewer steps).
 */
import { Rainbow, RainbowTestAgent } from '../../lib/agents/rainbow';
import { NStepReplayBuffer } from '../../lib/memory/n_step_replay';
import { PrioritizedReplayBuffer } from '../../lib/memory/prioritized_replay';
import { linearSchedule } from '../../lib/optim/schedules';
import { definePreset } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { AgentOptions } from '../preset';
import { adamEpsilon, annealLr, atomSupport, count, discount, epsilonDecay, hidden, learningRate, modelSpec, nonNegative, priorities, testEpsilon } from '../specs';
import { FC_RELU_RAINBOW } from './dist_models';
import { DistributionalClassicControlPreset, distributionalReplay } from './dist_preset';

/** Rainbow's hyperparameters with ALL's classic-control defaults. */
export const RAINBOW_HYPERPARAMETERS = {
  ...discount(0.99),
  ...learningRate(2e-4),
  ...adamEpsilon(1.5e-4),
  ...distributionalReplay(64, 20000),
  ...epsilonDecay(0.02, 0.0, {
    initial: 'epsilon when replay starts (decays linearly to finalExploration at the end of training)',
    final: 'epsilon at the end of training',
  }),
  ...testEpsilon(0.001),
  ...annealLr(false),
  ...priorities(0.5, 0.5),
  nSteps: count(5, 'steps per n-step return'),
  ...atomSupport(101, -101, 101),
  sigma: nonNegative(0.5, 'initial noise scale of the noisy layers (before division by sqrt(hidden))'),
  model: modelSpec(FC_RELU_RAINBOW, 'distributional Q network'),
  ...hidden(64),
} satisfies ParamSpecs;

type H = ParamValues<typeof RAINBOW_HYPERPARAMETERS>;

export class RainbowClassicControlPreset extends DistributionalClassicControlPreset<H> {
  protected readonly TestAgent = RainbowTestAgent;

  agent(options: AgentOptions = {}): Rainbow {
    const h = this.h;
    const rng = this.agentRng(options, 4);
    const q = this.trainingQ(options, h.eps);
    const replay = new NStepReplayBuffer(
      h.nSteps,
      h.discountFactor,
      new PrioritizedReplayBuffer(h.replayBufferSize, { rng: rng.spawn(), alpha: h.alpha, beta: h.beta }),
    );
    const trainSteps = options.trainSteps ?? Infinity;
    const exploration = linearSchedule(h.initialExploration, h.finalExploration, 0, Math.max(0, trainSteps - h.replayStartSize));
    return new Rainbow(q, replay, rng, this.agentSettings(options, exploration));
  }
}

/** `classicControl.rainbow`: Rainbow DQN (Hessel et al. 2018). */
export const rainbow = definePreset({
  id: 'rainbow', family: 'classic', specs: RAINBOW_HYPERPARAMETERS, preset: RainbowClassicControlPreset,
  description: 'Rainbow (Hessel et al. 2018): C51 with double Q, dueling, noisy nets, prioritized 5-step replay',
});
