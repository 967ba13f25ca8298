/**
 * Recurrent Q-learning classic-control preset (issue 14): an MLP -> LSTM -> MLP Q-network trained
 * on stored sequences with Peng's Q(lambda) and double-Q targets (lib/agents/recurrent_q.ts), in
 * the line of R2D2 (Kapturowski et al. 2019, https://openreview.net/forum?id=r1lyTjAqYX) and
 * jaxneurorl's recurrent Q-learner, for tasks where one observation is not the whole state
 * (CartPole with `observe: 'positions'`, `MemoryLength-bsuite`).
 *
 * jaxneurorl's defaults kept: discount 0.99, lambda 0.9, sequences of 20 steps, global-norm clip
 * 10, Adam epsilon 1e-5, R2D2's priority exponent 0.9 and eta 0.9.
 * Changed, and why (measured on our 2-core machine):
 * - target sync every 200 updates instead of 2,000: classic-control runs here make 5,000-25,000
 *   updates in all, so a 2,000-update period would refresh the target only a handful of times;
 * - network MLP(64) -> LSTM(64) -> MLP(64) instead of 128 / 128 / 512: the tasks are tiny and an
 *   update costs several times less (bench/lstm.ts times the 128/128/512 network);
 * - no value rescaling (rewards are small: +-1 per step).
 * Measured with these defaults (bench/recurrent_q_learning.ts, session 15 code; test means over 100
 * greedy episodes): MemoryLength-bsuite (memory 10), 4,000 frames: 100/100 answers right on seeds
 * 0-4 (2,000 frames: seed 2 only 42/100). CartPole-v1 `observe: 'positions'`, seeds 0-4:
 * - `parallel_recurrent_q` (below; 8 environments, Ape-X epsilons), 150,000 frames: 500.0 / 483.6 /
 *   500.0 / 448.9 / 364.4 (mean 459.4, worst 364.4; about 10 min a run); seeds 5-9 (session 16):
 *   478.9 / 484.2 / 494.9 / 487.5 / 463.4, so seeds 0-9: mean 470.6, 9 of 10 above 400;
 * - `recurrent_q`, 150,000 frames: 491.9 / 392.1 / 409.8 / 483.4 / 500.0 (mean 455.4, worst 392.1);
 * - `recurrent_q`, 50,000 frames, seeds 0-2: 149.3 / 229.7 / 449.6 (session 14's code, which differs
 *   only in float32 rounding: 442.7 / 364.0 / 131.7): too short, a lottery;
 * - feed-forward dqn on the same observations, 150,000 frames, seeds 0-2: 38.9 / 42.0 / 38.6.
 * Session 14 at 50,000 frames: `annealLr` (cosine to 0, off by default) 264.4 on seed 0; R2D2's
 * burn-in (`burnIn=5 sequenceLength=25`) 420.4 / 151.1 / 437.4 on seeds 0-2; `lr=5e-4` on seed 2
 * 178.2. Defaults unchanged.
 */
import { QNetwork } from '../../lib/approximation/q_network';
import { FixedTarget } from '../../lib/approximation/target';
import { Random } from '../../lib/core/random';
import { ParallelRecurrentQ, RecurrentQ, RecurrentQTestAgent, apexEpsilons } from '../../lib/agents/recurrent_q';
import { SequenceReplayBuffer } from '../../lib/memory/sequence_replay';
import { recurrentQModel } from '../../lib/nn/recurrent_q_model';
import type { Module } from '../../lib/nn/module';
import { linearSchedule } from '../../lib/optim/schedules';
import { definePreset } from '../builder';
import type { ParamSpecs, ParamValues } from '../hyperparameters';
import { Preset, type AgentOptions, type PresetArgs } from '../preset';
import { annealLr, adamEpsilon, clipGrad, count, discount, epsilonDecay, explorationEnd, learningRate, nonNegative, replayUpdates, targetUpdates, testEpsilon, unitInterval } from '../specs';
import { actionCount } from './models';
import { annealedLr, replayUpdateCount } from '../lr_annealing';

/** RecurrentQ's hyperparameters (defaults in the file header). */
export const RECURRENT_Q_HYPERPARAMETERS = {
  ...discount(0.99),
  ...learningRate(1e-3),
  ...annealLr(false),
  ...adamEpsilon(1e-5),
  ...clipGrad(10, 'global-norm gradient clip (jaxneurorl: 10)'),
  lambda: unitInterval(0.9, "Q(lambda)'s lambda (Peng's; jaxneurorl: 0.9)"),
  sequenceLength: count(20, 'transitions per stored sequence, burn-in included (jaxneurorl: 20)'),
  overlap: count(10, 'steps shared by consecutive sequences of one environment', 0),
  burnIn: count(0, 'leading steps of a sequence that only warm up the LSTM state (R2D2: 40 of 80)', 0),
  ...replayUpdates(32, 4),
  minibatchSize: count(32, 'sequences per update'),
  ...targetUpdates(200),
  replayStartSize: count(1000, 'frames stored before the first update', 0),
  replayBufferSize: count(5000, 'replay capacity in sequences'),
  priorityExponent: nonNegative(0.9, 'prioritization exponent (R2D2: 0.9; 0 samples uniformly)'),
  priorityBeta: nonNegative(0.6, 'importance-sampling exponent (R2D2: 0.6)'),
  priorityEta: unitInterval(0.9, "R2D2's priority mix eta max|delta| + (1 - eta) mean|delta|"),
  valueRescaling: { default: 0, doc: "1 applies R2D2's value rescaling h to the targets", integer: true, min: 0, max: 1 },
  ...epsilonDecay(1.0, 0.02),
  ...explorationEnd(10000, 'frame count where the epsilon decay (from replayStartSize) ends'),
  ...testEpsilon(0),
  hidden: count(64, 'width of the dense layer before the LSTM'),
  lstm: count(64, 'width of the LSTM'),
  head: count(64, 'width of the dense layer after the LSTM'),
} satisfies ParamSpecs;

