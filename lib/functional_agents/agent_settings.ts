/**
 * What the explicit-state agents (dqn.ts, a2c.ts, ppo.ts) share about their configuration: the
 * options every one takes, their resolution against the agent's defaults (unknown keys refused,
 * the shared options checked), and the `observationSize` / `numActions` / `discount` that
 * BaseAgent asks for, read from the resolved settings. Configuration only: no state lives here.
 */
import { ConfigError } from '../core/errors';
import { numberIn, positiveInt } from './checks';

/** The options every explicit-state agent takes. */
export interface CommonAgentOptions {
  /** Values per observation. Required. */
  observationSize: number;
  /** Number of discrete actions. Required. */
  numActions: number;
  /** Hidden layer widths. */
  hidden?: readonly number[];
  /** Discount factor gamma. */
  discount?: number;
  /** Adam learning rate. */
  lr?: number;
  /** Clip the gradients' global norm (Infinity: no clipping). */
  maxGradNorm?: number;
}

/**
 * `options` over `defaults`, checked: unknown keys are a ConfigError listing the valid ones;
 * observationSize, numActions, the hidden widths, discount, lr and maxGradNorm are checked here,
 * the agent's own options by the agent.
 * @param fn the agent's name in error messages, e.g. 'FunctionalDQN'
 */
export function resolveSettings<O extends CommonAgentOptions>(fn: string, defaults: Omit<Required<O>, 'observationSize' | 'numActions'>, options: O): Required<O> {
  if (options === undefined || options === null) throw new ConfigError(`${fn} needs options with observationSize and numActions`);
  const known = new Set([...Object.keys(defaults), 'observationSize', 'numActions']);
  for (const k of Object.keys(options)) if (!known.has(k)) throw new ConfigError(`${fn}: unknown option "${k}"; valid: ${[...known].join(', ')}`);
  const merged = { ...defaults, ...options } as Required<O>;
  const s = merged as unknown as Required<CommonAgentOptions>;
  positiveInt(fn, 'observationSize', s.observationSize);
  positiveInt(fn, 'numActions', s.numActions);
  if (!Array.isArray(s.hidden)) throw new ConfigError(`${fn}: hidden must be an array of layer widths, e.g. [64]; received ${String(s.hidden)}`);
  s.hidden.forEach((h, i) => positiveInt(fn, `hidden[${i}]`, h));
  numberIn(fn, 'discount', s.discount, 0, 1);
  numberIn(fn, 'lr', s.lr, Number.MIN_VALUE, Infinity);
  numberIn(fn, 'maxGradNorm', s.maxGradNorm, Number.MIN_VALUE, Infinity);
  return merged;
}

/** The configuration half of an explicit-state agent: resolved, frozen settings and BaseAgent's sizes. */
export abstract class ConfiguredAgent<S extends Required<CommonAgentOptions>> {
  /** The resolved options (defaults filled in), frozen. */
  readonly settings: Readonly<S>;

  constructor(fn: string, defaults: Omit<S, 'observationSize' | 'numActions'>, options: CommonAgentOptions) {
    this.settings = Object.freeze(resolveSettings(fn, defaults as never, options as S)) as Readonly<S>;
  }

  get observationSize(): number {
    return this.settings.observationSize;
  }

  get numActions(): number {
    return this.settings.numActions;
  }

  get discount(): number {
    return this.settings.discount;
  }
}
