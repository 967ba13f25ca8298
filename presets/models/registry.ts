/**
 * The models registry: every network a preset can build, by name (ALL's `model_constructor`
 * hyperparameters, made serializable). A preset's network is a string hyperparameter such as
 * `model: 'fc_relu_q'` plus the size hyperparameters the model reads (`hidden`), so preset.json
 * rebuilds any registered network, a conv or LSTM model registered later included.
 *
 * It lives in presets/ rather than lib/nn/ because a model here maps a preset's environment spaces
 * and hyperparameters to a Module: lib/nn knows layers, not presets or their hyperparameters.
 *
 * Each family registers its models next to their constructors (classic_control/models.ts,
 * continuous/models.ts, ...); a user registers one with `registerModel` before building or
 * loading a preset that names it.
 */
import { ConfigError } from '../../lib/core/errors';
import type { Random } from '../../lib/core/random';
import type { Module } from '../../lib/nn/module';
import type { EnvSpec } from '../preset';

/** What a model builder receives. */
export interface ModelContext {
  /** The environment's spaces (observation width, action count or Box). */
  env: EnvSpec;
  /** The numeric hyperparameters the model declared in `reads`, by name (e.g. `{ hidden: 64 }`). */
  sizes: Readonly<Record<string, number>>;
  /** The preset's seeded generator for initial weights; draw from it in a fixed order. */
  rng: Random;
  /** The preset id, for error messages. */
  preset: string;
}

/**
 * A named network. `kind` says what it computes, so a preset only accepts models that fit its
 * slot. Kinds in use: `q` (observation -> one value per discrete action), `dist_q` (-> actions *
 * atoms logits), `features` (-> hidden features), `v_head` and `policy_head` (features -> 1 value,
 * -> one logit per action), `v` (observation -> 1 value), `q_continuous` (observation and action
 * -> 1 value), `deterministic_policy` (-> D pre-tanh actions), `soft_policy` (-> D means and D
 * log-stds), `gaussian_policy` (-> D means with a learned log-std).
 */
export interface ModelDefinition {
  /** The registry name, snake_case as ALL's model constructors (`fc_relu_q`). */
  readonly name: string;
  /** What the network computes (see above). */
  readonly kind: string;
  /** One line for docs and error messages. */
  readonly doc: string;
  /** The numeric hyperparameters it reads, e.g. `['hidden']`. */
  readonly reads: readonly string[];
  /** Builds the network; initial weights come from `context.rng` only. */
  build(context: ModelContext): Module;
}

const MODELS = new Map<string, ModelDefinition>();

/**
 * Registers a model under its name and returns it (so a family can keep it in a constant and name
 * it as a preset's default).
 * @throws ConfigError when another model already has that name
 */
export function registerModel<D extends ModelDefinition>(definition: D): D {
  const existing = MODELS.get(definition.name);
  if (existing !== undefined && existing !== definition) {
    throw new ConfigError(
      `A model named "${definition.name}" (${existing.kind}) is already registered; register yours under another name ` +
        `(registered: ${[...MODELS.keys()].join(', ')})`,
    );
  }
  MODELS.set(definition.name, definition);
  return definition;
}

/** The registered names, of one kind when `kind` is given, in registration order. */
export function modelNames(kind?: string): string[] {
  return [...MODELS.values()].filter((m) => kind === undefined || m.kind === kind).map((m) => m.name);
}

/**
 * The model named `name`, checked to be of `kind`.
 * @param where who asks, for the message (e.g. `Hyperparameter "model" of preset "dqn"`)
 * @throws ConfigError for an unknown name or a model of another kind, listing the valid names
 */
export function getModel(name: string, kind: string, where: string): ModelDefinition {
  const model = MODELS.get(name);
  if (model !== undefined && model.kind === kind) return model;
  const problem = model === undefined ? `names no registered model ("${name}")` : `names "${name}", a ${model.kind} model`;
  throw new ConfigError(
    `${where} ${problem}; it needs a ${kind} model, valid: ${modelNames(kind).join(', ') || '(none registered)'}. ` +
      'Register others with registerModel (presets/models/registry.ts) before building.',
  );
}

/**
 * Builds the `kind` model `name` for a preset: checks the name, reads the model's size
 * hyperparameters from `hyperparameters`, and draws its initial weights from `rng`.
 * @param key the hyperparameter that named the model, for messages (e.g. `policyModel`)
 * @throws ConfigError for an unknown or wrong-kind name, or a size hyperparameter the preset lacks
 */
export function buildModel(
  name: string,
  kind: string,
  context: { env: EnvSpec; hyperparameters: Readonly<Record<string, unknown>>; rng: Random; preset: string; key: string },
): Module {
  const model = getModel(name, kind, `Hyperparameter "${context.key}" of preset "${context.preset}"`);
  const sizes: Record<string, number> = {};
  for (const read of model.reads) {
    const value = context.hyperparameters[read];
    if (typeof value !== 'number') {
      throw new ConfigError(
        `Model "${name}" reads the number hyperparameter "${read}", but preset "${context.preset}" has ` +
          `${value === undefined ? 'none' : JSON.stringify(value)}; ` +
          `choose a ${kind} model that fits the preset (valid: ${modelNames(kind).join(', ')})`,
      );
    }
    sizes[read] = value;
  }
  return model.build({ env: context.env, sizes, rng: context.rng, preset: context.preset });
}

/**
 * Registers a model from a constructor function of the families' shape: it takes the environment,
 * the size hyperparameters in `reads` order, the generator and the preset id
 * (`(env, [hidden], rng, preset) => fcReluQ(env, hidden!, rng, preset)`).
 */
export function registerSizedModel(
  name: string,
  kind: string,
  doc: string,
  reads: readonly string[],
  build: (env: EnvSpec, sizes: number[], rng: Random, preset: string) => Module,
): ModelDefinition {
  return registerModel({ name, kind, doc, reads, build: (c) => build(c.env, reads.map((r) => c.sizes[r]!), c.rng, c.preset) });
}
