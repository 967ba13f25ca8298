/**
 * Schedules as pure functions of a step count: reading a value never changes state, so an agent
 * can log, test or resume a schedule freely. `linearSchedule` reproduces ALL's LinearScheduler
 * (flat until `decayStart`, linear until `decayEnd`, flat after), but indexed explicitly rather
 * than counting its own reads.
 */
import { ConfigError } from '../core/errors';

/** A value that depends only on a step (frames or updates, as the owner documents). */
export type Schedule = (step: number) => number;

/** A constant schedule. */
export function constantSchedule(value: number): Schedule {
  return () => value;
}

/**
 * `initial` until step `decayStart`, then linear to `final` at step `decayEnd`, then `final`.
 * @param decayStart first step of the decay (inclusive)
 * @param decayEnd step at which `final` is reached
 */
export function linearSchedule(initial: number, final: number, decayStart: number, decayEnd: number): Schedule {
  if (!(decayEnd >= decayStart)) {
    throw new ConfigError(`linearSchedule needs decayEnd >= decayStart; received start ${decayStart}, end ${decayEnd}`);
  }
  return (step) => {
    if (step < decayStart) return initial;
    if (step >= decayEnd) return final;
    const alpha = (step - decayStart) / (decayEnd - decayStart);
    return alpha * final + (1 - alpha) * initial;
  };
}

/**
 * Cosine annealing from `initial` to `final` over `steps` (Loshchilov & Hutter 2017,
 * https://arxiv.org/abs/1608.03983), as torch's CosineAnnealingLR without restarts; `final` after.
 */
export function cosineSchedule(initial: number, steps: number, final = 0): Schedule {
  if (!(steps > 0)) throw new ConfigError(`cosineSchedule needs a positive number of steps; received ${steps}`);
  return (step) => {
    if (step >= steps) return final;
    return final + ((initial - final) * (1 + Math.cos((Math.PI * Math.max(0, step)) / steps))) / 2;
  };
}

/** Polynomial decay from `initial` to `final` over `steps`: final + (initial-final)(1 - t/steps)^power. */
export function polynomialSchedule(initial: number, steps: number, final = 0, power = 1): Schedule {
  if (!(steps > 0)) throw new ConfigError(`polynomialSchedule needs a positive number of steps; received ${steps}`);
  return (step) => {
    if (step >= steps) return final;
    return final + (initial - final) * Math.pow(1 - Math.max(0, step) / steps, power);
  };
}
