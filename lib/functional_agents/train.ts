/**
 * The batched-environment training loop of explicit-state agents (the loop of baselax's training
 * script): every step, one predict for all copies of the environment, one vector-environment step,
 * the transitions into the agent's collection (replay or rollout), updates as it asks.
 *
 *   const result = trainFunctional(agent, env.duplicate(4), 50_000, { key: makeKey(0), seed: 0 });
 *   // result.records: the trained params / policy state / optim state (the caller owns them)
 *
 * Differs from baselax: environments are allts VectorEnvironments (a finished copy is reset on the
 * next step, ALL's convention), and the replay is a typed-array ring sampled by key.
 */
import { ConfigError } from '../core/errors';
import type { BatchEnvironment } from './environments';
import type { BaseAgent, RolloutBatch, TransitionBatch } from './base_agent';
import { checkKey, type Key } from './key';
import { FunctionalLearner, type AgentRecords } from './learner';
import type { OptimOutput, OptimState, Params, PolicyOutput, PolicyState } from './records';

/** Options of trainFunctional. */
export interface TrainFunctionalOptions<P extends Params, S extends PolicyState, O extends OptimState> {
  /** The run's random key (initialisation, exploration, sampling). Required. */
  key: Key;
  /** Seed of the environments' first reset (copy i gets seed + i). Default 0. */
  seed?: number;
  /** Records to continue from (copied; the caller keeps and disposes its own). Default: fresh ones from `key`. */
  records?: AgentRecords<P, S, O>;
  /** Called when an episode ends, with its return and the frames so far. */
  onEpisode?: (episodeReturn: number, frames: number) => void;
  /** Called after each update. */
  onUpdate?: (output: OptimOutput, updates: number) => void;
}

/** What trainFunctional returns. */
export interface TrainFunctionalResult<P extends Params, S extends PolicyState, O extends OptimState> {
  /** The records after training; the caller owns them (`disposeRecord(r.params, ...)`). */
  records: AgentRecords<P, S, O>;
  /** Returns of the episodes that ended, in order. */
  episodeReturns: number[];
  /** Environment frames stepped (a multiple of the number of copies). */
  frames: number;
  /** Updates made. */
  updates: number;
}

/**
 * Trains `agent` on the copies of `venv` for at least `frames` environment frames.
 * @param frames environment frames summed over the copies
 */
export function trainFunctional<P extends Params, S extends PolicyState, O extends OptimState>(
  agent: BaseAgent<P, S, O, TransitionBatch | RolloutBatch, PolicyOutput, OptimOutput>,
  venv: BatchEnvironment,
  frames: number,
  options: TrainFunctionalOptions<P, S, O>,
): TrainFunctionalResult<P, S, O> {
  if (!Number.isFinite(frames) || frames < 0) throw new ConfigError(`trainFunctional needs a non-negative number of frames; received ${frames}`);
  if (options === undefined) throw new ConfigError('trainFunctional needs options with a key, e.g. { key: makeKey(0) }');
  checkKey('trainFunctional', options.key);
  const d = venv.observationSpace.shape.reduce((a, b) => a * b, 1);
  if (d !== agent.observationSize) {
    throw new ConfigError(`trainFunctional: ${venv.name} observations have ${d} values but the agent takes ${agent.observationSize}; build the agent for this environment`);
  }
  const space = venv.actionSpace as { n?: number };
  if (space.n !== agent.numActions) {
    throw new ConfigError(`trainFunctional: ${venv.name} has ${space.n === undefined ? 'a non-discrete action space' : `${space.n} actions`} but the agent has ${agent.numActions}`);
  }
  const learner = new FunctionalLearner(agent, { key: options.key, records: options.records, train: true, onUpdate: options.onUpdate });
  try {
    const n = venv.numEnvs;
    const returns = new Float64Array(n);
    const episodeReturns: number[] = [];
    let states = venv.reset({ seed: options.seed ?? 0 });
    let done = states.done;
    let count = 0;
    while (count < frames) {
      const actions = learner.act(states);
      states = venv.step(actions);
      count += n;
      for (let i = 0; i < n; i++) {
        if (done[i]) {
          returns[i] = 0; // this copy was reset: its new episode starts here
          continue;
        }
        returns[i]! += states.reward[i]!;
        if (states.terminated[i] || states.truncated[i]) {
          episodeReturns.push(returns[i]!);
          options.onEpisode?.(returns[i]!, count);
        }
      }
      done = states.done;
    }
    return { records: learner.records(), episodeReturns, frames: count, updates: learner.updates };
  } finally {
    learner.dispose();
  }
}
