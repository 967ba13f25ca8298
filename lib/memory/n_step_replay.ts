/**
 * N-step replay (Sutton 1988; used by Rainbow, Hessel et al. 2018, https://arxiv.org/abs/1710.02298):
 * wraps a replay buffer so each stored transition is (s_t, a_t, sum_{k<m} gamma^k r_{t+k+1}, s_{t+m})
 * with m = n, or fewer steps at the end of an episode.
 *
 * Ports ALL's `NStepReplayBuffer` (all/memory/replay_buffer.py). Differences: each transition
 * records how many steps `m` it spans (the batch's `steps`), so an agent can discount the
 * bootstrap by `gamma^m`; ALL's presets use `gamma^n` for every transition, also for the shorter
 * ones flushed at an episode end. The discounted sum is recomputed from the pending rewards
 * instead of ALL's running `(R - r_0) / gamma` update, which divides by zero when gamma = 0.
 * Observations go to the inner buffer as they arrive (`observe`, in time order), and transitions
 * refer to them, so s_{t+n} is stored once although it ends one transition and starts another.
 */
import { ConfigError } from '../core/errors';
import type { Observation, State } from '../core/state';
import type { MemoryAction, ObservationRef, ObservedTransition, ReplayBatch, Transition, TransitionReplayBuffer } from './types';

/** One pending step: where it started (as kept by the inner buffer), what was done, and the reward received. */
interface Pending {
  state: ObservationRef;
  action: MemoryAction;
  reward: number;
}

/** Turns one-step transitions into n-step ones and stores them in an inner buffer. */
export class NStepReplayBuffer implements TransitionReplayBuffer {
  /** The number of steps n each full transition spans. */
  readonly n: number;
  /** The discount factor gamma applied inside the n-step reward sum. */
  readonly discount: number;
  /** The buffer the n-step transitions go to (uniform or prioritized). */
  readonly inner: TransitionReplayBuffer;
  private pending: Pending[] = [];

  /**
   * @param n steps per transition (integer >= 1; 1 stores plain one-step transitions).
   * @param discount gamma in [0, 1].
   * @param inner where the n-step transitions are stored and sampled from.
   */
  constructor(n: number, discount: number, inner: TransitionReplayBuffer) {
    if (!Number.isInteger(n) || n < 1) {
      throw new ConfigError(`NStepReplayBuffer n must be an integer >= 1; received ${n}`);
    }
    if (!(discount >= 0 && discount <= 1)) {
      throw new ConfigError(`NStepReplayBuffer discount must be in [0, 1]; received ${discount}`);
    }
    this.n = n;
    this.discount = discount;
    this.inner = inner;
  }

  /** Number of transitions in the inner buffer (pending steps are not counted). */
  get length(): number {
    return this.inner.length;
  }

  /**
   * Records the step `state --action--> nextState`. Once n steps are pending, the oldest becomes an
   * n-step transition ending at `nextState`. When `nextState` is done (terminated or truncated),
   * every pending step is flushed as a shorter transition ending there, so no return crosses an
   * episode boundary. A done `state` is ignored (the environment resets from it).
   */
  store(state: State<Observation>, action: MemoryAction, nextState: State<Observation>): void {
    if (state.done) return;
    this.pending.push({
      state: this.inner.observe(state),
      action: typeof action === 'number' ? action : action.slice(),
      reward: nextState.reward,
    });
    const next = this.inner.observe(nextState);
    if (this.pending.length === this.n) this.flushOldest(next, nextState.mask, nextState.actionMask);
    if (nextState.done) {
      while (this.pending.length > 0) this.flushOldest(next, nextState.mask, nextState.actionMask);
    }
  }

  /**
   * Stores a pre-computed transition directly in the inner buffer, bypassing the n-step
   * accumulation (what makes n-step buffers nestable).
   */
  storeTransition(transition: Transition): void {
    this.inner.storeTransition(transition);
  }

  /** Forwards to the inner buffer (what makes n-step buffers nestable). */
  observe(state: State<Observation>): ObservationRef {
    return this.inner.observe(state);
  }

  /** Forwards to the inner buffer, bypassing the n-step accumulation. */
  storeObserved(transition: ObservedTransition): void {
    this.inner.storeObserved(transition);
  }

  /** Samples from the inner buffer. */
  sample(batchSize: number): ReplayBatch {
    return this.inner.sample(batchSize);
  }

  /** Whether the inner buffer uses priorities. */
  get usesPriorities(): boolean {
    return this.inner.usesPriorities !== false;
  }

  /** Forwards to the inner buffer. */
  updatePriorities(indices: Int32Array | readonly number[], priorities: ArrayLike<number>): void {
    this.inner.updatePriorities(indices, priorities);
  }

  /** Stores the oldest pending step as a transition ending at `nextState` (with its action mask, when it has one). */
  private flushOldest(nextState: ObservationRef, nextMask: number, nextActionMask: Uint8Array | undefined): void {
    let reward = 0;
    let scale = 1;
    for (const p of this.pending) {
      reward += scale * p.reward;
      scale *= this.discount;
    }
    const first = this.pending.shift()!;
    this.inner.storeObserved({
      state: first.state,
      action: first.action,
      reward,
      nextState,
      nextMask,
      steps: this.pending.length + 1,
      ...(nextActionMask === undefined ? {} : { nextActionMask }),
    });
  }
}
