/**
 * What the distributional classic-control presets (c51, rainbow) share, as in ALL's
 * presets/classic_control/{c51,rainbow}.py: one network over `atoms` atoms saved as `q_dist`
 * (named by the `model` hyperparameter, built from a generator seeded with the preset's seed),
 * the replay hyperparameters, the training QDist with its fixed target and checkpointer, the agent
 * settings read from the hyperparameters, and the test agent over a copy of the network. The replay memory, the exploration schedule and
 * the agent classes stay in each preset, where they differ.
 */
import type { C51Options, C51TestAgent } from '../../lib/agents/c51';
import { PeriodicCheckpointer } from '../../lib/approximation/checkpointer';
import { QDist } from '../../lib/approximation/q_dist';
import { FixedTarget } from '../../lib/approximation/target';
import { Random } from '../../lib/core/random';
import type { Module } from '../../lib/nn/module';
import type { Schedule } from '../../lib/optim/schedules';
import { Preset, type AgentOptions, type PresetArgs } from '../preset';
import { annealedLr, replayUpdateCount } from '../lr_annealing';
import { replayMemory, replayUpdates, targetUpdates } from '../specs';
import { actionCount } from './models';

/**
 * The replay hyperparameters of the distributional presets (ALL's c51 and rainbow): one update per
 * frame, a target refreshed every 100 updates, replay from 1,000 transitions.
 * @param minibatchSize transitions per update (c51 128, rainbow 64)
 * @param bufferSize replay capacity (both 20,000)
 */
export function distributionalReplay(minibatchSize: number, bufferSize: number) {
  return {
    ...replayUpdates(minibatchSize, 1),
    ...targetUpdates(100),
    ...replayMemory(1000, bufferSize, 'transitions stored before the first update (actions are random until then)'),
  };
}

/** The hyperparameters every distributional classic-control preset has. */
export interface DistributionalShared {
  discountFactor: number;
  lr: number;
  annealLr: boolean;
  minibatchSize: number;
  updateFrequency: number;
  targetUpdateFrequency: number;
  replayStartSize: number;
  testExploration: number;
  atoms: number;
  vMin: number;
  vMax: number;
}

export abstract class DistributionalClassicControlPreset<H extends DistributionalShared> extends Preset<H> {
  /** The network read by the training and test QDists, saved as `q_dist`. */
  protected readonly model: Module;

  constructor(args: PresetArgs<H>) {
    super(...args);
    this.model = this.buildModel('model', new Random(this.seed));
    this.models.q_dist = this.model;
  }

  /**
   * The training QDist over the preset's network: Adam at `lr` (with epsilon `adamEps` when
   * given, else Approximation's default), a target refreshed every `targetUpdateFrequency`
   * updates, periodic checkpoints into the logger's directory.
   */
  protected trainingQ(options: AgentOptions, adamEps?: number): QDist {
    const h = this.h;
    return new QDist(this.model, {
      actions: actionCount(this.env, this.id),
      atoms: h.atoms,
      vMin: h.vMin,
      vMax: h.vMax,
      lr: annealedLr(h.lr, replayUpdateCount(options.trainSteps, h), h.annealLr),
      ...(adamEps === undefined ? {} : { eps: adamEps }),
      target: new FixedTarget(h.targetUpdateFrequency),
      logger: options.logger,
      checkpointer: new PeriodicCheckpointer(),
      checkpointDir: options.logger?.logdir,
    });
  }

  /** The agent's settings from the hyperparameters, with the given exploration schedule (decisions after replay start). */
  protected agentSettings(options: AgentOptions, exploration: Schedule): C51Options {
    const h = this.h;
    return {
      discountFactor: h.discountFactor,
      minibatchSize: h.minibatchSize,
      replayStartSize: h.replayStartSize,
      updateFrequency: h.updateFrequency,
      exploration,
      logger: options.logger,
    };
  }

  /** The test agent's class (C51's, or Rainbow's of the same constructor). */
  protected abstract readonly TestAgent: typeof C51TestAgent;

  /** A test agent over a copy of the current network (no optimizer state shared), at `testExploration`. */
  testAgent(): C51TestAgent {
    const h = this.h;
    const q = new QDist(this.model.clone(), { actions: actionCount(this.env, this.id), atoms: h.atoms, vMin: h.vMin, vMax: h.vMax });
    return new this.TestAgent(q, new Random(this.seed + 17), h.testExploration);
  }

}
