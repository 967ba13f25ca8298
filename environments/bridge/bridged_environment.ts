/**
 * BridgedEnvironment: a gymnasium environment in Python (`gym:<id>`), seen as an ordinary allts
 * Environment, so every agent, preset, experiment and the CLI take it. Observations arrive as
 * float32 (uint8 for images, e.g. Atari frames); Discrete and Box spaces are supported.
 *
 * `duplicate(n)` makes n copies in the same Python process; the BridgedVectorEnvironment steps all
 * of them in one round trip (ALL's DuplicateEnvironment semantics: a done copy is reset instead).
 */
import { ConfigError, ShapeError, SpaceError, StateError } from '../../lib/core/errors';
import { Box, Discrete, type Space } from '../../lib/core/spaces';
import { type Info, State, StateArray } from '../../lib/core/state';
import type { Action, Dynamics, Environment, ResetOptions, RgbFrame, VectorEnvironment } from '../environment';
import { describeDiscrete, describeValue } from '../gym_environment';
import { type PythonBridge, sharedBridge } from './bridge';
import { isNdArray, type NdArray, OutBlob, toFloat64 } from './frames';

/** Time limit reported for gymnasium ids registered without one (e.g. ALE v5, which stops at 108,000 frames itself). */
export const NO_TIME_LIMIT = 1_000_000;

/** Builds an allts space from the bridge's description; throws ConfigError for spaces allts lacks. */
export function toSpace(d: Record<string, unknown>, what: string): Space {
  if (d.kind === 'discrete') return new Discrete(d.n as number, d.start as number);
  if (d.kind === 'box') {
    const shape = d.shape as number[];
    const dtype = d.dtype === '|u1' ? 'uint8' : 'float32';
    return new Box(toFloat64(d.low as NdArray), toFloat64(d.high as NdArray), shape, { dtype });
  }
  throw new ConfigError(`${what} is ${String(d.repr)}; allts supports Discrete and Box spaces only (flatten it with a gymnasium wrapper in Python)`);
}

/** Turns `makeEnvironment` options into gymnasium.make keyword arguments; `python` picks the interpreter. */
export function splitOptions(options: Record<string, unknown>): { python: string | undefined; kwargs: Record<string, unknown> } {
  const kwargs: Record<string, unknown> = {};
  let python: string | undefined;
  for (const [key, value] of Object.entries(options)) {
    if (key === 'python') {
      if (typeof value !== 'string') throw new ConfigError(`Option "python" must be the path of a Python interpreter; received ${describeValue(value)}`);
      python = value;
    } else {
      const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      kwargs[snake] = value;
    }
  }
  return { python, kwargs };
}

function observationOf(a: NdArray, box: Box): Float32Array | Uint8Array {
  if (box.dtype === 'uint8') return a.data instanceof Uint8Array ? a.data : Uint8Array.from(a.data as ArrayLike<number>);
  return a.data instanceof Float32Array ? a.data : Float32Array.from(toFloat64(a));
}

/** A gymnasium environment living in a Python bridge process. */
export class BridgedEnvironment implements Environment {
  readonly name: string;
  readonly observationSpace: Box;
  readonly actionSpace: Space;
  readonly maxEpisodeSteps: number;
  /** The bridge's handle of this environment. */
  readonly handle: number;
  private latest: State | undefined;
  private closed = false;

  /**
   * @param gymId gymnasium id, e.g. `CartPole-v1` (the allts name is `gym:<gymId>`)
   * @param options gymnasium.make keyword arguments (camelCase turned to snake_case) and `python`
   */
  constructor(
    readonly gymId: string,
    private readonly options: Record<string, unknown> = {},
    bridge?: PythonBridge,
  ) {
    const { python, kwargs } = splitOptions(options);
    this.bridge = bridge ?? sharedBridge(python);
    this.name = `gym:${gymId}`;
    const reply = this.bridge.request('make', { id: gymId, name: this.name, kwargs }, undefined, this.name);
    this.handle = reply.handle as number;
    const obs = toSpace(reply.observationSpace as Record<string, unknown>, `${this.name}'s observation space`);
    if (obs.kind !== 'box') {
      this.close();
      throw new ConfigError(`${this.name}'s observation space is ${obs.toString()}; allts needs a Box (wrap it, e.g. with gymnasium's OneHot / FlattenObservation)`);
    }
    this.observationSpace = obs;
    this.actionSpace = toSpace(reply.actionSpace as Record<string, unknown>, `${this.name}'s action space`);
    this.maxEpisodeSteps = (reply.maxEpisodeSteps as number | null) ?? NO_TIME_LIMIT;
  }

