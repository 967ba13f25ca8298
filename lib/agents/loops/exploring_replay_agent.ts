/**
 * The replay loop of the deterministic-policy agents (DDPG, TD3): the shared replay loop, acting
 * with the policy's action plus clipped Gaussian exploration noise, or, with `randomWarmUp`,
 * uniformly at random until the first update (the TD3 authors' `start_timesteps`), so the critic's
 * first batches cover the whole action box rather than the initial policy's neighbourhood.
 */
import type { Random } from '../../core/random';
import type { State } from '../../core/state';
import type { ReplayBuffer } from '../../memory/types';
import { addExplorationNoise, type DeterministicPolicy } from '../../policies/deterministic';
import { ReplayAgent, type ReplaySettings } from './replay_agent';

/** What DDPG's and TD3's acting needs of their settings. */
export interface ExplorationSettings extends ReplaySettings {
  /** Exploration noise standard deviation, as a fraction of half the action range. */
  noise: number;
  /** Act uniformly at random in the Box until the first update instead of policy + noise. Default false (ALL's DDPG). */
  randomWarmUp?: boolean;
}

/** A replay agent that acts with a deterministic policy plus exploration noise; subclasses supply `trainOn`. */
export abstract class ExploringDeterministicAgent extends ReplayAgent<Float32Array> {
  /**
   * @param policy the actor
   * @param replayBuffer transitions with Float32Array actions
   * @param rng generator of the exploration noise (and of any other noise a subclass draws)
   * @param exploration replay settings and the noise scale
   */
  constructor(
    readonly policy: DeterministicPolicy,
    replayBuffer: ReplayBuffer,
    protected readonly rng: Random,
    private readonly exploration: ExplorationSettings,
  ) {
    super(replayBuffer, exploration);
  }

  protected chooseAction(state: State): Float32Array {
    if (this.exploration.randomWarmUp === true && this.warmingUp) return this.policy.space.sample(this.rng);
    const action = this.policy.act(state.observation, state.shape);
    return addExplorationNoise(action, this.policy.space, this.exploration.noise, this.rng);
  }
}
