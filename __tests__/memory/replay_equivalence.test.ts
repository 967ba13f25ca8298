/**
 * The replay buffers that store each observation once must sample exactly the batches the
 * buffers that stored two copies per transition sampled. `Reference*` below is the previous
 * implementation, kept only here as the reference (trimmed of docs and error checks); both are
 * driven with the same random episode stream and every batch is compared bit for bit.
 */
import { Random } from '../../lib/core/random';
import { type Observation, State } from '../../lib/core/state';
import { ExperienceReplayBuffer, checkBatchSize } from '../../lib/memory/experience_replay';
import { NStepReplayBuffer } from '../../lib/memory/n_step_replay';
import { PrioritizedReplayBuffer } from '../../lib/memory/prioritized_replay';
import { MinSegmentTree, SumSegmentTree } from '../../lib/memory/segment_tree';
import type { MemoryAction, ReplayBatch, ReplayBuffer, Transition } from '../../lib/memory/types';

// ---------------------------------------------------------------- the previous implementation

/** Two observation copies per transition, as lib/memory/experience_replay.ts stored them before. */
class ReferenceReplay {
  protected position = 0;
  protected count = 0;
  private d = 0;
  private actionDim = -1;
  private states = new Float32Array(0);
  private nextStates = new Float32Array(0);
  private actions: Int32Array | Float32Array = new Int32Array(0);
  private rewards = new Float32Array(0);
  private nextMasks = new Float32Array(0);
  private steps = new Int32Array(0);
  private shape: readonly number[] = [];
  constructor(
    readonly capacity: number,
    protected readonly rng: Random,
  ) {}
  get length(): number {
    return this.count;
  }
  store(state: State<Observation>, action: MemoryAction, nextState: State<Observation>): void {
    this.write({ state, action, reward: nextState.reward, nextState, steps: 1 });
  }
  storeTransition(t: Transition): void {
    this.write(t);
  }
  protected write(t: Transition): number {
    if (t.state.done) return -1;
    if (this.actionDim < 0) {
      const n = this.capacity;
      this.d = t.state.observation.length;
      this.shape = [...t.state.shape];
      this.actionDim = typeof t.action === 'number' ? 0 : t.action.length;
      this.states = new Float32Array(n * this.d);
      this.nextStates = new Float32Array(n * this.d);
      this.actions = this.actionDim === 0 ? new Int32Array(n) : new Float32Array(n * this.actionDim);
      this.rewards = new Float32Array(n);
      this.nextMasks = new Float32Array(n);
      this.steps = new Int32Array(n);
    }
    const slot = this.position;
    this.states.set(t.state.observation, slot * this.d);
    this.nextStates.set(t.nextState.observation, slot * this.d);
    if (typeof t.action === 'number') this.actions[slot] = t.action;
    else this.actions.set(t.action, slot * this.actionDim);
    this.rewards[slot] = t.reward;
    this.nextMasks[slot] = t.nextState.mask;
    this.steps[slot] = t.steps;
    this.position = (slot + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    return slot;
  }
  sample(batchSize: number): ReplayBatch {
    checkBatchSize(batchSize, this.count, 'ReferenceReplay');
    const slots = new Int32Array(batchSize);
    for (let i = 0; i < batchSize; i++) slots[i] = this.rng.int(this.count);
    return this.gather(slots, new Float32Array(batchSize).fill(1));
  }
  updatePriorities(_indices: Int32Array | readonly number[], _priorities: ArrayLike<number>): void {}
  protected gather(slots: Int32Array, weights: Float32Array): ReplayBatch {
    const size = slots.length;
    const { d, actionDim: a } = this;
    const states = new Float32Array(size * d);
    const nextStates = new Float32Array(size * d);
    const actions = a === 0 ? new Int32Array(size) : new Float32Array(size * a);
    const rewards = new Float32Array(size);
    const nextMasks = new Float32Array(size);
    const steps = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const k = slots[i]!;
      states.set(this.states.subarray(k * d, (k + 1) * d), i * d);
      nextStates.set(this.nextStates.subarray(k * d, (k + 1) * d), i * d);
      if (a === 0) actions[i] = this.actions[k]!;
      else actions.set(this.actions.subarray(k * a, (k + 1) * a), i * a);
      rewards[i] = this.rewards[k]!;
      nextMasks[i] = this.nextMasks[k]!;
      steps[i] = this.steps[k]!;
    }
    return { size, stateShape: this.shape, states, actions, rewards, nextStates, nextMasks, steps, weights, indices: slots };
  }
}

