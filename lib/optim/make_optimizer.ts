/**
 * The optimizers an Approximation can name, and the one function that builds them. `adam` is
 * FlatAdam (torch's Adam, which ALL uses, with betas 0.9 and 0.999); `rmsprop` is
 * FlatRMSprop (torch's RMSprop: decay 0.99, no momentum, epsilon outside the root); `sgd` is
 * tfjs's through TfjsOptimizer.
 */
import { ConfigError } from '../core/errors';
import { tf, type Variable } from '../tf';
import { FlatAdam } from './flat_adam';
import { FlatRMSprop } from './flat_rmsprop';
import type { Optimizer, OptimizerFactory } from './optimizer';
import { TfjsOptimizer } from './tfjs_optimizer';

/** Optimizers by name. */
export type OptimizerKind = 'adam' | 'sgd' | 'rmsprop';

/** Every OptimizerKind, for error messages and option checks. */
export const OPTIMIZER_KINDS: readonly OptimizerKind[] = ['adam', 'sgd', 'rmsprop'];

/**
 * Builds the optimizer `choice` names (or calls it, if it is a factory).
 * @param choice an OptimizerKind or an OptimizerFactory
 * @param variables the variables to train, in order
 * @param learningRate the rate of the first step
 * @param eps Adam's and RMSprop's epsilon (torch's default 1e-8 is Approximation's)
 * @throws ConfigError for an unknown name
 */
export function makeOptimizer(choice: OptimizerKind | OptimizerFactory, variables: readonly Variable[], learningRate: number, eps: number): Optimizer {
  if (typeof choice === 'function') return choice(variables, learningRate);
  switch (choice) {
    case 'adam':
      return new FlatAdam(variables, learningRate, 0.9, 0.999, eps);
    case 'sgd':
      return new TfjsOptimizer(variables, tf.train.sgd(learningRate));
    case 'rmsprop':
      return new FlatRMSprop(variables, learningRate, { alpha: 0.99, eps });
    default:
      throw new ConfigError(`Unknown optimizer "${String(choice)}"; valid: ${OPTIMIZER_KINDS.join(', ')}, or a function (variables, learningRate) => Optimizer`);
  }
}
