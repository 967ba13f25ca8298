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
import { Random } from '../../lib/core/random';
import { ExperienceReplayBuffer } from '../../lib/memory/experience_replay';
import type { Module } from '../../lib/nn/module';
import { linearSchedule } from '../../lib/optim/schedules';
import { PresetBuilder } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import type { AgentOptions } from '../preset';
import { fcReluDistQ } from './dist_models';
import { DistributionalClassicControlPreset } from './dist_preset';

/** C51's hyperparameters with ALL's classic-control defaults. */
export const C51_HYPERPARAMETERS = {
  discountFactor: { default: 0.99, doc: 'discount factor gamma', min: 0, max: 1 },
  lr: { default: 1e-4, doc: 'Adam learning rate', min: 0 },
  minibatchSize: { default: 128, doc: 'transitions per update', integer: true, min: 1 },
  updateFrequency: { default: 1, doc: 'environment frames between updates', integer: true, min: 1 },
  targetUpdateFrequency: { default: 100, doc: 'updates between target-network refreshes', integer: true, min: 1 },
  replayStartSize: { default: 1000, doc: 'transitions stored before the first update (actions are random until then)', integer: true, min: 0 },
  replayBufferSize: { default: 20000, doc: 'replay capacity in transitions', integer: true, min: 1 },
  initialExploration: { default: 1.0, doc: 'epsilon when replay starts', min: 0, max: 1 },
  finalExploration: { default: 0.02, doc: 'epsilon after the decay', min: 0, max: 1 },
  finalExplorationStep: {
    default: 10000,
    doc: 'frame count that ends the decay (as ALL: the decay spans this minus replayStartSize decisions after replay starts)',
    integer: true,
    min: 0,
  },
  testExploration: { default: 0.001, doc: 'epsilon of the test agent', min: 0, max: 1 },
  atoms: { default: 101, doc: 'atoms of each return distribution', integer: true, min: 2 },
  vMin: { default: -100, doc: 'smallest atom, in return units' },
  vMax: { default: 100, doc: 'largest atom, in return units' },
  hidden: { default: 64, doc: 'width of the hidden layer', integer: true, min: 1 },
} satisfies ParamSpecs;

type H = ParamValues<typeof C51_HYPERPARAMETERS>;

export class C51ClassicControlPreset extends DistributionalClassicControlPreset {
  private get h(): H {
    return this.hyperparameters as H;
  }

  protected makeModel(rng: Random): Module {
    return fcReluDistQ(this.env, this.h.hidden, this.h.atoms, rng, this.id);
  }

  agent(options: AgentOptions = {}): C51 {
    const h = this.h;
    const rng = this.agentRng(options, 3);
    const q = this.trainingQ(options);
    const replay = new ExperienceReplayBuffer(h.replayBufferSize, { rng: rng.spawn() });
    const exploration = linearSchedule(h.initialExploration, h.finalExploration, 0, Math.max(0, h.finalExplorationStep - h.replayStartSize));
    return new C51(q, replay, rng, this.agentSettings(options, exploration));
  }

  testAgent(): C51TestAgent {
    return new C51TestAgent(this.testQ(), new Random(this.seed + 17), this.h.testExploration);
  }
}

/** `classicControl.c51`: categorical DQN (Bellemare et al. 2017). */
export const c51 = new PresetBuilder(
  'c51',
  'classic',
  C51_HYPERPARAMETERS,
  (a) => new C51ClassicControlPreset([a.id, a.family, a.name, a.env, a.hyperparameters, a.seed]),
  'Categorical DQN (Bellemare et al. 2017): distributional Q-learning over 101 atoms',
);
