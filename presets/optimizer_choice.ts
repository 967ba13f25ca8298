/**
 * The optimizer and TD-loss hyperparameters of presets that let the user choose them (the minatar
 * family: MinAtar's DQN trains with centered RMSprop and the Huber loss, the classic presets keep
 * ALL's Adam and mse and do not carry these keys). A preset class reads them with `optimizerOf`
 * and `tdLossOf`, which fall back to Adam and mse when a preset's table lacks them.
 */
import type { TDLoss } from '../lib/agents/dqn';
import { FlatAdam } from '../lib/optim/flat_adam';
import { FlatRMSprop } from '../lib/optim/flat_rmsprop';
import type { OptimizerFactory } from '../lib/optim/optimizer';
import { nonNegative, unitInterval } from './specs';

/** `optimizer`, `eps`, `rmspropDecay`, `rmspropCentered`. */
export function optimizerChoice(d: { optimizer: 'adam' | 'rmsprop'; eps: number; rmspropDecay: number; rmspropCentered: boolean }) {
  return {
    optimizer: {
      default: d.optimizer as string,
      choices: ['adam', 'rmsprop'] as const,
      doc: "optimizer: adam (torch's Adam, betas 0.9 and 0.999) or rmsprop (torch's RMSprop, no momentum)",
    },
    eps: nonNegative(d.eps, "the optimizer's epsilon, added to the root of the (centered) second moment"),
    rmspropDecay: unitInterval(d.rmspropDecay, "decay (torch's alpha) of RMSprop's running averages; unused by adam"),
    rmspropCentered: { default: d.rmspropCentered, doc: 'RMSprop divides by the root of the gradient variance instead of its second moment' },
  };
}

/** `loss`: the TD-error loss of the DQN-style presets. */
export function tdLossChoice(loss: TDLoss) {
  return { loss: { default: loss as string, choices: ['mse', 'huber'] as const, doc: 'loss on the TD error: mse, or huber (smooth L1, delta 1)' } };
}

/** What a preset's hyperparameters may say about the optimizer. */
interface OptimizerKeys {
  optimizer?: string;
  eps?: number;
  rmspropDecay?: number;
  rmspropCentered?: boolean;
}

/**
 * The Approximation options for the optimizer `h` names: `{}` (Approximation's default Adam) when
 * `h` has no `optimizer` key, else a factory and the epsilon.
 */
export function optimizerOf(h: object): { optimizer?: OptimizerFactory; eps?: number } {
  const o = h as OptimizerKeys;
  if (o.optimizer === undefined) return {};
  const eps = o.eps ?? 1e-8;
  if (o.optimizer === 'rmsprop') {
    const options = { alpha: o.rmspropDecay ?? 0.99, eps, centered: o.rmspropCentered ?? false };
    return { optimizer: (variables, lr) => new FlatRMSprop(variables, lr, options), eps };
  }
  return { optimizer: (variables, lr) => new FlatAdam(variables, lr, 0.9, 0.999, eps), eps };
}

/** The TD loss `h` names (mse when it has no `loss` key). */
export function tdLossOf(h: object): TDLoss {
  return ((h as { loss?: string }).loss as TDLoss | undefined) ?? 'mse';
}