/** The previous prioritized buffer on the reference storage. */
class ReferencePrioritized extends ReferenceReplay {
  private readonly sums: SumSegmentTree;
  private readonly mins: MinSegmentTree;
  private maxPriority = 1;
  constructor(
    capacity: number,
    rng: Random,
    readonly alpha: number,
    readonly beta: number,
    readonly epsilon: number,
  ) {
    super(capacity, rng);
    this.sums = new SumSegmentTree(capacity);
    this.mins = new MinSegmentTree(capacity);
  }
  protected override write(t: Transition): number {
    const slot = super.write(t);
    if (slot >= 0) this.setMass(slot, this.maxPriority ** this.alpha);
    return slot;
  }
  override sample(batchSize: number): ReplayBatch {
    const n = this.length;
    const total = this.sums.sum();
    const segment = total / batchSize;
    const slots = new Int32Array(batchSize);
    const weights = new Float32Array(batchSize);
    const minMass = this.mins.min();
    let largest = 0;
    for (let i = 0; i < batchSize; i++) {
      const mass = Math.min((i + this.rng.random()) * segment, total);
      const slot = Math.min(this.sums.findPrefixSum(mass), n - 1);
      slots[i] = slot;
      const w = minMass > 0 ? (this.sums.get(slot) / minMass) ** -this.beta : this.sums.get(slot) ** -this.beta;
      weights[i] = w;
      if (w > largest) largest = w;
    }
    if (!(minMass > 0)) for (let i = 0; i < batchSize; i++) weights[i] = weights[i]! / largest;
    return this.gather(slots, weights);
  }
  override updatePriorities(indices: Int32Array | readonly number[], priorities: ArrayLike<number>): void {
    for (let i = 0; i < indices.length; i++) {
      const p = Math.abs(priorities[i]!) + this.epsilon;
      this.setMass(indices[i]!, p ** this.alpha);
      if (p > this.maxPriority) this.maxPriority = p;
    }
  }
  private setMass(slot: number, mass: number): void {
    this.sums.set(slot, mass);
    this.mins.set(slot, mass);
  }
}

/** The previous n-step wrapper: pending States, flushed as Transitions. */
class ReferenceNStep {
  private pending: { state: State<Observation>; action: MemoryAction; reward: number }[] = [];
  constructor(
    readonly n: number,
    readonly discount: number,
    readonly inner: ReferenceReplay,
  ) {}
  get length(): number {
    return this.inner.length;
  }
  store(state: State<Observation>, action: MemoryAction, nextState: State<Observation>): void {
    if (state.done) return;
    this.pending.push({ state, action: typeof action === 'number' ? action : action.slice(), reward: nextState.reward });
    if (this.pending.length === this.n) this.flushOldest(nextState);
    if (nextState.done) while (this.pending.length > 0) this.flushOldest(nextState);
  }
  sample(batchSize: number): ReplayBatch {
    return this.inner.sample(batchSize);
  }
  updatePriorities(indices: Int32Array | readonly number[], priorities: ArrayLike<number>): void {
    this.inner.updatePriorities(indices, priorities);
  }
  private flushOldest(nextState: State<Observation>): void {
    let reward = 0;
    let scale = 1;
    for (const p of this.pending) {
      reward += scale * p.reward;
      scale *= this.discount;
    }
    const first = this.pending.shift()!;
    this.inner.storeTransition({ state: first.state, action: first.action, reward, nextState, steps: this.pending.length + 1 });
  }
}

