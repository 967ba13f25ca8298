/**
 * The explicit-state agent interface (baselax's `BaseAgent`): an agent is a set of pure functions
 * over value records (records.ts), so a user can checkpoint, copy, vectorise and compare agents
 * by holding values.
 *
 *   params      = agent.initParams(key)
 *   policyState = agent.initPolicy(key)
 *   optimState  = agent.initOptimizer(params, key)
 *   { output, policyState } = agent.predict(params, policyState, obs, key, evaluation)
 *   { output, params, optimState } = agent.update(params, optimState, batch)
 *
 * Contract (tested): no call mutates its inputs; every record returned owns fresh tensors and
 * typed arrays (release with `disposeRecord`), independent of the inputs, which stay valid.
 * Differs from baselax: there is no `jit`; the observations are one flat Float32Array of
 * `rows x observationSize` values; `collection` tells a training loop which batches `update` takes.
 */
import type { Key } from './key';
import type { OptimOutput, OptimState, Params, PolicyOutput, PolicyState } from './records';

/**
 * One-step transitions, rlax's names: `obsTm1` observations at the source, `aTm1` actions taken,
 * `rT` rewards on arriving, `discountT` gamma times continuation (0 at a true terminal), `obsT`
 * observations at the destination. Row-major: obsTm1 and obsT hold `size x observationSize` values.
 */
export interface TransitionBatch {
  readonly obsTm1: Float32Array;
  readonly aTm1: Int32Array;
  readonly rT: Float32Array;
  readonly discountT: Float32Array;
  readonly obsT: Float32Array;
}

/**
 * A rollout of `length` steps on `numEnvs` environments, time-major: `obs` holds length + 1
 * observation rows per environment (`[(length + 1) * numEnvs, observationSize]`, the last row
 * being where the rollout stops), `actions`, `rewards` and `discounts` `[length * numEnvs]`.
 * `discounts[t, i]` is gamma times continuation from step t to t + 1 (0 at a true terminal).
 * `valid[t, i]` is 0 where step t of environment i is no real transition (its source state
 * ended an episode, so the vector environment reset that copy and ignored the action): it takes
 * no part in the loss, and returns are not bootstrapped across it.
 */
export interface RolloutBatch {
  readonly length: number;
  readonly numEnvs: number;
  readonly obs: Float32Array;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  readonly discounts: Float32Array;
  readonly valid: Uint8Array;
}

/** How a training loop feeds `update`. */
export type Collection =
  | { readonly kind: 'replay'; readonly batchSize: number; readonly capacity: number; readonly startSize: number; readonly updateEvery: number }
  | { readonly kind: 'rollout'; readonly length: number };

/** An explicit-state agent. */
export interface BaseAgent<
  P extends Params = Params,
  S extends PolicyState = PolicyState,
  O extends OptimState = OptimState,
  B = TransitionBatch | RolloutBatch,
  PO extends PolicyOutput = PolicyOutput,
  OO extends OptimOutput = OptimOutput,
> {
  /** A short name for logs and run directories, e.g. `functional_dqn`. */
  readonly name: string;
  /** Values per observation (the product of the observation shape). */
  readonly observationSize: number;
  /** Number of discrete actions. */
  readonly numActions: number;
  /** Discount factor gamma; a loop writes gamma times continuation as `discountT`. */
  readonly discount: number;
  /** What batches `update` takes and how a loop gathers them. */
  readonly collection: Collection;
  /** Fresh network parameters drawn from `key`. */
  initParams(key: Key): P;
  /** The policy's initial state. */
  initPolicy(key: Key): S;
  /** The optimizer's initial state for `params`. */
  initOptimizer(params: P, key: Key): O;
  /**
   * Actions for a batch of observations (one row per environment). `evaluation` selects the
   * evaluation policy (no exploration) and leaves the policy state's counters where they are.
   */
  predict(params: P, policyState: S, obs: Float32Array, key: Key, evaluation: boolean): { output: PO; policyState: S };
  /** One learning step on `batch`. */
  update(params: P, optimState: O, batch: B): { output: OO; params: P; optimState: O };
}
