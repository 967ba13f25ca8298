/**
 * QContinuous: Q(s, a) for continuous actions (ALL's all/approximation/q_continuous.py), the
 * critic of DDPG, TD3 and SAC. The model maps the concatenation [observation, action] [B, S + D]
 * to [B, 1]; this class returns it as [B].
 *
 * Deliberate difference: ALL multiplies the output by the state's mask (0 at terminals); here
 * terminal handling is explicit in the agent's target (`reward + discount * mask * q`, DESIGN
 * section 4), so the value is never silently zeroed.
 */
import { ShapeError } from '../core/errors';
import type { Module } from '../nn/module';
import { tf, type Tensor } from '../tf';
import { Approximation, type ApproximationOptions } from './approximation';

/** A state-action value function over continuous actions (ALL's QContinuous). */
export class QContinuous extends Approximation {
  constructor(model: Module, options: ApproximationOptions = {}) {
    super(model, { name: 'q', ...options });
  }

  /**
   * The model's input: observations (flattened to [B, S]) and actions ([B, D], or [B] for one
   * dimension) side by side. Call inside tf.tidy; the caller owns the result.
   */
  inputOf(observations: Tensor, actions: Tensor): Tensor {
    const batch = observations.shape[0];
    if (observations.rank < 1 || actions.rank < 1 || actions.rank > 2 || actions.shape[0] !== batch) {
      throw new ShapeError(
        `${this.name}: observations [${observations.shape.join(', ')}] and actions [${actions.shape.join(', ')}] ` +
          'must share the batch dimension, with actions [B, actionDims] or [B]',
      );
    }
    if (observations.dtype !== 'float32' || actions.dtype !== 'float32') {
      throw new ShapeError(
        `${this.name}: observations and actions must be float32; received ${observations.dtype} and ${actions.dtype}`,
      );
    }
    return tf.tidy(() => {
      const s = observations.rank === 2 ? observations : tf.reshape(observations, [batch!, -1]);
      const a = actions.rank === 2 ? actions : tf.reshape(actions, [batch!, 1]);
      return tf.concat([s, a], 1);
    });
  }

  /** Q(s, a) [B] in training mode, for loss closures (gradients reach actions too, as DDPG's actor needs). */
  forwardAt(observations: Tensor, actions: Tensor): Tensor {
    return tf.tidy(() => this.squeeze(this.forward(this.inputOf(observations, actions))));
  }

  /** Q(s, a) [B] in evaluation mode (noise off); the caller owns it. */
  evalAt(observations: Tensor, actions: Tensor): Tensor {
    return tf.tidy(() => this.squeeze(this.eval(this.inputOf(observations, actions))));
  }

  /** Q(s, a) [B] from the target network (for bootstrap targets); the caller owns it. */
  targetAt(observations: Tensor, actions: Tensor): Tensor {
    return tf.tidy(() => this.squeeze(this.target(this.inputOf(observations, actions))));
  }

  private squeeze(q: Tensor): Tensor {
    if (q.rank !== 2 || q.shape[1] !== 1) {
      throw new ShapeError(`${this.name}: the model returned shape [${q.shape.join(', ')}]; QContinuous needs [batch, 1]`);
    }
    return tf.reshape(q, [-1]);
  }
}