// ---------------------------------------------------------------- the driver

interface StreamOptions {
  seed: number;
  steps: number;
  /** Observation shape. */
  shape: readonly number[];
  /** 0 for discrete actions. */
  actionDim: number;
  /** Store uint8 observations in the new buffer (the reference gets the same values as floats). */
  uint8?: boolean;
  batchSize: number;
}

type Stored = Pick<ReplayBuffer, 'store' | 'sample' | 'updatePriorities' | 'length'>;

/** The bytes of a typed array, so -0 and NaN payloads count. */
function bytes(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function expectSameBatch(got: ReplayBatch, want: ReplayBatch, where: string): void {
  expect({ where, size: got.size, shape: got.stateShape }).toEqual({ where, size: want.size, shape: want.stateShape });
  for (const field of ['states', 'actions', 'rewards', 'nextStates', 'nextMasks', 'steps', 'weights', 'indices'] as const) {
    expect({ where, field, type: got[field].constructor.name }).toEqual({ where, field, type: want[field].constructor.name });
    if (!bytes(got[field]).equals(bytes(want[field]))) {
      throw new Error(`${where}: field ${field} differs: ${Array.from(got[field]).slice(0, 12)} vs ${Array.from(want[field]).slice(0, 12)}`);
    }
  }
}

/**
 * Plays random episodes (lengths 1 to 12, ending by termination or truncation) into both buffers
 * as agents do (each store's start is the previous store's end; after an episode ends, the step
 * out of the done state is stored too and must be skipped), sometimes passing an equal copy of
 * the start state instead of the same object; samples both every few steps and compares, and
 * feeds both the same random priorities. Returns the number of batches compared.
 */
function drive(fresh: Stored, reference: Stored, o: StreamOptions): number {
  const rng = new Random(o.seed);
  const size = o.shape.reduce((a, b) => a * b, 1);
  const observation = (): { fresh: Observation; reference: Float32Array } => {
    if (o.uint8) {
      const u = Uint8Array.from({ length: size }, () => rng.int(256));
      return { fresh: u, reference: Float32Array.from(u) };
    }
    // Mostly random floats; sometimes all +0 or all -0: equal as numbers, but a -0 observation
    // must not be shared with a +0 one (the batches would differ in sign bits).
    const f = Float32Array.from({ length: size }, () => (rng.random() < 0.05 ? -0 : rng.normal()));
    if (rng.random() < 0.15) f.fill(rng.random() < 0.5 ? 0 : -0);
    return { fresh: f, reference: f };
  };
  const make = (obs: { fresh: Observation; reference: Float32Array }, reward: number, flags: { terminated?: boolean; truncated?: boolean }) => ({
    fresh: new State({ observation: obs.fresh, shape: o.shape, reward, ...flags }),
    reference: new State({ observation: obs.reference.slice(), shape: o.shape, reward, ...flags }),
  });
  const action = (): MemoryAction =>
    o.actionDim === 0 ? rng.int(5) : Float32Array.from({ length: o.actionDim }, () => rng.uniform(-1, 1));
  let current = make(observation(), 0, {});
  let left = 1 + rng.int(12);
  let batches = 0;
  for (let step = 0; step < o.steps; step++) {
    const a = action();
    let next: typeof current;
    if (current.fresh.done) {
      next = make(observation(), 0, {}); // the reset; this store is skipped by both
      left = 1 + rng.int(12);
    } else {
      left -= 1;
      const end = left === 0;
      const terminated = end && rng.random() < 0.5;
      // A repeated observation (e.g. a no-op step) sometimes: equal to the start, stored once.
      const obs = rng.random() < 0.03 ? { fresh: current.fresh.observation.slice(), reference: current.reference.observation.slice() } : observation();
      next = make(obs, Math.round(rng.normal() * 100) / 8, { terminated, truncated: end && !terminated });
    }
    const start = rng.random() < 0.1
      ? { fresh: new State({ observation: current.fresh.observation.slice(), shape: o.shape, reward: current.fresh.reward, terminated: current.fresh.terminated, truncated: current.fresh.truncated }), reference: current.reference }
      : current;
    fresh.store(start.fresh, a, next.fresh);
    reference.store(start.reference, typeof a === 'number' ? a : a.slice(), next.reference);
    expect(fresh.length).toBe(reference.length);
    current = next;
    if (fresh.length > 0 && step % 5 === 0) {
      const want = reference.sample(o.batchSize);
      const got = fresh.sample(o.batchSize);
      expectSameBatch(got, want, `step ${step}`);
      batches += 1;
      const priorities = Float32Array.from({ length: o.batchSize }, () => rng.normal() * 3);
      reference.updatePriorities(want.indices, priorities);
      fresh.updatePriorities(got.indices, priorities);
    }
  }
  return batches;
}

describe('replay storing each observation once samples the batches of two copies per transition', () => {
  it('uniform, one-step, continuous actions, through many wrap-arounds', () => {
    const fresh = new ExperienceReplayBuffer(37, { rng: new Random(11) });
    const reference = new ReferenceReplay(37, new Random(11));
    expect(drive(fresh, reference, { seed: 1, steps: 3000, shape: [3], actionDim: 2, batchSize: 6 })).toBeGreaterThan(500);
  });

  it('prioritized, one-step, discrete actions, with priority updates', () => {
    const fresh = new PrioritizedReplayBuffer(29, { alpha: 0.6, beta: 0.4, epsilon: 1e-3, rng: new Random(12) });
    const reference = new ReferencePrioritized(29, new Random(12), 0.6, 0.4, 1e-3);
    expect(drive(fresh, reference, { seed: 2, steps: 3000, shape: [2, 2], actionDim: 0, batchSize: 5 })).toBeGreaterThan(500);
  });

  it('n-step (n = 3) over a prioritized buffer that wraps, as Rainbow uses it', () => {
    const fresh = new NStepReplayBuffer(3, 0.9, new PrioritizedReplayBuffer(23, { alpha: 0.5, beta: 0.5, rng: new Random(13) }));
    const reference = new ReferenceNStep(3, 0.9, new ReferencePrioritized(23, new Random(13), 0.5, 0.5, 1e-5));
    expect(drive(fresh, reference, { seed: 3, steps: 3000, shape: [4], actionDim: 0, batchSize: 7 })).toBeGreaterThan(500);
  });

  it('n-step (n = 5) over a uniform buffer smaller than an episode, continuous actions', () => {
    const fresh = new NStepReplayBuffer(5, 0.99, new ExperienceReplayBuffer(4, { rng: new Random(14) }));
    const reference = new ReferenceNStep(5, 0.99, new ReferenceReplay(4, new Random(14)));
    expect(drive(fresh, reference, { seed: 4, steps: 2000, shape: [3], actionDim: 1, batchSize: 3 })).toBeGreaterThan(300);
  });

  it('uint8 observations give the batches float observations of the same values gave', () => {
    const inner = new PrioritizedReplayBuffer(31, { alpha: 0.6, beta: 0.4, rng: new Random(15) });
    const fresh = new NStepReplayBuffer(2, 0.5, inner);
    const reference = new ReferenceNStep(2, 0.5, new ReferencePrioritized(31, new Random(15), 0.6, 0.4, 1e-5));
    expect(drive(fresh, reference, { seed: 5, steps: 1500, shape: [2, 2, 3], actionDim: 0, uint8: true, batchSize: 4 })).toBeGreaterThan(250);
    expect(inner.observationType).toBe('uint8');
  });
});
