/**
 * Recurrent Q-learning in the line of R2D2 (Kapturowski et al. 2019,
 * https://openreview.net/forum?id=r1lyTjAqYX), as jaxneurorl's recurrent Q-learner trains it: an
 * LSTM Q-network acts with its own carried recurrent state (reset at every episode start), the
 * experience goes to a sequence replay with the state at each sequence's start stored, and
 * updates regress Q(lambda) targets with a double-Q bootstrap from a fixed target network
 * (lib/agents/recurrent_q_loss.ts), optionally value-rescaled, with R2D2's sequence priorities.
 *
 * `RecurrentQ` acts on one environment (`act(state)`); `ParallelRecurrentQ` on many at once with
 * per-environment epsilons eps_i = base^(1 + alpha i / (N - 1)) (Ape-X, Horgan et al. 2018,
 * https://arxiv.org/abs/1803.00933; R2D2 uses base 0.4, alpha 7), or one shared schedule.
 * `RecurrentQTestAgent` acts greedily (with a small test epsilon) with its own carried state.
 *
 * Deliberate differences: one process acts and learns (no distributed actors): an update runs
 * every `updateFrequency` environment frames once `replayStartSize` frames are stored, as ALL's
 * DQN; jaxneurorl trains after every batch of vectorized steps.
 */
import type { QNetwork } from '../approximation/q_network';
import type { State, StateArray } from '../core/state';
import { Random } from '../core/random';
import type { SequenceReplayBuffer } from '../memory/sequence_replay';
import type { SequenceBatch } from '../memory/types';
import type { Module } from '../nn/module';
import type { Schedule } from '../optim/schedules';
import { tf, type Tensor } from '../tf';
import type { Agent, ParallelAgent } from './agent';
import { recurrentQLoss, type RecurrentQLossOptions } from './recurrent_q_loss';

/** Settings of RecurrentQ (the engine's: `epsilon` is read only by the default actor). */
export interface RecurrentQOptions extends RecurrentQLossOptions {
  /** Sequences per update. */
  minibatchSize: number;
  /** Environment frames (over all environments) before the first update. */
  replayStartSize: number;
  /** Environment frames (over all environments) between updates. */
  updateFrequency: number;
  /** Exploration: a schedule of the frame count, or (parallel) one epsilon per environment. */
  epsilon: Schedule | Float32Array;
  /** Number of discrete actions. */
  actions: number;
}

/**
 * Carries a recurrent module's state over steps for a batch of environments: [h, c] kept tensors
 * of [n, hidden], zeroed where an episode starts. Owns its tensors (dispose()).
 */
export class CarriedState {
  private tensors: Tensor[];

  /**
   * @param key the recurrent module's RecurrentState key
   * @param n environments (batch rows)
   * @param sizes width of each state tensor ([hidden, hidden] for an LSTM)
   */
  constructor(
    readonly key: string,
    readonly n: number,
    readonly sizes: readonly number[],
  ) {
    this.tensors = sizes.map((s) => tf.keep(tf.zeros([n, s])));
  }

  /**
   * Runs `model` one step from the carried state (zeroed first on rows where `starts` is 1),
   * keeps the next state, and returns the action values read back ([n * actions]). Observations
   * are given to the model flat, `[n, prod(shape)]` (recurrent Q models start with a dense layer).
   */
  step(model: Module, observations: Float32Array, _shape: readonly number[], starts: Uint8Array | undefined): Float32Array {
    const next: Record<string, readonly Tensor[]> = {};
    const values = tf.tidy(() => {
      let state = this.tensors;
      if (starts !== undefined && starts.some((s) => s === 1)) {
        const keep = tf.tensor2d(Float32Array.from(starts, (s) => 1 - s), [this.n, 1]);
        state = state.map((t) => tf.mul(t, keep));
      }
      const q = model.apply(tf.tensor(observations, [this.n, observations.length / this.n]), { training: false, state: { [this.key]: state }, nextState: next });
      next[this.key] = next[this.key]!.map((t) => tf.keep(t));
      return q.dataSync() as Float32Array;
    });
    tf.dispose(this.tensors);
    this.tensors = next[this.key]! as Tensor[];
    return Float32Array.from(values);
  }

  /** The carried state of row `i` as host arrays (read back; call only when needed). */
  row(i: number): Float32Array[] {
    return this.tensors.map((t, k) => {
      const s = this.sizes[k]!;
      return (t.dataSync() as Float32Array).slice(i * s, (i + 1) * s);
    });
  }

  /** All rows as host arrays, [n * size] each. */
  all(): Float32Array[] {
    return this.tensors.map((t) => Float32Array.from(t.dataSync() as Float32Array));
  }

  /** Zeroes every row. */
  reset(): void {
    tf.dispose(this.tensors);
    this.tensors = this.sizes.map((s) => tf.keep(tf.zeros([this.n, s])));
  }

  dispose(): void {
    tf.dispose(this.tensors);
    this.tensors = [];
  }
}

