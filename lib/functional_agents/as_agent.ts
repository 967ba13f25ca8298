/**
 * Bridges between explicit-state agents and allts' ordinary agents.
 * - `asAgent(functionalAgent, { key })`: an `Agent` (`act(state) -> action`) that holds the
 *   current records and trains inside `act` like every allts agent (or only acts, with
 *   `train: false`), so SingleEnvExperiment and runExperiment can run it; `records()` gives the
 *   values back out. `asParallelAgent` does the same for a batch of environments.
 * - The other way, `functionalPolicyOf(agent)`: an explicit-state agent whose predict calls an
 *   ordinary agent's `act`, for code written against `BaseAgent` (it has no parameters to learn,
 *   and it cannot be pure: the wrapped agent keeps its hidden state).
 * baselax has no such bridge (its agents only run in its own loop).
 */
import { ConfigError } from '../core/errors';
import { State, type StateArray } from '../core/state';
import type { Agent, ParallelAgent } from '../agents/agent';
import type { BaseAgent, RolloutBatch, TransitionBatch } from './base_agent';
import { FunctionalLearner, type AgentRecords, type LearnerOptions } from './learner';
import { observationRows, positiveInt } from './checks';
import type { Key } from './key';
import type { OptimOutput, OptimState, Params, PolicyOutput, PolicyState } from './records';

type AnyBaseAgent<P extends Params, S extends PolicyState, O extends OptimState> = BaseAgent<P, S, O, TransitionBatch | RolloutBatch, PolicyOutput, OptimOutput>;

/** What both adapters share: the learner holding the records, and the values out. */
abstract class AdapterBase<P extends Params, S extends PolicyState, O extends OptimState> {
  protected readonly learner: FunctionalLearner<P, S, O>;

  constructor(readonly agent: AnyBaseAgent<P, S, O>, options: LearnerOptions<P, S, O>) {
    this.learner = new FunctionalLearner(agent, options);
  }

  /** Updates made so far. */
  get updates(): number {
    return this.learner.updates;
  }

  /** A copy of the current records; the caller owns it. */
  records(): AgentRecords<P, S, O> {
    return this.learner.records();
  }

  /** Releases the records it holds. */
  dispose(): void {
    this.learner.dispose();
  }
}

/** An explicit-state agent running as an allts `Agent`. */
export class FunctionalAgentAdapter<P extends Params, S extends PolicyState, O extends OptimState> extends AdapterBase<P, S, O> implements Agent {
  /** Observes `state` (and its reward), maybe updates, returns the next action. */
  act(state: State): number {
    if (!(state instanceof State)) throw new ConfigError(`asAgent(...).act needs a State (from env.reset() / env.step()); received ${String(state)}`);
    const obs = state.observation as unknown;
    if (!(obs instanceof Float32Array)) throw new ConfigError('asAgent(...).act: explicit-state agents take Float32Array observations');
    return this.learner.act({ observation: obs, reward: [state.reward], terminated: [state.terminated ? 1 : 0], truncated: [state.truncated ? 1 : 0] })[0]!;
  }
}

/** An explicit-state agent running as an allts `ParallelAgent` (one row per environment). */
export class FunctionalParallelAgentAdapter<P extends Params, S extends PolicyState, O extends OptimState> extends AdapterBase<P, S, O> implements ParallelAgent {
  /** Observes the states of every copy, maybe updates, returns one action per copy. */
  act(states: StateArray): Int32Array {
    if (states === null || typeof states !== 'object' || !(states.observation instanceof Float32Array)) {
      throw new ConfigError('asParallelAgent(...).act needs a StateArray with Float32Array observations (from a vector environment\'s reset() / step())');
    }
    return this.learner.act(states);
  }
}

/**
 * Wraps an explicit-state agent as an `Agent`.
 * @param options `key` (required), `records` to start from (copied), `train` (default true)
 */
export function asAgent<P extends Params, S extends PolicyState, O extends OptimState>(
  agent: AnyBaseAgent<P, S, O>,
  options: LearnerOptions<P, S, O>,
): FunctionalAgentAdapter<P, S, O> {
  return new FunctionalAgentAdapter(agent, options);
}

/** Wraps an explicit-state agent as a `ParallelAgent`. */
export function asParallelAgent<P extends Params, S extends PolicyState, O extends OptimState>(
  agent: AnyBaseAgent<P, S, O>,
  options: LearnerOptions<P, S, O>,
): FunctionalParallelAgentAdapter<P, S, O> {
  return new FunctionalParallelAgentAdapter(agent, options);
}

/** Records of an ordinary agent seen through the BaseAgent API: nothing (its state is hidden). */
export type EmptyRecord = { readonly [key: string]: never };

/**
 * An ordinary allts `Agent` seen as an explicit-state agent, so code written against `BaseAgent`
 * (evaluateFunctional, a comparison harness) can run it. Its records are empty; `predict` calls
 * `act` once per observation row (with reward 0 and no episode flags), ignores the key, and
 * `update` is a ConfigError (the wrapped agent trains inside its own `act`). Not pure: the wrapped
 * agent's hidden state changes on every predict.
 */
export function functionalPolicyOf(
  agent: Agent,
  spec: { observationShape: readonly number[]; numActions: number; name?: string },
): BaseAgent<EmptyRecord, EmptyRecord, EmptyRecord, never, { readonly actions: Int32Array }, OptimOutput> {
  const observationSize = spec.observationShape.reduce((a, b) => a * b, 1);
  positiveInt('functionalPolicyOf', 'numActions', spec.numActions);
  return {
    name: spec.name ?? 'wrapped_agent',
    observationSize,
    numActions: spec.numActions,
    discount: 1,
    collection: { kind: 'rollout', length: 1 },
    initParams: () => ({}),
    initPolicy: () => ({}),
    initOptimizer: () => ({}),
    predict(_params, policyState, obs: Float32Array, _key: Key) {
      const rows = observationRows('functionalPolicyOf(...).predict', obs, observationSize);
      const actions = new Int32Array(rows);
      for (let i = 0; i < rows; i++) {
        const state = new State({ observation: obs.slice(i * observationSize, (i + 1) * observationSize), shape: spec.observationShape });
        const a = agent.act(state);
        if (typeof a !== 'number') throw new ConfigError('functionalPolicyOf: the wrapped agent returned a non-discrete action; only discrete agents are supported');
        actions[i] = a;
      }
      return { output: { actions }, policyState };
    },
    update() {
      throw new ConfigError('functionalPolicyOf: the wrapped agent trains inside its own act(); it has no update to call');
    },
  };
}
