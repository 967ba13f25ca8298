/**
 * The replay loop of the off-policy agents (ALL's DQN, C51, Rainbow, DDPG, SAC; TD3): store the
 * transition that ended in the new state, train on a sampled batch when the clock says so, then
 * choose the next action. One implementation; the agents supply `trainOn` and `chooseAction`.
 */
import { actionMaskOf } from '../../policies/action_mask';
import type { State } from '../../core/state';
import type { ReplayBatch, ReplayBuffer } from '../../memory/types';
import type { GreedyPolicy } from '../../policies/greedy';
import type { Agent } from '../agent';
import { UpdateClock } from './update_clock';

/** What the replay loop needs of an agent's settings. */
export interface ReplaySettings {
  /** Transitions per training update. */
  minibatchSize: number;
  /** Environment frames seen before the first update. */
  replayStartSize: number;
  /** Environment frames between updates. */
  updateFrequency: number;
}

/**
 * An agent that learns from replayed transitions, inside `act`. Continuous actions are returned
 * as copies, so the caller may modify them without touching what was stored.
 */
export abstract class ReplayAgent<A extends number | Float32Array> implements Agent {
  private lastState: State | undefined;
  private lastAction: A | undefined;
  private readonly clock: UpdateClock;

  /**
   * @param replayBuffer where transitions go and batches come from
   * @param replay batch size, warm-up and update frequency
   */
  constructor(
    readonly replayBuffer: ReplayBuffer,
    private readonly replay: ReplaySettings,
  ) {
    this.clock = new UpdateClock(replay.replayStartSize, replay.updateFrequency);
  }

  /** Stores the transition that ended in `state`, trains if due, and returns the next action. */
  act(state: State): A {
    if (this.lastState !== undefined) this.replayBuffer.store(this.lastState, this.lastAction!, state);
    if (this.clock.tick()) this.trainOn(this.replayBuffer.sample(this.replay.minibatchSize));
    this.lastState = state;
    const action = this.chooseAction(state);
    this.lastAction = action;
    return (typeof action === 'number' ? action : Float32Array.from(action)) as A;
  }

  /** Frames seen so far (one per call to `act`). */
  get framesSeen(): number {
    return this.clock.framesSeen;
  }

  /** True while the replay buffer is still filling, before any update (read it in `chooseAction`). */
  protected get warmingUp(): boolean {
    return this.clock.warmingUp;
  }

  /** One training update on a sampled batch. */
  protected abstract trainOn(batch: ReplayBatch): void;

  /** The action to take in `state` (exploration included); it is stored with the next transition. */
  protected abstract chooseAction(state: State): A;
}

/** A replay agent over a Q function that acts with an epsilon-greedy policy (DQN, DDQN). */
export abstract class GreedyReplayAgent<Q, O extends ReplaySettings> extends ReplayAgent<number> {
  /**
   * @param q the Q function the update trains
   * @param policy epsilon-greedy over q
   * @param replayBuffer where transitions go and batches come from
   * @param options the agent's settings, replay settings included
   */
  constructor(
    readonly q: Q,
    readonly policy: GreedyPolicy,
    replayBuffer: ReplayBuffer,
    readonly options: O,
  ) {
    super(replayBuffer, options);
  }

  /** The epsilon-greedy action in `state`, among its legal actions when it has a mask (advances the policy's decision count). */
  chooseAction(state: State): number {
    return this.policy.act(state.observation, state.shape, actionMaskOf(state));
  }
}
