/**
 * DuplicateEnvironment: ALL's `DuplicateEnvironment`, several copies of one environment stepped
 * one after another and returned as a `StateArray`. With `reset({ seed })` copy i is seeded with
 * seed + i; on `step`, a copy whose latest state is done is reset instead (its seeded stream
 * continues) and its action is ignored, so callers never reset copies themselves.
 *
 * Differences from ALL: actions arrive as typed arrays or arrays (no tensors), and a Box action
 * batch may be one flat Float32Array of numEnvs x actionDim values. The action of a copy that is
 * being reset is not checked, since it is ignored.
 */
import { ConfigError, ShapeError, StateError } from '../lib/core/errors';
import type { Box, Space } from '../lib/core/spaces';
import { shapeSize, StateArray, type Info, type State } from '../lib/core/state';
import type { Action, Environment, ResetOptions, VectorEnvironment } from './environment';

/** A vector environment made of independent copies of one environment. */
export class DuplicateEnvironment implements VectorEnvironment {
  readonly name: string;
  readonly envs: readonly Environment[];
  private readonly size: number;
  private readonly shape: readonly number[];
  private latest: StateArray | undefined;

  /** @param envs the copies (at least one, all of the same environment) */
  constructor(envs: readonly Environment[]) {
    if (envs.length === 0) {
      throw new ConfigError('DuplicateEnvironment needs at least one environment; received none (use env.duplicate(n) with n >= 1)');
    }
    const first = envs[0]!;
    for (const [i, e] of envs.entries()) {
      if (e.name !== first.name) {
        throw new ConfigError(
          `DuplicateEnvironment copies must all be the same environment; copy 0 is ${first.name} but copy ${i} is ${e.name}`,
        );
      }
    }
    this.name = first.name;
    this.envs = envs;
    this.shape = Object.freeze([...first.observationSpace.shape]);
    this.size = shapeSize(this.shape);
  }

  get numEnvs(): number {
    return this.envs.length;
  }

  get observationSpace(): Box {
    return this.envs[0]!.observationSpace;
  }

  get actionSpace(): Space {
    return this.envs[0]!.actionSpace;
  }

  /** The latest states, one per copy. Throws StateError before the first reset. */
  get stateArray(): StateArray {
    if (this.latest === undefined) {
      throw new StateError(`${this.name} vector environment has no states yet: call reset() first`);
    }
    return this.latest;
  }

  /** Resets every copy; with a seed, copy i is reseeded with seed + i. */
  reset(options?: ResetOptions): StateArray {
    const seed = options?.seed;
    this.latest = this.gather((env, i) => env.reset(seed === undefined ? {} : { seed: seed + i }));
    return this.latest;
  }

  /**
   * Steps every copy with its action; a copy whose latest state is done is reset and its action ignored.
   * @param actions Discrete: number[] or Int32Array of numEnvs integers. Box: numEnvs Float32Arrays
   *   (or number[]s), or one flat Float32Array of numEnvs x actionDim values.
   */
  step(actions: readonly Action[] | Int32Array | Float32Array): StateArray {
    if (this.latest === undefined) {
      throw new StateError(`${this.name} vector environment: step() called before reset(); call reset() first`);
    }
    const n = this.envs.length;
    const space = this.actionSpace;
    let pick: (i: number) => Action;
    const flat = ArrayBuffer.isView(actions) || (actions.length > 0 && typeof actions[0] === 'number');
    if (space.kind === 'box' && flat) {
      // one flat batch of numEnvs x actionDim values
      const dim = space.size;
      const values = actions as ArrayLike<number>;
      if (values.length !== n * dim) {
        throw new ShapeError(
          `${this.name} vector step needs ${n} actions of ${dim} values (a flat Float32Array of ${n * dim}, ` +
            `or ${n} Float32Arrays); received ${describeBatch(actions)} of ${values.length} values`,
        );
      }
      const batch = values instanceof Float32Array ? values : Float32Array.from(values);
      pick = (i) => batch.subarray(i * dim, (i + 1) * dim);
    } else {
      if (actions.length !== n) {
        throw new ShapeError(
          `${this.name} vector step needs one action per copy (${n}); received ${actions.length} (${describeBatch(actions)})`,
        );
      }
      pick = (i) => actions[i] as Action;
    }
    const done = this.latest.terminated;
    const truncated = this.latest.truncated;
    this.latest = this.gather((env, i) => (done[i] || truncated[i] ? env.reset() : env.step(pick(i))));
    return this.latest;
  }

  /** Closes every copy. */
  close(): void {
    for (const e of this.envs) e.close();
  }

  private gather(next: (env: Environment, i: number) => State): StateArray {
    const n = this.envs.length;
    const size = this.size;
    const observation = new Float32Array(n * size);
    const reward = new Float32Array(n);
    const terminated = new Uint8Array(n);
    const truncated = new Uint8Array(n);
    const info: Info[] = new Array<Info>(n);
    for (let i = 0; i < n; i++) {
      const s = next(this.envs[i]!, i);
      if (s.observation.length !== size) {
        throw new ShapeError(
          `${this.name} copy ${i} returned an observation of ${s.observation.length} values; expected ${size}`,
        );
      }
      observation.set(s.observation, i * size);
      reward[i] = s.reward;
      terminated[i] = s.terminated ? 1 : 0;
      truncated[i] = s.truncated ? 1 : 0;
      info[i] = s.info;
    }
    return new StateArray({ observation, shape: this.shape, reward, terminated, truncated, info });
  }
}

function describeBatch(actions: unknown): string {
  return Array.isArray(actions) ? 'an array' : `a ${(actions as object).constructor.name}`;
}