  readonly bridge: PythonBridge;

  get state(): State {
    if (this.latest === undefined) throw new StateError(`${this.name} has no state yet: call env.reset() first`);
    return this.latest;
  }

  /** gymnasium's `env.unwrapped.state` (classic control), read and written through the bridge. */
  get unwrapped(): Dynamics {
    const self = this;
    return {
      get state(): Float64Array {
        return (self.bridge.request('get_state', { handle: self.handle }, undefined, self.name).state as NdArray).data as Float64Array;
      },
      set state(value: Float64Array) {
        const blob = new OutBlob();
        const ref = blob.add(Float64Array.from(value), [value.length]);
        self.bridge.request('set_state', { handle: self.handle, state: ref }, blob, self.name);
      },
      observationSpace: this.observationSpace,
      actionSpace: this.actionSpace,
    };
  }

  reset(options?: ResetOptions): State {
    this.checkOpen('reset');
    const seed = options?.seed;
    if (seed !== undefined && (!Number.isInteger(seed) || seed < 0)) {
      throw new ConfigError(`${this.name} reset seed must be a non-negative integer; received ${describeValue(seed)}`);
    }
    const reply = this.bridge.request('reset', { handle: this.handle, seed: seed ?? null }, undefined, this.name);
    this.latest = this.toState(reply, 0, false, false);
    return this.latest;
  }

  step(action: Action): State {
    this.checkOpen('step');
    if (this.latest === undefined) throw new StateError(`${this.name}: step() called before reset(); call env.reset() first`);
    if (this.latest.done) throw new StateError(`${this.name}: the episode ended; call env.reset() before stepping again`);
    const blob = new OutBlob();
    const a = encodeAction(this.name, this.actionSpace, action, blob);
    const reply = this.bridge.request('step', { handle: this.handle, action: a }, blob, this.name);
    this.latest = this.toState(reply, reply.reward as number, reply.terminated as boolean, reply.truncated as boolean);
    return this.latest;
  }

  render(mode: 'text'): string;
  render(mode: 'rgb_array'): RgbFrame;
  render(mode: 'text' | 'rgb_array'): string | RgbFrame {
    const reply = this.bridge.request('render', { handle: this.handle }, undefined, this.name);
    if (mode === 'text') {
      if (typeof reply.text === 'string') return reply.text;
      throw new ConfigError(`${this.name} renders images, not text: call render('rgb_array')`);
    }
    const frame = reply.frame as NdArray | undefined;
    if (frame === undefined || frame.shape.length !== 3) throw new ConfigError(`${this.name} did not render an RGB image; make it with { renderMode: 'rgb_array' }`);
    return { height: frame.shape[0]!, width: frame.shape[1]!, data: frame.data as Uint8Array };
  }

