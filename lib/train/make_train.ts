/**
 * `makeTrain`: a learning algorithm composed from functions, in the style of jaxneurorl's
 * `make_train` (https://github.com/wcarvalho/jaxneurorl, `jaxneurorl/agents/value_based_basics.py`):
 * the caller supplies functions that make the network ("agent" there), the optimizer settings,
 * the loss, the actor and the logger, and gets back `train(env, config, seed) -> results`.
 * Swapping one function makes a new algorithm (examples/recurrent_n_step_q.ts swaps the loss).
 *
 * The loop is the recurrent Q-learner's (lib/agents/recurrent_q.ts `RecurrentQCore`): act on one
 * environment with the carried recurrent state, store steps in a sequence replay, update every
 * `updateFrequency` frames after `replayStartSize`, then test `testEpisodes` greedy episodes.
 * `recurrentQTrainParts` gives the functions that make it RecurrentQ, the same agent the
 * `recurrent_q` preset builds (same seed, same numbers: tested in __tests__/train/make_train.test.ts).
 *
 * Deliberate differences from jaxneurorl: no JAX-style pure state threading (our networks are
 * objects with variables); the train function is synchronous and single-environment.
 */
import { QNetwork } from '../approximation/q_network';
import { FixedTarget } from '../approximation/target';
import { Random } from '../core/random';
import type { State } from '../core/state';
import type { Box, Space } from '../core/spaces';

/** What a train function needs of an environment (any allts Environment satisfies it). */
export interface TrainEnvironment {
  readonly observationSpace: Box;
  readonly actionSpace: Space;
  reset(options?: { seed?: number }): State;
  step(action: number): State;
}
import { RecurrentQCore, RecurrentQTestAgent, epsilonGreedyActor, type ActorFn, type SequenceLossFn } from '../agents/recurrent_q';
import { recurrentQLoss } from '../agents/recurrent_q_loss';
import { SequenceReplayBuffer } from '../memory/sequence_replay';
import type { Module } from '../nn/module';
import { recurrentQModel } from '../nn/recurrent_q_model';
import { linearSchedule } from '../optim/schedules';
import type { OptimizerKind } from '../approximation/approximation';
import { tf } from '../tf';

/** A recurrent network as makeAgent returns it. */
export interface RecurrentNetwork {
  /** One step [n, ...obs] -> [n, actions]; a sequence with `resets` -> [T, n, actions]. */
  model: Module;
  /** RecurrentState key of its LSTM and the widths of its state tensors. */
  lstmKey: string;
  stateSizes: readonly number[];
}

/** Optimizer settings as makeOptimizer returns them (the Approximation's). */
export interface OptimizerSettings {
  optimizer?: OptimizerKind;
  lr: number;
  eps?: number;
  clipGrad?: number;
  /** Updates between target-network refreshes. */
  targetUpdateFrequency: number;
}

/** Receives metrics during training. */
export interface TrainLogger {
  /** Called at every episode end with `{ frame, return, length }`, and after training with test figures. */
  log(metrics: Readonly<Record<string, number>>): void;
}

/** The configuration every train function reads (the make functions read their own fields too). */
export interface TrainConfig {
  /** Environment frames to train for. */
  frames: number;
  /** Greedy test episodes after training. Default 100. */
  testEpisodes?: number;
  /** Sequence replay: capacity (sequences), length, overlap, burn-in, priority exponent (0: uniform) and beta. */
  replayBufferSize: number;
  sequenceLength: number;
  overlap: number;
  burnIn: number;
  priorityExponent: number;
  priorityBeta: number;
  /** Sequences per update, frames before the first update, frames between updates. */
  minibatchSize: number;
  replayStartSize: number;
  updateFrequency: number;
  /** Test agent's epsilon. Default 0. */
  testExploration?: number;
}

/** The functions a train function is made of. */
export interface TrainParts<C extends TrainConfig> {
  makeAgent: (env: TrainEnvironment, config: C, rng: Random) => RecurrentNetwork;
  makeOptimizer: (config: C) => OptimizerSettings;
  makeLossFn: (config: C) => SequenceLossFn;
  makeActor: (env: TrainEnvironment, config: C) => ActorFn;
  makeLogger: (config: C) => TrainLogger;
}

/** What a train function returns. */
export interface TrainResults {
  /** Return of every training episode, in order. */
  trainingReturns: number[];
  /** Return of every test episode. */
  testReturns: number[];
  /** Updates made. */
  updates: number;
  /** Frames trained. */
  frames: number;
}

/**
 * Composes a train function from its parts (jaxneurorl's `make_train`).
 * @param parts makeAgent, makeOptimizer, makeLossFn, makeActor, makeLogger
 * @returns train(env, config, seed): trains for `config.frames` frames, then tests
 */