function argmaxRow(values: Float32Array, row: number, actions: number): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let a = 0; a < actions; a++) {
    const v = values[row * actions + a]!;
    if (v > bestValue) {
      bestValue = v;
      best = a;
    }
  }
  return best;
}

/** Ape-X / R2D2 per-actor epsilons eps_i = base^(1 + alpha i / (n - 1)); a single actor gets base. */
export function apexEpsilons(n: number, base = 0.4, alpha = 7): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => (n === 1 ? base : base ** (1 + (alpha * i) / (n - 1))));
}

/** Chooses an action from one environment's action values (exploration included). */
export type ActorFn = (values: Float32Array, env: number, frame: number, rng: Random) => number;

/** One update on a batch of sequences: trains `q` and returns the loss and new sequence priorities. */
export type SequenceLossFn = (q: QNetwork, batch: SequenceBatch) => { loss: number; priorities: Float32Array };

/** The epsilon-greedy actor of RecurrentQ: a schedule of frames, or one epsilon per environment. */
export function epsilonGreedyActor(epsilon: Schedule | Float32Array, actions: number): ActorFn {
  return (values, env, frame, rng) => {
    const eps = typeof epsilon === 'function' ? epsilon(frame) : epsilon[env]!;
    return rng.random() < eps ? rng.int(actions) : argmaxRow(values, 0, actions);
  };
}

/**
 * The engine of RecurrentQ, ParallelRecurrentQ and makeTrain (lib/train/make_train.ts): acts on n
 * environments with `actor`, stores every step in the sequence replay, and trains with `lossFn`
 * when due (after `replayStartSize` frames, every `updateFrequency` frames).
 */
export class RecurrentQCore {
  private readonly carried: CarriedState;
  private readonly lastDone: Uint8Array;
  private readonly lastAction: Int32Array;
  private first = true;
  private frames = 0;
  /** Loss of the last update (NaN before the first). */
  lastLoss = NaN;
  /** Updates made. */
  updates = 0;

  constructor(
    readonly q: QNetwork,
    readonly replay: SequenceReplayBuffer,
    readonly options: RecurrentQOptions,
    readonly lstmKey: string,
    readonly stateSizes: readonly number[],
    readonly n: number,
    readonly rng: Random,
    readonly actor: ActorFn = epsilonGreedyActor(options.epsilon, options.actions),
    readonly lossFn: SequenceLossFn = (q, batch) => recurrentQLoss(q, batch, options),
  ) {
    this.carried = new CarriedState(lstmKey, n, stateSizes);
    this.lastDone = new Uint8Array(n);
    this.lastAction = new Int32Array(n);
  }

  act(observations: Float32Array, shape: readonly number[], rewards: ArrayLike<number>, masks: ArrayLike<number>, done: Uint8Array): Int32Array {
    const n = this.n;
    const starts = new Uint8Array(n);
    for (let i = 0; i < n; i++) starts[i] = this.first || this.lastDone[i] === 1 ? 1 : 0;
    // the stored state is the one before this observation (after the reset at an episode start)
    const needs = Array.from({ length: n }, (_, i) => this.replay.needsState(i));
    const zero = this.stateSizes.map((s) => new Float32Array(s));
    const before = needs.some((x) => x) ? this.carried.all() : undefined;
    const values = this.carried.step(this.q.model, observations, shape, starts);
    const size = observations.length / n;
    const actions = new Int32Array(n);
    const A = this.options.actions;
    for (let i = 0; i < n; i++) {
      actions[i] = this.actor(values.subarray(i * A, (i + 1) * A), i, this.frames, this.rng);
      const state = needs[i]
        ? { [this.lstmKey]: starts[i] ? zero : before!.map((t, k) => t.slice(i * this.stateSizes[k]!, (i + 1) * this.stateSizes[k]!)) }
        : undefined;
      this.replay.push(
        i,
        { observation: observations.subarray(i * size, (i + 1) * size), start: starts[i] === 1, done: done[i] === 1, ...(state ? { state } : {}) },
        this.first ? 0 : rewards[i]!,
        this.first ? 1 : masks[i]!,
        actions[i]!,
      );
      this.lastDone[i] = done[i]!;
    }
    this.lastAction.set(actions);
    this.first = false;
    const before_ = this.frames;
    this.frames += n;
    const o = this.options;
    if (this.frames >= o.replayStartSize && this.replay.sequences > 0) {
      const due = Math.floor(this.frames / o.updateFrequency) - Math.floor(Math.max(before_, o.replayStartSize - 1) / o.updateFrequency);
      for (let k = 0; k < due; k++) this.train();
    }
    return actions;
  }

  train(): void {
    const batch = this.replay.sample(this.options.minibatchSize);
    const result = this.lossFn(this.q, batch);
    this.replay.updatePriorities(batch.indices, result.priorities);
    this.lastLoss = result.loss;
    this.updates += 1;
  }

