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
import { Random } from '../../lib/core/random';
import { NStepReplayBuffer } from '../../lib/memory/n_step_replay';
import { PrioritizedReplayBuffer } from '../../lib/memory/prioritized_replay';
import type { Module } from '../../lib/nn/module';
import { linearSchedule } from '../../lib/optim/schedules';
import { PresetBuilder } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { AgentOptions } from '../preset';
import { fcReluRainbow } from './dist_models';
import { DistributionalClassicControlPreset } from './dist_preset';

/** Rainbow's hyperparameters with ALL's classic-control defaults. */
export const RAINBOW_HYPERPARAMETERS = {
  discountFactor: { default: 0.99, doc: 'discount factor gamma', min: 0, max: 1 },
  lr: { default: 2e-4, doc: 'Adam learning rate', min: 0 },
  eps: { default: 1.5e-4, doc: "Adam's epsilon", min: 0 },
  minibatchSize: { default: 64, doc: 'transitions per update', integer: true, min: 1 },
  updateFrequency: { default: 1, doc: 'environment frames between updates', integer: true, min: 1 },
  targetUpdateFrequency: { default: 100, doc: 'updates between target-network refreshes', integer: true, min: 1 },
  replayStartSize: { default: 1000, doc: 'transitions stored before the first update (actions are random until then)', integer: true, min: 0 },
  replayBufferSize: { default: 20000, doc: 'replay capacity in transitions', integer: true, min: 1 },
  initialExploration: { default: 0.02, doc: 'epsilon when replay starts (decays linearly to finalExploration at the end of training)', min: 0, max: 1 },
  finalExploration: { default: 0.0, doc: 'epsilon at the end of training', min: 0, max: 1 },
  testExploration: { default: 0.001, doc: 'epsilon of the test agent', min: 0, max: 1 },
  alpha: { default: 0.5, doc: 'prioritization exponent of the replay buffer', min: 0 },
  beta: { default: 0.5, doc: 'importance-sampling exponent of the replay buffer', min: 0 },
  nSteps: { default: 5, doc: 'steps per n-step return', integer: true, min: 1 },
  atoms: { default: 101, doc: 'atoms of each return distribution', integer: true, min: 2 },
  vMin: { default: -101, doc: 'smallest atom, in return units' },
  vMax: { default: 101, doc: 'largest atom, in return units' },
  sigma: { default: 0.5, doc: 'initial noise scale of the noisy layers (before division by sqrt(hidden))', min: 0 },
  hidden: { default: 64, doc: 'width of the hidden layer', integer: true, min: 1 },
} satisfies ParamSpecs;

type H = ParamValues<typeof RAINBOW_HYPERPARAMETERS>;

export class RainbowClassicControlPreset extends DistributionalClassicControlPreset {
  private get h(): H {
    return this.hyperparameters as H;
  }

  protected makeModel(rng: Random): Module {
    return fcReluRainbow(this.env, this.h.hidden, this.h.atoms, this.h.sigma, rng, this.id);
  }

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

  testAgent(): RainbowTestAgent {
    return new RainbowTestAgent(this.testQ(), new Random(this.seed + 17), this.h.testExploration);
  }
}

/** `classicControl.rainbow`: Rainbow DQN (Hessel et al. 2018). */
export const rainbow = new PresetBuilder(
  'rainbow',
  'classic',
  RAINBOW_HYPERPARAMETERS,
  (a) => new RainbowClassicControlPreset([a.id, a.family, a.name, a.env, a.hyperparameters, a.seed]),
  'Rainbow (Hessel et al. 2018): C51 with double Q, dueling, noisy nets, prioritized 5-step replay',
);