type H = ParamValues<typeof RECURRENT_Q_HYPERPARAMETERS>;

/** The recurrent Q preset (one environment). */
export class RecurrentQPreset<T extends H = H> extends Preset<T> {
  protected readonly model: Module;
  protected readonly lstmKey: string;
  protected readonly stateSizes: number[];

  constructor(args: PresetArgs<T>) {
    super(...args);
    const h = this.h;
    const obs = this.env.observationSpace.shape.reduce((a, b) => a * b, 1);
    const built = recurrentQModel(obs, actionCount(this.env, this.id), new Random(this.seed), { hidden: [h.hidden], lstm: h.lstm, head: [h.head] });
    this.model = built.model;
    this.lstmKey = built.lstmKey;
    this.stateSizes = [built.lstmSize, built.lstmSize];
    this.models.q = this.model;
  }

  /** Environments the agent acts on. */
  protected get envCount(): number {
    return 1;
  }

  /** The parts and options an agent is built from. */
  protected parts(options: AgentOptions) {
    const h = this.h;
    const rng = this.agentRng(options, 3);
    const q = new QNetwork(this.model, {
      lr: annealedLr(h.lr, replayUpdateCount(options.trainSteps, h), h.annealLr),
      eps: h.eps,
      clipGrad: h.clipGrad,
      target: new FixedTarget(h.targetUpdateFrequency),
      logger: options.logger,
    });
    const replay = new SequenceReplayBuffer(h.replayBufferSize, {
      length: h.sequenceLength,
      overlap: h.overlap,
      burnIn: h.burnIn,
      envs: this.envCount,
      rng: rng.spawn(),
      ...(h.priorityExponent > 0 ? { prioritized: { exponent: h.priorityExponent, beta: h.priorityBeta } } : {}),
    });
    const settings = {
      discount: h.discountFactor,
      lambda: h.lambda,
      valueRescaling: h.valueRescaling === 1,
      priorityEta: h.priorityEta,
      minibatchSize: h.minibatchSize,
      replayStartSize: h.replayStartSize,
      updateFrequency: h.updateFrequency,
      actions: actionCount(this.env, this.id),
      epsilon: linearSchedule(h.initialExploration, h.finalExploration, h.replayStartSize, Math.max(h.replayStartSize, h.finalExplorationStep)),
    };
    return { parts: { q, replay, lstmKey: this.lstmKey, stateSizes: this.stateSizes, rng }, settings };
  }

  agent(options: AgentOptions = {}): RecurrentQ | ParallelRecurrentQ {
    const { parts, settings } = this.parts(options);
    return new RecurrentQ(parts, settings);
  }

  testAgent(): RecurrentQTestAgent {
    return new RecurrentQTestAgent(this.model, this.lstmKey, this.stateSizes, actionCount(this.env, this.id), this.h.testExploration, new Random(this.seed + 17));
  }
}

/** `classicControl.recurrentQ`: recurrent (LSTM) Q-learning with sequence replay and Q(lambda). */
export const recurrentQ = definePreset({
  id: 'recurrent_q', family: 'classic', specs: RECURRENT_Q_HYPERPARAMETERS, preset: RecurrentQPreset,
  description: 'Recurrent Q-learning (R2D2 / jaxneurorl): LSTM Q-network, sequence replay with stored state, Q(lambda)',
});

/** Hyperparameters of the parallel form: environments and Ape-X epsilons. */
export const PARALLEL_RECURRENT_Q_HYPERPARAMETERS = {
  ...RECURRENT_Q_HYPERPARAMETERS,
  nEnvs: count(8, 'parallel environment copies'),
  epsilonBase: unitInterval(0.4, 'Ape-X epsilon base: eps_i = base^(1 + alpha i / (n - 1)) (R2D2: 0.4)'),
  epsilonAlpha: nonNegative(7, 'Ape-X epsilon exponent alpha (R2D2: 7)'),
} satisfies ParamSpecs;

type PH = ParamValues<typeof PARALLEL_RECURRENT_Q_HYPERPARAMETERS>;

/** The parallel recurrent Q preset: one actor per environment copy, each with its own epsilon (Ape-X). */
export class ParallelRecurrentQPreset extends RecurrentQPreset<PH> {
  override get parallel(): boolean {
    return true;
  }
  override get nEnvs(): number {
    return this.h.nEnvs;
  }
  protected override get envCount(): number {
    return this.h.nEnvs;
  }
  override agent(options: AgentOptions = {}): ParallelRecurrentQ {
    const { parts, settings } = this.parts(options);
    return new ParallelRecurrentQ(parts, { ...settings, epsilon: apexEpsilons(this.h.nEnvs, this.h.epsilonBase, this.h.epsilonAlpha) }, this.h.nEnvs);
  }
  override parallelTestAgent(): RecurrentQTestAgent {
    return this.testAgent();
  }
}

/** `classicControl.parallelRecurrentQ`: recurrent Q-learning over parallel environments with Ape-X epsilons. */
export const parallelRecurrentQ = definePreset({
  id: 'parallel_recurrent_q', family: 'classic', specs: PARALLEL_RECURRENT_Q_HYPERPARAMETERS, preset: ParallelRecurrentQPreset,
  description: 'Recurrent Q-learning over parallel environments, per-environment epsilons (Ape-X / R2D2)', parallel: true,
});