export function makeTrain<C extends TrainConfig>(parts: TrainParts<C>): (env: TrainEnvironment, config: C, seed: number) => TrainResults {
  return (env, config, seed) => {
    const rng = new Random(seed);
    // inside a tidy: the initial-value tensors the variables were made from die here
    let made: RecurrentNetwork | undefined;
    tf.tidy(() => {
      made = parts.makeAgent(env, config, new Random(seed));
    });
    const network = made!;
    const opt = parts.makeOptimizer(config);
    const q = new QNetwork(network.model, {
      lr: opt.lr,
      ...(opt.eps === undefined ? {} : { eps: opt.eps }),
      ...(opt.clipGrad === undefined ? {} : { clipGrad: opt.clipGrad }),
      ...(opt.optimizer === undefined ? {} : { optimizer: opt.optimizer }),
      target: new FixedTarget(opt.targetUpdateFrequency),
    });
    const agentRng = rng.spawn();
    const replay = new SequenceReplayBuffer(config.replayBufferSize, {
      length: config.sequenceLength,
      overlap: config.overlap,
      burnIn: config.burnIn,
      rng: agentRng.spawn(),
      ...(config.priorityExponent > 0 ? { prioritized: { exponent: config.priorityExponent, beta: config.priorityBeta } } : {}),
    });
    const actions = env.actionSpace.kind === 'discrete' ? env.actionSpace.n : 0;
    const core = new RecurrentQCore(
      q,
      replay,
      {
        discount: 0,
        lambda: 0,
        valueRescaling: false,
        minibatchSize: config.minibatchSize,
        replayStartSize: config.replayStartSize,
        updateFrequency: config.updateFrequency,
        epsilon: () => 0,
        actions,
      },
      network.lstmKey,
      network.stateSizes,
      1,
      agentRng,
      parts.makeActor(env, config),
      parts.makeLossFn(config),
    );
    const logger = parts.makeLogger(config);
    const trainingReturns: number[] = [];
    let state = env.reset({ seed });
    let episodeReturn = 0;
    let length = 0;
    while (core.framesSeen < config.frames || !state.done) {
      const obs = state.observation instanceof Float32Array ? state.observation : Float32Array.from(state.observation);
      const action = core.act(obs, state.shape, [state.reward], [state.mask], Uint8Array.of(state.done ? 1 : 0))[0]!;
      if (state.done) {
        trainingReturns.push(episodeReturn);
        logger.log({ frame: core.framesSeen, return: episodeReturn, length });
        if (core.framesSeen >= config.frames) break;
        state = env.reset();
        episodeReturn = 0;
        length = 0;
        continue;
      }
      state = env.step(action);
      episodeReturn += state.reward;
      length += 1;
    }
    const tester = new RecurrentQTestAgent(network.model, network.lstmKey, network.stateSizes, actions, config.testExploration ?? 0, new Random(seed + 17));
    const testReturns: number[] = [];
    for (let e = 0; e < (config.testEpisodes ?? 100); e++) {
      let s = env.reset();
      let ret = 0;
      let a = tester.act(s);
      while (!s.done) {
        s = env.step(a);
        ret += s.reward;
        a = tester.act(s);
      }
      testReturns.push(ret);
    }
    const mean = testReturns.reduce((a, b) => a + b, 0) / Math.max(1, testReturns.length);
    logger.log({ frame: core.framesSeen, testMean: mean });
    const updates = core.updates;
    tester.dispose();
    core.dispose();
    q.dispose();
    return { trainingReturns, testReturns, updates, frames: core.framesSeen };
  };
}

/** Configuration of the recurrent Q-learner through makeTrain (defaults: the recurrent_q preset's). */
export interface RecurrentQTrainConfig extends TrainConfig {
  discount: number;
  lambda: number;
  valueRescaling: boolean;
  priorityEta: number;
  lr: number;
  eps: number;
  clipGrad: number;
  targetUpdateFrequency: number;
  initialExploration: number;
  finalExploration: number;
  finalExplorationStep: number;
  hidden: number;
  lstm: number;
  head: number;
}

/** The recurrent_q preset's defaults as a RecurrentQTrainConfig (frames to be set by the caller). */
export const RECURRENT_Q_TRAIN_DEFAULTS: Omit<RecurrentQTrainConfig, 'frames'> = {
  discount: 0.99,
  lambda: 0.9,
  valueRescaling: false,
  priorityEta: 0.9,
  lr: 1e-3,
  eps: 1e-5,
  clipGrad: 10,
  targetUpdateFrequency: 200,
  initialExploration: 1,
  finalExploration: 0.02,
  finalExplorationStep: 10000,
  hidden: 64,
  lstm: 64,
  head: 64,
  replayBufferSize: 5000,
  sequenceLength: 20,
  overlap: 10,
  burnIn: 0,
  priorityExponent: 0.9,
  priorityBeta: 0.6,
  minibatchSize: 32,
  replayStartSize: 1000,
  updateFrequency: 4,
  testExploration: 0,
};

/**
 * The parts that make makeTrain the recurrent Q-learner (R2D2-style, Q(lambda) targets):
 * MLP -> LSTM -> MLP network, Adam with global-norm clipping, recurrentQLoss, epsilon-greedy
 * actor with a linear decay, and a logger that drops everything (replace it to see progress).
 */
export function recurrentQTrainParts(): TrainParts<RecurrentQTrainConfig> {
  return {
    makeAgent: (env, c, rng) => {
      const obs = env.observationSpace.shape.reduce((a, b) => a * b, 1);
      const n = env.actionSpace.kind === 'discrete' ? env.actionSpace.n : 0;
      const built = recurrentQModel(obs, n, rng, { hidden: [c.hidden], lstm: c.lstm, head: [c.head] });
      return { model: built.model, lstmKey: built.lstmKey, stateSizes: [built.lstmSize, built.lstmSize] };
    },
    makeOptimizer: (c) => ({ lr: c.lr, eps: c.eps, clipGrad: c.clipGrad, targetUpdateFrequency: c.targetUpdateFrequency }),
    makeLossFn: (c) => (q, batch) =>
      recurrentQLoss(q, batch, { discount: c.discount, lambda: c.lambda, valueRescaling: c.valueRescaling, priorityEta: c.priorityEta }),
    makeActor: (env, c) =>
      epsilonGreedyActor(
        linearSchedule(c.initialExploration, c.finalExploration, c.replayStartSize, Math.max(c.replayStartSize, c.finalExplorationStep)),
        env.actionSpace.kind === 'discrete' ? env.actionSpace.n : 0,
      ),
    makeLogger: () => ({ log: () => undefined }),
  };
}