  duplicate(n: number): VectorEnvironment {
    if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${this.name}.duplicate(n) needs a positive integer n; received ${describeValue(n)}`);
    return new BridgedVectorEnvironment(Array.from({ length: n }, () => new BridgedEnvironment(this.gymId, this.options, this.bridge)));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.bridge.process.alive) this.bridge.request('close', { handle: this.handle }, undefined, this.name);
  }

  /** Package-internal: the vector environment records the state it stepped this copy to. */
  setLatest(state: State): void {
    this.latest = state;
  }

  private toState(reply: Record<string, unknown>, reward: number, terminated: boolean, truncated: boolean): State {
    const obs = reply.obs as NdArray;
    // uint8 observations (images) travel as Uint8Array, as lib/core/state.ts allows; typed as State for the Environment interface
    return new State<Float32Array | Uint8Array>({
      observation: observationOf(obs, this.observationSpace),
      shape: this.observationSpace.shape,
      reward,
      terminated,
      truncated,
      info: (reply.info ?? {}) as Info,
    }) as unknown as State;
  }

  private checkOpen(what: string): void {
    if (this.closed) throw new StateError(`${this.name} was closed; cannot ${what}. Make a new one with makeEnvironment`);
  }
}

/** One action as the bridge carries it: an integer, or a float32 array reference. */
function encodeAction(name: string, space: Space, action: Action, blob: OutBlob): unknown {
  if (space.kind === 'discrete') {
    if (typeof action === 'number' && Number.isInteger(action) && action >= space.start && action < space.start + space.n) return action;
    throw new SpaceError(`${name} action must be an integer in ${describeDiscrete(space)}; received ${describeValue(action)}`);
  }
  const a = action as unknown;
  if (!(a instanceof Float32Array || a instanceof Float64Array || Array.isArray(a)) || (a as ArrayLike<number>).length !== space.size) {
    throw new SpaceError(`${name} action must be ${space.size} numbers (a Float32Array) in ${space.toString()}; received ${describeValue(a)}`);
  }
  return blob.add(Float32Array.from(a as ArrayLike<number>), [...space.shape]);
}

/** Copies of one bridged environment in one Python process, stepped in one round trip. */
export class BridgedVectorEnvironment implements VectorEnvironment {
  readonly name: string;
  private latest: StateArray | undefined;

  constructor(readonly envs: readonly BridgedEnvironment[]) {
    this.name = envs[0]!.name;
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

  get stateArray(): StateArray {
    if (this.latest === undefined) throw new StateError(`${this.name} vector environment has no states yet: call reset() first`);
    return this.latest;
  }

  reset(options?: ResetOptions): StateArray {
    const seed = options?.seed;
    const n = this.numEnvs;
    return this.roundTrip(new Array<boolean>(n).fill(true), Array.from({ length: n }, (_, i) => (seed === undefined ? null : seed + i)), undefined);
  }

  step(actions: readonly Action[] | Int32Array | Float32Array): StateArray {
    if (this.latest === undefined) throw new StateError(`${this.name} vector environment: step() called before reset(); call reset() first`);
    const n = this.numEnvs;
    const space = this.actionSpace;
    const done = Array.from({ length: n }, (_, i) => this.latest!.terminated[i] === 1 || this.latest!.truncated[i] === 1);
    const blob = new OutBlob();
    let ref: object;
    if (space.kind === 'discrete') {
      if (actions.length !== n) throw new ShapeError(`${this.name} vector step needs one action per copy (${n}); received ${actions.length}`);
      const ints = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const a = actions[i] as unknown;
        if (done[i]) continue;
        if (typeof a !== 'number' || !Number.isInteger(a) || a < space.start || a >= space.start + space.n) {
          throw new SpaceError(`${this.name} action ${i} must be an integer in ${describeDiscrete(space)}; received ${describeValue(a)}`);
        }
        ints[i] = a;
      }
      ref = blob.add(ints, [n]);
    } else {
      const dim = space.size;
      const flat = new Float32Array(n * dim);
      if (ArrayBuffer.isView(actions) && actions.length === n * dim) flat.set(actions as Float32Array);
      else if (actions.length === n) for (let i = 0; i < n; i++) flat.set(actions[i] as Float32Array, i * dim);
      else throw new ShapeError(`${this.name} vector step needs ${n} actions of ${dim} values; received ${actions.length} values`);
      ref = blob.add(flat, [n, ...space.shape]);
    }
    return this.roundTrip(done, new Array<null>(n).fill(null), ref, blob);
  }

  close(): void {
    for (const e of this.envs) e.close();
  }

  private roundTrip(reset: boolean[], seeds: (number | null)[], actions: object | undefined, blob = new OutBlob()): StateArray {
    const bridge = this.envs[0]!.bridge;
    const reply = bridge.request(
      'step_many',
      { handles: this.envs.map((e) => e.handle), reset, seeds, actions: actions ?? blob.add(new Int32Array(this.numEnvs), [this.numEnvs]) },
      blob,
      this.name,
    );
    const obs = reply.obs as NdArray;
    const box = this.observationSpace;
    const observation = observationOf(obs, box);
    const reward = Float32Array.from((reply.reward as NdArray).data as Float64Array);
    const terminated = (reply.terminated as NdArray).data as Uint8Array;
    const truncated = (reply.truncated as NdArray).data as Uint8Array;
    const info = reply.info as Info[];
    this.latest = new StateArray({ observation, shape: box.shape, reward, terminated, truncated, info } as never);
    const size = observation.length / this.numEnvs;
    this.envs.forEach((e, i) =>
      e.setLatest(
        new State<Float32Array | Uint8Array>({
          observation: observation.slice(i * size, (i + 1) * size),
          shape: box.shape,
          reward: reward[i]!,
          terminated: terminated[i] === 1,
          truncated: truncated[i] === 1,
          info: info[i] ?? {},
        }) as unknown as State,
      ),
    );
    return this.latest;
  }
}

export { isNdArray };
