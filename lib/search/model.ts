/**
 * The model interface Monte-Carlo tree search plans with (AlphaZero, Silver et al. 2018,
 * https://arxiv.org/abs/1712.01815, searches over the true rules of the game): legal actions,
 * the outcome of an action, whose turn it is and what the network sees. New in allts (ALL has no
 * search); it plays the role of mctx's `RecurrentFn` with a ground-truth model instead of a learned
 * one. States are treated as immutable values: `step` never changes its argument, so "cloning a
 * state" is `clone(state)`, which implementations may make the identity.
 *
 * Two-player convention (as mctx with `discount = -1`): `reward` is the reward of the player who
 * moved, and search values are from the view of the player to move; when `toPlay` changes across a
 * step, a value backed up through it changes sign.
 */

/** What one action does to a state. */
export interface StepOutcome<S> {
  /** The state after the action (a new value; the old one is unchanged). */
  state: S;
  /** Reward to the player who took the action (e.g. +1 when that move wins a game). */
  reward: number;
  /** True when the episode or game is over after the action. */
  terminal: boolean;
}

/** A ground-truth model a search can plan with (see the file header). */
export interface SearchModel<S> {
  /** Number of actions (0 .. actionCount - 1, legal or not). */
  readonly actionCount: number;
  /** Shape of one observation as the network reads it, e.g. [3, 3, 2]. */
  readonly observationShape: readonly number[];
  /** An independent copy of `state` (the identity for immutable states). */
  clone(state: S): S;
  /** 1 per legal action, 0 per illegal one. */
  legalMask(state: S): Uint8Array;
  /** Applies `action` (which must be legal) to `state`. */
  step(state: S, action: number): StepOutcome<S>;
  /** Index of the player to move (always 0 in a single-player task). */
  toPlay(state: S): number;
  /** True when no action can be taken any more. */
  isTerminal(state: S): boolean;
  /** The observation of the player to move, flat, row-major in `observationShape`. */
  observation(state: S): Float32Array;
  /**
   * The state an observation shows, for agents that receive observations (`act(state)`). Models
   * whose observation does not determine the state may throw.
   */
  fromObservation(observation: ArrayLike<number>): S;
  /**
   * Optional: the images of a training pair (observation, policy over actions) under the game's
   * symmetries other than the identity (AlphaGo Zero's data augmentation, Silver et al. 2017,
   * https://www.nature.com/articles/nature24270); each image has the same value.
   */
  symmetries?(observation: Float32Array, policy: Float32Array): [Float32Array, Float32Array][];
}
