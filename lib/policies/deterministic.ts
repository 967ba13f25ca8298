/**
 * DeterministicPolicy: a DDPG/TD3-style policy mu(s) squashed into a Box (ALL's
 * all/policies/deterministic.py): action = low + (tanh(u) + 1) / 2 * (high - low), which equals
 * ALL's tanh(u) * halfRange + center. Lillicrap et al. 2016, "Continuous control with deep
 * reinforcement learning" (https://arxiv.org/abs/1509.02971).
 *
 * Deliberate differences from ALL: exploration noise is the agent's choice (as in ALL; the
 * Gaussian noise DDPG and TD3 add is `addExplorationNoise` here), but
 * acting returns typed arrays; the squashing uses lib/functional's `squashAction`; the target
 * network's actions have their own method for bootstrap targets.
 */
import type { Random } from '../core/random';
import type { Box } from '../core/spaces';
import { ShapeError } from '../core/errors';
import { Approximation, type ApproximationOptions } from '../approximation/approximation';
import { squashAction } from '../functional';
import type { Module } from '../nn/module';
import { readFloats } from '../read_back';
import { tf, type Tensor } from '../tf';
import { boxAffine } from './gaussian';

/**
 * Adds Gaussian noise N(0, (noise * (high - low) / 2)^2) to each dimension of `action` and clips
 * the result into the Box, in place (ALL's DDPG exploration, also TD3's).
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

/**
 * Clips row-major actions [n, D] into the box in place: float32 rounding of
 * low + (tanh + 1) * halfRange can land one ulp outside when tanh saturates.
 */
export function clipRows(actions: Float32Array, space: Box): Float32Array {
  const d = space.size;
  for (let i = 0; i < actions.length; i++) {
    const lo = space.low[i % d]!;
    const hi = space.high[i % d]!;
    const v = actions[i]!;
    actions[i] = v < lo ? lo : v > hi ? hi : v;
  }
  return actions;
}

/** Options of acting. */
export interface DeterministicActOptions {
  /** Use evaluation mode (noise layers off); default false. */
  evaluation?: boolean;
}

/** A deterministic policy bounded to a Box by tanh (ALL's DeterministicPolicy). */
export class DeterministicPolicy extends Approximation {
  readonly actionDims: number;

  /**
   * @param model maps inputs [B, ...] to unbounded pre-tanh values [B, D]
   * @param space the Box of actions (finite bounds)
   * @param options approximation options (name defaults to 'policy')
   */
  constructor(
    model: Module,
    readonly space: Box,
    options: ApproximationOptions = {},
  ) {
    super(model, { name: 'policy', ...options });
    boxAffine(space, 'DeterministicPolicy');
    this.actionDims = space.size;
  }

  private squash(u: Tensor): Tensor {
    if (u.rank !== 2 || u.shape[1] !== this.actionDims) {
      throw new ShapeError(
        `${this.name}: the model returned shape [${u.shape.join(', ')}]; it must be [batch, ${this.actionDims}] (one value per action dimension)`,
      );
    }
    return squashAction(u, this.space.low, this.space.high);
  }

  /** Actions [B, D] in the box, training mode: for loss closures (DDPG's actor loss). The caller owns it. */
  actions(x: Tensor): Tensor {
    return tf.tidy(() => this.squash(this.forward(x)));
  }

  /**
   * Actions [B, D] in the box and the pre-tanh outputs [B, D] they come from, training mode, from one
   * forward pass: for actor losses that also penalize the pre-activations. Call inside tf.tidy.
   */
  actionsWithPreActivations(x: Tensor): { actions: Tensor; preActivations: Tensor } {
    const preActivations = this.forward(x);
    return { actions: this.squash(preActivations), preActivations };
  }

  /** Actions [B, D] from the target network (for bootstrap targets); the caller owns it. */
  targetActions(x: Tensor): Tensor {
    return tf.tidy(() => this.squash(this.target(x)));
  }

  /** The action (D values) for one input of shape `shape`. */
  act(input: Float32Array, shape: readonly number[], options: DeterministicActOptions = {}): Float32Array {
    return this.actBatch(input, [1, ...shape], options);
  }

  /** One action per row of `inputs` ([n, ...shape] flattened): n * D values, row-major, inside the box. */
  actBatch(inputs: Float32Array, batchShape: readonly number[], options: DeterministicActOptions = {}): Float32Array {
    const out = readFloats(() => {
      const x = tf.tensor(inputs, [...batchShape]);
      return this.squash(options.evaluation ? this.eval(x) : this.forward(x));
    });
    return clipRows(out, this.space);
  }
}