  get framesSeen(): number {
    return this.frames;
  }

  dispose(): void {
    this.carried.dispose();
  }
}

/** What both agents are built from. */
export interface RecurrentQParts {
  /** The recurrent Q approximation (its model takes one step [n, ...] or a sequence with resets). */
  q: QNetwork;
  /** The sequence replay (with as many environments as the agent acts on). */
  replay: SequenceReplayBuffer;
  /** The RecurrentState key of the model's LSTM and the widths of its state ([hidden, hidden]). */
  lstmKey: string;
  stateSizes: readonly number[];
  /** Random generator for exploration. */
  rng: Random;
}

/** Recurrent Q-learning on one environment (see the file header). */
export class RecurrentQ implements Agent {
  private readonly core: RecurrentQCore;
  /**
   * @param parts network, replay, recurrent-state layout and generator
   * @param options loss, replay and exploration settings
   */
  constructor(parts: RecurrentQParts, options: RecurrentQOptions) {
    this.core = new RecurrentQCore(parts.q, parts.replay, options, parts.lstmKey, parts.stateSizes, 1, parts.rng);
  }

  act(state: State): number {
    const obs = state.observation instanceof Float32Array ? state.observation : Float32Array.from(state.observation);
    return this.core.act(obs, state.shape, [state.reward], [state.mask], Uint8Array.of(state.done ? 1 : 0))[0]!;
  }

  /** Environment frames seen. */
  get framesSeen(): number {
    return this.core.framesSeen;
  }
  /** Updates made so far. */
  get updates(): number {
    return this.core.updates;
  }
  /** Loss of the last update. */
  get lastLoss(): number {
    return this.core.lastLoss;
  }
  /** Releases the carried state (the network belongs to the preset). */
  dispose(): void {
    this.core.dispose();
  }
}

/** Recurrent Q-learning over a batch of environments, one epsilon per environment (see the file header). */
export class ParallelRecurrentQ implements ParallelAgent {
  private readonly core: RecurrentQCore;
  /**
   * @param parts network, replay (with `envs` = the number of environments), state layout, generator
   * @param options settings; `epsilon` may be one value per environment (`apexEpsilons`)
   * @param n number of environments
   */
  constructor(parts: RecurrentQParts, options: RecurrentQOptions, n: number) {
    this.core = new RecurrentQCore(parts.q, parts.replay, options, parts.lstmKey, parts.stateSizes, n, parts.rng);
  }

  act(states: StateArray): Int32Array {
    const obs = states.observation instanceof Float32Array ? states.observation : Float32Array.from(states.observation);
    return this.core.act(obs, states.shape, states.reward, states.mask, states.done);
  }

  get framesSeen(): number {
    return this.core.framesSeen;
  }
  get updates(): number {
    return this.core.updates;
  }
  dispose(): void {
    this.core.dispose();
  }
}

/**
 * Greedy recurrent Q agent for evaluation: its own carried state, reset at every episode start,
 * epsilon-greedy with a small test epsilon (acts on one environment, or a batch).
 */
export class RecurrentQTestAgent implements Agent, ParallelAgent {
  private carried: CarriedState | undefined;
  private lastDone: Uint8Array | undefined;

  /**
   * @param model the trained recurrent Q model (a copy, or the live one)
   * @param lstmKey its LSTM's RecurrentState key
   * @param stateSizes its state widths
   * @param actions number of actions
   * @param epsilon test exploration
   * @param rng generator for the test exploration
   */
  constructor(
    readonly model: Module,
    readonly lstmKey: string,
    readonly stateSizes: readonly number[],
    readonly actions: number,
    readonly epsilon = 0,
    readonly rng: Random = new Random(0),
  ) {
    // made now for one environment (a batch of another size remakes it), so acting allocates nothing new
    this.carried = new CarriedState(lstmKey, 1, stateSizes);
    this.lastDone = new Uint8Array(1).fill(1);
  }

  act(state: State): number;
  act(states: StateArray): Int32Array;
  act(s: State | StateArray): number | Int32Array {
    const single = !('batchShape' in s);
    const n = single ? 1 : (s as StateArray).length;
    if (this.carried === undefined || this.carried.n !== n) {
      this.carried?.dispose();
      this.carried = new CarriedState(this.lstmKey, n, this.stateSizes);
      this.lastDone = new Uint8Array(n).fill(1);
    }
    const obs = s.observation instanceof Float32Array ? s.observation : Float32Array.from(s.observation);
    const done = single ? Uint8Array.of((s as State).done ? 1 : 0) : (s as StateArray).done;
    const values = this.carried.step(this.model, obs, s.shape, this.lastDone!);
    this.lastDone!.set(done);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.epsilon > 0 && this.rng.random() < this.epsilon ? this.rng.int(this.actions) : argmaxRow(values, i, this.actions);
    return single ? out[0]! : out;
  }

  dispose(): void {
    this.carried?.dispose();
  }
}
