/**
 * The rollout storage shared by the advantage buffers: `nSteps` batches of `nEnvs` states, actions
 * and rewards, then the final next states, flattened time-major into typed arrays.
 *
 * Ports the list-of-batches bookkeeping of ALL's `NStepAdvantageBuffer` / `GeneralizedAdvantageBuffer`
 * (`store`, `_states`, `_actions`, `_rewards`). Differences: flat typed arrays allocated per rollout
 * (then handed to the caller, never reused), episode flags kept as separate `done` and `terminated`
 * so truncations can bootstrap, and typed errors where ALL raises a bare Exception.
 */
import { ConfigError, ShapeError, SpaceError, StateError } from '../core/errors';
import { type StateArray, shapeSize } from '../core/state';
import type { ValueFunction } from './types';

/** A completed rollout: `nSteps + 1` rows of states (the last are the final next states). */
export interface Rollout {
  stateShape: readonly number[];
  stateSize: number;
  /** `(nSteps + 1) * nEnvs * stateSize` values, row `t * nEnvs + e`. */
  observations: Float32Array;
  /** `nSteps * nEnvs` (discrete) or `nSteps * nEnvs * actionDim` (continuous). */
  actions: Int32Array | Float32Array;
  /** `nSteps * nEnvs` rewards; reward `t * nEnvs + e` is received on arriving in row `(t + 1) * nEnvs + e`. */
  rewards: Float32Array;
  /** `(nSteps + 1) * nEnvs` flags: the state is done (terminated or truncated). */
  done: Uint8Array;
  /** `(nSteps + 1) * nEnvs` flags: the state is a true termination. */
  terminated: Uint8Array;
  /** `valueFn` of every row, `(nSteps + 1) * nEnvs` values. */
  values: Float32Array;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Collects one rollout of a vector environment. */
export class RolloutStorage {
  private stored = 0;
  private stateShape: readonly number[] | undefined;
  /** 0 for discrete actions, else values per continuous action; fixed by the first store. */
  private actionDim = -1;
  private current: Omit<Rollout, 'values'> | undefined;

  /**
   * @param nSteps steps per rollout (integer >= 1).
   * @param nEnvs environments stepped in parallel (integer >= 1).
   * @param who the owning class's name, for error messages.
   */
  constructor(
    readonly nSteps: number,
    readonly nEnvs: number,
    private readonly who: string,
  ) {
    for (const [name, v] of [['nSteps', nSteps], ['nEnvs', nEnvs]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ConfigError(`${who} ${name} must be an integer >= 1; received ${v}`);
    }
  }

  /** Steps stored in the current rollout. */
  get steps(): number {
    return this.stored;
  }

  /** Appends one step: states of every environment, the actions taken, the rewards received. */
  store(states: StateArray, actions: Int32Array | Float32Array | readonly number[], rewards: ArrayLike<number>): void {
    if (this.stored >= this.nSteps) {
      throw new StateError(
        `${this.who} already holds ${this.nSteps} steps; call advantages(nextStates, valueFn) before storing more`,
      );
    }
    const n = this.nEnvs;
    this.checkStates(states, 'store');
    if (rewards.length !== n) {
      throw new ShapeError(`${this.who}.store: received ${rewards.length} rewards; expected one per environment (${n})`);
    }
    const dim = this.checkActions(actions);
    const r = (this.current ??= this.allocate(dim));
    const t = this.stored;
    this.writeStates(r, t, states);
    if (dim === 0) {
      for (let e = 0; e < n; e++) {
        const a = actions[e]!;
        if (!Number.isInteger(a)) {
          throw new SpaceError(`${this.who}.store: discrete action ${a} for environment ${e} is not an integer`);
        }
        r.actions[t * n + e] = a;
      }
    } else {
      r.actions.set(actions as Float32Array, t * n * dim);
    }
    for (let e = 0; e < n; e++) r.rewards[t * n + e] = rewards[e]!;
    this.stored++;
  }

  /**
   * Appends the final next states, evaluates `valueFn` once on all `(nSteps + 1) * nEnvs`
   * observations, and returns the rollout; the storage is then empty for the next one.
   */
  finish(nextStates: StateArray, valueFn: ValueFunction): Rollout {
    if (this.stored < this.nSteps || this.current === undefined) {
      throw new StateError(
        `${this.who}.advantages: only ${this.stored} of ${this.nSteps} steps stored; store ${this.nSteps} steps first`,
      );
    }
    this.checkStates(nextStates, 'advantages');
    const r = this.current;
    this.writeStates(r, this.nSteps, nextStates);
    const count = (this.nSteps + 1) * this.nEnvs;
    const values = valueFn(r.observations, count, r.stateShape);
    if (values?.length !== count) {
      throw new ShapeError(
        `${this.who}: valueFn returned ${values?.length} values for ${count} observations; return one value per observation`,
      );
    }
    this.current = undefined;
    this.stored = 0;
    return { ...r, values: values instanceof Float32Array ? values : Float32Array.from(values) };
  }

  private checkStates(states: StateArray, where: string): void {
    if (states.length !== this.nEnvs) {
      throw new ShapeError(
        `${this.who}.${where}: received ${states.length} states; expected one per environment (${this.nEnvs})`,
      );
    }
    if (this.stateShape === undefined) {
      this.stateShape = [...states.shape];
    } else if (!sameShape(states.shape, this.stateShape)) {
      throw new ShapeError(
        `${this.who}.${where}: received states of shape [${states.shape.join(', ')}]; ` +
          `the buffer holds [${this.stateShape.join(', ')}]`,
      );
    }
  }

  private checkActions(actions: Int32Array | Float32Array | readonly number[]): number {
    const n = this.nEnvs;
    let dim: number;
    if (actions instanceof Float32Array) {
      if (actions.length === 0 || actions.length % n !== 0) {
        throw new ShapeError(
          `${this.who}.store: continuous actions must be a Float32Array of nEnvs * actionDim values; ` +
            `received ${actions.length} for ${n} environments`,
        );
      }
      dim = actions.length / n;
    } else {
      if (actions.length !== n) {
        throw new ShapeError(`${this.who}.store: received ${actions.length} discrete actions; expected ${n}`);
      }
      dim = 0;
    }
    if (this.actionDim === -1) this.actionDim = dim;
    if (dim !== this.actionDim) {
      const held = this.actionDim === 0 ? 'discrete actions (Int32Array or number[])' : `continuous actions of ${this.actionDim} values`;
      throw new ShapeError(`${this.who}.store: the buffer holds ${held}; received ${actions.length} values of another kind`);
    }
    return dim;
  }

  private allocate(dim: number): Omit<Rollout, 'values'> {
    const shape = this.stateShape!;
    const size = shapeSize(shape);
    const rows = this.nSteps * this.nEnvs;
    const all = rows + this.nEnvs;
    return {
      stateShape: shape,
      stateSize: size,
      observations: new Float32Array(all * size),
      actions: dim === 0 ? new Int32Array(rows) : new Float32Array(rows * dim),
      rewards: new Float32Array(rows),
      done: new Uint8Array(all),
      terminated: new Uint8Array(all),
    };
  }

  private writeStates(r: Omit<Rollout, 'values'>, t: number, states: StateArray): void {
    const n = this.nEnvs;
    r.observations.set(states.observation, t * n * r.stateSize);
    for (let e = 0; e < n; e++) {
      r.terminated[t * n + e] = states.terminated[e] ? 1 : 0;
      r.done[t * n + e] = states.terminated[e] || states.truncated[e] ? 1 : 0;
    }
  }
}
