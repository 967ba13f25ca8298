/**
 * The bookkeeping the two rollout advantage buffers share (n-step advantages for A2C, generalized
 * advantages for PPO): storing `nSteps` steps of `nEnvs` environments through `RolloutStorage`,
 * then, per rollout, allocating the output arrays, running the subclass's backward recursion over
 * each environment and packing the result into a `RolloutBatch`.
 *
 * Ports the parts common to ALL's `NStepAdvantageBuffer` (all/memory/advantage.py) and
 * `GeneralizedAdvantageBuffer` (all/memory/generalized_advantage.py): `store`, `len` and the shape
 * of what `advantages` returns. Deliberately only the bookkeeping is shared: the two recursions
 * compute different quantities (truncated n-step returns vs. lambda-weighted TD errors) and each
 * stays written out in full in its own file.
 */
import type { StateArray } from '../core/state';
import { RolloutStorage, type Rollout } from './rollout_storage';
import type { RolloutBatch, ValueFunction } from './types';

/** The per-row outputs a subclass fills in for one rollout; all start at 0, length `nSteps * nEnvs`. */
export interface AdvantageOutputs {
  /** Return targets of the value function. */
  returns: Float32Array;
  /** Advantages of the actions taken. */
  advantages: Float32Array;
  /** 1 where the row is a real transition, 0 where its start state is done. */
  valid: Float32Array;
}

/** A rollout buffer of parallel environments whose subclasses define the advantage recursion. */
export abstract class RolloutAdvantageBuffer {
  private readonly storage: RolloutStorage;

  /**
   * @param nSteps steps per rollout.
   * @param nEnvs environments stepped in parallel.
   * @param who the subclass's name, for error messages.
   */
  protected constructor(nSteps: number, nEnvs: number, who: string) {
    this.storage = new RolloutStorage(nSteps, nEnvs, who);
  }

  /** Steps per rollout. */
  get nSteps(): number {
    return this.storage.nSteps;
  }

  /** Environments per step. */
  get nEnvs(): number {
    return this.storage.nEnvs;
  }

  /** Transitions stored in the current rollout (`steps * nEnvs`, as ALL's `len`). */
  get length(): number {
    return this.storage.steps * this.storage.nEnvs;
  }

  /**
   * Stores one step of every environment: the states acted in, the actions taken there and the
   * rewards received on arriving in the next states (ALL's `store(states, actions, rewards)`).
   * At most `nSteps` stores per rollout; StateError beyond that.
   * @param states the `nEnvs` states the actions were taken in.
   * @param actions `nEnvs` integers (Int32Array or number[]) or a Float32Array of `nEnvs * actionDim`.
   * @param rewards `nEnvs` rewards, usually `nextStates.reward`.
   */
  store(states: StateArray, actions: Int32Array | Float32Array | readonly number[], rewards: ArrayLike<number>): void {
    this.storage.store(states, actions, rewards);
  }

  /**
   * Completes the rollout with the states reached after the last step, computes returns and
   * advantages (see the subclass), and empties the buffer. StateError unless `nSteps` steps were
   * stored.
   * @param nextStates the `nEnvs` states after the last stored step.
   * @param valueFn V(s) for a batch of observations, called once with `(nSteps + 1) * nEnvs` rows.
   * @returns the rollout, rows time-major (`t * nEnvs + e`).
   */
  advantages(nextStates: StateArray, valueFn: ValueFunction): RolloutBatch {
    const r = this.storage.finish(nextStates, valueFn);
    const { nSteps, nEnvs } = this.storage;
    const rows = nSteps * nEnvs;
    const out: AdvantageOutputs = { returns: new Float32Array(rows), advantages: new Float32Array(rows), valid: new Float32Array(rows) };
    for (let e = 0; e < nEnvs; e++) this.fillEnvironment(r, e, out);
    return {
      size: rows,
      nSteps,
      nEnvs,
      stateShape: r.stateShape,
      states: r.observations.subarray(0, rows * r.stateSize),
      actions: r.actions,
      advantages: out.advantages,
      returns: out.returns,
      values: r.values.slice(0, rows),
      valid: out.valid,
    };
  }

  /**
   * Fills rows `t * nEnvs + env` (t = 0 .. nSteps - 1) of `out` from the completed rollout `r`.
   * @param r the rollout, with `values` of all `(nSteps + 1) * nEnvs` rows
   * @param env the environment index
   * @param out the arrays to write
   */
  protected abstract fillEnvironment(r: Rollout, env: number, out: AdvantageOutputs): void;
}
