/**
 * DDPG (Lillicrap et al. 2016, "Continuous control with deep reinforcement learning",
 * https://arxiv.org/abs/1509.02971), as ALL's all/agents/ddpg.py: store the last transition,
 * train if due (a critic step on `r + gamma * Q'(s', mu'(s'))`, then an actor step ascending
 * Q(s, mu(s))), then act with the policy plus Gaussian noise scaled to the action range and
 * clipped to the Box.
 *
 * Deliberate differences from ALL: terminal handling is explicit in the target
 * (`r + gamma * mask * Q'`, through lib/functional's `tdLearningTarget`) instead of hidden in the
 * critic; exploration noise is drawn on the host from the run's seeded `Random`.
 */
import type { Box } from '../core/spaces';
import type { Random } from '../core/random';
import type { State } from '../core/state';
import type { QContinuous } from '../approximation/q_continuous';
import { mse } from '../functional/losses';
import { tdLearningTarget } from '../functional/value_learning';
import type { ReplayBatch, ReplayBuffer } from '../memory/types';
import type { DeterministicPolicy } from '../policies/deterministic';
import { tf } from '../tf';
import type { Agent } from './agent';
import { batchTensors } from './replay_batch';

/** DDPG's settings (ALL's names in camelCase). */
export interface DDPGOptions extends ExplorationSettings {
  /** Discount factor gamma. */
  discountFactor: number;
}

/**
 * Adds Gaussian noise N(0, (noise * (high - low) / 2)^2) to each dimension of `action` and clips
 * the result into the Box, in place (ALL's DDPG exploration).
 * @param action D values (one action), modified and returned
 * @param space the action Box
 * @param noise standard deviation as a fraction of half the range
 * @param rng the seeded generator
 */
export function addExplorationNoise(action: Float32Array, space: Box, noise: number, rng: Random): Float32Array {
  for (let i = 0; i < action.length; i++) {
    const lo = space.low[i]!;
    const hi = space.high[i]!;
    const v = action[i]! + rng.normal(0, (noise * (hi - lo)) / 2);
    action[i] = v < lo ? lo : v > hi ? hi : v;
  }
  return action;
}

/** Counts frames and says when an update is due (ALL's `_should_train`). */
export class UpdateClock {
  private frames = 0;
  constructor(
    private readonly replayStartSize: number,
    private readonly updateFrequency: number,
  ) {}
  /** Counts one frame; true when an update is due on it. */
  tick(): boolean {
    this.frames += 1;
    return this.frames > this.replayStartSize && this.frames % this.updateFrequency === 0;
  }
  /** Frames counted so far. */
  get framesSeen(): number {
    return this.frames;
  }
}

/** What DDPG's and TD3's acting needs of their settings. */
export interface ExplorationSettings {
  /** Transitions per training update. */
  minibatchSize: number;
  /** Exploration noise standard deviation, as a fraction of half the action range. */
  noise: number;
  /** Environment frames seen before the first update. */
  replayStartSize: number;
  /** Environment frames between updates. */
  updateFrequency: number;
}

/**
 * The acting loop DDPG and TD3 share: store the transition that ended in the new state, train on
 * a sampled batch when the clock says so, then act with the deterministic policy plus clipped
 * Gaussian exploration noise. Subclasses supply `trainOn`.
 */
export abstract class ExploringDeterministicAgent implements Agent {
  private lastState: State | undefined;
  private lastAction: Float32Array | undefined;
  private readonly clock: UpdateClock;

  constructor(
    readonly policy: DeterministicPolicy,
    readonly replayBuffer: ReplayBuffer,
    /** Generator of the exploration noise (and of any other noise a subclass draws). */
    protected readonly rng: Random,
    private readonly exploration: ExplorationSettings,
  ) {
    this.clock = new UpdateClock(exploration.replayStartSize, exploration.updateFrequency);
  }

  act(state: State): Float32Array {
    if (this.lastState !== undefined) this.replayBuffer.store(this.lastState, this.lastAction!, state);
    if (this.clock.tick()) this.trainOn(this.replayBuffer.sample(this.exploration.minibatchSize));
    this.lastState = state;
    const action = this.policy.act(state.observation, state.shape);
    this.lastAction = addExplorationNoise(action, this.policy.space, this.exploration.noise, this.rng);
    return Float32Array.from(this.lastAction);
  }

  /** One training update on a sampled batch. */
  abstract trainOn(batch: ReplayBatch): void;
}

/** The DDPG agent: trains inside `act`. */
export class DDPG extends ExploringDeterministicAgent {
  /**
   * @param q the critic Q(s, a), with a Polyak target
   * @param policy the actor mu(s), with a Polyak target
   * @param replayBuffer transitions with Float32Array actions
   * @param rng generator of the exploration noise
   * @param options settings
   */
  constructor(
    readonly q: QContinuous,
    policy: DeterministicPolicy,
    replayBuffer: ReplayBuffer,
    rng: Random,
    readonly options: DDPGOptions,
  ) {
    super(policy, replayBuffer, rng, options);
  }

  /** One critic update and one actor update on a batch. */
  trainOn(batch: ReplayBatch): void {
    tf.tidy(() => {
      const t = batchTensors(batch, this.options.discountFactor);
      const targets = tdLearningTarget(t.rewards, t.discounts, this.q.targetAt(t.nextStates, this.policy.targetActions(t.nextStates)));
      this.q.reinforce(() => mse(this.q.forwardAt(t.states, t.actions), targets));
      this.policy.reinforce(() => tf.neg(tf.mean(this.q.forwardAt(t.states, this.policy.actions(t.states)))));
    });
  }
}

/** DDPG's test agent: the policy's action without noise, in evaluation mode. */
export class DDPGTestAgent implements Agent {
  constructor(readonly policy: DeterministicPolicy) {}
  act(state: State): Float32Array {
    return this.policy.act(state.observation, state.shape, { evaluation: true });
  }
}
