/**
 * The immutable preset builder (ALL's PresetBuilder): every call returns a new builder, so a
 * shared default like `classicControl.dqn` can never be changed by a user's configuration.
 * `classicControl.dqn.env(env).hyperparameters({ lr: 3e-4 }).build()`.
 */
import { ConfigError } from '../lib/core/errors';
import { Random } from '../lib/core/random';
import { applyOverrides, defaultsOf, type ParamSpecs, type ParamValues } from './hyperparameters';
import type { EnvSpec, Preset, PresetArgs } from './preset';

/** Makes the preset once everything is known. */
export type PresetFactory<S extends ParamSpecs, P extends Preset = Preset> = (args: {
  id: string;
  family: string;
  name: string;
  env: EnvSpec;
  hyperparameters: ParamValues<S>;
  seed: number;
  /** The builder's spec table (model hyperparameters say their kind there). */
  specs: S;
}) => P;

interface BuilderState<S extends ParamSpecs> {
  env?: EnvSpec;
  hyperparameters: ParamValues<S>;
  name?: string;
  seed?: number;
}

/**
 * Builds presets of one kind; immutable. `P` is the preset class, so `build().agent()` has the
 * agent's own type (an `Agent` for single-environment presets, a `ParallelAgent` for parallel ones).
 */
export class PresetBuilder<S extends ParamSpecs = ParamSpecs, P extends Preset = Preset> {
  private readonly state: BuilderState<S>;

  constructor(
    /** The preset id, e.g. `dqn`. */
    readonly id: string,
    /** The family, e.g. `classic`. */
    readonly family: string,
    /** Hyperparameter specs with defaults and docs. */
    readonly specs: S,
    private readonly factory: PresetFactory<S, P>,
    /** One line for `allts list`. */
    readonly description: string,
    /** Whether the preset's agents are parallel. */
    readonly parallel = false,
    state?: BuilderState<S>,
  ) {
    this.state = Object.freeze(state ?? { hyperparameters: defaultsOf(specs) });
  }

  private with(patch: Partial<BuilderState<S>>): PresetBuilder<S, P> {
    return new PresetBuilder(this.id, this.family, this.specs, this.factory, this.description, this.parallel, {
      ...this.state,
      ...patch,
    });
  }

  /** The environment to build for (an Environment or its name and spaces). */
  env(env: EnvSpec): PresetBuilder<S, P> {
    if (env === undefined || env === null || typeof env.name !== 'string' || env.actionSpace === undefined) {
      throw new ConfigError(`${this.id}.env() needs an environment, e.g. makeEnvironment('CartPole-v1'); received ${String(env)}`);
    }
    return this.with({ env });
  }

  /** Overrides hyperparameters (camelCase or ALL's snake_case keys); checked now. */
  hyperparameters(overrides: Partial<ParamValues<S>> | Record<string, unknown>): PresetBuilder<S, P> {
    return this.with({ hyperparameters: applyOverrides(this.id, this.specs, this.state.hyperparameters, overrides) });
  }

  /** The name used in logs and run directories. */
  name(name: string): PresetBuilder<S, P> {
    if (typeof name !== 'string' || name.trim() === '') throw new ConfigError(`${this.id}.name() needs a non-empty string`);
    return this.with({ name });
  }

  /** Seeds the weight initialisation (default: random). */
  seed(seed: number): PresetBuilder<S, P> {
    if (!Number.isFinite(seed)) throw new ConfigError(`${this.id}.seed() needs a finite number; received ${seed}`);
    return this.with({ seed });
  }

  /** The name this builder would give the preset (logs, run directories): its `.name()` or the id. */
  get currentName(): string {
    return this.state.name ?? this.id;
  }

  /** The hyperparameters this builder would use. */
  get currentHyperparameters(): Readonly<ParamValues<S>> {
    return this.state.hyperparameters;
  }

  /** Builds the preset (creates and initialises its models). */
  build(): P {
    if (this.state.env === undefined) {
      throw new ConfigError(`${this.id}: call .env(env) before .build(), e.g. ${this.family}.${this.id}.env(makeEnvironment('CartPole-v1')).build()`);
    }
    return this.factory({
      id: this.id,
      family: this.family,
      name: this.currentName,
      env: this.state.env,
      hyperparameters: { ...this.state.hyperparameters },
      seed: this.state.seed ?? new Random().childSeed(),
      specs: this.specs,
    });
  }
}

/** What `definePreset` needs to know of a preset. */
export interface PresetDefinition<S extends ParamSpecs, P extends Preset> {
  /** The preset id, e.g. `dqn` (the CLI's agent name). */
  id: string;
  /** The family's CLI name, e.g. `classic`; must be the preset's key in presets/registry.ts FAMILIES. */
  family: string;
  /** Hyperparameter specs with defaults and docs (spread from presets/specs.ts fragments). */
  specs: S;
  /** The preset class; built with the id, family, name, env, hyperparameters and seed. */
  preset: new (args: PresetArgs<ParamValues<S>>) => P;
  /** One line for `allts list`. */
  description: string;
  /** Whether the preset's agents are parallel (default false). */
  parallel?: boolean;
}

/**
 * The builder of one preset: `export const dqn = definePreset({ id: 'dqn', family: 'classic',
 * specs: DQN_HYPERPARAMETERS, preset: DQNClassicControlPreset, description: '...' })`; the family's
 * index lists it.
 */
export function definePreset<S extends ParamSpecs, P extends Preset>(d: PresetDefinition<S, P>): PresetBuilder<S, P> {
  const Class = d.preset;
  return new PresetBuilder(
    d.id,
    d.family,
    d.specs,
    (a) => new Class([a.id, a.family, a.name, a.env, a.hyperparameters, a.seed, a.specs]),
    d.description,
    d.parallel ?? false,
  );
}
